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
        template.render(contexte, jinja_env=environnement("docx"), autoescape=True)
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


def archive_stable(archive: bytes, horodatage: datetime) -> bytes:
    """Rewrite a zip archive with every entry dated `horodatage`, in a fixed order."""
    source = zipfile.ZipFile(io.BytesIO(archive))
    names = sorted(source.namelist(), key=lambda n: (n != "[Content_Types].xml", n))
    return zip_stable([(name, source.read(name)) for name in names], horodatage, zipfile.ZIP_DEFLATED)
