"""Bounds of what a dossier may hold: lengths, characters, dates, durations, numbers, shapes, files, output."""

from __future__ import annotations

import copy
import os
from pathlib import Path

import pytest
import yaml

from generator.dossier.validation import valider
from generator.output import ErreurEcriture, refuser_liens_sortants
from generator.produce import Options, produce
from tests.conftest import UNE_ERREUR, accepte, dossier_cdg31, ecrire_dossier, lancer, ligne_de, refus
from tests.test_validation import premiere_erreur

FENETRE = "est hors de la période acceptée, du 1er janvier 2000 au 31 décembre 2099 ; vérifiez l'année."


def _remplacer(tmp_path: Path, avant: str, apres: str) -> Path:
    """The test dossier as YAML text with `avant` (once) replaced by `apres`: for escapes and raw YAML."""
    text = yaml.safe_dump(dossier_cdg31(), allow_unicode=True, sort_keys=False)
    assert avant in text
    fichier = tmp_path / "d.yaml"
    fichier.write_text(text.replace(avant, apres, 1), encoding="utf-8")
    return fichier


# Lengths


def test_denomination_trop_longue(tmp_path, dossier):
    dossier["employeurs"][0]["denomination"] = "Syndicat " * 500
    erreur, fichier = premiere_erreur(tmp_path, dossier)
    assert erreur == (
        f"d.yaml, ligne {ligne_de(fichier, 'denomination:')}, employeurs[1].denomination : le texte fait "
        "4\u202f499 caractères, plus que les 150 acceptés ici ; raccourcissez-le (« Syndicat Syndicat Syndicat Sy… »)."
    )


@pytest.mark.parametrize(
    ("cle", "limite"),
    [(("session", "reference"), 40), (("session", "intitule"), 150), (("session", "lieu"), 300)],
)
def test_texte_a_la_limite_accepte_au_dela_refuse(tmp_path, dossier, cle, limite):
    dossier[cle[0]][cle[1]] = "a" * limite
    accepte(ecrire_dossier(tmp_path, dossier))
    dossier[cle[0]][cle[1]] = "a" * (limite + 1)
    erreur, _ = premiere_erreur(tmp_path, dossier)
    assert f"le texte fait {limite + 1} caractères, plus que les {limite} acceptés ici" in erreur


def test_vraies_donnees_longues_acceptees(tmp_path, dossier):
    """A SIRENE denomination (120 characters at most), an address on several lines, a long power."""
    employeur = dossier["employeurs"][0]
    employeur["denomination"] = (
        "Syndicat intercommunal à vocation multiple pour l'aménagement hydraulique et l'entretien "
        "des cours d'eau du bassin de la Save"
    )
    employeur["adresse"] = (
        "Hôtel de Ville\nService des ressources humaines,\n29 avenue de Toulouse\n31320 Castanet-Tolosan\n"
    )
    employeur["pouvoirs"] = "délibération n° 2026-004 du 20 janvier 2026 " * 6
    employeur["representant"]["qualite"] = "Vice-président délégué aux ressources humaines et au dialogue social"
    valide = valider(ecrire_dossier(tmp_path, dossier))
    assert valide.dossier.employeurs[0].adresse == (
        "Hôtel de Ville, Service des ressources humaines, 29 avenue de Toulouse, 31320 Castanet-Tolosan"
    )


def test_saut_de_ligne_dans_un_titre_devient_une_espace(tmp_path):
    fichier = _remplacer(
        tmp_path, "intitule: Session de printemps 2026", 'intitule: "Session\\nde\\r\\nprintemps\\u20282026"'
    )
    assert valider(fichier).dossier.session.intitule == "Session de printemps 2026"


def test_cohorte_de_200_agents_acceptee(tmp_path, dossier):
    modeles = dossier["agents"]
    dossier["agents"] = [{**copy.deepcopy(modeles[n % 6]), "nom": f"{modeles[n % 6]['nom']} {n}"} for n in range(200)]
    assert len(valider(ecrire_dossier(tmp_path, dossier)).dossier.liste_agents) == 200


def test_trop_d_entretiens(tmp_path, dossier):
    dossier["agents"][0]["entretiens"] = [copy.deepcopy(e) for e in dossier["agents"][0]["entretiens"] * 26]
    erreur, fichier = premiere_erreur(tmp_path, dossier)
    assert erreur == (
        f"d.yaml, ligne {ligne_de(fichier, 'entretiens:')}, agents[1].entretiens : la liste compte 52 éléments, "
        "plus que les 50 acceptés ici ; répartissez-les entre plusieurs dossiers."
    )


