"""The command line of the front door: `valider`, `schema`, `profils`, French help and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.cli import main
from generator.produce import schema_json
from generator.profiles import DOSSIER_PROFILS
from tests.conftest import accepte, dossier_cdg31, ecrire_dossier, lancer, ligne_de, refus

RACINE = Path(__file__).resolve().parent.parent
EXEMPLES = RACINE / "dossiers" / "exemples"


def _profil(cdg: str, valeurs: str) -> str:
    return (
        f"Attention : {cdg}.yaml, a_verifier : le profil contient des valeurs d'exemple ({valeurs}) ; "
        "remplacez-les par les vraies avant tout envoi, puis retirez-les de « a_verifier »."
    )


# The examples


def test_exemple_cohorte_cdg31_valide_avec_son_avertissement():
    fichier = EXEMPLES / "cohorte-cdg31.yaml"
    code, out, err = lancer("valider", fichier)
    assert code == 0
    assert out == "cohorte-cdg31.yaml : dossier valide (12 agents, 1 avertissement).\n"
    assert err.splitlines() == [
        f"Attention : cohorte-cdg31.yaml, ligne {ligne_de(fichier, 'agents:')}, agents : la session compte 12 agents, "
        "alors que l'offre du CDG31 prévoit entre 6 et 10 agents ; vérifiez la composition du groupe.",
    ]


def test_exemple_individuel_cdg33_valide():
    code, out, err = lancer("valider", EXEMPLES / "individuel-cdg33.yaml")
    assert code == 0
    assert out == "individuel-cdg33.yaml : dossier valide (1 agent, 1 avertissement).\n"
    assert err.splitlines() == [
        _profil(
            "cdg33",
            "adresse, siret, representant, deliberation.numero, ville_signature, dpo_email, tribunal, "
            "offre.facturation.delai_paiement_jours, offre.validite_proposition_jours",
        )
    ]


def test_exemple_individuel_cdg46_valide():
    code, out, err = lancer("valider", EXEMPLES / "individuel-cdg46.yaml")
    assert code == 0
    assert out == "individuel-cdg46.yaml : dossier valide (1 agent, 1 avertissement).\n"
    assert err.splitlines() == [
        _profil(
            "cdg46",
            "adresse, siret, representant, ville_signature, dpo_email, tribunal, offre.tarif, "
            "offre.facturation.delai_paiement_jours, offre.validite_proposition_jours",
        )
    ]


def test_les_trois_exemples_ensemble():
    fichiers = [EXEMPLES / n for n in ("cohorte-cdg31.yaml", "individuel-cdg33.yaml", "individuel-cdg46.yaml")]
    code, out, err = lancer("valider", *fichiers)
    assert code == 0
    assert out.splitlines() == [
        "cohorte-cdg31.yaml : dossier valide (12 agents, 1 avertissement).",
        "individuel-cdg33.yaml : dossier valide (1 agent, 1 avertissement).",
        "individuel-cdg46.yaml : dossier valide (1 agent, 1 avertissement).",
    ]
    assert len(err.splitlines()) == 3


def test_un_profil_partage_par_deux_dossiers_n_avertit_qu_une_fois(tmp_path):
    profils = tmp_path / "profils"
    profils.mkdir()
    shipped = (DOSSIER_PROFILS / "cdg31.yaml").read_text(encoding="utf-8")
    (profils / "cdg31.yaml").write_text(shipped + "a_verifier:\n  - siret\n", encoding="utf-8")
    premier = ecrire_dossier(tmp_path, dossier_cdg31(), "premier.yaml")
    second_data = dossier_cdg31()
    second_data["session"]["reference"] = "BPPC-2026-02"
    second = ecrire_dossier(tmp_path, second_data, "second.yaml")
    code, out, err = lancer("valider", premier, second, "--profils", profils)
    assert code == 0
    assert out == (
        "premier.yaml : dossier valide (6 agents, 1 avertissement).\n"
        "second.yaml : dossier valide (6 agents, 1 avertissement).\n"
    )
    warning = _profil("cdg31", "siret")
    assert err == f"{warning}\n"
    code, out, err = lancer(
        premier, second, "--sortie", tmp_path / "sortie", "--documents", "calendrier", "--profils", profils
    )
    assert code == 0
    assert err == f"{warning}\n"
    assert out.splitlines()[-1].endswith(", 0 conservé, 1 avertissement.")


@pytest.mark.parametrize("nom", ["cohorte-cdg31.yaml", "individuel-cdg33.yaml", "individuel-cdg46.yaml"])
def test_exemple_annonce_le_schema_a_l_editeur(nom):
    first = (EXEMPLES / nom).read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../schema.json"


def test_exemple_strict_refuse_tant_que_le_profil_a_des_valeurs_d_exemple():
    assert refus(EXEMPLES / "individuel-cdg33.yaml", "--strict")[0] == (
        "Le dossier contient 1 erreur (mode --strict : les avertissements comptent comme des erreurs) ; "
        "rien n'a été écrit."
    )
    assert refus(EXEMPLES / "cohorte-cdg31.yaml", "--strict")[0] == (
        "Le dossier contient 1 erreur (mode --strict : les avertissements comptent comme des erreurs) ; "
        "rien n'a été écrit."
    )


# valider: output, options, several dossiers


def test_dossier_valide_sortie_et_code(tmp_path):
    code, out, err = lancer("valider", ecrire_dossier(tmp_path, dossier_cdg31()))
    assert (code, out, err) == (
        0,
        "d.yaml : dossier valide (6 agents, 0 avertissement).\n",
        "",
    )


def test_quiet_n_affiche_rien_quand_tout_va_bien(tmp_path):
    data = dossier_cdg31()
    data["session"]["seances"][0]["debut"] = "2026-02-07T09:00"
    assert lancer("valider", ecrire_dossier(tmp_path, data), "--quiet") == (0, "", "")


def test_quiet_affiche_les_erreurs(tmp_path):
    data = dossier_cdg31()
    data["cdg"] = "haute-garonne"
    fichier = ecrire_dossier(tmp_path, data)
    assert refus(fichier, "-q") == [
        "Le dossier contient 1 erreur ; rien n'a été écrit.",
        "d.yaml, ligne 1, cdg : le profil CDG « haute-garonne » n'existe pas ; profils connus : cdg31, cdg33, cdg46.",
    ]


def test_erreurs_de_plusieurs_dossiers_ensemble(tmp_path):
    first = dossier_cdg31()
    first["agents"][0]["categorie"] = "E"
    second = dossier_cdg31()
    second["session"]["reference"] = "BPPC-2026-02"
    second["employeurs"][0]["siret"] = "21310113200017"
    a = ecrire_dossier(tmp_path, first, "a.yaml")
    b = ecrire_dossier(tmp_path, second, "b.yaml")
    assert refus(a, str(b)) == [
        "Les dossiers contiennent 2 erreurs ; rien n'a été écrit.",
        f"a.yaml, ligne {ligne_de(a, 'categorie: E')}, agents[1].categorie : « E » n'est pas une valeur possible ; "
        "choisissez parmi : A, B, C.",
        f"b.yaml, ligne {ligne_de(b, 'siret:')}, employeurs[1].siret : le SIRET « 21310113200017 » n'est pas valide "
        "(clé de contrôle fausse, sans doute une faute de frappe) ; vérifiez chaque chiffre sur l'avis de situation "
        "SIRENE.",
    ]


def test_meme_reference_de_session_dans_deux_dossiers(tmp_path):
    a = ecrire_dossier(tmp_path, dossier_cdg31(), "a.yaml")
    b = ecrire_dossier(tmp_path, dossier_cdg31(), "b.yaml")
    assert refus(a, str(b)) == [
        "Le dossier contient 1 erreur ; rien n'a été écrit. a.yaml est valide, mais aucun dossier n'est traité tant "
        "que tous ne sont pas corrects.",
        "b.yaml, session.reference : la référence de session « BPPC-2026-01 » est déjà celle de a.yaml ; "
        "donnez une référence différente à chaque session.",
    ]


def test_un_fichier_donne_deux_fois_est_un_seul_dossier(tmp_path):
    a = ecrire_dossier(tmp_path, dossier_cdg31(), "a.yaml")
    code, out, _ = lancer("valider", a, a)
    assert (code, out) == (0, "a.yaml : dossier valide (6 agents, 0 avertissement).\n")


@pytest.mark.parametrize(
    ("debut", "quoi"),
    [
        (b"PK\x03\x04", "une archive ZIP (document Word, Excel ou LibreOffice)"),
        (b"%PDF-1.7", "un document PDF"),
    ],
)
def test_un_document_word_ou_pdf_a_la_place_du_yaml(tmp_path, debut, quoi):
    fichier = tmp_path / "dossier.yaml"
    fichier.write_bytes(debut + b"\x00\x01 contenu binaire")
    assert refus(fichier) == [
        "Le dossier contient 1 erreur ; rien n'a été écrit.",
        f"dossier.yaml : ce fichier est {quoi}, pas un dossier YAML ; indiquez le fichier .yaml du dossier (un "
        "fichier texte, à partir des exemples de dossiers/exemples/).",
    ]


def test_dossier_de_profils_introuvable(tmp_path):
    fichier = ecrire_dossier(tmp_path, dossier_cdg31())
    code, out, err = lancer("valider", fichier, "--profils", tmp_path / "nulle-part")
    assert (code, out) == (2, "")
    assert err == (
        f"--profils : le dossier {tmp_path / 'nulle-part'} n'existe pas ; indiquez le dossier qui contient les "
        "profils CDG (par défaut dossiers/cdg/ du générateur).\n"
    )


@pytest.mark.parametrize(
    ("documents", "message"),
    [
        (
            "proposition",
            "« proposition » n'est pas un document connu ; vouliez-vous dire « proposition_financiere » ? ",
        ),
        ("convension", "« convension » n'est pas un document connu ; vouliez-vous dire « convention » ? "),
        ("lettre", "« lettre » n'est pas un document connu ; "),
    ],
)
def test_document_inconnu_suggere_le_plus_proche(tmp_path, documents, message):
    fichier = ecrire_dossier(tmp_path, dossier_cdg31())
    code, out, err = lancer(fichier, "--sortie", tmp_path / "sortie", "--documents", documents)
    assert (code, out) == (2, "")
    assert err == (
        f"--documents : {message}choisissez parmi : convention, proposition_financiere, courrier_information, "
        "synthese, engagement, calendrier, information_referent_handicap, deliberation, synthese_employeur.\n"
    )
    assert not (tmp_path / "sortie").exists()


def test_documents_nommes_avec_majuscules_et_accents(tmp_path):
    fichier = ecrire_dossier(tmp_path, dossier_cdg31())
    options = ("--verifier", "--documents", "Synthèse, Proposition financière", "--format", "pdf")
    code, out, err = lancer(fichier, "--sortie", tmp_path / "sortie", *options)  # never the working folder's
    assert code == 0, err
    files = [line for line in out.splitlines() if line.startswith("à créer : ")]
    documents = {line.rsplit("/", 1)[1].split("-")[0].split(".")[0] for line in files}
    assert documents == {"synthese", "proposition_financiere", "dossier", "envoi"}  # with the employers' bundles


def test_agent_inconnu_refuse_meme_si_le_calendrier_de_session_existe(tmp_path):
    fichier = ecrire_dossier(tmp_path, dossier_cdg31())
    code, out, err = lancer(fichier, "--sortie", tmp_path / "sortie", "--agent", "Dupont")
    assert (code, out) == (2, "")
    assert err == (
        "--agent : aucun agent ne s'appelle « Dupont » ; indiquez un nom ou « prénom nom » parmi : Awa N'Diaye, "
        "Lucas Garcia, Élodie Lefèvre, Karim Benali, Nathalie Roux, Jérôme Da Silva.\n"
    )
    assert not (tmp_path / "sortie").exists()


def test_valider_n_ecrit_rien(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    fichier = ecrire_dossier(tmp_path, dossier_cdg31())
    assert accepte(fichier) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d.yaml"]


def test_refus_n_ecrit_rien(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    data = dossier_cdg31()
    data["agents"][0]["employeur"] = "inconnu"
    fichier = ecrire_dossier(tmp_path, data)
    refus(fichier)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d.yaml"]


# schema


def test_schema_est_du_json_avec_les_cles_du_dossier():
    code, out, err = lancer("schema")
    assert (code, err) == (0, "")
    schema = json.loads(out)
    assert {"cdg", "session", "employeurs", "employeur", "agents", "agent"} <= set(schema["properties"])
    assert schema["required"] == ["cdg", "session"]
    assert schema["additionalProperties"] is False
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema == schema_json()


def test_schema_decrit_chaque_cle_en_francais_pour_l_editeur():
    schema = schema_json()
    parts = {"Dossier": schema, **schema["$defs"]}
    assert schema["description"] == "Un dossier : une session d'un CDG, avec ses employeurs et ses agents."
    assert schema["$defs"]["Seance"]["description"] == (
        "Une séance collective, ou un temps de travail personnel entre deux séances (sans date)."
    )
    undescribed = [
        f"{name}.{key}"
        for name, part in parts.items()
        for key, v in part["properties"].items()
        if not v.get("description")
    ]
    assert undescribed == []
    titled = [f"{name}.{key}" for name, part in parts.items() for key, v in part["properties"].items() if "title" in v]
    assert titled == []  # titles made from the keys ("Date Prise Fonction") are not shown


def test_schema_du_depot_est_celui_du_modele():
    fichier = RACINE / "dossiers" / "schema.json"
    assert fichier.is_file(), "dossiers/schema.json manque : python -m generator schema > dossiers/schema.json"
    _, out, _ = lancer("schema")
    assert json.loads(fichier.read_text(encoding="utf-8")) == json.loads(out)


# profils


def test_profils_liste_les_trois_cdg_et_leurs_tarifs():
    code, out, err = lancer("profils")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    heads = [line.split(" - ")[0] for line in lines if line and not line.startswith(" ")]
    assert heads == ["cdg31", "cdg33", "cdg46"]
    tarifs = [line for line in lines if line.startswith("  Tarif : ")]
    assert tarifs == [
        "  Tarif : forfait par agent : 1\u202f310,00\xa0€ (affilié), 1\u202f700,00\xa0€ (adhérent), "
        "1\u202f700,00\xa0€ (non affilié) ; paiement à 30 jours",
        "  Tarif : 52,00\xa0€ de l'heure, de 30 h à 40 h ; paiement à 30 jours",
        "  Tarif : 50,00\xa0€ de l'heure, de 8 h à 12 h ; paiement à 30 jours",
    ]
    assert "cdg31 - Centre de gestion de la fonction publique territoriale de la Haute-Garonne (CDG31)" in lines
    assert "  Offre : bilan de parcours professionnel collectif, format collectif, 6 à 10 agents, 4 mois" in lines


# Help and argument errors


@pytest.mark.parametrize("argv", [["--help"], ["valider", "--help"], ["schema", "-h"], ["profils", "--help"]])
def test_aide_en_francais(argv, capsys):
    assert main(argv) == 0
    text = capsys.readouterr().out
    assert text.startswith("Utilisation : python -m generator")
    assert "\noptions:\n" in text
    assert "affiche cette aide et s'arrête" in text
    assert "usage" not in text and "show this help" not in text


def test_aide_ecrite_sur_la_sortie_donnee_et_code_rendu():
    """`main(argv, stdout, stderr)` is the in-process entry point: help goes to `stdout` and 0 is returned."""
    code, out, _ = lancer("--help")
    assert code == 0
    assert out.startswith("Utilisation : python -m generator")
    assert "options" in out


def test_argument_manquant_en_francais_avec_le_code_2():
    code, out, err = lancer("valider")
    assert (code, out) == (2, "")
    assert err.splitlines()[-1] == "Erreur : il manque : DOSSIER.yaml. Voir l'aide : python -m generator --help"


def test_option_inconnue_en_francais(tmp_path, capsys):
    fichier = ecrire_dossier(tmp_path, dossier_cdg31())
    assert main(["valider", str(fichier), "--stricte"]) == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        "Erreur : option inconnue : --stricte. Voir l'aide : python -m generator --help"
    )


def test_strict_sur_deux_dossiers_dont_le_profil_seul_avertit():
    fichiers = [EXEMPLES / "individuel-cdg33.yaml", EXEMPLES / "individuel-cdg46.yaml"]
    lines = refus(*fichiers, "--strict")
    assert lines[0] == (
        "Les dossiers contiennent 2 erreurs (mode --strict : les avertissements comptent comme des erreurs) ; "
        "rien n'a été écrit."
    )
