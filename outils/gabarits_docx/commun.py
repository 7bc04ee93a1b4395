"""Shared layout of the DOCX templates: page, styles, letterhead, tables, signature blocks."""

from __future__ import annotations

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

BLEU = RGBColor(0x1F, 0x3B, 0x63)


# The adviser, in agreement with the dossier's adviser (for f-strings of the builders).
LE_CONSEILLER = '{{ conseiller | accord("le conseiller", "la conseillère") }}'
VOTRE_CONSEILLER = '{{ conseiller | accord("votre conseiller", "votre conseillère") }}'


def nouveau_document():
    """An A4 document with the house styles, letterhead and page numbers."""
    document = Document()
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.top_margin, section.bottom_margin = Cm(2.6), Cm(2.2)
    section.left_margin = section.right_margin = Cm(2.0)
    normal = document.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(10)
    normal.paragraph_format.space_after = Pt(4)
    for level, size in ((1, 14), (2, 11), (3, 10)):
        style = document.styles[f"Heading {level}"]
        style.font.name = "Arial"
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.color.rgb = BLEU
    document.styles["Heading 1"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    # French spelling and hyphenation in Word and LibreOffice (python-docx's template says en-US).
    for language in document.styles.element.iter(qn("w:lang")):
        language.set(qn("w:val"), "fr-FR")
        language.set(qn("w:eastAsia"), "fr-FR")
    _en_tete(section)
    _pied_de_page(section)
    return document


def _en_tete(section) -> None:
    paragraph = section.header.paragraphs[0]
    run = paragraph.add_run("{{ cdg.nom }} - {{ cdg.adresse }}")
    run.font.size = Pt(8)


def _pied_de_page(section) -> None:
    paragraph = section.footer.paragraphs[0]
    run = paragraph.add_run("{{ document.titre }} - {{ session.reference }} - Page ")
    run.font.size = Pt(7.5)
    _champ(paragraph, "PAGE")
    paragraph.add_run(" / ").font.size = Pt(7.5)
    _champ(paragraph, "NUMPAGES")


def _champ(paragraph, instruction: str) -> None:
    run = paragraph.add_run()
    run.font.size = Pt(7.5)
    for kind, text in (("begin", None), (None, instruction), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text == instruction:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {instruction} "
        else:
            element = OxmlElement("w:t")
            element.text = text
        run._r.append(element)


def titre(document, texte: str, niveau: int = 1) -> None:
    """A heading (one run)."""
    document.add_heading(texte, level=niveau)


def paragraphe(document, texte: str, gras: bool = False, alignement: str | None = None):
    """A paragraph whose text (tags included) is one run."""
    paragraph = document.add_paragraph()
    run = paragraph.add_run(texte)
    run.bold = gras
    if alignement == "centre":
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif alignement == "droite":
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    elif alignement == "justifie":
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    return paragraph


def controle(document, balise: str) -> None:
    """A paragraph-level Jinja tag (`{%p if … %}`), removed with its paragraph at rendering."""
    document.add_paragraph().add_run(balise)


def puce(document, texte: str) -> None:
    """A bulleted paragraph (one run)."""
    document.add_paragraph(style="List Bullet").add_run(texte)


def tableau(document, entetes: list[str], cellules: list[str], boucle: str | None = None, largeurs=None):
    """A table with a header row and one row of cells, repeated by `boucle` (`r in calendrier`)."""
    rows = 2 + (2 if boucle else 0)
    table = document.add_table(rows=rows, cols=len(entetes))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, entetes, strict=True):
        cell.paragraphs[0].add_run(text).bold = True
    body = 1
    if boucle:
        table.rows[1].cells[0].paragraphs[0].add_run(f"{{%tr for {boucle} %}}")
        table.rows[3].cells[0].paragraphs[0].add_run("{%tr endfor %}")
        body = 2
    for cell, text in zip(table.rows[body].cells, cellules, strict=True):
        cell.paragraphs[0].add_run(text)
    if largeurs:
        for row in table.rows:
            for cell, width in zip(row.cells, largeurs, strict=True):
                cell.width = Cm(width)
    return table


def signatures(document, blocs: list[tuple[str, str, str]]) -> None:
    """Signature blocks side by side: (title, date line, name lines) per signer."""
    # The blocks never split across pages, and the line before them ("Fait à …") stays with them.
    if document.paragraphs:
        document.paragraphs[-1].paragraph_format.keep_with_next = True
    table = document.add_table(rows=1, cols=len(blocs))
    row_properties = table.rows[0]._tr.get_or_add_trPr()
    row_properties.append(OxmlElement("w:cantSplit"))
    for cell, (title, date, names) in zip(table.rows[0].cells, blocs, strict=True):
        cell.paragraphs[0].add_run(title).bold = True
        cell.add_paragraph().add_run(date)
        cell.add_paragraph().add_run("Lu et approuvé")
        for _ in range(3):
            cell.add_paragraph()
        for line in names.split("\n"):
            cell.add_paragraph().add_run(line)


def signatures_agent_et_conseiller(document) -> None:
    """The agent's and the adviser's signature blocks (commitment, synthesis)."""
    signatures(
        document,
        [
            (
                '{{ agent | accord("L\'agent", "L\'agente") }}',
                "Le ……………………",
                "{{ agent.fonction }}\n{{ agent.prenom }} {{ agent.nom }}",
            ),
            (
                '{{ conseiller | accord("Le conseiller", "La conseillère") }}',
                "Le ……………………",
                "{{ cdg.sigle }}\n{{ conseiller.prenom }} {{ conseiller.nom }}",
            ),
        ],
    )


def tableau_calendrier(document, rendez_vous: str, largeurs: list[float]):
    """The calendar table (date, appointment, modality, duration) looping over `rendez_vous`."""
    return tableau(
        document,
        ["Date", "Rendez-vous", "Modalité", "Durée"],
        [
            "{% if r.debut %}{{ r.debut | date_heure }}{% else %}Entre les séances{% endif %}",
            "{{ r.intitule }}{% if r.lieu %} ({{ r.lieu }}){% endif %}",
            "{{ r.modalite_libelle }}",
            "{{ r.duree | heures }}",
        ],
        boucle=f"r in {rendez_vous}",
        largeurs=largeurs,
    )