# Characters


@pytest.mark.parametrize(
    ("echappement", "message"),
    [
        ("\\uFFFE", "non-caractère Unicode interdit dans la valeur (U+FFFE) ; supprimez-le ou retapez la valeur."),
        ("\\U0001FFFF", "non-caractère Unicode interdit dans la valeur (U+1FFFF) ; supprimez-le ou retapez la valeur."),
        ("\\x85", "caractère de contrôle interdit dans la valeur (U+0085) ; supprimez-le ou retapez la valeur."),
        (
            "\\ud800",
            "moitié isolée de paire UTF-16 interdite dans la valeur (U+D800) ; écrivez le caractère lui-même, ou ses "
            "deux moitiés à la suite (« \\ud83d\\ude00 »).",
        ),
    ],
    ids=["FFFE", "1FFFF", "NEL", "surrogate"],
)
def test_caractere_interdit_nomme(tmp_path, echappement, message):
    fichier = _remplacer(tmp_path, "intitule: Session de printemps 2026", f'intitule: "Session{echappement}"')
    lines = refus(fichier)
    assert lines == [UNE_ERREUR, f"d.yaml, ligne {ligne_de(fichier, 'intitule: ')}, session.intitule : {message}"]


def test_non_caractere_tape_dans_le_fichier(tmp_path):
    fichier = _remplacer(tmp_path, "Session de printemps", "Session\ufffe de printemps")
    assert refus(fichier) == [
        UNE_ERREUR,
        f"d.yaml, ligne {ligne_de(fichier, 'intitule: ')} : non-caractère Unicode interdit (U+FFFE) ; "
        "supprimez-le ou retapez la ligne.",
    ]


def test_echappement_hors_d_unicode(tmp_path):
    fichier = _remplacer(tmp_path, "intitule: Session de printemps 2026", 'intitule: "a\\U0011FFFFb"')
    assert refus(fichier) == [
        UNE_ERREUR,
        f"d.yaml, ligne {ligne_de(fichier, 'intitule: ')} : l'échappement « \\U0011FFFF » désigne un caractère hors "
        "d'Unicode (U+11FFFF), qui s'arrête à U+10FFFF ; corrigez le code ou tapez le caractère lui-même.",
    ]


def test_paire_utf16_echappee_donne_son_caractere(tmp_path):
    fichier = _remplacer(tmp_path, "intitule: Session de printemps 2026", 'intitule: "Session \\ud83c\\udf38"')
    assert valider(fichier).dossier.session.intitule == "Session \U0001f338"


# Dates


@pytest.mark.parametrize("jour", ["0001-01-01", "1999-12-31", "2100-01-01", "2150-06-01", "31/12/9999"])
def test_date_hors_de_la_periode(tmp_path, dossier, jour):
    dossier["session"]["date_envoi"] = jour
    erreur, fichier = premiere_erreur(tmp_path, dossier)
    assert (
        erreur == f"d.yaml, ligne {ligne_de(fichier, 'date_envoi:')}, session.date_envoi : la date « {jour} » {FENETRE}"
    )


def test_rendez_vous_en_9999(tmp_path, dossier):
    dossier["agents"][0]["entretiens"][0]["debut"] = "9999-12-31T23:00"
    erreur, fichier = premiere_erreur(tmp_path, dossier)
    assert erreur == (
        f"d.yaml, ligne {ligne_de(fichier, '9999-12-31')}, agents[1].entretiens[1].debut : la date « 9999-12-31 » "
        f"{FENETRE}"
    )


def test_prise_de_fonction_ancienne_acceptee_avant_1950_refusee(tmp_path, dossier):
    dossier["agents"][0]["date_prise_fonction"] = "1975-09-01"
    accepte(ecrire_dossier(tmp_path, dossier))
    dossier["agents"][0]["date_prise_fonction"] = "1949-12-31"
    erreur, _ = premiere_erreur(tmp_path, dossier)
    assert erreur.endswith(
        "agents[1].date_prise_fonction : la date « 1949-12-31 » est hors de la période acceptée, du 1er janvier 1950 "
        "au 31 décembre 2099 ; vérifiez l'année."
    )


