"""DOCX rendering: the Word template rendered by docxtpl -> archive with pinned dates and a fixed entry order."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from xml.sax.saxutils import escape

import jinja2
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docxtpl import DocxTemplate

from generator.render.archives import zip_stable
from generator.render.environment import environnement, erreur_de_gabarit, gabarit_illisible
from generator.render.gabarits import Gabarit, xml_compile
from generator.render.typographie import typographie


def rendre_docx(modele: Gabarit, contexte: dict, horodatage: datetime, metadonnees: dict[str, str]) -> bytes:
    """DOCX bytes of a document from its Word template, byte-identical for the same input."""
    template = DocxTemplate(io.BytesIO(modele.contenu()))
    try:
        template.init_docx()
    except (OSError, zipfile.BadZipFile, KeyError, ValueError, PackageNotFoundError) as error:
        raise gabarit_illisible(modele.nom) from error
    try:
        template.render(contexte, jinja_env=_CompilationUnique(environnement("docx")), autoescape=True)
    except jinja2.TemplateError as error:
        raise erreur_de_gabarit(modele.nom, error) from error
    if contexte.get("projet"):
        marquer_projet(template.docx, contexte["projet"])
    composer(template.docx)
    properties = template.docx.core_properties
    properties.title = metadonnees["titre"]
    properties.author = metadonnees["auteur"]
    properties.subject = metadonnees["sujet"]
    properties.last_modified_by = metadonnees["auteur"]
    properties.created = horodatage
    properties.modified = horodatage
    properties.last_printed = horodatage
    properties.revision = 1
    buffer = io.BytesIO()
    template.save(buffer)
    return archive_stable(buffer.getvalue(), horodatage)


class _CompilationUnique:
    """The environment as docxtpl sees it: each part's XML is compiled once per process, not once per document.

    docxtpl calls `from_string` on the template's XML at every `render()` (about 40 % of a DOCX's time);
    the XML is the same for every document of a template version, so its compiled form is kept.
    """

    def __init__(self, env: jinja2.Environment) -> None:
        self.__dict__["_env"] = env

    def from_string(self, source: str) -> jinja2.Template:
        return xml_compile(self._env, source)

    def __getattr__(self, name: str) -> object:
        return getattr(self._env, name)

    def __setattr__(self, name: str, value: object) -> None:
        if getattr(self._env, name) != value:  # docxtpl sets `autoescape`, which the environment already has
            raise AttributeError(f"the shared docx environment cannot change {name}")


def composer(document) -> None:
    """Set every text of the body, headers and footers the French way (see `typographie`)."""
    parts = [document.part] + [
        r.target_part for r in document.part.rels.values() if r.reltype in (RT.HEADER, RT.FOOTER) and not r.is_external
    ]
    for part in parts:
        for text in part._element.iter(qn("w:t")):
            if text.text:
                text.text = typographie(text.text)


def marquer_projet(document, mention: str) -> None:
    """Put the draft mark at the top of every header of the document (first, even and odd pages alike).

    The header parts are taken from the document's relationships: docxtpl replaces the parts it
    rendered there, and python-docx's sections would still point at the unrendered ones.
    """
    for relation in sorted(document.part.rels.values(), key=lambda r: r.rId):
        if relation.reltype == RT.HEADER and not relation.is_external:
            relation.target_part._element.insert(0, parse_xml(_PARAGRAPHE_PROJET.format(escape(mention))))
    # A template without any header still shows the mark on every page: the first section's new
    # header is inherited by the following ones.
    if not any(r.reltype == RT.HEADER for r in document.part.rels.values()) and document.sections:
        header = document.sections[0].header
        header.is_linked_to_previous = False
        header._element.insert(0, parse_xml(_PARAGRAPHE_PROJET.format(escape(mention))))


_PARAGRAPHE_PROJET = (
    f'<w:p {nsdecls("w")}><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:rPr><w:b/><w:color w:val="A01414"/>'
    '<w:sz w:val="16"/></w:rPr><w:t xml:space="preserve">{}</w:t></w:r></w:p>'
)


def archive_stable(archive: bytes, horodatage: datetime) -> bytes:
    """Rewrite a zip archive with every entry dated `horodatage`, in a fixed order."""
    source = zipfile.ZipFile(io.BytesIO(archive))
    names = sorted(source.namelist(), key=lambda n: (n != "[Content_Types].xml", n))
    return zip_stable([(name, source.read(name)) for name in names], horodatage, zipfile.ZIP_DEFLATED)
