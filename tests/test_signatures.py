"""Signature fields: every signatory role of a document is an empty field that signing tools see,
placed on its signature block (just above the signer's name)."""

import io

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.fields import enumerate_sig_fields
from pypdf import PdfReader

from generator.documents import DOCUMENTS
from tests.documents_outils import exemple, rendre_document

AVEC_SIGNATURES = [d.id for d in DOCUMENTS.values() if d.signataires]


@pytest.fixture(scope="module")
def cohorte():
    return exemple("cohorte-cdg31.yaml")


def _champs_pyhanko(pdf: bytes) -> dict[str, list[float]]:
    reader = PdfFileReader(io.BytesIO(pdf))
    return {
        name: [float(v) for v in ref.get_object()["/Rect"]]
        for name, value, ref in enumerate_sig_fields(reader, filled_status=False)
        if value is None
    }


@pytest.mark.parametrize("document", AVEC_SIGNATURES)
def test_pyhanko_sees_one_empty_field_per_role(cohorte, document):
    pdf = rendre_document(cohorte, document, "pdf", agent=0)
    expected = {f"signature_{role}" for role in DOCUMENTS[document].signataires}
    assert set(_champs_pyhanko(pdf)) == expected


def _textes_positionnes(pdf: bytes) -> list[tuple[str, float, float]]:
    found: list[tuple[str, float, float]] = []
    page = PdfReader(io.BytesIO(pdf)).pages[-1]

    def visit(text, cm, tm, font, size):
        if text.strip():
            found.append((text.strip(), cm[4] + tm[4] * cm[0], cm[5] + tm[5] * cm[3]))

    page.extract_text(visitor_text=visit)
    return found


def test_convention_fields_lie_on_their_blocks(cohorte):
    pdf = rendre_document(cohorte, "convention", "pdf", agent=0)
    names = {
        "signature_agent": "Awa N’Diaye",  # set with the typographic apostrophe
        "signature_employeur": "Jean Dupuis",
        "signature_cdg": "Sabine Geil-Gomez",
    }
    texts = _textes_positionnes(pdf)
    for field, (x0, y0, x1, y1) in _champs_pyhanko(pdf).items():
        left, right, bottom, top = min(x0, x1), max(x0, x1), min(y0, y1), max(y0, y1)
        below = [
            (x, y)
            for text, x, y in texts
            if text == names[field] and left - 1 <= x <= right and bottom - 40 <= y < bottom
        ]
        assert below, f"{names[field]} is not just below {field}"
        # Room for a signature and a round stamp: at least 5 cm x 3.5 cm (in points).
        assert right - left >= 50 / 25.4 * 72 and top - bottom >= 35 / 25.4 * 72, field


def _polices_embarquees(pdf: bytes) -> dict[str, int]:
    """Each embedded font programme of a PDF: name -> size in bytes."""
    sizes = {}
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"].get("/Font", {}).values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            descriptor = (descendants[0].get_object() if descendants else font)["/FontDescriptor"].get_object()
            programme = descriptor.get("/FontFile2") or descriptor.get("/FontFile3")
            sizes[str(font["/BaseFont"])] = len(programme.get_object().get_data())
    return sizes


@pytest.mark.parametrize("document", [d for d in AVEC_SIGNATURES if d != "synthese"])
def test_signature_fields_do_not_embed_whole_fonts(cohorte, document):
    # Form fields make WeasyPrint embed whole fonts (DejaVu Sans: 750 kB); signature fields are added
    # without them, so a bundle of 30 conventions stays a few megabytes.
    sizes = _polices_embarquees(rendre_document(cohorte, document, "pdf", agent=0))
    assert sizes
    assert {name: size for name, size in sizes.items() if size > 100_000} == {}


def test_each_signature_field_says_whose_it_is(cohorte):
    reader = PdfReader(io.BytesIO(rendre_document(cohorte, "synthese", "pdf", agent=0)))
    tooltips = {name: str(f.get("/TU")) for name, f in reader.get_fields().items() if f.get("/FT") == "/Sig"}
    assert tooltips == {"signature_agent": "Signature de l'agent", "signature_conseiller": "Signature du conseiller"}


@pytest.mark.parametrize("document", AVEC_SIGNATURES)
def test_docx_signature_frames_hold_a_signature_and_a_stamp(cohorte, document):
    from docx import Document as Docx
    from docx.enum.text import WD_LINE_SPACING

    docx = Docx(io.BytesIO(rendre_document(cohorte, document, "docx", agent=0)))
    zone = docx.styles["Zone de signature"].paragraph_format
    assert zone.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    assert zone.line_spacing.mm >= 35
