"""Shared layout of the DOCX templates: page, styles, letterhead, tables, signature blocks."""

from __future__ import annotations

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
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
    normal.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
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
    _styles_maison(document)
    _en_tete(section)
    _pied_de_page(section)
    return document


def _styles_maison(document) -> None:
    """The named styles of the templates: staff see them in Word, the PDF lays them out as CSS classes."""
    styles = document.styles

    def style(name: str, **options):
        created = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        created.base_style = styles["Normal"]
        created.quick_style = True
        fmt = created.paragraph_format
        fmt.alignment = options.get("alignement")
        if "retrait" in options:
            fmt.left_indent = Cm(options["retrait"])
        fmt.space_after = Pt(options.get("apres", 4))
        if options.get("avec_suivant"):
            fmt.keep_with_next = True
        created.font.bold = options.get("gras")
        if "taille" in options:
            created.font.size = Pt(options["taille"])
        return created

    style("Sous-titre", alignement=WD_ALIGN_PARAGRAPH.CENTER, taille=10.5, apres=12)
    style("En-tête CDG", apres=0)
    style("Destinataire", retrait=9, apres=0, alignement=WD_ALIGN_PARAGRAPH.LEFT)
    style("Lieu et date", alignement=WD_ALIGN_PARAGRAPH.RIGHT, apres=10)
    style("Objet", gras=True)
    _cadre(style("Encadré", apres=8, alignement=WD_ALIGN_PARAGRAPH.LEFT), "1F3B63", "single", None)
    style("Confidentiel", gras=True, taille=8.5, apres=8)
    _cadre(styles["Confidentiel"], "8A1C1C", "single", None)
    styles["Confidentiel"].font.color.rgb = RGBColor(0x5A, 0x10, 0x10)
    style("Titre de signature", gras=True, apres=1, avec_suivant=True, alignement=WD_ALIGN_PARAGRAPH.LEFT)
    style("Texte de signature", apres=1, avec_suivant=True, alignement=WD_ALIGN_PARAGRAPH.LEFT)
    zone = style("Zone de signature", apres=3, avec_suivant=True)
    zone.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    zone.paragraph_format.line_spacing = Pt(64)
    _cadre(zone, "777777", "dashed", "FAFAFA")
    champ = style("Champ à remplir", apres=8)
    champ.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    champ.paragraph_format.line_spacing = Pt(56)
    _cadre(champ, "999999", "single", "F7F9FC")
    court = style("Champ court", apres=6)
    court.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    court.paragraph_format.line_spacing = Pt(16)
    _cadre(court, "999999", "single", "F7F9FC")
    style("Intitulé de champ", apres=1, avec_suivant=True, alignement=WD_ALIGN_PARAGRAPH.LEFT)
    styles["Intitulé de champ"].paragraph_format.space_before = Pt(6)
    signatures = styles.add_style("Signatures", WD_STYLE_TYPE.TABLE)
    signatures.base_style = styles["Normal Table"]


def _cadre(style, couleur: str, trait: str, fond: str | None) -> None:
    """A border around the paragraphs of a style (and a background), as Word draws a frame."""
    properties = style.element.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    for side in ("top", "left", "bottom", "right"):
        border = OxmlElement(f"w:{side}")
        border.set(qn("w:val"), trait)
        border.set(qn("w:sz"), "4")
        border.set(qn("w:space"), "4")
        border.set(qn("w:color"), couleur)
        borders.append(border)
    properties.append(borders)
    if fond:
        shading = OxmlElement("w:shd")
        shading.set(qn("w:val"), "clear")
        shading.set(qn("w:color"), "auto")
        shading.set(qn("w:fill"), fond)
        properties.append(shading)


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


def paragraphe(document, texte: str, gras: bool = False, alignement: str | None = None, style: str | None = None):
    """A paragraph whose text (tags included) is one run."""
    paragraph = document.add_paragraph(style=style)
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
    ligne_entete(table.rows[0], entetes)
    body = 1
    if boucle:
        table.rows[1].cells[0].paragraphs[0].add_run(f"{{%tr for {boucle} %}}")
        table.rows[3].cells[0].paragraphs[0].add_run("{%tr endfor %}")
        body = 2
    for cell, text in zip(table.rows[body].cells, cellules, strict=True):
        cell.paragraphs[0].add_run(text)
    if largeurs:
        largeurs_colonnes(table, largeurs)
    return table


def ligne_entete(row, entetes: list[str]) -> None:
    """A header row: bold labels on a tinted background."""
    for cell, text in zip(row.cells, entetes, strict=True):
        if text:
            cell.paragraphs[0].add_run(text).bold = True
        fond(cell, "E8EDF4")


def fond(cell, couleur: str) -> None:
    """A cell's background colour."""
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), couleur)
    cell._tc.get_or_add_tcPr().append(shading)


def largeurs_colonnes(table, largeurs: list[float]) -> None:
    """Column widths in cm, in the table's grid (what Word and the PDF lay out) and in every cell."""
    for column, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), largeurs, strict=True):
        column.set(qn("w:w"), str(int(Cm(width).twips)))
    for row in table.rows:
        for cell, width in zip(row.cells, largeurs, strict=True):
            cell.width = Cm(width)


def signatures(document, blocs: list[tuple[str, list[str], bool, list[str]]]) -> None:
    """Signature blocks side by side: (role, title and date lines, "Lu et approuvé"?, name lines) per signer."""
    # The blocks never split across pages, and the line before them ("Fait à …") stays with them.
    if document.paragraphs:
        document.paragraphs[-1].paragraph_format.keep_with_next = True
    table = document.add_table(rows=1, cols=len(blocs))
    table.style = "Signatures"
    row_properties = table.rows[0]._tr.get_or_add_trPr()
    row_properties.append(OxmlElement("w:cantSplit"))
    for cell, (role, heads, mention, names) in zip(table.rows[0].cells, blocs, strict=True):
        bloc_signature(cell, role, heads, mention, names)


def bloc_signature(cell, role: str, heads: list[str], mention: bool, names: list[str]) -> None:
    """One signature block in a table cell: title, date, (mention), the signature zone, quality and name."""
    title, *dates = heads
    cell.paragraphs[0].style = "Titre de signature"
    cell.paragraphs[0].add_run(title)
    for line in dates + (["Lu et approuvé"] if mention else []):
        cell.add_paragraph(style="Texte de signature").add_run(line)
    cell.add_paragraph(style="Zone de signature").add_run(f'{{{{ signature("{role}") }}}}')
    for line in names:
        cell.add_paragraph(style="Texte de signature").add_run(line)


def signatures_agent_et_conseiller(document) -> None:
    """The agent's and the adviser's signature blocks (commitment, synthesis)."""
    signatures(
        document,
        [
            (
                "agent",
                ['{{ agent | accord("L\'agent", "L\'agente") }}', "Le ……………………"],
                True,
                ["{{ agent.fonction }}", "{{ agent.prenom }} {{ agent.nom }}"],
            ),
            (
                "conseiller",
                ['{{ conseiller | accord("Le conseiller", "La conseillère") }}', "Le ……………………"],
                True,
                ["{{ cdg.sigle }}", "{{ conseiller.prenom }} {{ conseiller.nom }}"],
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
