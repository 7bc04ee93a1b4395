"""DOCX rendering: the Word template rendered by docxtpl -> archive with pinned dates and a fixed entry order."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime

import jinja2
from docx.opc.exceptions import PackageNotFoundError
from docxtpl import DocxTemplate

from generator.render.archives import zip_stable
from generator.render.environment import environnement, erreur_de_gabarit, gabarit_illisible
from generator.render.gabarits import Gabarit


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
        key = (id(self._env), source)
        if key not in _COMPILES:
            _COMPILES[key] = self._env.from_string(source)
        return _COMPILES[key]

    def __getattr__(self, name: str) -> object:
        return getattr(self._env, name)

    def __setattr__(self, name: str, value: object) -> None:
        if getattr(self._env, name) != value:  # docxtpl sets `autoescape`, which the environment already has
            raise AttributeError(f"the shared docx environment cannot change {name}")


_COMPILES: dict[tuple[int, str], jinja2.Template] = {}


def archive_stable(archive: bytes, horodatage: datetime) -> bytes:
    """Rewrite a zip archive with every entry dated `horodatage`, in a fixed order."""
    source = zipfile.ZipFile(io.BytesIO(archive))
    names = sorted(source.namelist(), key=lambda n: (n != "[Content_Types].xml", n))
    return zip_stable([(name, source.read(name)) for name in names], horodatage, zipfile.ZIP_DEFLATED)
