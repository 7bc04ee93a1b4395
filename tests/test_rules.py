"""Cross-checks of a dossier against itself and its CDG profile: errors, then warnings (and `--strict`)."""

from __future__ import annotations

import copy

import pytest
import yaml

from generator.dossier.validation import valider
from generator.profiles import DOSSIER_PROFILS
from tests.conftest import UNE_ERREUR, accepte, ecrire_dossier, ligne_de, refus

PROFIL_CDG33 = (
    "cdg33.yaml, a_verifier : le profil contient des valeurs d'exemple (adresse, siret, representant, "
    "deliberation.numero, ville_signature, dpo_email, tribunal, offre.facturation.delai_paiement_jours, "
    "offre.validite_proposition_jours) ; remplacez-les par les vraies avant tout envoi, puis retirez-les de "
    "« a_verifier »."
)


def individuel_cdg33(dossier: dict) -> dict:
    """The CDG31 fixture turned into a CDG33 individual bilan in the single-agent form."""
    dossier["cdg"] = "cdg33"
    del dossier["session"]["seances"]
    dossier["employeur"] = dossier.pop("employeurs")[0]
    agent = dossier.pop("agents")[0]
    del agent["employeur"]
    agent["heures"] = "35h"
    dossier["agent"] = agent
    return dossier


# Employers and agents


def test_agent_vers_un_employeur_inconnu_suggere_le_plus_proche(tmp_path, dossier):
    dossier["agents"][2]["employeur"] = "castanett"
    fichier = ecrire_dossier(tmp_path, dossier)
    assert refus(fichier) == [
        UNE_ERREUR,
        f"d.yaml, ligne {ligne_de(fichier, 'employeur: castanett')}, agents[3].employeur : l'employeur « castanett » "
        "n'est pas déclaré dans le dossier ; vouliez-vous dire « castanet » ?",
    ]


def test_agent_vers_un_employeur_inconnu_sans_voisin_liste_les_identifiants(tmp_path, dossier):
    dossier["agents"][2]["employeur"] = "toulouse"
    fichier = ecrire_dossier(tmp_path, dossier)
    assert refus(fichier) == [
        UNE_ERREUR,
        f"d.yaml, ligne {ligne_de(fichier, 'employeur: toulouse')}, agents[3].employeur : l'employeur « toulouse » "
        "n'est pas déclaré dans le dossier ; indiquez l'un des identifiants : castanet, muret.",
    ]


def test_agent_sans_employeur_quand_il_y_en_a_plusieurs(tmp_path, dossier):
    del dossier["agents"][2]["employeur"]
    fichier = ecrire_dossier(tmp_path, dossier)
    assert refus(fichier) == [
        UNE_ERREUR,
        f"d.yaml, ligne {ligne_de(fichier, '- civilite: Mme', 2)}, agents[3] : l'employeur de l'agent n'est pas "
        "indiqué ; ajoutez « employeur: » avec l'un des identifiants : castanet, muret.",
    ]


def test_agent_sans_employeur_quand_il_n_y_en_a_qu_un(tmp_path, dossier):
    del dossier["employeurs"][1]
    for agent in dossier["agents"]:
        del agent["employeur"]
    assert accepte(ecrire_dossier(tmp_path, dossier)) == []


def test_identifiants_d_employeur_en_double(tmp_path, dossier):
    dossier["employeurs"].append(copy.deepcopy(dossier["employeurs"][0]))
    fichier = ecrire_dossier(tmp_path, dossier)
    assert refus(fichier) == [
        UNE_ERREUR,
        f"d.yaml, ligne {ligne_de(fichier, '- id: castanet', 2)}, employeurs[3].id : l'identifiant d'employeur "
        f"« castanet » est déjà utilisé ligne {ligne_de(fichier, '- id: castanet')} ; donnez à chaque employeur un "
        "identifiant différent.",
    ]


HOMONYMES = (
    "s'il s'agit de deux personnes, donnez à chacune une clé « id » différente (par exemple « id: 1 » et « id: 2 ») "
    "et ne la changez plus une fois les documents générés ; sinon retirez le doublon."
)


def _homonyme_de_la_premiere(dossier: dict, employeur: str) -> None:
    dossier["agents"][1].update(civilite="Mme", nom="N'Diaye", prenom="Awa", employeur=employeur)


