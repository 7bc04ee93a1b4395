"""Each CDG's facts from its own texts: its framing phase, its employer summary rule, its document titles."""

from __future__ import annotations

import pytest

from generator.dossier.validation import valider
from generator.render.context import conseiller
from generator.render.filters import accorder
from tests.conftest import dossier_cdg31, ecrire_dossier, ligne_de, profils_modifies, refus
from tests.documents_outils import EXEMPLES, exemple, normaliser, textes


def test_cdg33_tripartite_meeting_is_its_framing_phase():
    valide = exemple("individuel-cdg33.yaml")
    assert valide.profil.offre.phases[0].phase == "cadrage"
    for text in textes("individuel-cdg33.yaml", "convention"):
        assert (
            "Phase de cadrage Réunion tripartite d'information et de diagnostic (collectivité, agent et Centre de "
            "gestion) Convention tripartite, puis début de l'accompagnement Entretien tripartite de 1 h, "
            "mardi 17 février 2026 à 10 h 00" in text
        )


@pytest.mark.parametrize("nom", ["cohorte-cdg31.yaml", "individuel-cdg33.yaml", "individuel-cdg46.yaml"])
def test_the_employer_summary_rule_is_the_same_in_every_document(nom):
    valide = exemple(nom)
    agent, adviser = valide.dossier.liste_agents[0], conseiller(valide.dossier, valide.profil)
    rule = normaliser(accorder(valide.profil.offre.synthese_employeur, agent, adviser))
    for document in ("convention", "courrier_information", "engagement", "synthese"):
        for text in textes(nom, document):
            assert rule in text, (nom, document)
            assert "y compris à l'employeur, qu'avec son accord" not in text, (nom, document)


def test_cdg33_employer_receives_a_synthesis_and_cdg46_only_with_agreement():
    cdg33 = textes("individuel-cdg33.yaml", "synthese")[0]
    assert "la collectivité est destinataire d'une synthèse de ce bilan" in cdg33
    cdg46 = textes("individuel-cdg46.yaml", "synthese")[0]
    assert "qu'avec l'accord de l'agent" in cdg46 and "destinataire d'une synthèse" not in cdg46


def test_a_profile_title_names_a_known_document(tmp_path):
    profiles = profils_modifies(
        tmp_path, lambda data: data.update(titres={"proposition": "Proposition d'intervention"})
    )
    lines = refus(ecrire_dossier(tmp_path, dossier_cdg31()), "--profils", str(profiles))
    assert lines[1] == (
        f"cdg31.yaml, ligne {ligne_de(profiles / 'cdg31.yaml', 'titres:')}, "
        "titres : « proposition » n'est pas un document connu ; choisissez parmi : convention, "
        "proposition_financiere, courrier_information, synthese, engagement, calendrier, "
        "information_referent_handicap, deliberation, synthese_employeur, justificatif_facturation."
    )


def test_the_example_validates_with_its_framing_meeting():
    assert valider(EXEMPLES / "individuel-cdg33.yaml").dossier.agent.entretiens[0].phase == "cadrage"


def test_a_profile_phase_gives_objectives_or_steps_not_both(tmp_path):
    profiles = profils_modifies(tmp_path, lambda data: data["offre"]["phases"][0].update(objectifs=["Un objectif"]))
    lines = refus(ecrire_dossier(tmp_path, dossier_cdg31()), "--profils", str(profiles))
    assert lines[1] == (
        f"cdg31.yaml, ligne {ligne_de(profiles / 'cdg31.yaml', '- etapes:')}, offre.phases[1] : une phase donne "
        "soit ses « objectifs », soit ses « etapes » ; gardez l'une des deux listes, non vide."
    )


def test_only_cdg31_names_its_investigation_tools_its_insurance_and_the_employer_s_headcount():
    for text in textes("cohorte-cdg31.yaml", "convention"):
        assert (
            "peut notamment utiliser : des questionnaires d'intérêts professionnels ; des tests d'orientation "
            "professionnelle." in text
        )
        assert "Le CDG31 est assuré en responsabilité civile pour l'ensemble de ses missions." in text
        assert "Effectif déclaré de fonctionnaires (titulaires et stagiaires) :" in text
    for nom in ("individuel-cdg33.yaml", "individuel-cdg46.yaml"):
        for text in textes(nom, "convention"):
            assert "peut notamment utiliser" not in text, nom
            assert "tests d'orientation" not in text, nom
            assert "responsabilité civile" not in text, nom
            assert "Effectif déclaré" not in text, nom
