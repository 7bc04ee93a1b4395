"""The tripartite convention: parties, articles, the amount of the employer's status, signatures, parity."""

from __future__ import annotations

from functools import cache

import pytest

from generator.documents import DOCUMENTS
from generator.render.context import mention_projet
from tests.documents_outils import (
    champs,
    ecarts_de_texte,
    exemple,
    normaliser,
    rendre_document,
    sans_en_tetes_repetes,
    sans_entete_ni_pied,
    texte_docx,
    texte_pdf,
)

EXEMPLES = ["cohorte-cdg31.yaml", "individuel-cdg33.yaml", "individuel-cdg46.yaml"]


@cache
def _valide(nom: str):
    return exemple(nom)


@cache
def _pdf(nom: str, agent: int) -> bytes:
    return rendre_document(_valide(nom), "convention", "pdf", agent)


@cache
def textes(nom: str, agent: int = 0) -> tuple[str, str]:
    """Normalised text of the PDF (without running header and footer) and of the DOCX."""
    valide = _valide(nom)
    profil, session = valide.profil, valide.dossier.session
    pdf = sans_entete_ni_pied(
        texte_pdf(_pdf(nom, agent)),
        f"{profil.nom} - {profil.adresse}",
        f"{DOCUMENTS['convention'].titre} - {session.reference}",
        mention_projet(profil),
    )
    docx = normaliser(texte_docx(rendre_document(valide, "convention", "docx", agent)))
    return normaliser(pdf), docx


def agent_de(nom: str, employeur: str) -> int:
    """Index of the first agent of an employer in an example."""
    agents = _valide(nom).dossier.liste_agents
    return next(i for i, a in enumerate(agents) if a.employeur == employeur)


def dans_les_deux(nom: str, agent: int, *attendus: str) -> None:
    for fmt, text in zip(("PDF", "DOCX"), textes(nom, agent), strict=True):
        for attendu in attendus:
            assert attendu in text, f"{fmt} : « {attendu} » absent"


def absent_des_deux(nom: str, agent: int, *exclus: str) -> None:
    for fmt, text in zip(("PDF", "DOCX"), textes(nom, agent), strict=True):
        for exclu in exclus:
            assert exclu not in text, f"{fmt} : « {exclu} » présent"


@pytest.mark.parametrize("nom", EXEMPLES)
def test_convention_pdf_and_docx_carry_the_same_words(nom):
    assert ecarts_de_texte(_valide(nom), "convention", 0) == ({}, {})


@pytest.mark.parametrize("nom", EXEMPLES)
def test_convention_pdf_has_the_three_signature_fields(nom):
    assert champs(_pdf(nom, 0)) == {
        "signature_agent": "/Sig",
        "signature_employeur": "/Sig",
        "signature_cdg": "/Sig",
    }


def test_parties_name_cdg_employer_and_agent():
    dans_les_deux(
        "cohorte-cdg31.yaml",
        0,
        "représenté par Mme Sabine Geil-Gomez, Présidente",
        "article L. 452-40 du code général de la fonction publique",
        "délibération n° 2025-19 du 2 juillet 2025",
        "SIRET 28310002200021",
        "ci-après dénommé « le CDG31 »",
        "Dénomination : Commune de Castanet-Tolosan",
        "Numéro SIRET : 21310113200016",
        "Statut vis-à-vis du CDG31 : affilié",
        "(titulaires et stagiaires) : 120 agents",
        "Représenté par : M. Jean Dupuis, Maire",
        "En vertu des pouvoirs conférés par : délibération n° 2026-004 du 20 janvier 2026",
        "l'agente territoriale",
        "Nom : N'Diaye",
        "Prénom : Awa",
        "Fonction : Agente d'accueil",
        "Catégorie : C",
        "Statut : titulaire",
        "ci-après dénommée « l'agente »",
    )


def test_agent_agreement_follows_civility():
    garcia = 1
    dans_les_deux("cohorte-cdg31.yaml", garcia, "l'agent territorial :", "ci-après dénommé « l'agent »", "L'agent :")
    absent_des_deux("cohorte-cdg31.yaml", garcia, "l'agente")


def test_twelve_articles_in_order():
    titles = [
        "Article 1 - Périmètre",
        "Article 2 - Objet",
        "Article 3 - Méthodologie et documents remis à l'agente",
        "Article 4 - Déroulement de la prestation",
        "Article 5 - Conditions de réalisation et engagements des parties",
        "Article 6 - Conditions applicables",
        "Article 7 - Recouvrement",
        "Article 8 - Durée de la convention",
        "Article 9 - Résiliation",
        "Article 10 - Responsabilité et assurances",
        "Article 11 - Protection des données personnelles",
        "Article 12 - Litiges",
    ]
    for text in textes("cohorte-cdg31.yaml"):
        positions = [text.index(title) for title in titles]
        assert positions == sorted(positions)
        assert text.index("II. Préambule") < positions[0]


def test_methodology_table_holds_contacts_phases_and_dated_slots():
    dans_les_deux(
        "cohorte-cdg31.yaml",
        0,
        "Premier contact avec la collectivité",
        "Entretien tripartite en visioconférence (30 min)",
        "ils ne sont communiqués à l'employeur ou à des tiers qu'avec l'accord préalable de l'agent",
    )


