"""The synthesis document (DGAFP annex 2): header and phase dates from the dossier, every sub-item
a fillable field in the PDF and an empty framed paragraph in the DOCX, same text in both formats."""

import io
import zipfile
from functools import cache
from xml.etree import ElementTree

import pytest
from docx import Document

from tests.documents_outils import (
    champs,
    ecarts_de_texte,
    exemple,
    normaliser,
    rendre_document,
    texte_docx,
    texte_pdf,
    valeurs,
)

EXEMPLES = ["cohorte-cdg31.yaml", "individuel-cdg33.yaml", "individuel-cdg46.yaml"]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

ZONES = [
    "s_1_1",
    "s_1_2",
    "s_1_3",
    "s_2_1_0",
    "s_2_1_1",
    "s_2_1_2",
    "s_2_2_1",
    "s_2_2_2",
    "s_2_2_3",
    "s_2_3_1",
    "s_2_3_2",
    "s_2_3_3",
    "s_2_3_4",
    "s_2_4_1",
    "s_2_4_2",
    "s_2_5",
    *(f"s_3_1_2_etape_{e}_action_{a}" for e in range(1, 5) for a in range(1, 3)),
    "s_3_1_3",
    "s_4_1",
]
PLAN = [f"plan_action_{n}_{k}" for n in range(1, 5) for k in ("duree", "date")]
# The phase dates, fields filled in advance that the agent may correct.
LIBELLES = {
    "date_cadrage": "Réunion de cadrage",
    "date_phase_1": "Date de la phase 1",
    "date_entretien_initial": "Date de l'entretien initial",
    "date_phase_2": "Date de la phase 2",
    "dates_seances_phase_2": "Dates des séances",
    "date_phase_3": "Date de la phase 3",
    "dates_seances_phase_3": "Dates des séances",
    "date_phase_4": "Date de la phase 4",
    "date_entretien_final": "Date de l'entretien final",
}


@cache
def _pdf(nom: str, agent: int = 0) -> bytes:
    return rendre_document(exemple(nom), "synthese", "pdf", agent)


@cache
def _docx(nom: str, agent: int = 0) -> bytes:
    return rendre_document(exemple(nom), "synthese", "docx", agent)


def _textes(nom: str, agent: int = 0) -> list[str]:
    return [normaliser(texte_pdf(_pdf(nom, agent))), normaliser(texte_docx(_docx(nom, agent)))]


@pytest.mark.parametrize("nom", EXEMPLES)
def test_pdf_and_docx_carry_the_same_words(nom):
    assert ecarts_de_texte(exemple(nom), "synthese") == ({}, {})


def test_every_sub_item_is_a_text_field_and_only_agent_and_adviser_sign():
    fields = champs(_pdf("cohorte-cdg31.yaml"))
    expected = {name: "/Tx" for name in ZONES + PLAN + [n for n in LIBELLES if n != "date_cadrage"]}
    expected |= {"signature_agent": "/Sig", "signature_conseiller": "/Sig"}
    assert fields == expected


def test_header_is_filled_from_the_dossier():
    for text in _textes("cohorte-cdg31.yaml"):
        assert "Agente Awa N'Diaye" in text
        assert "Conseillère Claire Martin" in text
        assert "Date de lancement 3 février 2026" in text
        assert "Fonction Agente d'accueil" in text
        assert "Date de prise de fonction 1er mars 2019" in text
        assert "Catégorie C" in text
        assert "Employeur Commune de Castanet-Tolosan" in text


def _dates(nom: str, agent: int = 0) -> list[list[tuple[str, str]]]:
    """The phase dates, in order, as (label, date): the PDF's fields (filled in advance) and the DOCX's lines."""
    pdf = [(LIBELLES[name], value) for name, value in valeurs(_pdf(nom, agent)).items() if name in LIBELLES]
    lines = [normaliser(line).partition(" : ") for line in texte_docx(_docx(nom, agent)).splitlines()]
    docx = [(label, value) for label, _, value in lines if label in LIBELLES.values()]
    return [pdf, docx]


def test_phase_dates_come_from_the_agents_calendar():
    expected = [
        ("Date de la phase 1", "3 février 2026"),
        ("Date de l'entretien initial", "pas d'entretien individuel dans cette phase"),
        ("Date de la phase 2", "24 février 2026"),
        ("Dates des séances", "24 février 2026, 17 mars 2026, 24 mars 2026"),
        ("Date de la phase 3", "28 avril 2026"),
        ("Dates des séances", "28 avril 2026"),
        ("Date de la phase 4", "19 mai 2026"),
        ("Date de l'entretien final", "19 mai 2026"),
    ]
    assert _dates("cohorte-cdg31.yaml") == [expected, expected]
    for text in _textes("cohorte-cdg31.yaml"):
        assert "Réunion de cadrage" not in text


def test_another_agent_of_the_cohort_gets_own_interviews():
    for text in _textes("cohorte-cdg31.yaml", 2):
        assert "Agente Élodie Lefèvre" in text
        assert "Catégorie B" in text
    for dates in _dates("cohorte-cdg31.yaml", 2):
        assert dates[3] == ("Dates des séances", "24 février 2026, 17 mars 2026, 26 mars 2026")
        assert dates[-1] == ("Date de l'entretien final", "21 mai 2026")


