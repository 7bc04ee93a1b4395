"""Documents one signs look like it: no heading left at a page's foot, tables that carry over pages,
one-line running headers, signature zones framed and aligned."""

from __future__ import annotations

import io
import zipfile
from functools import cache
from xml.etree import ElementTree

import pytest
from pypdf import PdfReader

from generator.render.context import mention_projet
from generator.render.documents import rendre
from generator.render.gabarits import gabarit
from tests.documents_outils import exemple, fichiers, normaliser

EXEMPLES = ["cohorte-cdg31.yaml", "individuel-cdg33.yaml", "individuel-cdg46.yaml"]
DOCUMENTS = ["convention", "courrier_information", "engagement", "calendrier", "proposition_financiere"]
FORMULAIRES = [*DOCUMENTS, "synthese"]
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@cache
def _rendu(nom: str, document: str, format: str) -> bytes:
    valide = exemple(nom)
    return rendre(fichiers(valide, document, format)[0], valide)


def _xml(docx: bytes) -> ElementTree.Element:
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        return ElementTree.fromstring(archive.read("word/document.xml"))


def _texte(element) -> str:
    return normaliser("".join(t.text or "" for t in element.iter(f"{_W}t")))


def _titres(docx: bytes) -> set[str]:
    """Texts of the headings of a DOCX (and of the paragraphs Word keeps with the next)."""
    kept = set()
    for p in _xml(docx).iter(f"{_W}p"):
        style = p.find(f"{_W}pPr/{_W}pStyle")
        if (style is not None and style.get(f"{_W}val", "").startswith("Heading")) or p.find(
            f"{_W}pPr/{_W}keepNext"
        ) is not None:
            kept.add(_texte(p))
    return kept - {""}


def _style(p) -> str:
    style = p.find(f"{_W}pPr/{_W}pStyle")
    return "" if style is None else style.get(f"{_W}val")


def _pages(nom: str, document: str) -> list[list[str]]:
    """Each PDF page's body lines: without the running header, the footer and the draft mark."""
    valide = exemple(nom)
    mark = normaliser(mention_projet(valide.profil))
    pages = []
    for page in PdfReader(io.BytesIO(_rendu(nom, document, "pdf"))).pages:
        lines = [normaliser(line) for line in page.extract_text().splitlines()][:-2]  # header, footer
        while lines and mark and lines[-1] and lines[-1] in mark:
            lines.pop()
        pages.append(lines)
    return pages


@pytest.mark.parametrize("nom", EXEMPLES)
@pytest.mark.parametrize("document", DOCUMENTS)
def test_no_page_ends_with_a_heading_or_a_sentence_announcing_what_follows(nom, document):
    kept_with_next = _titres(_rendu(nom, document, "docx"))
    for number, lines in enumerate(_pages(nom, document)[:-1], 1):
        assert lines, (document, number)
        assert not lines[-1].endswith(":"), (document, number, lines[-1])
        assert lines[-1] not in kept_with_next, (document, number, lines[-1])


@pytest.mark.parametrize("nom", EXEMPLES)
def test_the_bon_pour_accord_shares_its_page(nom):
    (page,) = [lines for lines in _pages(nom, "proposition_financiere") if "Bon pour accord" in lines]
    assert page.index("Bon pour accord") > 0, page[:3]  # the previous section is on the same page


@pytest.mark.parametrize("nom", EXEMPLES)
@pytest.mark.parametrize("document", FORMULAIRES)
def test_the_running_header_holds_on_one_line(nom, document):
    profil = exemple(nom).profil
    header = normaliser(f"{profil.nom} - {profil.adresse}")
    for page in PdfReader(io.BytesIO(_rendu(nom, document, "pdf"))).pages:
        assert normaliser(page.extract_text().splitlines()[-2]) == header


def test_a_table_over_two_pages_repeats_its_header_row_in_the_pdf():
    pages = _pages("cohorte-cdg31.yaml", "convention")
    (first, *others) = [n for n, lines in enumerate(pages) if "Étape Objectifs Modalités et dates" in lines]
    assert others == [first + 1] and pages[first + 1][0] == "Étape Objectifs Modalités et dates"


@pytest.mark.parametrize("nom", EXEMPLES)
@pytest.mark.parametrize("document", DOCUMENTS)
def test_docx_tables_repeat_their_header_row_and_never_split_a_row(nom, document):
    for table in _xml(_rendu(nom, document, "docx")).iter(f"{_W}tbl"):
        rows = table.findall(f"{_W}tr")
        assert all(r.find(f"{_W}trPr/{_W}cantSplit") is not None for r in rows), _texte(rows[0])
        style = table.find(f"{_W}tblPr/{_W}tblStyle")
        if style is not None and style.get(f"{_W}val") == "Signatures":
            continue
        assert [r.find(f"{_W}trPr/{_W}tblHeader") is not None for r in rows] == [True] + [False] * (len(rows) - 1)


