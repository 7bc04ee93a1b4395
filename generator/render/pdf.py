"""PDF rendering: the Word template's HTML translation -> WeasyPrint -> empty signature fields, pinned dates.

A signature zone of a template (`{{ signature("cdg") }}`) is an empty box `<div id="signature_<role>">`
with a marker `<span id="signature_<role>-fin">` in its bottom-right corner. WeasyPrint lays the
page out and reports where these anchors are; this module then adds an empty signature field
(`/FT /Sig`) over each zone, that PDF readers offer to sign, while WeasyPrint writes the PDF.

Why not an HTML form field turned into a signature field: WeasyPrint embeds the whole font of a
document that has form fields (~400 kB per PDF, a 16 MB bundle for 30 conventions). Only the
synthesis, whose sections are text fields to fill in, pays that price.
"""

from __future__ import annotations

import functools
import hashlib
import os
from datetime import datetime

import jinja2

from generator.render import environment
from generator.render.environment import PREFIXE_SIGNATURE, erreur_de_gabarit
from generator.render.formulaire import apparences
from generator.render.gabarits import Gabarit, modele_html, zones_manquantes
from generator.render.typographie import typographie_html


def html(modele: Gabarit, contexte: dict) -> str:
    """The HTML of a document, translated from its Word template."""
    template = modele_html(modele)
    try:
        return typographie_html(template.render(contexte))
    except jinja2.TemplateError as error:
        raise erreur_de_gabarit(modele.nom, error) from error


def rendre_pdf(modele: Gabarit, contexte: dict, horodatage: datetime, roles: dict[str, str]) -> bytes:
    """PDF bytes of a document; `horodatage` pins its dates, `roles` names its signature fields."""
    from weasyprint import HTML  # imported here: it costs 0.4 s and validation does not need it

    source = html(modele, contexte)
    os.environ["SOURCE_DATE_EPOCH"] = str(int(horodatage.timestamp()))
    base = str(environment.GABARITS)
    laid_out = HTML(string=source, base_url=base).render(
        pdf_forms=True, stylesheets=[feuille_de_style()], font_config=configuration_des_polices()
    )
    zones = _zones_de_signature(laid_out.pages, roles)
    missing = set(roles) - set(zones)
    if missing:
        raise zones_manquantes(modele.nom, missing)
    return laid_out.write_pdf(pdf_forms=True, finisher=functools.partial(_finir, zones, roles))


_FEUILLES: dict[tuple[str, str], object] = {}


@functools.cache
def configuration_des_polices() -> object:
    """One WeasyPrint font configuration per process, shared by every document (same bytes as one each).

    A new one per document (WeasyPrint's default) finds and loads the fonts again each time, and
    its native font map keeps memory: shared, a run is faster and its workers grow less.
    """
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def feuille_de_style() -> object:
    """The shared stylesheet `gabarits/style.css`, parsed once per version and process (a `weasyprint.CSS`)."""
    from weasyprint import CSS

    path = environment.GABARITS / "style.css"
    content = path.read_bytes()
    key = (str(path), hashlib.sha256(content).hexdigest())
    if key not in _FEUILLES:
        _FEUILLES[key] = CSS(
            string=content.decode("utf-8"), base_url=str(environment.GABARITS), font_config=configuration_des_polices()
        )
    return _FEUILLES[key]


def _zones_de_signature(pages: list, roles: dict[str, str]) -> dict:
    """Each role's zone as laid out: (page number, page height, top-left, bottom-right), in CSS px."""
    zones = {}
    for number, page in enumerate(pages):
        for role in roles:
            start, end = f"{PREFIXE_SIGNATURE}{role}", f"{PREFIXE_SIGNATURE}{role}-fin"
            if start in page.anchors and end in page.anchors:
                # [:2]: the anchor's top-left point (recent WeasyPrint also gives its bottom-right)
                zones[role] = (number, page.height, page.anchors[start][:2], page.anchors[end][:2])
    return zones


PX_EN_POINTS = 0.75  # WeasyPrint lays out in CSS pixels (96 per inch), PDF counts points (72 per inch)


def _finir(zones: dict, roles: dict[str, str], document: object, pdf: object) -> None:
    """WeasyPrint's finisher: the signature fields, then every field's appearance (see `formulaire`)."""
    _champs_de_signature(zones, roles, pdf)
    apparences(document, pdf)


def _champs_de_signature(zones: dict, roles: dict[str, str], pdf: object) -> None:
    """An empty signature field per role over its zone, added before the PDF is written.

    Done on WeasyPrint's own PDF objects, the file is written once (not parsed again and rewritten).
    """
    import pydyf

    pages = pdf.pages["Kids"][0::3]  # pydyf lists each page as `number 0 R`
    if "AcroForm" not in pdf.catalog:
        pdf.catalog["AcroForm"] = pydyf.Dictionary({"Fields": pydyf.Array()})
    fields = pdf.catalog["AcroForm"]["Fields"]
    for role, (number, height, (x0, y0), (x1, y1)) in sorted(zones.items()):
        page = pdf.objects[pages[number]]
        rectangle = [x0, height - y1, x1, height - y0]
        field = pydyf.Dictionary(
            {
                "Type": "/Annot",
                "Subtype": "/Widget",
                "FT": "/Sig",
                "T": pydyf.String(f"{PREFIXE_SIGNATURE}{role}"),
                "TU": pydyf.String(f"Signature {roles[role]}"),
                "F": 4,  # printed
                "Rect": pydyf.Array(round(v * PX_EN_POINTS, 2) for v in rectangle),
                "P": page.reference,
            }
        )
        pdf.add_object(field)
        if "Annots" not in page:
            page["Annots"] = pydyf.Array()
        page["Annots"].append(field.reference)
        fields.append(field.reference)