# Article 3 of the CDG31 model: each step of a phase on its own row, with its modality (its
# workshop, its personal work of 3 h or of 3 to 6 h, its interview) and the agent's dated slot.
ETAPES_CDG31 = [
    "Phase de lancement Présentation détaillée du déroulement de la prestation et de ses modalités pratiques "
    "Présentation croisée et constitution du groupe Définition des objectifs Contractualisation "
    "Atelier collectif de 4 h Atelier de lancement, mardi 3 février 2026 à 9 h 00",
    "Phase d'appui à l'analyse du parcours professionnel Travail sur le parcours professionnel et de formation "
    "Valorisation du parcours et des compétences Travail personnel en intersession de 3 h "
    "Travail personnel : parcours professionnel et de formation (3 h)",
    "Valeurs, motivations et centres d'intérêt (concepts et passation de tests) Identification des savoir-être "
    "(soft skills) Atelier collectif de 4 h Atelier valeurs, motivations et savoir-être, mardi 24 février 2026 "
    "à 9 h 00",
    "Présentation des outils et techniques d'investigation : CNFPT, MOOC (formations et métiers), SET (analyse "
    "des offres), offres d'emploi, etc. Préparation et présentation d'un pitch filmé Atelier collectif en "
    "visioconférence de 2 h Atelier outils d'investigation et pitch, mardi 17 mars 2026 à 14 h 00",
    "Analyse du travail personnel réalisé en intersession sur le parcours professionnel et de formation, puis "
    "restitution des résultats des tests d'intérêts, de motivations et de valeurs Entretien individuel de 2 h "
    "Entretien d'analyse, mardi 24 mars 2026 à 9 h 00",
    "Phase d'appui à la réalisation d'un plan d'action Investigation : analyse des métiers identifiés "
    "Enquêtes métiers Recherche de formations Travail personnel en intersession de 3 h à 6 h "
    "Travail personnel : enquêtes métiers et formations (4 h)",
    "Validation des métiers identifiés Validation des formations nécessaires Construction du plan d'action "
    "Mise en œuvre du plan d'action Atelier collectif de 3 h Atelier plan d'action, mardi 28 avril 2026 à 9 h 00",
    "Phase de conclusion Co-construction de la synthèse Entretien individuel de 2 h "
    "Entretien de conclusion, mardi 19 mai 2026 à 9 h 00",
]


def test_cdg31_article_3_gives_each_step_its_own_modality_row():
    for fmt, text in zip(("PDF", "DOCX"), textes("cohorte-cdg31.yaml", 0), strict=True):
        # The table's header row is repeated on each page it runs over.
        table = sans_en_tetes_repetes(text, ["Étape Objectifs Modalités et dates"])
        assert " ".join(ETAPES_CDG31) in table, fmt


def test_other_cdgs_keep_one_row_per_phase():
    dans_les_deux(
        "individuel-cdg46.yaml",
        0,
        "Phase de cadrage Rendez-vous agent, collectivité et CDG 46 Entretien tripartite de 1 h 30,",
    )


def test_course_gives_adviser_hours_duration_group_and_place():
    dans_les_deux(
        "cohorte-cdg31.yaml",
        0,
        "Mme Claire Martin, conseillère en évolution professionnelle du CDG31",
        "17 heures d'ateliers collectifs et d'entretiens individuels",
        "durée moyenne de 4 mois, pour un groupe de 6 à 10 personnes",
        "dans les locaux du CDG31",
        "du 3 février 2026 au 19 mai 2026",
    )
    absent_des_deux("individuel-cdg33.yaml", 0, "pour un groupe de")


def test_article_6_states_both_tariffs_then_the_one_of_this_employer():
    dans_les_deux(
        "cohorte-cdg31.yaml",
        0,
        "participation financière de l'employeur, « à l'acte », fixée par la délibération n° 2025-19 du conseil "
        "d'administration du 2 juillet 2025. Elle s'élève, par agent, à : 1 310,00 € pour les employeurs affiliés au "
        "CDG31 ; 1 700,00 € pour les employeurs non affiliés, y compris les adhérents à l'ensemble de missions de "
        "l'article L. 452-39 du code général de la fonction publique.",
        "L'employeur signataire étant affilié, le montant dû au titre de l'agente s'élève à 1 310,00 € "
        "(mille trois cent dix euros)",
    )


@pytest.mark.parametrize("employeur", ["sicoval", "metropole"])
def test_adherent_and_non_affiliated_employers_pay_1700(employeur):
    agent = agent_de("cohorte-cdg31.yaml", employeur)
    dans_les_deux("cohorte-cdg31.yaml", agent, "s'élève à 1 700,00 € (mille sept cents euros)")


def test_hourly_offer_multiplies_rate_by_agent_hours():
    dans_les_deux(
        "individuel-cdg33.yaml",
        0,
        "fixée par la délibération du conseil d'administration du Centre de gestion du 13 décembre 2023",
        "facture le temps que le conseiller consacre à l'accompagnement, au taux horaire de 52,00 €, pour une durée "
        "comprise entre 30 h et 40 h. L'accompagnement de l'agente est estimé à 35 h, soit 1 820,00 € (mille huit "
        "cent vingt euros) : c'est une estimation, la facture suit les heures réellement consacrées",
    )


