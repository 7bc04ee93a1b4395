"""The information letter to the agent: own calendar, hours, confidentiality, référent handicap, signature, parity."""

from functools import cache

import pytest

from tests import documents_outils
from tests.documents_outils import champs, ecarts_de_texte, exemple, rendre_document, texte_docx, texte_pdf

DOC = "courrier_information"


@cache
def rendu(nom: str, agent: int, format: str) -> bytes:
    return rendre_document(exemple(nom), DOC, format, agent)


def textes(nom: str, agent: int) -> list[str]:
    """The flattened text of the PDF and of the DOCX."""
    pdf = texte_pdf(rendu(nom, agent, "pdf"))
    docx = texte_docx(rendu(nom, agent, "docx"))
    return [" ".join(documents_outils.normaliser(t).split()) for t in (pdf, docx)]


def test_letter_addresses_the_agent_and_explains_the_bilan():
    for text in textes("cohorte-cdg31.yaml", 0):
        assert "Madame Awa N'Diaye" in text
        # The address as La Poste writes it: the postcode and city on their own line.
        assert "c/o Commune de Castanet-Tolosan 29 avenue de Toulouse 31320 Castanet-Tolosan" in text
        assert "À Labège, le 12 janvier 2026" in text
        assert "Madame, En accord avec votre employeur" in text
        assert "décret n° 2022-1043 du 22 juillet 2022" in text
        assert "arrêté du 1er août 2023" in text
        assert "Le bilan est collectif : il réunit un groupe de 6 à 10 agents" in text
        assert "Je vous prie d'agréer, Madame," in text
        assert "La Présidente du CDG31 Sabine Geil-Gomez" in text


def test_letter_gives_hours_and_the_agents_own_calendar():
    for text in textes("cohorte-cdg31.yaml", 0):
        assert "17 h de séances et d'entretiens" in text
        assert "environ 7 h de travail personnel entre les séances, soit 24 h au total" in text
        assert "du 3 février 2026 au 19 mai 2026" in text
        assert "mardi 3 février 2026 à 9 h 00 Atelier de lancement" in text
        assert "mardi 24 mars 2026 à 9 h 00 Entretien d'analyse Entretien individuel 2 h" in text
        assert "mardi 19 mai 2026 à 9 h 00 Entretien de conclusion" in text
        assert "Entre les séances Travail personnel : enquêtes métiers et formations" in text
        assert "24 mars 2026 à 14 h 00" not in text  # another agent's interview
        assert "Lieu : CDG31, 590 rue Buissonnière, 31670 Labège." in text


def test_letter_states_confidentiality_commitment_and_contact():
    for text in textes("cohorte-cdg31.yaml", 0):
        assert "strictement personnels" in text
        assert (
            "Le document de synthèse que vous rédigerez avec votre conseillère vous appartient. Les documents remis "
            "à l'agente sont strictement personnels et confidentiels ; ils ne sont communiqués à l'employeur ou à "
            "des tiers qu'avec l'accord préalable de l'agente." in text
        )
        assert (
            "Votre conseillère est tenue au secret et à la discrétion professionnels. Vos échanges avec elle," in text
        )
        assert "prévenez au plus tôt votre conseillère et votre employeur : la conseillère informe" in text
        assert "le conseiller" not in text.lower() and "votre conseiller " not in text  # Claire Martin's letter
        assert "réaliser le travail personnel demandé entre les séances" in text
        assert "Madame Claire Martin, conseillère en évolution professionnelle" in text
        assert "c.martin@cdg31.fr, 05 00 00 00 00" in text


def test_referent_handicap_paragraph_only_for_rqth_agents():
    for text in textes("cohorte-cdg31.yaml", 1):
        assert "Monsieur Lucas Garcia" in text and "Monsieur, En accord" in text
        assert "Référent handicap" in text
        assert "article L. 5212-13 du code du travail" in text
        assert "notamment pour son accessibilité et celle du lieu où il se déroule" in text
    for text in textes("cohorte-cdg31.yaml", 0):
        assert "Référent handicap" not in text and "5212-13" not in text


def test_individual_offer_lists_every_appointment_without_personal_work():
    for text in textes("individuel-cdg46.yaml", 0):
        assert "Le bilan est individuel" in text and "certains en présence de votre employeur" in text
        assert "10 h de rendez-vous, du 17 mars 2026 au 23 juin 2026" in text
        assert "mardi 2 juin 2026 à 10 h 00 Plan d'actions (2) Entretien en visioconférence" in text
        assert "travail personnel" not in text
        assert "article L. 5212-13" in text


def test_single_signature_field_for_the_cdg():
    assert champs(rendu("cohorte-cdg31.yaml", 0, "pdf")) == {"signature_cdg": "/Sig"}


@pytest.mark.parametrize(
    ("nom", "agent"),
    [("cohorte-cdg31.yaml", 0), ("cohorte-cdg31.yaml", 1), ("individuel-cdg33.yaml", 0), ("individuel-cdg46.yaml", 0)],
)
def test_pdf_and_docx_carry_the_same_words(nom, agent):
    assert ecarts_de_texte(exemple(nom), DOC, agent) == ({}, {})