@pytest.mark.parametrize("employeur", ["castanet", "muret"])
def test_deux_agents_de_meme_nom_sans_id(tmp_path, dossier, employeur):
    _homonyme_de_la_premiere(dossier, employeur)
    fichier = ecrire_dossier(tmp_path, dossier)
    assert refus(fichier) == [
        UNE_ERREUR,
        f"d.yaml, ligne {ligne_de(fichier, '- civilite: Mme', 2)}, agents[2] : cet agent aurait le même dossier de "
        f"sortie que « Awa N'Diaye » (agents[1], ligne {ligne_de(fichier, '- civilite: Mme')}) ; {HOMONYMES}",
    ]


def test_deux_agents_de_meme_nom_avec_le_meme_id(tmp_path, dossier):
    _homonyme_de_la_premiere(dossier, "castanet")
    dossier["agents"][0]["id"] = dossier["agents"][1]["id"] = "A"
    fichier = ecrire_dossier(tmp_path, dossier)
    assert refus(fichier) == [
        UNE_ERREUR,
        f"d.yaml, ligne {ligne_de(fichier, 'id: A', 2)}, agents[2].id : cet agent aurait le même dossier de "
        f"sortie que « Awa N'Diaye » (agents[1], ligne {ligne_de(fichier, '- civilite: Mme')}) ; {HOMONYMES}",
    ]


def test_deux_agents_de_meme_nom_avec_des_id_differents(tmp_path, dossier):
    _homonyme_de_la_premiere(dossier, "castanet")
    dossier["agents"][0]["id"], dossier["agents"][1]["id"] = "1", "2"
    assert accepte(ecrire_dossier(tmp_path, dossier)) == []


# Profile


def test_profil_cdg_inconnu_suggere_et_liste_les_profils(tmp_path, dossier):
    dossier["cdg"] = "cdg32"
    assert refus(ecrire_dossier(tmp_path, dossier)) == [
        UNE_ERREUR,
        "d.yaml, ligne 1, cdg : le profil CDG « cdg32 » n'existe pas (vouliez-vous dire « cdg33 » ?) ; "
        "profils connus : cdg31, cdg33, cdg46.",
    ]


def test_profil_cdg_inconnu_sans_voisin(tmp_path, dossier):
    dossier["cdg"] = "gironde"
    assert refus(ecrire_dossier(tmp_path, dossier)) == [
        UNE_ERREUR,
        "d.yaml, ligne 1, cdg : le profil CDG « gironde » n'existe pas ; profils connus : cdg31, cdg33, cdg46.",
    ]


def test_profil_cdg_pris_dans_le_dossier_de_profils_donne(tmp_path, dossier):
    profils = tmp_path / "profils"
    profils.mkdir()
    (profils / "cdg31.yaml").write_bytes((DOSSIER_PROFILS / "cdg31.yaml").read_bytes())
    dossier["cdg"] = "cdg33"
    assert refus(ecrire_dossier(tmp_path, dossier), "--profils", str(profils)) == [
        UNE_ERREUR,
        "d.yaml, ligne 1, cdg : le profil CDG « cdg33 » n'existe pas (vouliez-vous dire « cdg31 » ?) ; "
        "profils connus : cdg31.",
    ]


# List or single forms


@pytest.mark.parametrize(("pluriel", "singulier"), [("agents", "agent"), ("employeurs", "employeur")])
def test_forme_liste_et_forme_simple_ensemble(tmp_path, dossier, pluriel, singulier):
    dossier[singulier] = copy.deepcopy(dossier[pluriel][0])
    fichier = ecrire_dossier(tmp_path, dossier)
    line = fichier.read_text(encoding="utf-8").splitlines().index(f"{singulier}:") + 1
    assert refus(fichier) == [
        UNE_ERREUR,
        f"d.yaml, ligne {line}, {singulier} : « {pluriel} » et « {singulier} » sont "
        f"tous deux présents ; gardez « {pluriel} » (une liste) ou « {singulier} » (un seul), pas les deux.",
    ]


@pytest.mark.parametrize("pluriel", ["agents", "employeurs"])
def test_ni_liste_ni_forme_simple(tmp_path, dossier, pluriel):
    del dossier[pluriel]
    if pluriel == "employeurs":
        for agent in dossier["agents"]:
            del agent["employeur"]
    assert refus(ecrire_dossier(tmp_path, dossier)) == [
        UNE_ERREUR,
        f"d.yaml, ligne 1 : la clé « {pluriel} » manque ; ajoutez « {pluriel}: » avec au moins un élément.",
    ]


