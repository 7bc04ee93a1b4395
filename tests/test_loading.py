"""Loading a dossier: a safe loader, UTF-8 only, plain data only, each refusal explained with its line."""

from __future__ import annotations

import time

import pytest
import yaml

from generator.dossier.loading import charger_yaml
from generator.errors import DossierInvalide
from tests.conftest import UNE_ERREUR, dossier_cdg31, lancer, refus


def ecrire(tmp_path, contenu: str | bytes, name: str = "d.yaml"):
    """Write hand-made file content (text as UTF-8, bytes as they are) under `tmp_path`."""
    fichier = tmp_path / name
    if isinstance(contenu, str):
        contenu = contenu.encode("utf-8")
    fichier.write_bytes(contenu)
    return fichier


def test_fichier_vide(tmp_path):
    fichier = ecrire(tmp_path, "")
    assert refus(fichier) == [
        UNE_ERREUR,
        "d.yaml : le fichier est vide ; décrivez la session, les employeurs et les agents (voir les exemples).",
    ]


def test_fichier_sans_autre_chose_que_des_commentaires(tmp_path):
    fichier = ecrire(tmp_path, "# dossier à remplir\n\n   \n")
    assert refus(fichier) == [
        UNE_ERREUR,
        "d.yaml : le fichier est vide ; décrivez la session, les employeurs et les agents (voir les exemples).",
    ]


@pytest.mark.parametrize(
    ("contenu", "ligne"),
    [("- cdg31\n- cdg33\n", 1), ("# une liste\ncdg31\n", 2)],
    ids=["liste", "texte"],
)
def test_document_qui_n_est_pas_une_suite_de_cles(tmp_path, contenu, ligne):
    fichier = ecrire(tmp_path, contenu)
    assert refus(fichier) == [
        UNE_ERREUR,
        f"d.yaml, ligne {ligne} : le fichier doit être une suite de clés « clé: valeur » ; commencez par « cdg: », "
        "« session: », « employeurs: » et « agents: » (voir les exemples).",
    ]


def test_tabulation_pour_l_indentation(tmp_path):
    fichier = ecrire(tmp_path, "cdg: cdg31\nsession:\n\treference: BPPC-2026-01\n")
    assert refus(fichier) == [
        UNE_ERREUR,
        "d.yaml, ligne 3 : une tabulation est utilisée pour l'indentation ; remplacez-la par des espaces.",
    ]


def test_cle_en_double(tmp_path):
    fichier = ecrire(tmp_path, "cdg: cdg31\nsession:\n  reference: A\n  intitule: B\n  reference: C\n")
    assert refus(fichier) == [
        UNE_ERREUR,
        "d.yaml, ligne 5 : la clé « reference » apparaît deux fois ici (déjà ligne 3) ; "
        "gardez une seule fois cette clé.",
    ]


ANCRES = (
    "d.yaml, ligne {} : les ancres et alias YAML (« & » et « * ») ne sont pas acceptés ; "
    "recopiez la valeur en toutes lettres à chaque endroit."
)


@pytest.mark.parametrize(
    ("contenu", "ligne"),
    [
        ("cdg: cdg31\nsession:\n  lieu: &lieu Labège\n  intitule: *lieu\n", 3),
        ("cdg: cdg31\nemployeurs:\n  - &castanet\n    id: castanet\n", 3),
        ("cdg: cdg31\nsession: {lieu: Labège}\nagents:\n  - <<: *x\n", 4),
    ],
    ids=["ancre-et-alias", "ancre-seule", "alias-sans-ancre"],
)
def test_ancres_et_alias_refuses(tmp_path, contenu, ligne):
    fichier = ecrire(tmp_path, contenu)
    assert refus(fichier) == [UNE_ERREUR, ANCRES.format(ligne)]


@pytest.mark.parametrize(
    ("valeur", "etiquette"),
    [
        ("!!python/object:builtins.dict {}", "!!python/object:builtins.dict"),
        ("!!python/object/apply:os.system ['touch pirate']", "!!python/object/apply:os.system"),
        ("!!python/name:os.system", "!!python/name:os.system"),
        ("!!str cdg31", "!!str"),
        ("!perso cdg31", "!perso"),
    ],
)
def test_etiquettes_refusees(tmp_path, valeur, etiquette):
    fichier = ecrire(tmp_path, f"session:\n  lieu: Labège\ncdg: {valeur}\n")
    assert refus(fichier) == [
        UNE_ERREUR,
        f"d.yaml, ligne 3 : l'étiquette YAML « {etiquette} » n'est pas acceptée ; "
        "retirez-la et écrivez la valeur simplement.",
    ]
    assert not (tmp_path / "pirate").exists()


