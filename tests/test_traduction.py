"""The translation of a Word template into the HTML of the PDF: what Word writes, what docxtpl means."""

from __future__ import annotations

import io
import re

import pytest
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm

from generator.render.traduction import TraductionImpossible, classe_de_style, traduire


def _octets(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _corps(document) -> list[str]:
    """The translated lines of the document's body (header, footer and skeleton left out)."""
    lines = traduire(_octets(document)).source.splitlines()
    start = lines.index('<div class="corps">')
    return lines[start + 1 : -1]


def test_paragraph_styles_become_headings_and_classes():
    document = Document()
    document.add_heading("Article 1 - Objet", level=3)
    custom = document.styles.add_style("Lieu et date", WD_STYLE_TYPE.PARAGRAPH)
    custom.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    document.add_paragraph("À Labège, le {{ date_envoi | date_longue }}", style="Lieu et date")
    document.add_paragraph("Centré").alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph("premier point", style="List Bullet")
    assert _corps(document) == [
        "<h3>Article 1 - Objet</h3>",
        '<p class="lieu-et-date droite">À Labège, le {{ date_envoi | date_longue }}</p>',
        '<p class="centre">Centré</p>',
        '<p class="list-bullet puce">premier point</p>',
    ]


def test_bold_italic_and_superscript_runs_are_kept_and_text_is_escaped():
    document = Document()
    paragraph = document.add_paragraph()
    paragraph.add_run("Nom : ").bold = True
    paragraph.add_run("{{ agent.nom }}")
    paragraph.add_run(" le 1")
    paragraph.add_run("er").font.superscript = True
    paragraph.add_run(" A < B & C").italic = True
    assert _corps(document) == [
        "<p><strong>Nom : </strong>{{ agent.nom }} le 1<sup>er</sup><em> A &lt; B &amp; C</em></p>"
    ]


def test_a_tag_split_over_runs_with_curly_quotes_is_one_tag_as_for_docxtpl():
    document = Document()
    paragraph = document.add_paragraph()
    for piece in ("{{ agent | acc", "ord(“l’agent”, ", "“l’agente”) }}", " signe."):
        paragraph.add_run(piece)
    # Word's spell check marks between the runs of a tag
    paragraph._p.insert(2, OxmlElement("w:proofErr"))
    assert _corps(document) == ['<p>{{ agent | accord("l\'agent", "l\'agente") }} signe.</p>']


def test_a_block_tag_never_sits_inside_a_format():
    document = Document()
    paragraph = document.add_paragraph()
    paragraph.add_run("{% if agent.rqth %}oui{% endif %}").bold = True
    assert _corps(document) == ["<p>{% if agent.rqth %}<strong>oui</strong>{% endif %}</p>"]


def test_paragraph_row_and_cell_tags_stand_for_their_element():
    document = Document()
    document.add_paragraph().add_run("{%p if offre.contacts %}")
    table = document.add_table(rows=3, cols=2)
    table.rows[0].cells[0].paragraphs[0].add_run("{%tr for r in calendrier %}")
    table.rows[1].cells[0].paragraphs[0].add_run("{{ r.intitule }}")
    table.rows[1].cells[1].paragraphs[0].add_run("{%tc if r.debut %}")
    table.rows[2].cells[0].paragraphs[0].add_run("{%tr endfor %}")
    for row in table.rows:
        for cell, width in zip(row.cells, (Cm(3), Cm(9)), strict=True):
            cell.width = width
    document.add_paragraph().add_run("{%p endif %}")
    lines = _corps(document)
    assert lines[0] == "{%if offre.contacts %}"
    assert lines[-1] == "{%endif %}"
    assert "{%for r in calendrier %}" in lines
    assert "{%if r.debut %}" in lines
    assert "{%endfor %}" in lines
    assert "<p>{{ r.intitule }}</p>" in lines
    assert re.fullmatch(r'<colgroup><col style="width: 25\.0%"><col style="width: 75\.0%"></colgroup>', lines[2])


def test_a_zone_alone_in_its_paragraph_is_left_bare_and_a_field_is_called_with_its_label():
    document = Document()
    document.add_paragraph().add_run("{{ signature(“cdg”) }}")
    document.add_paragraph().add_run("1.1. Attentes de {{ agent.prenom }}")
    document.add_paragraph().add_run('{{ champ("s_1_1") }}')
    document.add_paragraph().add_run('Voir {{ champ("x") }}')
    assert _corps(document) == [
        '{{ signature("cdg") }}',
        "<p>1.1. Attentes de {{ agent.prenom }}</p>",
        '{% call champ("s_1_1") %}1.1. Attentes de {{ agent.prenom }}{% endcall %}',
        '<p>Voir {% call champ("x") %}1.1. Attentes de {{ agent.prenom }} – Voir{% endcall %}</p>',
    ]


def test_a_label_without_number_follows_its_section_and_a_cell_is_labelled_by_its_headers():
    document = Document()
    document.add_heading("2.5. Situation personnelle", level=3)
    document.add_paragraph("Éléments d'ordre <personnel> :")
    document.add_paragraph('{{ champ("s_2_5") }}')
    document.add_paragraph("3.1.1. Calendrier")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 1).text = "Action 1"
    table.cell(1, 0).text = "Durée {{ unite }}"
    table.cell(1, 1).text = '{{ champ_court("duree_1") }}'
    document.add_paragraph('Date : {{ champ_date("date_1", jalon | date_longue) }}')
    lines = _corps(document)
    assert lines[2] == (
        '{% call champ("s_2_5") %}2.5. Situation personnelle – Éléments d\'ordre &lt;personnel&gt; :{% endcall %}'
    )
    assert '{% call champ_court("duree_1") %}3.1.1. Calendrier – Action 1 – Durée{% endcall %}' in lines
    assert lines[-1] == (
        '<p>Date : {% call champ_date("date_1", jalon | date_longue) %}3.1.1. Calendrier – Date :{% endcall %}</p>'
    )