def test_forme_simple_employeur_et_agent(tmp_path, dossier):
    fichier = ecrire_dossier(tmp_path, individuel_cdg33(dossier))
    assert accepte(fichier) == [f"Attention : {PROFIL_CDG33}"]
    valide = valider(fichier)
    assert [e.id for e in valide.dossier.liste_employeurs] == ["castanet"]
    assert [a.nom for a in valide.dossier.liste_agents] == ["N'Diaye"]
    assert valide.dossier.agent.heures == 35 * 60


def test_forme_simple_chemins_sans_numero(tmp_path, dossier):
    individuel_cdg33(dossier)
    dossier["agent"]["employeur"] = "pessac"
    dossier["agent"]["categorie"] = "D"
    fichier = ecrire_dossier(tmp_path, dossier)
    assert refus(fichier) == [
        "Le dossier contient 2 erreurs ; rien n'a été écrit.",
        f"d.yaml, ligne {ligne_de(fichier, 'categorie: D')}, agent.categorie : « D » n'est pas une valeur possible ; "
        "choisissez parmi : A, B, C.",
        f"d.yaml, ligne {ligne_de(fichier, 'employeur: pessac')}, agent.employeur : l'employeur « pessac » n'est pas "
        "déclaré dans le dossier ; indiquez l'un des identifiants : castanet.",
    ]


def test_conseiller_requis_quand_le_profil_n_en_a_pas(tmp_path, dossier):
    del dossier["session"]["conseiller"]
    fichier = ecrire_dossier(tmp_path, dossier)
    assert refus(fichier) == [
        UNE_ERREUR,
        f"d.yaml, ligne {ligne_de(fichier, 'session:')}, session : le conseiller de la session n'est pas indiqué et "
        "le profil cdg31 n'en a pas par défaut ; ajoutez « conseiller: » (civilite, prenom, nom, email, telephone) "
        "dans « session ».",
    ]


# Hours billed (hourly tariff) and phases offered


@pytest.mark.parametrize(("valeur", "texte"), [("29h", "29 h"), ("40h30", "40 h 30"), ("4", "4 h")])
def test_heures_hors_des_bornes_du_taux_horaire(tmp_path, dossier, valeur, texte):
    individuel_cdg33(dossier)["agent"]["heures"] = valeur
    fichier = ecrire_dossier(tmp_path, dossier)
    assert refus(fichier) == [
        UNE_ERREUR,
        f"d.yaml, ligne {ligne_de(fichier, 'heures:')}, agent.heures : {texte} est hors de l'offre du CDG33 ; "
        "indiquez entre 30 h et 40 h.",
    ]


@pytest.mark.parametrize(("valeur", "minutes"), [("30h", 1800), ("40h", 2400), ("35", 2100), ("32,5", 1950)])
def test_heures_dans_les_bornes(tmp_path, dossier, valeur, minutes):
    individuel_cdg33(dossier)["agent"]["heures"] = valeur
    assert valider(ecrire_dossier(tmp_path, dossier)).dossier.agent.heures == minutes


def test_heures_avec_un_forfait_par_agent(tmp_path, dossier):
    dossier["agents"][3]["heures"] = "17h"
    fichier = ecrire_dossier(tmp_path, dossier)
    assert refus(fichier) == [
        UNE_ERREUR,
        f"d.yaml, ligne {ligne_de(fichier, 'heures:')}, agents[4].heures : l'offre du CDG31 est un forfait par agent, "
        "sans nombre d'heures ; retirez « heures ».",
    ]


def test_phase_hors_de_l_offre_dans_un_entretien(tmp_path, dossier):
    dossier["agents"][1]["entretiens"][0]["phase"] = "cadrage"
    fichier = ecrire_dossier(tmp_path, dossier)
    assert refus(fichier) == [
        UNE_ERREUR,
        f"d.yaml, ligne {ligne_de(fichier, 'phase: cadrage')}, agents[2].entretiens[1].phase : la phase « cadrage » "
        "ne fait pas partie de l'offre du CDG31 ; choisissez parmi : lancement, analyse, plan_action, conclusion.",
    ]