def test_python_object_jamais_construit(tmp_path, monkeypatch):
    """The loader refuses the tag before PyYAML's constructors could run anything."""
    appels = []
    monkeypatch.setattr("os.system", lambda *args: appels.append(args))
    fichier = ecrire(tmp_path, "cdg: !!python/object/apply:os.system ['echo pirate']\n")
    with pytest.raises(DossierInvalide):
        charger_yaml(fichier)
    assert appels == []


def _bombe_d_alias(niveaux: int = 9) -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for n in range(1, niveaux + 1):
        previous = f"*a{n - 1}"
        lines.append(f"a{n}: &a{n} [{', '.join([previous] * 9)}]")
    return "\n".join(lines) + "\n"


def test_bombe_d_alias_refusee_rapidement(tmp_path):
    fichier = ecrire(tmp_path, _bombe_d_alias())
    start = time.perf_counter()
    lines = refus(fichier)
    elapsed = time.perf_counter() - start
    assert lines == [UNE_ERREUR, ANCRES.format(1)]
    assert elapsed < 1.0


@pytest.mark.parametrize(
    ("caractere", "code"),
    [("\x00", "U+0000"), ("\x07", "U+0007"), ("\x1b", "U+001B"), ("\x7f", "U+007F"), ("\x9f", "U+009F")],
    ids=["NUL", "BEL", "ESC", "DEL", "C1"],
)
def test_caractere_de_controle_dans_le_fichier(tmp_path, caractere, code):
    fichier = ecrire(tmp_path, f"cdg: cdg31\nsession:\n  reference: BPPC{caractere}2026\n")
    assert refus(fichier) == [
        UNE_ERREUR,
        f"d.yaml, ligne 3 : caractère de contrôle interdit ({code}) ; supprimez-le ou retapez la ligne.",
    ]


@pytest.mark.parametrize(
    ("caractere", "code"),
    [("\x0b", "U+000B"), ("\x0c", "U+000C"), ("\x1c", "U+001C"), ("\x85", "U+0085")],
    ids=["VT", "FF", "FS", "NEL"],
)
def test_caractere_de_controle_que_python_prend_pour_une_fin_de_ligne(tmp_path, caractere, code):
    """Characters that `str.splitlines()` treats as line ends are control characters too."""
    fichier = ecrire(tmp_path, f"cdg: cdg31\nsession:\n  reference: BPPC{caractere}2026\n")
    assert refus(fichier) == [
        UNE_ERREUR,
        f"d.yaml, ligne 3 : caractère de contrôle interdit ({code}) ; supprimez-le ou retapez la ligne.",
    ]


@pytest.mark.parametrize(
    ("echappement", "code"),
    [("\\0", "U+0000"), ("\\a", "U+0007"), ("\\t", "U+0009"), ("\\x1b", "U+001B")],
    ids=["NUL", "BEL", "TAB", "ESC"],
)
def test_caractere_de_controle_echappe_dans_une_valeur(tmp_path, echappement, code):
    fichier = ecrire(tmp_path, f'cdg: cdg31\nsession:\n  reference: "BPPC{echappement}2026"\n')
    assert refus(fichier) == [
        UNE_ERREUR,
        f"d.yaml, ligne 3, session.reference : caractère de contrôle interdit dans la valeur ({code}) ; "
        "supprimez-le ou retapez la valeur.",
    ]


@pytest.mark.parametrize("encodage", ["latin-1", "cp1252"])
def test_fichier_pas_en_utf8(tmp_path, encodage):
    fichier = ecrire(tmp_path, "cdg: cdg31\nsession:\n  lieu: Labège\n".encode(encodage))
    assert refus(fichier) == [
        UNE_ERREUR,
        "d.yaml, ligne 3 : le fichier n'est pas encodé en UTF-8 ; "
        "enregistrez-le en UTF-8 (dans le Bloc-notes : « Enregistrer sous », encodage « UTF-8 »).",
    ]


