"""Validation against the typed model: keys, types, dates, durations, vocabularies, SIRET, e-mail."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from generator.dossier.validation import valider
from tests.conftest import UNE_ERREUR, ecrire_dossier, ligne_de, refus


def premiere_erreur(tmp_path, data) -> tuple[str, object]:
    """Write `data`, expect exactly one error; return it and the file (for line look-ups)."""
    fichier = ecrire_dossier(tmp_path, data)
    lines = refus(fichier)
    assert lines[0] == UNE_ERREUR, lines
    assert len(lines) == 2, lines
    return lines[1], fichier


# Keys


def test_cle_mal_orthographiee_suggere_la_bonne(tmp_path, dossier):
    agent = dossier["agents"][0]
    agent["nomm"] = agent.pop("nom")
    erreur, fichier = premiere_erreur(tmp_path, dossier)
    assert erreur == (
        f"d.yaml, ligne {ligne_de(fichier, 'nomm:')}, agents[1].nomm : la clé « nomm » est inconnue ; "
        "vouliez-vous dire « nom » ?"
    )


def test_cle_en_trop_et_cle_manquante_sans_rapport(tmp_path, dossier):
    agent = dossier["agents"][0]
    agent["remarque"] = agent.pop("fonction")
    fichier = ecrire_dossier(tmp_path, dossier)
    assert refus(fichier) == [
        "Le dossier contient 2 erreurs ; rien n'a été écrit.",
        f"d.yaml, ligne {ligne_de(fichier, '- civilite: Mme')}, agents[1].fonction : la clé « fonction » manque ; "
        "ajoutez « fonction: … ».",
        f"d.yaml, ligne {ligne_de(fichier, 'remarque:')}, agents[1].remarque : la clé « remarque » est inconnue ; "
        "retirez-la ou corrigez-la ; clés possibles ici : civilite, prenom, nom, employeur, id, fonction, categorie, "
        "statut, date_prise_fonction, consentement, rqth, entretiens, heures, visio_tripartite, email, "
        "heures_realisees, interruption, remobilisation, synthese_employeur.",
    ]


def test_cle_inconnue_au_premier_niveau(tmp_path, dossier):
    dossier["cdgg"] = "cdg31"
    erreur, fichier = premiere_erreur(tmp_path, dossier)
    assert erreur == (
        f"d.yaml, ligne {ligne_de(fichier, 'cdgg:')}, cdgg : la clé « cdgg » est inconnue ; vouliez-vous dire « cdg » ?"
    )


def test_cle_inconnue_sans_voisine_liste_les_cles_possibles(tmp_path, dossier):
    dossier["session"]["remarque"] = "salle 2"
    erreur, fichier = premiere_erreur(tmp_path, dossier)
    assert erreur == (
        f"d.yaml, ligne {ligne_de(fichier, 'remarque:')}, session.remarque : la clé « remarque » est inconnue ; "
        "retirez-la ou corrigez-la ; clés possibles ici : reference, intitule, date_envoi, lieu, conseiller, seances."
    )


def test_cle_inconnue_dans_une_seance(tmp_path, dossier):
    dossier["session"]["seances"][2]["modalité"] = "atelier_collectif"
    erreur, fichier = premiere_erreur(tmp_path, dossier)
    assert erreur == (
        f"d.yaml, ligne {ligne_de(fichier, 'modalité:')}, session.seances[3].modalité : la clé « modalité » est "
        "inconnue ; vouliez-vous dire « modalite » ?"
    )


def test_cle_manquante(tmp_path, dossier):
    del dossier["agents"][1]["fonction"]
    erreur, fichier = premiere_erreur(tmp_path, dossier)
    assert erreur == (
        f"d.yaml, ligne {ligne_de(fichier, '- civilite: M.')}, agents[2].fonction : la clé « fonction » manque ; "
        "ajoutez « fonction: … »."
    )


def test_section_manquante(tmp_path, dossier):
    del dossier["session"]
    erreur, _ = premiere_erreur(tmp_path, dossier)
    assert erreur == "d.yaml, ligne 1, session : la clé « session » manque ; ajoutez « session: … »."


# Types


@pytest.mark.parametrize(
    ("valeur", "message"),
    [
        ("beaucoup", "« beaucoup » n'est pas un nombre entier ; écrivez un nombre, par exemple 12"),
        (-3, "le nombre « -3 » est négatif ; indiquez un nombre positif ou nul"),
        (None, "la valeur est vide ; indiquez une valeur après les deux-points"),
    ],
    ids=["texte", "negatif", "vide"],
)
def test_nombre_entier_attendu(tmp_path, dossier, valeur, message):
    dossier["employeurs"][1]["effectif_fonctionnaires"] = valeur
    erreur, fichier = premiere_erreur(tmp_path, dossier)
    line = ligne_de(fichier, "effectif_fonctionnaires:", 2)
    assert erreur == f"d.yaml, ligne {line}, employeurs[2].effectif_fonctionnaires : {message}."


def test_liste_attendue(tmp_path, dossier):
    dossier["session"]["seances"] = "aucune"
    erreur, fichier = premiere_erreur(tmp_path, dossier)
    assert erreur == (
        f"d.yaml, ligne {ligne_de(fichier, 'seances:')}, session.seances : une liste est attendue ici ; "
        "écrivez chaque élément sur sa propre ligne, précédé de « - »."
    )


def test_sous_cles_attendues(tmp_path, dossier):
    dossier["session"]["conseiller"] = "Mme Claire Martin"
    erreur, fichier = premiere_erreur(tmp_path, dossier)
    assert erreur == (
        f"d.yaml, ligne {ligne_de(fichier, 'conseiller:')}, session.conseiller : des sous-clés sont attendues ici ; "
        "écrivez les sous-clés en dessous, en retrait (voir les exemples)."
    )


def test_valeur_simple_attendue(tmp_path, dossier):
    dossier["agents"][0]["fonction"] = ["Agente d'accueil", "Agente d'entretien"]
    erreur, fichier = premiere_erreur(tmp_path, dossier)
    assert erreur == (
        f"d.yaml, ligne {ligne_de(fichier, 'fonction:')}, agents[1].fonction : une valeur simple est attendue ici, "
        "pas une liste ni des sous-clés ; écrivez la valeur sur la même ligne que la clé."
    )


@pytest.mark.parametrize("valeur", [None, "", "   "], ids=["rien", "guillemets", "espaces"])
def test_texte_vide(tmp_path, dossier, valeur):
    dossier["agents"][0]["fonction"] = valeur
    erreur, fichier = premiere_erreur(tmp_path, dossier)
    assert erreur == (
        f"d.yaml, ligne {ligne_de(fichier, 'fonction:')}, agents[1].fonction : la valeur est vide ; "
        "indiquez une valeur après les deux-points."
    )


def test_liste_d_agents_vide(tmp_path, dossier):
    dossier["agents"] = []
    erreur, fichier = premiere_erreur(tmp_path, dossier)
    assert erreur == (
        f"d.yaml, ligne {ligne_de(fichier, 'agents:')}, agents : la liste est vide ; "
        "ajoutez au moins un élément, précédé de « - »."
    )


def test_oui_non(tmp_path, dossier):
    dossier["agents"][0]["rqth"] = "peut-être"
    erreur, fichier = premiere_erreur(tmp_path, dossier)
    assert erreur == (
        f"d.yaml, ligne {ligne_de(fichier, 'rqth:')}, agents[1].rqth : « peut-être » n'est ni oui ni non ; "
        "écrivez true (oui) ou false (non)."
    )


@pytest.mark.parametrize(("valeur", "attendu"), [("oui", True), ("Non", False), ("true", True), ("no", False)])
def test_oui_non_acceptes(tmp_path, dossier, valeur, attendu):
    dossier["agents"][0]["rqth"] = valeur
    assert valider(ecrire_dossier(tmp_path, dossier)).dossier.agents[0].rqth is attendu


# Dates


@pytest.mark.parametrize(
    ("valeur", "message"),
    [
        ("31/02/2026", "la date « 31/02/2026 » n'existe pas (février 2026 n'a que 28 jours) ; corrigez le jour"),
        ("2026-02-29", "la date « 2026-02-29 » n'existe pas (février 2026 n'a que 28 jours) ; corrigez le jour"),
        ("31/04/2026", "la date « 31/04/2026 » n'existe pas (avril 2026 n'a que 30 jours) ; corrigez le jour"),
        ("2026-13-01", "la date « 2026-13-01 » n'existe pas (il n'y a pas de mois 13) ; corrigez le mois"),
        ("hier", "« hier » n'est pas une date ; écrivez-la 2026-02-03 ou 03/02/2026"),
        ("2026-02-03T09:00", "« 2026-02-03T09:00 » n'est pas une date ; écrivez-la 2026-02-03 ou 03/02/2026"),
    ],
)
def test_date_refusee(tmp_path, dossier, valeur, message):
    dossier["agents"][0]["date_prise_fonction"] = valeur
    erreur, fichier = premiere_erreur(tmp_path, dossier)
    line = ligne_de(fichier, "date_prise_fonction:")
    assert erreur == f"d.yaml, ligne {line}, agents[1].date_prise_fonction : {message}."


@pytest.mark.parametrize("valeur", ["2028-02-29", "29/02/2028", "2028-2-29", "29/2/2028"])
def test_date_acceptee_dans_les_deux_formats(tmp_path, dossier, valeur):
    dossier["agents"][0]["date_prise_fonction"] = valeur
    assert valider(ecrire_dossier(tmp_path, dossier)).dossier.agents[0].date_prise_fonction == date(2028, 2, 29)


@pytest.mark.parametrize(
    "valeur", ["2026-02-03T09:00", "2026-02-03 09:00", "03/02/2026 09:00", "03/02/2026 9h00", "2026-02-03T9h"]
)
def test_date_et_heure_acceptees(tmp_path, dossier, valeur):
    dossier["session"]["seances"][0]["debut"] = valeur
    seance = valider(ecrire_dossier(tmp_path, dossier)).dossier.session.seances[0]
    assert seance.debut == datetime(2026, 2, 3, 9, 0)


@pytest.mark.parametrize(
    ("valeur", "message"),
    [
        (
            "2026-02-03",
            "« 2026-02-03 » n'est pas une date avec une heure ; écrivez-la 2026-02-03T09:00 ou 03/02/2026 09:00",
        ),
        ("2026-02-03T25:00", "l'heure de « 2026-02-03T25:00 » n'existe pas ; indiquez une heure entre 00:00 et 23:59"),
        (
            "30/02/2026 09:00",
            "la date « 30/02/2026 » n'existe pas (février 2026 n'a que 28 jours) ; corrigez le jour",
        ),
    ],
)
def test_date_et_heure_refusees(tmp_path, dossier, valeur, message):
    dossier["session"]["seances"][0]["debut"] = valeur
    erreur, fichier = premiere_erreur(tmp_path, dossier)
    line = ligne_de(fichier, "debut:")
    assert erreur == f"d.yaml, ligne {line}, session.seances[1].debut : {message}."


# Durations


@pytest.mark.parametrize(
    ("valeur", "minutes"),
    [("4h", 240), ("2h30", 150), ("2 h 30", 150), ("2H05", 125), ("1.5", 90), ("1,5", 90), ("3", 180), (2, 120)],
)
def test_duree_acceptee(tmp_path, dossier, valeur, minutes):
    dossier["session"]["seances"][1]["duree"] = valeur  # personal work: no effect on the 17 h check
    valide = valider(ecrire_dossier(tmp_path, dossier))
    assert valide.dossier.session.seances[1].duree == minutes
    assert valide.avertissements == []


@pytest.mark.parametrize(
    ("valeur", "message"),
    [
        ("0", "la durée « 0 » est nulle ; indiquez une durée positive, par exemple 2h"),
        ("0h", "la durée « 0h » est nulle ; indiquez une durée positive, par exemple 2h"),
        ("-2h", "« -2h » n'est pas une durée positive ; écrivez-la 4h, 2h30 ou 1.5 (en heures)"),
        ("-1.5", "« -1.5 » n'est pas une durée positive ; écrivez-la 4h, 2h30 ou 1.5 (en heures)"),
        ("abc", "« abc » n'est pas une durée ; écrivez-la 4h, 2h30 ou 1.5 (en heures)"),
        ("2h75", "la durée « 2h75 » a plus de 59 minutes ; écrivez par exemple 2h30"),
        ("1.33", "la durée « 1.33 » ne tombe pas sur une minute entière ; écrivez par exemple 2h30"),
    ],
)
def test_duree_refusee(tmp_path, dossier, valeur, message):
    dossier["session"]["seances"][1]["duree"] = valeur
    erreur, fichier = premiere_erreur(tmp_path, dossier)
    line = ligne_de(fichier, "duree:", 2)
    assert erreur == f"d.yaml, ligne {line}, session.seances[2].duree : {message}."


# Vocabularies


@pytest.mark.parametrize("valeur", ["non_affilie", "Non affilié", "NON-AFFILIÉ", "non affilie", " Non  Affilie "])
def test_vocabulaire_sans_casse_ni_accents_ni_espaces(tmp_path, dossier, valeur):
    dossier["employeurs"][0]["statut"] = valeur
    assert valider(ecrire_dossier(tmp_path, dossier)).dossier.employeurs[0].statut == "non_affilie"


@pytest.mark.parametrize(
    ("chemin", "valeur", "attendu"),
    [
        (("employeurs", 1, "statut"), "Adhérent", "adherent"),
        (("session", "seances", 4, "phase"), "Plan d'action", "plan_action"),
        (("session", "seances", 0, "modalite"), "Atelier collectif", "atelier_collectif"),
        (("agents", 0, "categorie"), "b", "B"),
        (("agents", 0, "statut"), "CONTRACTUEL", "contractuel"),
        (("agents", 0, "civilite"), "Madame", "Mme"),
        (("agents", 1, "civilite"), "monsieur", "M."),
    ],
)
def test_vocabulaires_acceptes(tmp_path, dossier, chemin, valeur, attendu):
    *parents, key = chemin
    target = dossier
    for part in parents:
        target = target[part]
    target[key] = valeur
    valide = valider(ecrire_dossier(tmp_path, dossier)).dossier.model_dump()
    for part in chemin:
        valide = valide[part]
    assert valide == attendu


@pytest.mark.parametrize(
    ("chemin", "valeur", "message"),
    [
        (
            ("employeurs", 0, "statut"),
            "affilé",
            "employeurs[1].statut : « affilé » n'est pas une valeur possible (vouliez-vous dire « affilie » ?) ; "
            "choisissez parmi : affilie, adherent, non_affilie",
        ),
        (
            ("employeurs", 0, "statut"),
            "privé",
            "employeurs[1].statut : « privé » n'est pas une valeur possible ; "
            "choisissez parmi : affilie, adherent, non_affilie",
        ),
        (
            ("agents", 0, "categorie"),
            "D",
            "agents[1].categorie : « D » n'est pas une valeur possible ; choisissez parmi : A, B, C",
        ),
        (
            ("agents", 0, "civilite"),
            "Mlle",
            "agents[1].civilite : « Mlle » n'est pas une valeur possible ; choisissez parmi : M., Mme",
        ),
        (
            ("session", "seances", 0, "phase"),
            "lancment",
            "session.seances[1].phase : « lancment » n'est pas une valeur possible (vouliez-vous dire « lancement » ?)"
            " ; choisissez parmi : cadrage, lancement, analyse, plan_action, conclusion",
        ),
        (
            ("session", "seances", 0, "modalite"),
            "présentiel",
            "session.seances[1].modalite : « présentiel » n'est pas une valeur possible ; choisissez parmi : "
            "atelier_collectif, atelier_visio, travail_personnel, entretien_individuel, entretien_tripartite, "
            "entretien_visio",
        ),
    ],
)
def test_vocabulaire_refuse_avec_la_liste(tmp_path, dossier, chemin, valeur, message):
    *parents, key = chemin
    target = dossier
    for part in parents:
        target = target[part]
    target[key] = valeur
    erreur, fichier = premiere_erreur(tmp_path, dossier)
    assert erreur == f"d.yaml, ligne {ligne_de(fichier, f'{key}: {valeur}')}, {message}."


# SIRET and e-mail


@pytest.mark.parametrize(
    ("valeur", "message"),
    [
        (
            "2131011320001",
            "le SIRET « 2131011320001 » a 13 chiffres au lieu de 14 ; "
            "recopiez-le depuis l'avis de situation SIRENE ou annuaire-entreprises.data.gouv.fr",
        ),
        (
            "213101132000160",
            "le SIRET « 213101132000160 » a 15 chiffres au lieu de 14 ; "
            "recopiez-le depuis l'avis de situation SIRENE ou annuaire-entreprises.data.gouv.fr",
        ),
        (
            "2131011320001A",
            "le SIRET « 2131011320001A » ne doit contenir que des chiffres ; retirez lettres et signes",
        ),
        (
            "21310113200017",
            "le SIRET « 21310113200017 » n'est pas valide (clé de contrôle fausse, sans doute une faute de frappe) ; "
            "vérifiez chaque chiffre sur l'avis de situation SIRENE",
        ),
    ],
    ids=["court", "long", "lettre", "cle"],
)
def test_siret_refuse(tmp_path, dossier, valeur, message):
    dossier["employeurs"][0]["siret"] = valeur
    erreur, fichier = premiere_erreur(tmp_path, dossier)
    assert erreur == f"d.yaml, ligne {ligne_de(fichier, 'siret:')}, employeurs[1].siret : {message}."


@pytest.mark.parametrize("valeur", ["21310113200016", "213 101 132 00016"])
def test_siret_valide(tmp_path, dossier, valeur):
    dossier["employeurs"][0]["siret"] = valeur
    assert valider(ecrire_dossier(tmp_path, dossier)).dossier.employeurs[0].siret == "21310113200016"


@pytest.mark.parametrize("valeur", ["c.martin@", "c.martin.cdg31.fr", "c martin@cdg31.fr"])
def test_email_refuse(tmp_path, dossier, valeur):
    dossier["session"]["conseiller"]["email"] = valeur
    erreur, fichier = premiere_erreur(tmp_path, dossier)
    assert erreur == (
        f"d.yaml, ligne {ligne_de(fichier, 'email:')}, session.conseiller.email : « {valeur} » n'est pas une "
        "adresse électronique ; écrivez-la nom@domaine.fr."
    )


def test_email_valide(tmp_path, dossier):
    dossier["agents"][0]["email"] = "awa.ndiaye@castanet-tolosan.fr"
    valide = valider(ecrire_dossier(tmp_path, dossier))
    assert valide.dossier.agents[0].email == "awa.ndiaye@castanet-tolosan.fr"


# Sessions and interviews


def test_travail_personnel_sans_date(tmp_path, dossier):
    dossier["session"]["seances"][1]["debut"] = "2026-02-10T09:00"
    erreur, fichier = premiere_erreur(tmp_path, dossier)
    assert erreur == (
        f"d.yaml, ligne {ligne_de(fichier, '- intitule: Travail personnel')}, session.seances[2] : le travail "
        "personnel n'a pas de date de début ; retirez « debut » de cette séance."
    )


def test_atelier_sans_date(tmp_path, dossier):
    del dossier["session"]["seances"][0]["debut"]
    erreur, fichier = premiere_erreur(tmp_path, dossier)
    assert erreur == (
        f"d.yaml, ligne {ligne_de(fichier, '- intitule: Atelier de lancement')}, session.seances[1] : la date et "
        "l'heure de début de la séance manquent ; ajoutez par exemple « debut: 2026-02-03T09:00 »."
    )


def test_entretien_qui_serait_du_travail_personnel(tmp_path, dossier):
    dossier["agents"][0]["entretiens"][0]["modalite"] = "travail_personnel"
    erreur, fichier = premiere_erreur(tmp_path, dossier)
    assert erreur == (
        f"d.yaml, ligne {ligne_de(fichier, 'modalite: travail_personnel', 2)}, agents[1].entretiens[1].modalite : "
        "un entretien ne peut pas être du travail personnel ; décrivez le travail personnel dans « session.seances »."
    )


def test_entretien_individuel_par_defaut(tmp_path, dossier):
    valide = valider(ecrire_dossier(tmp_path, dossier))
    assert {e.modalite for a in valide.dossier.agents for e in a.entretiens} == {"entretien_individuel"}


# All errors at once


def test_toutes_les_erreurs_ensemble_dans_l_ordre_du_fichier(tmp_path, dossier):
    dossier["agents"][0]["employeur"] = "castanett"
    dossier["employeurs"][1]["siret"] = "123"
    dossier["session"]["date_envoi"] = "31/02/2026"
    dossier["agents"][4]["categorie"] = "D"
    fichier = ecrire_dossier(tmp_path, dossier)
    assert refus(fichier) == [
        "Le dossier contient 4 erreurs ; rien n'a été écrit.",
        f"d.yaml, ligne {ligne_de(fichier, 'date_envoi:')}, session.date_envoi : la date « 31/02/2026 » n'existe pas "
        "(février 2026 n'a que 28 jours) ; corrigez le jour.",
        f"d.yaml, ligne {ligne_de(fichier, 'siret:', 2)}, employeurs[2].siret : le SIRET « 123 » a 3 chiffres au lieu "
        "de 14 ; recopiez-le depuis l'avis de situation SIRENE ou annuaire-entreprises.data.gouv.fr.",
        f"d.yaml, ligne {ligne_de(fichier, 'employeur: castanett')}, agents[1].employeur : l'employeur « castanett » "
        "n'est pas déclaré dans le dossier ; vouliez-vous dire « castanet » ?",
        f"d.yaml, ligne {ligne_de(fichier, 'categorie: D')}, agents[5].categorie : « D » n'est pas une valeur "
        "possible ; choisissez parmi : A, B, C.",
    ]