def test_phase_hors_de_l_offre_dans_une_seance(tmp_path, dossier):
    individuel_cdg33(dossier)
    dossier["session"]["seances"] = [
        {
            "intitule": "Lancement",
            "phase": "lancement",
            "modalite": "entretien_individuel",
            "debut": "2026-03-03T09:30",
            "duree": "2h",
        }
    ]
    fichier = ecrire_dossier(tmp_path, dossier)
    assert refus(fichier) == [
        UNE_ERREUR,
        f"d.yaml, ligne {ligne_de(fichier, 'phase: lancement')}, session.seances[1].phase : la phase « lancement » ne "
        "fait pas partie de l'offre du CDG33 ; choisissez parmi : cadrage, analyse, plan_action, conclusion.",
    ]


def test_erreurs_du_modele_et_du_profil_ensemble(tmp_path, dossier):
    """All errors of a dossier at once: a typo elsewhere must not hide a phase the offer lacks."""
    dossier["agents"][0]["nomm"] = "N'Diaye"
    dossier["agents"][1]["entretiens"][0]["phase"] = "cadrage"
    fichier = ecrire_dossier(tmp_path, dossier)
    assert refus(fichier) == [
        "Le dossier contient 2 erreurs ; rien n'a été écrit.",
        f"d.yaml, ligne {ligne_de(fichier, 'nomm:')}, agents[1].nomm : la clé « nomm » est inconnue ; "
        "vouliez-vous dire « nom » ?",
        f"d.yaml, ligne {ligne_de(fichier, 'phase: cadrage')}, agents[2].entretiens[1].phase : la phase « cadrage » "
        "ne fait pas partie de l'offre du CDG31 ; choisissez parmi : lancement, analyse, plan_action, conclusion.",
    ]


# Warnings


def test_sans_avertissement_que_le_profil(tmp_path, dossier):
    assert accepte(ecrire_dossier(tmp_path, dossier)) == []


@pytest.mark.parametrize(
    ("chemin", "debut", "champ", "pourquoi"),
    [
        (
            ("session", "seances", 0),
            "2026-02-07T09:00",
            "session.seances[1].debut",
            "« Atelier de lancement » tombe un samedi (7 février 2026)",
        ),
        (
            ("agents", 1, "entretiens", 0),
            "2026-03-22T09:00",
            "agents[2].entretiens[1].debut",
            "« Entretien d'analyse » tombe un dimanche (22 mars 2026)",
        ),
        (
            ("agents", 1, "entretiens", 0),
            "2026-04-06T09:00",
            "agents[2].entretiens[1].debut",
            "« Entretien d'analyse » tombe un jour férié (lundi de Pâques, 6 avril 2026)",
        ),
        (
            ("agents", 1, "entretiens", 1),
            "2026-05-01T09:00",
            "agents[2].entretiens[2].debut",
            "« Entretien de conclusion » tombe un jour férié (fête du Travail, 1er mai 2026)",
        ),
        (
            ("agents", 1, "entretiens", 1),
            "2026-07-14T09:00",
            "agents[2].entretiens[2].debut",
            "« Entretien de conclusion » tombe un jour férié (fête nationale, 14 juillet 2026)",
        ),
    ],
    ids=["samedi", "dimanche", "lundi-de-paques", "1er-mai", "14-juillet"],
)
def test_jour_non_ouvre(tmp_path, dossier, chemin, debut, champ, pourquoi):
    target = dossier
    for part in chemin:
        target = target[part]
    target["debut"] = debut
    fichier = ecrire_dossier(tmp_path, dossier)
    assert accepte(fichier) == [
        f"Attention : d.yaml, ligne {ligne_de(fichier, f'debut: {debut}')}, {champ} : {pourquoi} ; vérifiez la date.",
    ]


def _agents_repetes(agents: list[dict], nombre: int) -> list[dict]:
    """`nombre` agents copied from `agents` in turn, each with its own id (homonyms need one)."""
    return [{**copy.deepcopy(agents[i % len(agents)]), "id": str(i)} for i in range(nombre)]


@pytest.mark.parametrize("nombre", [5, 11])
def test_taille_du_groupe_hors_des_bornes(tmp_path, dossier, nombre):
    dossier["agents"] = _agents_repetes(dossier["agents"], nombre)
    fichier = ecrire_dossier(tmp_path, dossier)
    assert accepte(fichier) == [
        f"Attention : d.yaml, ligne {ligne_de(fichier, 'agents:')}, agents : la session compte {nombre} agents, "
        "alors que l'offre du CDG31 prévoit entre 6 et 10 agents ; vérifiez la composition du groupe.",
    ]