def test_utf8_avec_bom_accepte(tmp_path):
    texte = yaml.safe_dump(dossier_cdg31(), allow_unicode=True, sort_keys=False)
    fichier = ecrire(tmp_path, "\ufeff" + texte)
    code, out, _ = lancer("valider", fichier)
    assert (code, out) == (0, "d.yaml : dossier valide (6 agents, 0 avertissement).\n")


def test_fins_de_ligne_windows_acceptees(tmp_path):
    texte = yaml.safe_dump(dossier_cdg31(), allow_unicode=True, sort_keys=False)
    fichier = ecrire(tmp_path, texte.replace("\n", "\r\n"))
    code, out, _ = lancer("valider", fichier)
    assert (code, out) == (0, "d.yaml : dossier valide (6 agents, 0 avertissement).\n")


def test_plusieurs_documents(tmp_path):
    fichier = ecrire(tmp_path, "cdg: cdg31\n---\ncdg: cdg33\n")
    assert refus(fichier) == [
        UNE_ERREUR,
        "d.yaml, ligne 2 : erreur de syntaxe YAML : le fichier contient plusieurs documents YAML séparés par "
        "« --- » ; gardez un seul document par fichier.",
    ]


def test_deux_points_inattendu(tmp_path):
    fichier = ecrire(tmp_path, "cdg: cdg31\nsession:\n  intitule: Session : printemps\n")
    assert refus(fichier) == [
        UNE_ERREUR,
        "d.yaml, ligne 3 : erreur de syntaxe YAML : deux-points inattendu ; mettez la valeur entre guillemets si "
        "elle contient « : », ou vérifiez l'indentation.",
    ]


def test_fichier_inexistant(tmp_path):
    assert refus(tmp_path / "absent.yaml") == [
        UNE_ERREUR,
        "absent.yaml : le fichier n'existe pas ; vérifiez son chemin.",
    ]


def test_dossier_au_lieu_d_un_fichier(tmp_path):
    repertoire = tmp_path / "session.yaml"
    repertoire.mkdir()
    assert refus(repertoire) == [
        UNE_ERREUR,
        "session.yaml : c'est un dossier, pas un fichier ; indiquez un fichier .yaml.",
    ]


def test_valeurs_gardees_en_texte_avec_leur_ligne(tmp_path):
    fichier = ecrire(
        tmp_path,
        "cdg: cdg31\n"
        "session:\n"
        "  conseiller:\n"
        "    telephone: 0500000000\n"
        "  seances:\n"
        "    - {intitule: Atelier, duree: 1.5}\n"
        "agents:\n"
        "  - nom: Non\n"
        "    rqth: no\n"
        "    consentement: ~\n",
    )
    arbre = charger_yaml(fichier)
    assert arbre.donnees == {
        "cdg": "cdg31",
        "session": {"conseiller": {"telephone": "0500000000"}, "seances": [{"intitule": "Atelier", "duree": "1.5"}]},
        "agents": [{"nom": "Non", "rqth": "no", "consentement": None}],
    }
    assert arbre.ligne(("session", "conseiller", "telephone")) == 4
    assert arbre.ligne(("session", "seances", 0, "duree")) == 6
    assert arbre.ligne(("agents", 0)) == 8
    assert arbre.ligne(("agents", 0, "rqth")) == 9
    assert arbre.ligne(("agents", 0, "inconnue")) == 8


@pytest.mark.parametrize(
    ("valeur", "guillemets"),
    [
        ("{{ agent.nom }} & Cie", '"{{ agent.nom }} & Cie"'),
        ("{{ agent.nom }}", '"{{ agent.nom }}"'),
        ('{% if x %} "oui"', '"{% if x %} \\"oui\\""'),
    ],
)
def test_valeur_qui_commence_comme_une_balise(tmp_path, valeur, guillemets):
    fichier = ecrire(tmp_path, f"cdg: cdg31\nsession:\n  reference: x\nagent:\n  fonction: {valeur}\n")
    assert refus(fichier) == [
        UNE_ERREUR,
        f"d.yaml, ligne 5 : la valeur de « fonction » commence par « {valeur[:2]} », que YAML ne lit pas comme du "
        f"texte ; mettez-la entre guillemets : fonction: {guillemets}.",
    ]
