"""Agreement of what documents say of the parties: status, employer's article, format, commitments."""

from __future__ import annotations

from functools import cache

import pytest

from generator.plan import planifier
from generator.render.documents import rendre
from generator.render.filters import avec_article
from tests.conftest import dossier_cdg31, ecrire_dossier, ligne_de, profils_modifies, refus
from tests.documents_outils import exemple, normaliser, texte_docx, texte_pdf, textes

ROUX, MOREAU, GARCIA, O_CONNOR = 4, 6, 1, 11  # agents of the CDG31 example


@cache
def proposition(nom: str, employeur: str) -> tuple[str, str]:
    """Normalised text of an employer's proposal, in both formats."""
    valide = exemple(nom)
    found = []
    for fmt in ("pdf", "docx"):
        plan = planifier(valide, documents=("proposition_financiere",), formats=(fmt,))
        data = rendre(next(f for f in plan.documents if f.employeur == employeur and f.format == fmt), valide)
        found.append(normaliser((texte_pdf if fmt == "pdf" else texte_docx)(data)))
    return tuple(found)


def dans_les_deux(textes_: tuple[str, str], *attendus: str, exclus: tuple[str, ...] = ()) -> None:
    for fmt, text in zip(("PDF", "DOCX"), textes_, strict=True):
        for attendu in attendus:
            assert attendu in text, f"{fmt} : « {attendu} » absent"
        for exclu in exclus:
            assert exclu not in text, f"{fmt} : « {exclu} » présent"


def test_a_woman_under_contract_is_contractuelle_everywhere():
    dans_les_deux(textes("cohorte-cdg31.yaml", "convention", ROUX), "Statut : contractuelle ci-après dénommée")
    dans_les_deux(
        textes("cohorte-cdg31.yaml", "engagement", MOREAU),
        "Chargée de mission développement économique, catégorie A, statut : contractuelle",
    )
    dans_les_deux(textes("cohorte-cdg31.yaml", "convention", O_CONNOR), "Statut : contractuel ci-après dénommé")
    dans_les_deux(
        proposition("cohorte-cdg31.yaml", "muret"), "Madame Nathalie Roux Auxiliaire de puériculture C contractuelle 1"
    )


@pytest.mark.parametrize(
    ("nom", "employeur"),
    [
        ("cohorte-cdg31.yaml", "la Commune de Castanet-Tolosan"),
        ("individuel-cdg33.yaml", "la Commune de Pessac-sur-Dune"),
        ("individuel-cdg46.yaml", "la Communauté de communes du Haut-Quercy"),
    ],
)
def test_the_letter_names_the_employer_with_its_article(nom, employeur):
    dans_les_deux(textes(nom, "courrier_information"), f"En accord avec votre employeur, {employeur}, vous allez")


def test_the_proposal_acts_for_the_employer_with_its_article():
    dans_les_deux(proposition("cohorte-cdg31.yaml", "metropole"), "agissant pour l'Établissement public de coopération")
    dans_les_deux(
        proposition("cohorte-cdg31.yaml", "saudrune"), "agissant pour le Syndicat intercommunal de la Saudrune"
    )


@pytest.mark.parametrize(
    ("denomination", "attendu"),
    [
        ("Commune de Muret", "la Commune de Muret"),
        ("Communauté d'agglomération du Sicoval", "la Communauté d'agglomération du Sicoval"),
        ("Syndicat intercommunal de la Saudrune", "le Syndicat intercommunal de la Saudrune"),
        ("Établissement public de coopération", "l'Établissement public de coopération"),
        ("CCAS de Muret", "le CCAS de Muret"),
        ("Sicoval", "Sicoval"),  # a proper name: no article
    ],
)
def test_an_employer_s_article_follows_its_first_word(denomination, attendu):
    assert avec_article(denomination) == attendu


@pytest.mark.parametrize("nom", ["cohorte-cdg31.yaml", "individuel-cdg33.yaml", "individuel-cdg46.yaml"])
def test_the_format_is_said_once(nom):
    valide = exemple(nom)
    dans_les_deux(
        proposition(nom, valide.dossier.liste_employeurs[0].id),
        exclus=("collectif, au format collectif", "individuel, au format individuel"),
    )


@pytest.mark.parametrize("nom", ["individuel-cdg33.yaml", "individuel-cdg46.yaml"])
def test_an_individual_bilan_has_no_workshops(nom):
    for document in ("convention", "courrier_information", "engagement", "proposition_financiere"):
        for text in textes(nom, document):
            assert "atelier" not in text.lower(), (nom, document)
    dans_les_deux(textes(nom, "convention"), "de rendez-vous, du ", "Les rendez-vous se déroulent")


def test_a_collective_bilan_counts_its_workshops():
    dans_les_deux(
        textes("cohorte-cdg31.yaml", "convention"),
        "Le calendrier de l'agente comprend 17 h d'ateliers et d'entretiens",
        "Les ateliers et entretiens se déroulent dans les locaux du CDG31",
    )