@pytest.mark.parametrize("nombre", [6, 10])
def test_taille_du_groupe_aux_bornes(tmp_path, dossier, nombre):
    dossier["agents"] = _agents_repetes(dossier["agents"], nombre)
    assert accepte(ecrire_dossier(tmp_path, dossier)) == []


def test_deux_agents_pour_une_offre_individuelle(tmp_path, dossier):
    agent = individuel_cdg33(dossier).pop("agent")
    dossier["agents"] = _agents_repetes([agent], 2)
    fichier = ecrire_dossier(tmp_path, dossier)
    assert accepte(fichier) == [
        f"Attention : d.yaml, ligne {ligne_de(fichier, 'agents:')}, agents : la session compte 2 agents, "
        "alors que l'offre du CDG33 prévoit 1 agent ; vérifiez la composition du groupe.",
        f"Attention : {PROFIL_CDG33}",
    ]


def test_heures_qui_ne_font_pas_le_total_de_l_offre(tmp_path, dossier):
    dossier["agents"][1]["entretiens"][1]["duree"] = "3h"
    fichier = ecrire_dossier(tmp_path, dossier)
    assert accepte(fichier) == [
        f"Attention : d.yaml, ligne {ligne_de(fichier, '- civilite: M.')}, agents[2] : les séances et entretiens de "
        "Lucas Garcia totalisent 18 h, alors que l'offre du CDG31 en prévoit 17 h (hors travail personnel) ; "
        "vérifiez les durées.",
    ]


def test_heures_atelier_change_le_total_de_chaque_agent(tmp_path, dossier):
    dossier["session"]["seances"][3]["duree"] = "1h30"
    lines = accepte(ecrire_dossier(tmp_path, dossier))
    assert len(lines) == 6
    assert all("totalisent 16 h 30, alors que l'offre du CDG31 en prévoit 17 h" in line for line in lines[:6])


@pytest.mark.parametrize("duree", ["1h", "6h"])
def test_travail_personnel_hors_du_total(tmp_path, dossier, duree):
    dossier["session"]["seances"][1]["duree"] = duree
    assert accepte(ecrire_dossier(tmp_path, dossier)) == []


def test_consentement_manquant(tmp_path, dossier):
    del dossier["agents"][1]["consentement"]
    fichier = ecrire_dossier(tmp_path, dossier)
    assert accepte(fichier) == [
        f"Attention : d.yaml, ligne {ligne_de(fichier, '- civilite: M.')}, agents[2] : la date de consentement de "
        "Lucas Garcia n'est pas indiquée ; ajoutez « consentement: » avec la date de son recueil.",
    ]


def test_consentement_apres_la_premiere_seance(tmp_path, dossier):
    dossier["agents"][1]["consentement"] = "04/02/2026"
    fichier = ecrire_dossier(tmp_path, dossier)
    assert accepte(fichier) == [
        f"Attention : d.yaml, ligne {ligne_de(fichier, 'consentement: 04/02/2026')}, agents[2].consentement : le "
        "consentement de Lucas Garcia (4 février 2026) est postérieur à la première séance (3 février 2026) ; "
        "vérifiez la date de consentement.",
    ]


def test_consentement_le_jour_de_la_premiere_seance(tmp_path, dossier):
    dossier["agents"][1]["consentement"] = "2026-02-03"
    assert accepte(ecrire_dossier(tmp_path, dossier)) == []


def test_entretien_de_conclusion_avant_l_entretien_d_analyse(tmp_path, dossier):
    dossier["agents"][1]["entretiens"][0]["debut"] = "2026-05-26T09:00"
    fichier = ecrire_dossier(tmp_path, dossier)
    assert accepte(fichier) == [
        f"Attention : d.yaml, ligne {ligne_de(fichier, 'phase: analyse', 5)}, agents[2].entretiens[1].phase : "
        "« Entretien d'analyse » (analyse) a lieu après « Entretien de conclusion » (conclusion), une phase plus "
        "avancée ; vérifiez l'ordre des entretiens.",
    ]


