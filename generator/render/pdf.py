"""PDF rendering: Jinja HTML -> WeasyPrint -> empty signature fields, pinned dates.

A signature block in a template is an `<input name="signature_<role>">` laid out where the
signature goes: WeasyPrint turns it into a form field at the block's position, and this module
turns that field into an empty signature field (`/FT /Sig`) that PDF readers offer to sign.
"""

from __future__ import annotations

import io
import os
from datetime import datetime

import jinja2
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject, TextStringObject

from generator.render.environment import GABARITS, ErreurGabarit, creer_environnement, erreur_de_gabarit

PREFIXE_SIGNATURE = "signature_"
_ENVIRONMENT: jinja2.Environment | None = None


def _environnement() -> jinja2.Environment:
    global _ENVIRONMENT
    if _ENVIRONMENT is None:
        _ENVIRONMENT = creer_environnement(autoescape=True)
    return _ENVIRONMENT


def html(document: str, contexte: dict) -> str:
    """The HTML of a document, from `gabarits/<document>.html.j2`."""
    name = f"{document}.html.j2"
    try:
        return _environnement().get_template(name).render(contexte)
    except jinja2.TemplateError as error:
        raise erreur_de_gabarit(name, error) from error


def rendre_pdf(document: str, contexte: dict, horodatage: datetime, roles: dict[str, str]) -> bytes:
    """PDF bytes of a document; `horodatage` pins its dates, `roles` names its signature fields."""
    from weasyprint import HTML  # imported here: it costs 0.4 s and validation does not need it

    source = html(document, contexte)
    os.environ["SOURCE_DATE_EPOCH"] = str(int(horodatage.timestamp()))
    rendered = HTML(string=source, base_url=str(GABARITS)).write_pdf(pdf_forms=True)
    return champs_de_signature(rendered, roles, f"{document}.html.j2")


def champs_de_signature(pdf: bytes, roles: dict[str, str], gabarit: str) -> bytes:
    """Turn each `signature_<role>` form field into an empty signature field named after its role."""
    reader = PdfReader(io.BytesIO(pdf))
    writer = PdfWriter(clone_from=reader)
    found = set()
    for page in writer.pages:
        for annotation in page.get("/Annots", []):
            field = annotation.get_object()
            name = str(field.get("/T", ""))
            if not name.startswith(PREFIXE_SIGNATURE):
                continue
            role = name.removeprefix(PREFIXE_SIGNATURE)
            for key in ("/V", "/DA", "/Ff", "/MaxLen", "/Q"):
                field.pop(NameObject(key), None)
            field[NameObject("/FT")] = NameObject("/Sig")
            field[NameObject("/TU")] = TextStringObject(f"Signature de {roles.get(role, role)}")
            found.add(role)
    missing = set(roles) - found
    if missing:
        raise ErreurGabarit(
            f"Le gabarit {gabarit} n'a pas de bloc de signature pour : {', '.join(sorted(missing))} ; "
            "reprenez le bloc de signature de la version d'origine du gabarit."
        )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
