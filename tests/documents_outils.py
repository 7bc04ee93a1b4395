"""Helpers for document tests: render one planned file, extract and compare text, read fields."""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from collections import Counter
from functools import cache
from pathlib import Path
from xml.etree import ElementTree

from pypdf import PdfReader

from generator.dossier.validation import DossierValide, valider
from generator.plan import Fichier, planifier
from generator.render.context import mention_projet
from generator.render.documents import rendre

RACINE = Path(__file__).resolve().parent.parent
EXEMPLES = RACINE / "dossiers" / "exemples"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def exemple(nom: str) -> DossierValide:
    """A bundled example dossier, validated."""
    return valider(EXEMPLES / nom)


def fichiers(valide: DossierValide, document: str, format: str) -> list[Fichier]:
    """Every planned file of one document in one format."""
    return [f for f in planifier(valide, documents=(document,), formats=(format,)).documents if f.format == format]


def rendre_document(valide: DossierValide, document: str, format: str, agent: int | None = 0) -> bytes:
    """The bytes of a document for the agent at `agent` (or the first planned file)."""
    candidates = fichiers(valide, document, format)
    exact = [f for f in candidates if f.agent == agent]
    return rendre((exact or candidates)[0], valide)


@cache
def textes(nom: str, document: str, agent: int | None = 0) -> tuple[str, str]:
    """Normalised text of the PDF and the DOCX of a bundled example's document for the agent at `agent`."""
    valide = exemple(nom)
    return tuple(
        normaliser((texte_pdf if fmt == "pdf" else texte_docx)(rendre_document(valide, document, fmt, agent)))
        for fmt in ("pdf", "docx")
    )


def texte_pdf(pdf: bytes, brut: bool = False) -> str:
    """Text of every page, in order; a word WeasyPrint broke after its hyphen is joined again.

    Apostrophes are straight unless `brut` (the typography is tested on its own).
    """
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    text = re.sub(r"(?<=\w)-\s*\n\s*(?=\w)", "-", text)
    return text if brut else text.replace("’", "'")


def texte_docx(docx: bytes, brut: bool = False) -> str:
    """Text of every body paragraph (tables included), one per line; header and footer excluded.

    Apostrophes are straight unless `brut` (the typography is tested on its own).
    """
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        root = ElementTree.fromstring(archive.read("word/document.xml"))
    lines = ["".join(t.text or "" for t in p.iter(f"{_W}t")) for p in root.iter(f"{_W}p")]
    text = "\n".join(line for line in lines if line.strip())
    return text if brut else text.replace("’", "'")


def normaliser(texte: str) -> str:
    """NFKC, one space between words, straight apostrophes (typography is tested on its own)."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", texte)).strip().replace("’", "'")


def mots(texte: str) -> Counter:
    """The words of a text, as a multiset (order differs between PDF and DOCX tables)."""
    return Counter(normaliser(texte).split(" "))


def sans_entete_ni_pied(texte_du_pdf: str, entete: str, pied: str, projet: str = "") -> str:
    """PDF text without the running header, footer, page numbers and draft mark (`projet`, when any)."""
    text = normaliser(texte_du_pdf)
    for repeated in (normaliser(entete), normaliser(pied), normaliser(projet)):
        if repeated:
            text = text.replace(repeated, " ")
    return re.sub(r"(- )?Page \d+ / \d+", " ", text)


def en_tetes_de_tableaux(docx: bytes) -> list[str]:
    """The text of each table header row of a DOCX (rows Word repeats on each page), normalised."""
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        root = ElementTree.fromstring(archive.read("word/document.xml"))
    rows = [tr for tr in root.iter(f"{_W}tr") if tr.find(f"{_W}trPr/{_W}tblHeader") is not None]
    return [
        normaliser(" ".join("".join(t.text or "" for t in p.iter(f"{_W}t")) for p in tr.iter(f"{_W}p"))) for tr in rows
    ]


def sans_en_tetes_repetes(texte_du_pdf: str, en_tetes: list[str]) -> str:
    """Normalised PDF text with a table's header row only once: the PDF repeats it on each page the table runs over."""
    text = f" {normaliser(texte_du_pdf)} "
    for header in sorted(set(en_tetes)):
        kept = en_tetes.count(header)  # the DOCX's own occurrences: one per table
        parts = text.split(f" {header} ")
        if len(parts) > kept + 1:
            text = f" {header} ".join(parts[: kept + 1]) + " " + " ".join(parts[kept + 1 :])
    return normaliser(text)


def ecarts_de_texte(valide: DossierValide, document: str, agent: int | None = 0) -> tuple[Counter, Counter]:
    """Words only in the PDF, and words only in the DOCX, of one document."""
    rendered = rendre_document(valide, document, "pdf", agent)
    # A field filled in advance (a phase date) is printed by the DOCX, and by the PDF's field.
    pdf = " ".join([texte_pdf(rendered), *valeurs(rendered).values()])
    docx_bytes = rendre_document(valide, document, "docx", agent)
    docx = texte_docx(docx_bytes)
    profil, session = valide.profil, valide.dossier.session
    # The draft mark is in the DOCX's header, as the running header is.
    body = sans_entete_ni_pied(
        pdf,
        f"{profil.nom} - {profil.adresse}",
        f"{profil.titre(document)} - {session.reference}",
        mention_projet(profil),
    )
    pdf_words, docx_words = mots(sans_en_tetes_repetes(body, en_tetes_de_tableaux(docx_bytes))), mots(docx)
    return pdf_words - docx_words, docx_words - pdf_words


def valeurs(pdf: bytes) -> dict[str, str]:
    """The value of each text field filled in a PDF (straight apostrophes, as `texte_pdf`)."""
    reader = PdfReader(io.BytesIO(pdf))
    fields = (reader.get_fields() or {}).items()
    return {name: str(f["/V"]).replace("’", "'") for name, f in fields if f.get("/FT") == "/Tx" and f.get("/V")}


def champs(pdf: bytes) -> dict[str, str]:
    """Form fields of a PDF: name -> type (`/Sig`, `/Tx`…)."""
    reader = PdfReader(io.BytesIO(pdf))
    return {name: str(field.get("/FT")) for name, field in (reader.get_fields() or {}).items()}