def test_date_loin_des_autres_avertie(tmp_path, dossier):
    dossier["agents"][1]["entretiens"][1]["debut"] = "2062-05-19T09:00"
    fichier = ecrire_dossier(tmp_path, dossier)
    warnings = accepte(fichier)
    assert (
        f"Attention : d.yaml, ligne {ligne_de(fichier, '2062-05-19')}, agents[2].entretiens[2].debut : cette date "
        "(19 mai 2062) est à plus d'un an des autres dates de la session, qui tournent autour du 24 mars 2026 ; "
        "vérifiez l'année."
    ) in warnings


# Durations and numbers


def test_duree_trop_longue(tmp_path, dossier):
    dossier["session"]["seances"][0]["duree"] = "99999999h"
    erreur, fichier = premiere_erreur(tmp_path, dossier)
    assert erreur == (
        f"d.yaml, ligne {ligne_de(fichier, '99999999h')}, session.seances[1].duree : la durée « 99999999h » "
        "dépasse 40 h ; indiquez au plus 40 h."
    )


def test_nombre_de_4301_chiffres(tmp_path, dossier):
    dossier["agents"][0]["heures"] = "9" * 4301
    erreur, fichier = premiere_erreur(tmp_path, dossier)
    assert erreur == (
        f"d.yaml, ligne {ligne_de(fichier, 'heures:')}, agents[1].heures : la valeur « {'9' * 59}… » est bien trop "
        "longue (4\u202f301 caractères) ; indiquez une durée, par exemple 2h30."
    )


def test_effectif_trop_grand(tmp_path, dossier):
    dossier["employeurs"][0]["effectif_fonctionnaires"] = 500_001
    erreur, fichier = premiere_erreur(tmp_path, dossier)
    assert erreur == (
        f"d.yaml, ligne {ligne_de(fichier, 'effectif_fonctionnaires: 500001')}, employeurs[1].effectif_fonctionnaires "
        ": le nombre « 500001 » dépasse 500\u202f000 ; indiquez au plus 500\u202f000."
    )


# Shapes


def test_sous_cles_a_la_place_d_un_nombre(tmp_path, dossier):
    dossier["employeurs"][0]["effectif_fonctionnaires"] = {"a": 1, "{0}": "{b}"}
    erreur, fichier = premiere_erreur(tmp_path, dossier)
    assert erreur == (
        f"d.yaml, ligne {ligne_de(fichier, 'effectif_fonctionnaires:')}, employeurs[1].effectif_fonctionnaires : "
        "une valeur simple est attendue ici, pas une liste ni des sous-clés ; "
        "écrivez la valeur sur la même ligne que la clé."
    )


@pytest.mark.parametrize(
    ("cle", "correction"),
    [
        ("agents", "ajoutez en dessous chaque agent, précédé de « - » (voir les exemples)"),
        ("employeurs", "ajoutez en dessous chaque employeur, précédé de « - » (voir les exemples)"),
    ],
)
def test_liste_vide_ecrite_tilde(tmp_path, dossier, cle, correction):
    dossier[cle] = None
    erreur, fichier = premiere_erreur(tmp_path, dossier)
    single = cle.removesuffix("s")
    assert erreur == (
        f"d.yaml, ligne {ligne_de(fichier, f'{cle}:')}, {cle} : la clé « {cle} » est vide : une session a au moins "
        f"un {single} ; {correction}."
    )


@pytest.mark.parametrize("cle", ["agent", "employeur"])
def test_forme_unique_vide(tmp_path, dossier, cle):
    del dossier[f"{cle}s"]
    dossier[cle] = None
    if cle == "employeur":  # a single employer: its agents need not name it
        for agent in dossier["agents"]:
            del agent["employeur"]
    erreur, fichier = premiere_erreur(tmp_path, dossier)
    assert erreur == (
        f"d.yaml, ligne {ligne_de(fichier, f'{cle}:')}, {cle} : la clé « {cle} » est vide : une session a au moins "
        f"un {cle} ; décrivez-le en dessous, en retrait (voir les exemples)."
    )


# Files