def test_entretien_avant_un_atelier_d_une_phase_anterieure(tmp_path, dossier):
    dossier["agents"][1]["entretiens"][1]["debut"] = "2026-03-10T09:00"
    fichier = ecrire_dossier(tmp_path, dossier)
    assert accepte(fichier) == [
        f"Attention : d.yaml, ligne {ligne_de(fichier, 'phase: conclusion', 2)}, agents[2].entretiens[2].phase : "
        "« Atelier pitch » (analyse) a lieu après « Entretien de conclusion » (conclusion), une phase plus avancée ; "
        "vérifiez l'ordre des entretiens.",
    ]


def test_date_d_envoi_apres_le_premier_rendez_vous(tmp_path, dossier):
    dossier["session"]["date_envoi"] = "2026-02-10"
    fichier = ecrire_dossier(tmp_path, dossier)
    assert accepte(fichier) == [
        f"Attention : d.yaml, ligne {ligne_de(fichier, 'date_envoi:')}, session.date_envoi : la date d'envoi "
        "(10 février 2026) est postérieure au premier rendez-vous (3 février 2026) ; vérifiez la date d'envoi.",
    ]


@pytest.mark.parametrize(
    ("modifier", "attendu"),
    [
        (
            lambda d: d["agents"][0]["entretiens"][1].update(duree="3h"),
            "les séances et entretiens d'Awa N'Diaye totalisent 18 h",
        ),
        (
            lambda d: d["agents"][2].pop("consentement"),
            "la date de consentement d'Élodie Lefèvre n'est pas indiquée",
        ),
    ],
    ids=["heures", "consentement"],
)
def test_elision_devant_un_prenom_a_voyelle(tmp_path, dossier, modifier, attendu):
    modifier(dossier)
    lines = accepte(ecrire_dossier(tmp_path, dossier))
    assert len(lines) == 1
    assert attendu in lines[0]


# --strict


def test_strict_fait_des_avertissements_des_erreurs(tmp_path, dossier):
    dossier["session"]["seances"][0]["debut"] = "2026-02-07T09:00"
    fichier = ecrire_dossier(tmp_path, dossier)
    assert refus(fichier, "--strict") == [
        "Le dossier contient 1 erreur (mode --strict : les avertissements comptent comme des erreurs) ; "
        "rien n'a été écrit.",
        f"d.yaml, ligne {ligne_de(fichier, 'debut: 2026-02-07T09:00')}, session.seances[1].debut : "
        "« Atelier de lancement » tombe un samedi (7 février 2026) ; vérifiez la date.",
    ]


def _profils_sans_valeurs_d_exemple(tmp_path):
    profils = tmp_path / "profils"
    profils.mkdir()
    for source in DOSSIER_PROFILS.glob("*.yaml"):
        data = yaml.safe_load(source.read_text(encoding="utf-8"))
        data.pop("a_verifier", None)
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
        (profils / source.name).write_text(text, encoding="utf-8")
    return str(profils)


def test_strict_sans_avertissement_passe(tmp_path, dossier):
    profils = _profils_sans_valeurs_d_exemple(tmp_path)
    assert accepte(ecrire_dossier(tmp_path, dossier), "--strict", "--profils", profils) == []


def test_strict_avec_un_seul_avertissement(tmp_path, dossier):
    profils = _profils_sans_valeurs_d_exemple(tmp_path)
    del dossier["agents"][5]
    fichier = ecrire_dossier(tmp_path, dossier)
    assert refus(fichier, "--strict", "--profils", profils) == [
        "Le dossier contient 1 erreur (mode --strict : les avertissements comptent comme des erreurs) ; "
        "rien n'a été écrit.",
        f"d.yaml, ligne {ligne_de(fichier, 'agents:')}, agents : la session compte 5 agents, alors que l'offre du "
        "CDG31 prévoit entre 6 et 10 agents ; vérifiez la composition du groupe.",
    ]


def test_agent_sans_aucun_rendez_vous_date(tmp_path, dossier):
    individuel = individuel_cdg33(dossier)
    individuel["agent"]["entretiens"] = []
    fichier = ecrire_dossier(tmp_path, individuel)
    assert accepte(fichier) == [
        f"Attention : d.yaml, ligne {ligne_de(fichier, 'agent:')}, agent : aucun rendez-vous daté pour Awa N'Diaye "
        "(ni séance collective ni entretien) : son courrier et son calendrier seraient vides ; ajoutez ses "
        "« entretiens » ou les « seances » de la session, avec leur date.",
        f"Attention : {PROFIL_CDG33}",
    ]