def test_commitments_agree_with_the_agent_and_the_adviser():
    # Awa N'Diaye and her adviser Claire Martin; Lucas Garcia, same adviser.
    dans_les_deux(
        textes("cohorte-cdg31.yaml", "convention"),
        "communique au CDG31 les fiches des postes occupés par l'agente ;",
        "garantit à l'agente qu'elle peut se rendre au CDG31",
        "informe la conseillère en évolution professionnelle, par tout moyen,",
        "selon les consignes de la conseillère ;",
        "informe l'employeur de toute absence de l'agente à un atelier collectif",
        exclus=("{agent:", "{conseiller:"),
    )
    for text in textes("cohorte-cdg31.yaml", "convention"):
        article_5 = text[text.index("Article 5 -") : text.index("IV. Conditions financières")]
        assert "l'agent " not in article_5 and "le conseiller" not in article_5 and " il " not in article_5
    dans_les_deux(
        textes("cohorte-cdg31.yaml", "convention", GARCIA),
        "garantit à l'agent qu'il peut se rendre au CDG31",
        "informe la conseillère en évolution professionnelle des candidatures",
    )
    # CDG33: Camille Dubois and Olivier Lacoste; CDG46: Antoine Vidal and Sandrine Delpech.
    dans_les_deux(
        textes("individuel-cdg33.yaml", "convention"),
        "accompagne l'agente et facilite",
        "respecte le calendrier de travail fixé par le conseiller.",
        "par son conseiller, soutient l'agente",
        "met à disposition un conseiller en évolution professionnelle formé et habilité",
    )
    dans_les_deux(
        textes("individuel-cdg46.yaml", "convention"),
        "informe l'agent, avant le démarrage de la prestation",
        "fixées avec la conseillère du CDG 46 ;",
    )


def test_a_profile_brace_that_is_no_agreement_mark_is_refused(tmp_path):
    def accolade(data: dict) -> None:
        data["offre"]["engagements"]["agent"][0] = "respecte le calendrier de {agent:l'agent}"

    profiles = profils_modifies(tmp_path, accolade)
    lines = refus(ecrire_dossier(tmp_path, dossier_cdg31()), "--profils", str(profiles))
    assert lines[1] == (
        f"cdg31.yaml, ligne {ligne_de(profiles / 'cdg31.yaml', 'respecte le calendrier de')}, "
        "offre.engagements.agent[1] : « respecte le calendrier de {agent:l'agent} » a une accolade qui n'est pas une "
        "marque d'accord ; écrivez par exemple « {agent:l'agent|l'agente} » ou « {conseiller:le conseiller|la "
        "conseillère} »."
    )


def test_the_profile_s_place_and_summary_rule_agree_with_the_agent():
    # Awa N'Diaye (CDG31), Camille Dubois and Olivier Lacoste (CDG33): the profiles' texts carry marks.
    dans_les_deux(
        textes("cohorte-cdg31.yaml", "convention"),
        "Les documents remis à l'agente sont strictement personnels et confidentiels ; ils ne sont communiqués à "
        "l'employeur ou à des tiers qu'avec l'accord préalable de l'agente.",
        "dans les locaux du CDG31, sur le temps de travail de l'agente.",
    )
    dans_les_deux(
        textes("cohorte-cdg31.yaml", "convention", GARCIA),
        "qu'avec l'accord préalable de l'agent.",
        "sur le temps de travail de l'agent.",
    )
    dans_les_deux(
        textes("individuel-cdg33.yaml", "engagement"),
        "À l'issue de la démarche, le bilan est remis à l'agente ;",
    )
    dans_les_deux(
        textes("individuel-cdg33.yaml", "convention"),
        "lors d'entretiens entre l'agente et le conseiller en évolution professionnelle",
    )


def test_the_convention_s_preamble_and_first_contacts_agree_with_the_agent_and_the_adviser():
    # Awa N'Diaye and Claire Martin (CDG31); Lucas Garcia, same adviser.
    dans_les_deux(
        textes("cohorte-cdg31.yaml", "convention"),
        "Il aide l'agente à prendre du recul",
        "les compétences qu'elle détient",
        "Permettre à la conseillère en évolution professionnelle de vérifier",
        "du courrier d'information destiné à l'agente",
        "Recueillir l'adhésion de l'agente",
        "Vérifier la disponibilité de l'agente pendant tout le parcours",
        "qui mentionne le recueil du consentement de l'agente",
        exclus=("{agent:", "{conseiller:"),
    )
    dans_les_deux(
        textes("cohorte-cdg31.yaml", "convention", GARCIA),
        "Il aide l'agent à prendre du recul",
        "les compétences qu'il détient",
        "Recueillir l'adhésion de l'agent",
    )