def test_cdg46_tariff_is_its_framework_convention_s_article_4_2():
    dans_les_deux(
        "individuel-cdg46.yaml",
        0,
        "fixée par l'article 4.2 de la convention cadre d'adhésion aux missions facultatives de conseil et "
        "assistance en ressources humaines du CDG 46 (tarification en vigueur)",
    )
    absent_des_deux("individuel-cdg46.yaml", 0, "fixée par la délibération")


def test_interruption_rule_only_when_the_profile_sets_it():
    dans_les_deux(
        "cohorte-cdg31.yaml",
        0,
        "délai de 15 jours, la prestation est due dans son intégralité",
        "inscrire l'agente à une session ultérieure",
    )
    absent_des_deux("individuel-cdg33.yaml", 0, "interrompt le parcours")


def test_recovery_terms_follow_the_profile():
    dans_les_deux(
        "cohorte-cdg31.yaml",
        0,
        "ou, le cas échéant, au moment de son interruption",
        "portail Chorus Pro",
        "dans les 30 jours qui suivent la réception du titre de recettes, transmis par la Paierie départementale",
        "décret n° 2013-269 du 29 mars 2013",
    )
    absent_des_deux("cohorte-cdg31.yaml", 0, "31 décembre")
    dans_les_deux("individuel-cdg46.yaml", 0, "une facture est émise au 31 décembre de chaque année, au prorata")
    absent_des_deux("individuel-cdg46.yaml", 0, "Chorus Pro")


def test_each_cdg_s_own_commitments():
    dans_les_deux(
        "individuel-cdg46.yaml",
        0,
        "L'employeur : informe l'agent, avant le démarrage de la prestation, de la mise en place du dispositif",
        "s'assure de la présence de son représentant aux entretiens où sa participation est attendue",
        "L'agent : assiste à tous les rendez-vous ; réalise le travail personnel nécessaire à la réussite du bilan.",
    )
    absent_des_deux("individuel-cdg46.yaml", 0, "Le CDG46 :", "fiches des postes")
    dans_les_deux(
        "individuel-cdg33.yaml",
        0,
        "L'employeur : facilite par tous les moyens le suivi du bilan professionnel ; accompagne l'agente et facilite "
        "la mise en œuvre des actions de formation nécessaires ; respecte le caractère confidentiel",
        "L'agente : est volontaire et actrice de la démarche",
    )
    absent_des_deux("individuel-cdg33.yaml", 0, "fiches des postes", "candidatures")
    dans_les_deux(
        "cohorte-cdg31.yaml",
        0,
        "L'employeur : communique au CDG31 les fiches des postes occupés par l'agente ; fait état de toute possibilité "
        "ou impossibilité de mobilité en son sein ; garantit à l'agente qu'elle peut se rendre au CDG31",
        "Le CDG31 : respecte les règles de confidentialité",
    )
    absent_des_deux("cohorte-cdg31.yaml", 0, "s'assure de la présence", "transmet, le cas échéant")


def test_duration_termination_data_protection_and_court():
    dans_les_deux(
        "cohorte-cdg31.yaml",
        0,
        "prend effet à la date de sa signature",
        "Elle est conclue pour une durée de principe de 4 mois selon le planning établi.",
        "lettre recommandée avec avis de réception",
        "loi n° 78-17 du 6 janvier 1978 modifiée",
        "L'employeur est lui-même responsable des traitements de données personnelles liés à la gestion "
        "administrative de ses agents : il s'engage à offrir les mêmes garanties que celles du présent article",
        "règlement (UE) 2016/679",
        "dpo@cdg31.fr",
        "Tribunal administratif de Toulouse, 68 rue Raymond IV, BP 70007, 31068 Toulouse Cedex",
        "https://www.telerecours.fr",
    )
    dans_les_deux("individuel-cdg33.yaml", 0, "dpo@cdg33.fr", "Tribunal administratif de Bordeaux")


def test_closing_and_signature_blocks():
    dans_les_deux(
        "cohorte-cdg31.yaml",
        0,
        "Fait en 3 exemplaires à Labège, le",
        "L'agente Le ",
        "Awa N'Diaye",
        "Maire Jean Dupuis",
        "Présidente Sabine Geil-Gomez",
    )
    dans_les_deux("individuel-cdg46.yaml", 0, "Fait en 3 exemplaires à Cahors, le", "L'agent Le ")


def test_the_adviser_is_named_in_agreement():
    dans_les_deux(
        "cohorte-cdg31.yaml",
        0,
        "l'employeur et la conseillère en évolution professionnelle",
        "L'accompagnement de l'agente est assuré par Mme Claire Martin, conseillère en évolution professionnelle",
    )
    # The commitments are the profile's own text, which names the adviser's function as the CDG's model does.
    absent_des_deux("cohorte-cdg31.yaml", 0, "le conseiller en évolution professionnelle du CDG31")