def _revision(kind: str, text_kind: str, texte: str):
    """A tracked change as Word writes it: `<w:del>` or `<w:ins>` around a run."""
    change, run, text = OxmlElement(kind), OxmlElement("w:r"), OxmlElement(text_kind)
    text.text = texte
    run.append(text)
    change.append(run)
    return change


def test_page_breaks_empty_paragraphs_and_tracked_changes():
    document = Document()
    document.add_paragraph("avant").add_run().add_break(WD_BREAK.PAGE)
    document.add_paragraph()
    paragraph = document.add_paragraph("gardé ")
    paragraph._p.append(_revision("w:del", "w:delText", "supprimé"))
    paragraph._p.append(_revision("w:ins", "w:t", "ajouté"))
    assert _corps(document) == [
        '<p class="saut-de-page">avant</p>',
        '<p class="vide"></p>',
        "<p>gardé ajouté</p>",
    ]


def test_keep_with_next_and_keep_lines_together_become_break_rules():
    document = Document()
    document.add_paragraph("Bon pour accord").paragraph_format.keep_with_next = True
    document.add_paragraph("Monsieur le Maire accepte la proposition").paragraph_format.keep_together = True
    assert _corps(document) == [
        '<p class="avec-suivant">Bon pour accord</p>',
        '<p class="lignes-ensemble">Monsieur le Maire accepte la proposition</p>',
    ]


def test_page_number_fields_of_the_footer_become_page_counters():
    document = Document()
    footer = document.sections[0].footer.paragraphs[0]
    footer.add_run("Page ")
    run = footer.add_run()
    for kind, instruction in (("begin", None), (None, " PAGE "), ("separate", None), (None, None), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif instruction:
            element = OxmlElement("w:instrText")
            element.text = instruction
        else:
            element = OxmlElement("w:t")
            element.text = "7"
        run._r.append(element)
    source = traduire(_octets(document)).source
    assert 'Page <span class="numero-page"></span></p>' in source
    assert "7" not in source.split('<div class="piedpage">')[1].split("</div>")[0]


def test_a_line_names_the_paragraph_it_comes_from():
    document = Document()
    document.add_paragraph("Le CDG réalise la mission décrite par la présente convention dans son ressort")
    translated = traduire(_octets(document))
    line = next(i for i, text in enumerate(translated.source.splitlines()) if "réalise" in text)
    assert translated.lieux[line] == "le paragraphe « Le CDG réalise la mission décrite par la présente… »"


@pytest.mark.parametrize("contenu", [b"", b"pas un document Word", b"PK\x03\x04abime"])
def test_what_is_not_a_word_document_is_refused(contenu):
    with pytest.raises(TraductionImpossible):
        traduire(contenu)


def test_style_names_become_css_classes():
    assert classe_de_style("Lieu et date") == "lieu-et-date"
    assert classe_de_style("Intitulé de champ") == "intitule-de-champ"
    assert classe_de_style("Heading 1") == "heading-1"


def test_a_label_holding_a_block_tag_gives_its_words_only():
    document = Document()
    document.add_paragraph("{% if agent.rqth %}Aménagements{% endif %} prévus")
    document.add_paragraph('{{ champ("s_1_2") }}')
    assert _corps(document)[1] == '{% call champ("s_1_2") %}Aménagements prévus{% endcall %}'