@pytest.mark.parametrize("nom", EXEMPLES)
def test_proposal_signature_zones_are_aligned_in_both_formats(nom):
    reader = PdfReader(io.BytesIO(_rendu(nom, "proposition_financiere", "pdf")))
    rects = {
        a.get_object()["/T"]: [round(float(v), 1) for v in a.get_object()["/Rect"]]
        for page in reader.pages
        for a in page.get("/Annots") or []
        if a.get_object().get("/FT") == "/Sig"
    }
    employer, cdg = rects["signature_employeur"], rects["signature_cdg"]
    assert (employer[1], employer[3]) == (cdg[1], cdg[3])  # same bottom, same top
    assert employer[2] - employer[0] >= 5 / 2.54 * 72 and employer[3] - employer[1] >= 3.5 / 2.54 * 72
    # In the DOCX the two zones are the two cells of one row of the signature table.
    rows = [
        [[_style(p) for p in tc.iter(f"{_W}p")] for tc in tr.findall(f"{_W}tc")]
        for tr in _xml(_rendu(nom, "proposition_financiere", "docx")).iter(f"{_W}tr")
    ]
    assert [["Zonedesignature"], ["Zonedesignature"]] in rows


@pytest.mark.parametrize("document", ["convention", "proposition_financiere", "courrier_information", "engagement"])
def test_docx_signature_zones_are_framed_on_four_sides(document):
    import docx

    style = docx.Document(io.BytesIO(_rendu("cohorte-cdg31.yaml", document, "docx"))).styles["Zone de signature"]
    borders = style.element.find(f"{_W}pPr/{_W}pBdr")
    assert {b.tag.removeprefix(_W): b.get(f"{_W}val") for b in borders} == {
        "top": "dashed",
        "left": "dashed",
        "bottom": "dashed",
        "right": "dashed",
    }
    # Inside the cell, so that Word and LibreOffice draw the sides too.
    assert style.paragraph_format.left_indent > 0 and style.paragraph_format.right_indent > 0


def test_the_referent_handicap_notice_keeps_its_closing_formula_with_the_signature():
    valide = exemple("individuel-cdg46.yaml")
    pdf = rendre(fichiers(valide, "information_referent_handicap", "pdf")[0], valide)
    (page,) = [
        normaliser(page.extract_text())
        for page in PdfReader(io.BytesIO(pdf)).pages
        if "Le Président du CDG46" in normaliser(page.extract_text())
    ]
    assert "Je vous prie d'agréer" in page


@pytest.mark.parametrize("nom", EXEMPLES)
def test_the_synthesis_rows_never_split_and_its_action_plan_repeats_its_header(nom):
    tables = list(_xml(_rendu(nom, "synthese", "docx")).iter(f"{_W}tbl"))
    for table in tables:
        rows = table.findall(f"{_W}tr")
        assert all(r.find(f"{_W}trPr/{_W}cantSplit") is not None for r in rows), _texte(rows[0])
    (plan,) = [t for t in tables if _texte(t.find(f"{_W}tr")) == "Action 1Action 2Action 3Action 4"]
    rows = plan.findall(f"{_W}tr")
    assert [r.find(f"{_W}trPr/{_W}tblHeader") is not None for r in rows] == [True] + [False] * (len(rows) - 1)


def test_every_employer_s_bon_pour_accord_stays_whole_with_its_signatures():
    valide = exemple("cohorte-cdg31.yaml")
    proposals = [f for f in fichiers(valide, "proposition_financiere", "pdf")]
    assert len(proposals) == 5
    for fichier in proposals:
        pages = [normaliser(p.extract_text()) for p in PdfReader(io.BytesIO(rendre(fichier, valide))).pages]
        (page,) = [text for text in pages if "Bon pour accord " in text.replace("Bon pour accord -", "")]
        assert "accepte la présente proposition pour un montant de" in page, fichier.employeur
        assert "consentement recueilli le" in page, fichier.employeur
        assert "Lu et approuvé" in page, fichier.employeur


def test_a_signature_never_stands_alone_on_the_last_page():
    for nom in EXEMPLES:
        valide = exemple(nom)
        for document in ("engagement", "convention", "courrier_information"):
            for fichier in fichiers(valide, document, "pdf"):
                last = PdfReader(io.BytesIO(rendre(fichier, valide))).pages[-1].extract_text().splitlines()
                body = [normaliser(line) for line in last[:-2] if line.strip()]  # without header and footer
                before = body[: next(i for i, line in enumerate(body) if line.startswith(("Fait ", "Je vous prie")))]
                assert [line for line in before if line not in normaliser(mention_projet(valide.profil))], (
                    nom,
                    fichier.chemin,
                )


def test_the_justificatif_table_repeats_its_header_row_and_never_splits_a_row():
    (table,) = _xml(gabarit("justificatif_facturation", None).contenu()).iter(f"{_W}tbl")
    rows = table.findall(f"{_W}tr")
    assert all(r.find(f"{_W}trPr/{_W}cantSplit") is not None for r in rows)
    assert [r.find(f"{_W}trPr/{_W}tblHeader") is not None for r in rows] == [True] + [False] * (len(rows) - 1)