def test_yaml_imbrique_sur_des_milliers_de_niveaux(tmp_path):
    fichier = tmp_path / "d.yaml"
    fichier.write_text("cdg: " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    assert refus(fichier) == [
        UNE_ERREUR,
        "d.yaml, ligne 1 : les clés et les listes sont imbriquées sur plus de 20 niveaux ; un dossier n'en a que "
        "quelques-uns : vérifiez l'indentation et les crochets (voir les exemples).",
    ]


def test_tube_nomme_refuse_sans_attendre(tmp_path):
    fichier = tmp_path / "d.yaml"
    os.mkfifo(fichier)  # nobody writes to it: reading it would wait forever
    assert refus(fichier) == [
        UNE_ERREUR,
        "d.yaml : ce n'est pas un fichier mais un tube, qui ne se lit pas comme un dossier ; "
        "indiquez le fichier .yaml du dossier.",
    ]


def test_peripherique_refuse_sans_lire():
    assert refus(Path("/dev/zero")) == [
        UNE_ERREUR,
        "zero : ce n'est pas un fichier mais un périphérique, qui ne se lit pas comme un dossier ; "
        "indiquez le fichier .yaml du dossier.",
    ]


def test_fichier_trop_gros(tmp_path):
    fichier = tmp_path / "d.yaml"
    fichier.write_bytes(b"# " + b"x" * 5_000_000 + b"\n")
    assert refus(fichier) == [
        UNE_ERREUR,
        "d.yaml : le fichier fait plus de 5 Mo, bien plus qu'un dossier (une cohorte de 200 agents fait environ "
        "150 ko) ; vérifiez qu'il s'agit bien du fichier .yaml du dossier.",
    ]


def test_nom_de_fichier_qui_n_est_pas_en_utf8_s_imprime(tmp_path):
    fichier = tmp_path / os.fsdecode(b"dossier-\xff.yaml")
    fichier.write_text("- une liste\n", encoding="utf-8")
    lines = refus(fichier)
    assert lines[1].startswith("dossier-U+DCFF.yaml, ligne 1 : le fichier doit être une suite de clés")
    "\n".join(lines).encode("utf-8")  # raises if a lone surrogate was left


# Output


@pytest.mark.parametrize("option", ["--sortie", "--profils"])
def test_dossier_vide_en_option_refuse(tmp_path, dossier, option, monkeypatch):
    monkeypatch.chdir(tmp_path)
    fichier = ecrire_dossier(tmp_path, dossier)
    code, out, err = lancer(option, "", fichier)
    assert (code, out) == (2, "")
    assert err.splitlines()[-1] == (
        f"Erreur : {option} : le nom du dossier est vide ; indiquez un chemin, ou retirez l'option pour garder le "
        "dossier par défaut. Voir l'aide : python -m generator --help"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d.yaml"]


def test_lien_symbolique_vers_l_exterieur_refuse(tmp_path, dossier):
    fichier = ecrire_dossier(tmp_path, dossier)
    sortie, ailleurs = tmp_path / "sortie", tmp_path / "ailleurs"
    ailleurs.mkdir()
    (sortie / "bppc-2026-01").mkdir(parents=True)
    (sortie / "bppc-2026-01" / "agents").symlink_to(ailleurs)
    code, out, err = lancer(fichier, "--sortie", sortie)
    assert (code, out) == (2, "")
    assert err.splitlines()[-1] == (
        f"Le dossier de sortie {sortie} contient un lien symbolique, {sortie}/bppc-2026-01/agents, qui mène hors de "
        f"lui (vers {ailleurs}) ; le générateur n'écrit jamais à travers un lien : supprimez ce lien, ou choisissez "
        "une autre sortie avec --sortie. Rien n'a été écrit."
    )
    assert list(ailleurs.iterdir()) == []
    assert sorted(p.name for p in (sortie / "bppc-2026-01").iterdir()) == ["agents"]


def test_lien_symbolique_vers_un_fichier_exterieur_refuse(tmp_path, dossier):
    fichier = ecrire_dossier(tmp_path, dossier)
    sortie, secret = tmp_path / "sortie", tmp_path / "secret.pdf"
    secret.write_bytes(b"ne pas toucher")
    (sortie / "bppc-2026-01").mkdir(parents=True)
    (sortie / "bppc-2026-01" / "calendrier.pdf").symlink_to(secret)
    with pytest.raises(ErreurEcriture, match=r"lien symbolique, .*/calendrier\.pdf, qui mène hors de lui"):
        produce([fichier], Options(sortie=sortie, verifier=True))
    assert secret.read_bytes() == b"ne pas toucher"


def test_lien_symbolique_interieur_accepte(tmp_path):
    """A link that stays inside the output folder is no escape: the check lets it be."""
    sortie = tmp_path / "sortie"
    (sortie / "session" / "employeurs").mkdir(parents=True)
    (sortie / "session" / "raccourci").symlink_to(sortie / "session" / "employeurs")
    refuser_liens_sortants(sortie, sortie / "session")
