"""The agent's commitment and confidentiality agreement: parties, offer, own calendar, commitments,
confidentiality, personal data, signatures; the same text in both formats."""

from functools import cache

import pytest

from tests.documents_outils import champs, ecarts_de_texte, exemple, normaliser, rendre_document, texte_docx, texte_pdf

EXEMPLES = ["cohorte-cdg31.yaml", "individuel-cdg33.yaml", "individuel-cdg46.yaml"]


@cache
def _textes(nom: str, agent: int = 0) -> tuple[str, str]:
    valide = exemple(nom)
    return (
        normaliser(texte_pdf(rendre_document(valide, "engagement", "pdf", agent))),
        normaliser(texte_docx(rendre_document(valide, "engagement", "docx", agent))),
    )


@pytest.mark.parametrize("nom", EXEMPLES)
def test_pdf_and_docx_carry_the_same_words(nom):
    assert ecarts_de_texte(exemple(nom), "engagement") == ({}, {})


@pytest.mark.parametrize("nom", EXEMPLES)
def test_only_agent_and_adviser_sign(nom):
    pdf = rendre_document(exemple(nom), "engagement", "pdf", 0)
    assert champs(pdf) == {"signature_agent": "/Sig", "signature_conseiller": "/Sig"}


def test_parties_offer_and_commitments_of_a_cohort_agent():
    for text in _textes("cohorte-cdg31.yaml"):
        assert "L'agente : Awa N'Diaye, Agente d'accueil, catégorie C, statut : titulaire" in text
        assert "Employeur : Commune de Castanet-Tolosan 29 avenue de Toulouse, 31320 Castanet-Tolosan" in text
        assert "Conseillère : Claire Martin, c.martin@cdg31.fr" in text
        assert "me proposent un bilan de parcours professionnel collectif." in text
        assert "Volume : 17 heures d'ateliers collectifs et d'entretiens individuels" in text
        assert "Période : 4 mois." in text
        assert "Je soussignée, Awa N'Diaye, m'engage à :" in text
        assert "séances collectives comme entretiens individuels" in text
        assert "(environ 7 h au total)" in text
        assert "de toute absence" in text
        assert "des candidatures, internes ou externes" in text
        assert "Fait à Labège, le" in text


def test_agent_commits_to_own_calendar_with_dates():
    for text in _textes("cohorte-cdg31.yaml"):
        for moment in (
            "mardi 3 février 2026 à 9 h 00",
            "mardi 24 février 2026 à 9 h 00",
            "mardi 17 mars 2026 à 14 h 00",
            "mardi 24 mars 2026 à 9 h 00",
            "mardi 28 avril 2026 à 9 h 00",
            "mardi 19 mai 2026 à 9 h 00",
        ):
            assert moment in text
        assert text.count("Entre les séances") == 2
        assert "Entretien d'analyse" in text and "Entretien de conclusion" in text
    for text in _textes("cohorte-cdg31.yaml", 1):
        assert "Je soussigné, Lucas Garcia" in text
        assert "mardi 24 mars 2026 à 14 h 00" in text
        assert "mardi 24 mars 2026 à 9 h 00" not in text


def test_group_confidentiality_adviser_secrecy_synthesis_and_data_protection():
    for text in _textes("cohorte-cdg31.yaml"):
        assert "Ce qui se dit dans le groupe reste dans le groupe." in text
        assert "leurs noms, leurs coordonnées" in text
        assert "expériences personnelles" in text
        assert "La conseillère est tenue au secret et à la discrétion professionnels" in text
        assert (
            "Le document de synthèse m'appartient. Les documents remis à l'agente sont strictement personnels et "
            "confidentiels ; ils ne sont communiqués à l'employeur ou à des tiers qu'avec l'accord préalable de "
            "l'agente." in text
        )
        assert "délégué à la protection des données du CDG31 : dpo@cdg31.fr" in text


def test_individual_offer_has_no_group_rule_and_uses_its_profile():
    for text in _textes("individuel-cdg46.yaml"):
        assert "L'agent : Antoine Vidal, Agent de collecte des déchets" in text
        assert "Je soussigné, Antoine Vidal" in text
        assert "Période : 2 à 4 mois." in text
        assert "environ 10 heures, en six rendez-vous" in text
        assert "mardi 17 mars 2026 à 10 h 00" in text and "mardi 23 juin 2026 à 10 h 00" in text
        assert "reste dans le groupe" not in text
        assert "séances collectives comme" not in text
        assert "Les échanges au cours des rendez-vous restent confidentiels." in text
        assert "dpo@cdg46.fr" in text and "Fait à Cahors, le" in text
    for text in _textes("individuel-cdg33.yaml"):
        assert "Le conseiller est tenu au secret" in text
        assert "la collectivité est destinataire d'une synthèse de ce bilan" in text
        assert "au total" not in text