def test_offer_without_launch_phase_starts_with_its_first_phase():
    for text in _textes("individuel-cdg33.yaml"):
        assert "Date de lancement 3 mars 2026" in text
        assert "Date de prise de fonction 1er septembre 2011" in text
    for dates in _dates("individuel-cdg33.yaml"):
        assert dates[:3] == [
            ("Réunion de cadrage", "17 février 2026"),  # the tripartite meeting of the leaflet's step 4
            ("Date de la phase 1", "3 mars 2026"),
            ("Date de l'entretien initial", "3 mars 2026"),
        ]
        assert dates[-1] == ("Date de l'entretien final", "25 août 2026")


def test_framing_meeting_and_two_action_plan_meetings():
    for text in _textes("individuel-cdg46.yaml"):
        assert "Agent Antoine Vidal" in text
        assert "Conseillère Sandrine Delpech" in text
        assert "Date de lancement 31 mars 2026" in text
        assert "ce que l'agent attend du bilan" in text
    for dates in _dates("individuel-cdg46.yaml"):
        assert dates[:3] == [
            ("Réunion de cadrage", "17 mars 2026"),
            ("Date de la phase 1", "31 mars 2026"),
            ("Date de l'entretien initial", "31 mars 2026"),
        ]
        assert dates[-4:-2] == [
            ("Date de la phase 3", "12 mai 2026"),
            ("Dates des séances", "12 mai 2026, 2 juin 2026"),
        ]
        assert dates[-1] == ("Date de l'entretien final", "23 juin 2026")


def test_every_numbered_sub_item_and_the_confidentiality_notice_are_in_both_formats():
    numbers = ["1.1.", "1.2.", "1.3.", "2.1.0.", "2.1.1.", "2.1.2.", "2.2.1.", "2.2.2.", "2.2.3."]
    numbers += ["2.3.1.", "2.3.2.", "2.3.3.", "2.3.4.", "2.4.1.", "2.4.2.", "2.5.", "3.1.1.", "3.1.2.", "3.1.3."]
    numbers += ["4.1."]
    for text in _textes("cohorte-cdg31.yaml"):
        for number in numbers:
            assert f" {number} " in text, number
        for etape in range(1, 5):
            assert f"Étape {etape}, action 1 :" in text and f"Étape {etape}, action 2 :" in text
        assert "Action 1 Action 2 Action 3 Action 4" in text
        # The CDG's own rule for the employer (CDG31: nothing without the agent's agreement).
        assert (
            "Ce document appartient à l'agente. Les documents remis à l'agente sont strictement personnels et "
            "confidentiels ; ils ne sont communiqués à l'employeur ou à des tiers qu'avec l'accord préalable de "
            "l'agente." in text
        )
        assert "L. 5212-13 du code du travail" in text


def test_docx_has_an_empty_framed_paragraph_for_every_field_and_an_empty_action_table():
    docx = _docx("cohorte-cdg31.yaml")
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        body = ElementTree.fromstring(archive.read("word/document.xml")).find(f"{W}body")
    styles = [s for s in Document(io.BytesIO(docx)).styles if s.name in ("Champ à remplir", "Champ court")]
    assert all(s.element.find(f"{W}pPr/{W}pBdr") is not None for s in styles)  # the styles draw the frame
    # The box grows with the text: at least (never exactly) one line of 14 pt each.
    spacing = [(s.name, s.element.find(f"{W}pPr/{W}spacing")) for s in styles]
    assert [(name, x.get(f"{W}lineRule"), x.get(f"{W}line")) for name, x in spacing] == [
        ("Champ à remplir", "atLeast", "280"),
        ("Champ court", "atLeast", "280"),
    ]
    bottom = [s.element.find(f"{W}pPr/{W}pBdr/{W}bottom").get(f"{W}space") for s in styles]
    assert bottom == ["31", "4"]  # the empty box to write in stays tall: room below its one line
    ids = {s.style_id for s in styles}
    framed = [p for p in body.iter(f"{W}p") if p.find(f"{W}pPr/{W}pStyle") is not None]
    framed = [p for p in framed if p.find(f"{W}pPr/{W}pStyle").get(f"{W}val") in ids]
    assert len(framed) == len(ZONES)
    assert all("".join(t.text or "" for t in p.iter(f"{W}t")) == "" for p in framed)
    plan = next(t for t in body.iter(f"{W}tbl") if "Action 1" in "".join(x.text or "" for x in t.iter(f"{W}t")))
    cells = [
        ["".join(x.text or "" for x in c.iter(f"{W}t")) for c in row.iter(f"{W}tc")] for row in plan.iter(f"{W}tr")
    ]
    assert cells == [
        ["", "Action 1", "Action 2", "Action 3", "Action 4"],
        ["Durée", "", "", "", ""],
        ["Date de réalisation", "", "", "", ""],
    ]


def test_the_adviser_is_named_in_agreement():
    for text in _textes("cohorte-cdg31.yaml"):  # Claire Martin advises Awa N'Diaye
        assert "conservé par l'agente et par la conseillère, auprès de laquelle l'agente peut en demander" in text
    for text in _textes("individuel-cdg33.yaml"):
        assert "et par le conseiller, auprès duquel l'agent" in text
