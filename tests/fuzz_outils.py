"""Hostile and extreme dossiers for the fuzz test and `benchmarks/fuzz.py`.

Two kinds of input, as hypothesis strategies:
- `dossier_mute()`: the bytes of an example dossier (dossiers/exemples/) after a few mutations
  (keys dropped or renamed, values swapped for other types, extreme strings, dates and numbers,
  YAML oddities). Validation must answer exit 0 or 2, with a message that prints.
- `dossier_extreme()`: a dossier that must be valid, built from the extreme values validation
  allows (maximum lengths, every allowed character class, the first and last allowed dates, the
  largest durations and numbers). Every file it gives must open.

The checks return a description of what went wrong, or None: the test asserts None, the
benchmark counts.
"""

from __future__ import annotations

import copy
import io
import itertools
import json
import re
import shutil
import traceback
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import icalendar
import yaml
from hypothesis import strategies as st
from pypdf import PdfReader

from generator.cli import main
from generator.dossier.validation import valider
from generator.errors import ErreurUtilisateur
from generator.output import MANIFESTE
from generator.produce import Options, produce

RACINE = Path(__file__).resolve().parent.parent
EXEMPLES = sorted((RACINE / "dossiers" / "exemples").glob("*.yaml"))
_SOURCES = {chemin.name: chemin.read_text(encoding="utf-8") for chemin in EXEMPLES}
_ARBRES = {nom: yaml.load(texte, Loader=yaml.BaseLoader) for nom, texte in _SOURCES.items()}  # scalars as text

# ---------------------------------------------------------------------------------------------
# Property 1: mutations of the example dossiers

_DATES = [
    "0001-01-01", "0000-01-01", "1899-12-31", "1999-12-31", "2000-01-01", "2099-12-31", "2100-01-01",
    "2150-06-01", "9999-12-31", "2026-02-30", "2026-13-01", "29/02/2027", "31/12/9999", "00/00/0000",
    "2026-02-03T24:00", "2026-02-03T09:60", "9999-12-31T23:59", "0001-01-01T00:00", "2099-12-31T23:59",
    "2026-02-03 9h", "2026-02-03T", "T09:00",
]  # fmt: skip
_NOMBRES = [
    "0", "-1", "-0", "1e309", "nan", "inf", "-inf", "1.5", "1,5", "0x1F", "1_000", "+3", "٣", "１２",
    "9" * 20, "9" * 4301, "1" + "0" * 5000, "0.0000000001", "99999999h", "0h", "-2h", "2h60", "1.333333",
    "9" * 400 + "h", "0h01", "40h", "40h01", "200h", "201h", "24h00",
]  # fmt: skip
_MOTS = [
    "", " ", "~", "null", "oui", "non", "yes", "true", "AFFILIÉ", "Non affilié", "non_affilie", "Mme", "m.",
    "MME", "A", "d", "travail personnel", "entretien_visio", "cdg31", "cdg99", "../../etc/passwd", "CON",
    "{{ agent.nom }}", "{% raw %}", "{0}", "{}", "%s", "<script>&amp;</script>", "]]>", "x@y", "@", "=1+1",
]  # fmt: skip
_CARACTERES_DURS = (
    "\ud800", "\udfff", "\ufffe", "\uffff", "\U0010ffff", "\U0001fffe", "\ufdd0", "\u2028", "\u2029",
    "\u202e", "\u200b", "\ufeff", "\x85", "\x00", "\x1b", "\t", "\r", "\n", "\r\n", "\xa0", "\u202f", "é",
    "\U0001f600", "\u0301", "\u4e2d", "\u05d0", "\ue000", "\u0378",
)  # fmt: skip


def _texte_hostile() -> st.SearchStrategy[str]:
    hard = st.sampled_from(_CARACTERES_DURS)
    return st.one_of(
        st.text(max_size=30),
        st.text(st.characters(exclude_categories=()), max_size=30),
        st.lists(st.one_of(hard, st.text(max_size=3)), max_size=12).map("".join),
        st.builds(
            lambda c, n: c * n, st.sampled_from(["x", "é", "\U0001f600", "a b ", "\u4e2d"]), st.integers(0, 6000)
        ),
    )


def _valeur_hostile() -> st.SearchStrategy[object]:
    scalar = st.one_of(
        st.none(),
        st.sampled_from(_DATES),
        st.sampled_from(_NOMBRES),
        st.sampled_from(_MOTS),
        _texte_hostile(),
        st.integers(-(10**30), 10**30).map(str),
    )
    return st.one_of(
        scalar,
        st.lists(scalar, max_size=3),
        st.dictionaries(st.sampled_from(["a", "nom", "id", "debut", "0"]), scalar, max_size=3),
        st.recursive(
            scalar, lambda inner: st.lists(inner, max_size=2) | st.dictionaries(st.just("k"), inner), max_leaves=6
        ),
    )


def _chemins(arbre: object, chemin: tuple = ()) -> list[tuple]:
    """Every path of the tree (the root excluded)."""
    found = []
    if isinstance(arbre, dict):
        for key, value in arbre.items():
            found.append((*chemin, key))
            found += _chemins(value, (*chemin, key))
    elif isinstance(arbre, list):
        for index, value in enumerate(arbre):
            found.append((*chemin, index))
            found += _chemins(value, (*chemin, index))
    return found


def _parent(arbre: object, chemin: tuple) -> object:
    for part in chemin[:-1]:
        arbre = arbre[part]
    return arbre


@st.composite
def _arbre_mute(draw) -> object:
    tree = copy.deepcopy(_ARBRES[draw(st.sampled_from(sorted(_ARBRES)))])
    for _ in range(draw(st.integers(1, 4))):
        paths = _chemins(tree)
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent, last = _parent(tree, path), path[-1]
        kind = draw(st.sampled_from(["retirer", "renommer", "remplacer", "remplacer", "envelopper", "dupliquer"]))
        if kind == "retirer":
            del parent[last]
        elif kind == "renommer" and isinstance(parent, dict):
            new = draw(
                st.one_of(st.sampled_from(["nomm", "agent", "employeur", "agents", "Nom", "", "id"]), _texte_hostile())
            )
            parent[new] = parent.pop(last)
        elif kind == "envelopper":
            parent[last] = draw(st.sampled_from([[parent[last]], {"valeur": parent[last]}, [parent[last]] * 3]))
        elif kind == "dupliquer" and isinstance(parent, list):
            parent.insert(last, copy.deepcopy(parent[last]))
        else:
            parent[last] = draw(_valeur_hostile())
    return tree


def _yaml(arbre: object, ascii_seul: bool) -> str:
    return yaml.safe_dump(arbre, allow_unicode=not ascii_seul, sort_keys=False, width=10**6)


_BIZARRERIES = [
    lambda t, p: t[:p] + "\n  cle: " + "[" * 3000 + "]" * 3000 + "\n" + t[p:],
    lambda t, p: t[:p] + "\n" + "".join(" " * i + "-\n" for i in range(0, 600, 2)) + t[p:],
    lambda t, p: "a: &x [1, 2]\nb: *x\n" + t,
    lambda t, p: t.replace("cdg:", "cdg: !!python/object/apply:os.system ['true'] #", 1),
    lambda t, p: t[:p] + "\t" + t[p:],
    lambda t, p: "\ufeff" + t,
    lambda t, p: t + "\n---\nautre: document\n",
    lambda t, p: t.replace("\n", "\r\n"),
    lambda t, p: t.replace("\n", "\r"),
    lambda t, p: t[:p],
    lambda t, p: t[:p] + '\ncle: "\\U0011FFFF"\n' + t[p:],
    lambda t, p: t[:p] + '\ncle: "\\ud800 \\uFFFE \\x85 \\0"\n' + t[p:],
    lambda t, p: t.replace("reference:", 'reference: "\\ud83d\\ude00" #', 1),
    lambda t, p: t.replace("intitule:", 'intitule: "a\\nb\\u2028c" #', 1),
    lambda t, p: t + "\n" + t,
    lambda t, p: t[:p] + "x" * 200_000 + t[p:],
    lambda t, p: t[:p] + "\n? [a, b]\n: c\n" + t[p:],
    lambda t, p: t[:p] + "{{ x }}" + t[p:],
    lambda t, p: t[:p] + "'" + t[p:],
    lambda t, p: t[:p] + '"' + t[p:],
]


@st.composite
def dossier_mute(draw) -> bytes:
    """The bytes of a mutated example dossier: changed data, then maybe YAML or byte oddities."""
    text = _yaml(draw(_arbre_mute()), draw(st.booleans()))
    for _ in range(draw(st.integers(0, 2))):
        change = draw(st.sampled_from(_BIZARRERIES))
        text = change(text, draw(st.integers(0, len(text))))
    raw = text.encode("utf-8", "surrogatepass")
    if draw(st.sampled_from([False] * 9 + [True])):  # a few raw bytes: invalid UTF-8, another encoding, a binary header
        position = draw(st.integers(0, len(raw)))
        raw = (
            raw[:position]
            + draw(st.sampled_from([b"\xff", b"\xe9", b"\xc3", b"\x00", b"PK\x03\x04", b"%PDF"]))
            + raw[position:]
        )
    return raw


_SORTIE_LISIBLE = re.compile(r"[^\x00-\x08\x0b-\x1f\x7f]*")


def probleme_de_validation(contenu: bytes, dossier: Path) -> str | None:
    """Validate `contenu` through the command line: None when it answered as promised, else what went wrong."""
    fichier = dossier / "fuzz.yaml"
    fichier.write_bytes(contenu)
    out, err = io.StringIO(), io.StringIO()
    try:
        code = main(["valider", str(fichier)], stdout=out, stderr=err)
    except BaseException:  # anything but a French refusal is a crash
        return "exception : " + traceback.format_exc(limit=-8)
    printed = out.getvalue() + err.getvalue()
    try:
        printed.encode("utf-8")
    except UnicodeEncodeError as error:
        return f"message non imprimable : {error}"
    if not _SORTIE_LISIBLE.fullmatch(printed):
        return f"caractère de contrôle dans le message : {printed!r}"
    if any(len(line) > 1000 for line in printed.splitlines()):
        return "message illisible, une ligne de plus de 1 000 caractères : " + printed[:300]
    if code not in (0, 2):
        return f"code de sortie {code} : {printed}"
    if code == 2 and not err.getvalue().strip():
        return "refus sans message"
    return None


# ---------------------------------------------------------------------------------------------
# Property 2: valid dossiers made of extreme values

_CLASSES = {
    "latin": "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ",
    "accents": "éèêëàâäîïôöùûüçœæÉÈÊÀÂÎÔÙÛÇŒÆÿŸ ",
    "ponctuation": "'’\"«»;:!?.,-–—()[]/\\&@#%*+=_~^`$€£§°|",
    "balises": "{}%<>&{{ }}{% %}<w:t>]]>&amp;<!--",
    "espaces": " \xa0\u202f\u2009\u200b\u200d\ufeff",
    "lignes": "ab\n\u2028\u2029\r\n cd",
    "cjk": "中文字符日本語한국어",
    "rtl": "עברית العربية",
    "emoji": "\U0001f600\U0001f469\u200d\U0001f4bb\U0001f1eb\U0001f1f7",
    "combinants": "e\u0301a\u0300\u0327\u20dd\u0489",
    "rares": "\ue000\U000f0000\u0378\U0001d400\u2126\u00ad\ufb01\U00010348",
}
TOUTES_LES_CLASSES = "".join(_CLASSES.values())


def _texte_permis(longueur_max: int, lignes: bool = True) -> st.SearchStrategy[str]:
    """Text that validation accepts for a field of `longueur_max` characters.

    With `lignes`, random texts hold line breaks too, and are at most half the maximum: in an
    address, a line break becomes `, ` (one character more).
    """
    alphabet = TOUTES_LES_CLASSES if lignes else re.sub("[\n\r\u2028\u2029]", "", TOUTES_LES_CLASSES)
    return st.one_of(
        st.sampled_from(sorted(_CLASSES)).map(lambda c: _plein(_CLASSES[c], longueur_max)),
        st.just(_plein(TOUTES_LES_CLASSES, longueur_max)),
        st.sampled_from(["x", "É", "\U0001f600", "中"]),
        st.text(st.sampled_from(alphabet), min_size=1, max_size=longueur_max // 2 if lignes else longueur_max).filter(
            lambda t: t.strip()
        ),
    )


def _plein(alphabet: str, longueur: int) -> str:
    """`longueur` characters of `alphabet` once stripped and on one line: exactly the maximum."""
    flat = "".join(c if c not in "\n\r\u2028\u2029" else " " for c in alphabet)
    text = (flat * (longueur // len(flat) + 1))[:longueur]
    return "x" + text[1:-1] + "x" if longueur > 1 else "x"


# One character of each class in turn: even a short field at its maximum holds every class.
MELANGE = "".join(
    "".join(chars) for chars in itertools.zip_longest(*(_CLASSES[c] for c in sorted(_CLASSES)), fillvalue="")
)
_PREMIER_JOUR, _DERNIER_JOUR = "2000-01-01", "2099-12-31"


@st.composite
def dossier_extreme(draw) -> dict:
    """A valid CDG31 dossier (one employer, one or two agents) whose values sit at the limits."""
    return dossier_aux_limites(
        lambda longueur, lignes=True: draw(_texte_permis(longueur, lignes)),
        lambda options: draw(st.sampled_from(options)),
    )


def dossier_aux_bornes() -> dict:
    """The dossier of `dossier_extreme` where every text is `MELANGE` at its maximum length and every
    choice the first: the first allowed dates for the session, the last for the consent, the taking
    up of the post and the final interview (which ends in 2100), the largest durations and numbers."""
    return dossier_aux_limites(lambda longueur, lignes=True: _plein(MELANGE, longueur), lambda options: options[0])


def dossier_aux_limites(texte: Callable[..., str], choisir: Callable[[list], object]) -> dict:
    """A valid CDG31 dossier built from `texte(longueur_max, lignes)` and `choisir(options)`."""
    day = choisir([_PREMIER_JOUR, _DERNIER_JOUR, "2026-02-03"])
    debut = f"{day}T{choisir(['00:00', '23:59', '09:00'])}"
    last = f"{_DERNIER_JOUR}T23:59"
    seances = [
        {
            "intitule": texte(150),
            "phase": "lancement",
            "modalite": "atelier_collectif",
            "debut": debut,
            "duree": choisir(["40h", "0h01", "2h30", "1.5"]),
        },
        {"intitule": texte(150), "phase": "analyse", "modalite": "travail_personnel", "duree": "40h"},
        {
            "intitule": texte(150),
            "phase": "plan_action",
            "modalite": "atelier_visio",
            "debut": debut,
            "duree": "1h",
            "lieu": texte(300),
        },
    ]
    employer_id = choisir(["x" * 40, "e", "Mairie de l'Île-d'Yeu", "中文"])
    employeur = {
        "id": employer_id,
        "denomination": texte(150),
        "adresse": texte(300),
        "siret": "21310113200016",
        "statut": choisir(["Non affilié", "affilie", "adherent"]),
        "effectif_fonctionnaires": choisir(["500000", "0", "12"]),
        "representant": {"civilite": "Mme", "prenom": texte(80), "nom": texte(80), "qualite": texte(150)},
        "pouvoirs": texte(300),
    }
    agents = []
    for number in range(choisir([1, 2])):
        agents.append(
            {
                "civilite": choisir(["Mme", "M."]),
                "nom": texte(80),
                "prenom": texte(80),
                "id": str(number + 1),
                "employeur": employer_id,
                "fonction": texte(150),
                "categorie": "A",
                "statut": choisir(["titulaire", "stagiaire", "contractuel"]),
                "date_prise_fonction": choisir([_DERNIER_JOUR, "1950-01-01", "31/12/1999"]),
                "consentement": choisir([_DERNIER_JOUR, _PREMIER_JOUR, day]),
                "rqth": choisir([True, False]),
                "email": choisir(["prenom.nom-" + "x" * 40 + "@exemple-de-domaine.fr", "a@b.fr"]),
                "entretiens": [
                    {"intitule": texte(150), "phase": "analyse", "debut": debut, "duree": "40h"},
                    {
                        "intitule": texte(150),
                        "phase": "conclusion",
                        "modalite": "entretien_visio",
                        "debut": last,
                        "duree": "40h",
                    },
                ],
            }
        )
    return {
        "cdg": "cdg31",
        "session": {
            "reference": texte(40, lignes=False),
            "intitule": texte(150),
            "date_envoi": choisir([_PREMIER_JOUR, _DERNIER_JOUR, day]),
            "lieu": texte(300),
            "conseiller": {
                "civilite": "M.",
                "prenom": texte(80),
                "nom": texte(80),
                "email": "c@cdg31.fr",
                "telephone": texte(40),
            },
            "seances": seances,
        },
        "employeurs": [employeur],
        "agents": agents,
    }


def probleme_de_rendu(donnees: dict, dossier: Path) -> str | None:
    """Validate then generate a dossier meant to be valid; None when every file it gave opens."""
    fichier = dossier / "extreme.yaml"
    fichier.write_text(yaml.safe_dump(donnees, allow_unicode=True, sort_keys=False), encoding="utf-8")
    try:
        valider(fichier)
    except ErreurUtilisateur as refused:
        return "refusé alors qu'il devait être valide : " + refused.texte
    sortie = dossier / "sortie"
    shutil.rmtree(sortie, ignore_errors=True)  # the output of an earlier example
    try:
        produce([fichier], Options(sortie=sortie, forcer=True))
    except BaseException:
        return "échec de la génération : " + traceback.format_exc(limit=-8)
    return _fichiers_illisibles(sortie)


def _fichiers_illisibles(sortie: Path) -> str | None:
    manifests = list(sortie.glob(f"*/{MANIFESTE}"))
    if len(manifests) != 1:
        return f"{len(manifests)} manifestes de session au lieu d'un"
    for entry in json.loads(manifests[0].read_text(encoding="utf-8"))["fichiers"]:
        path = manifests[0].parent / entry["chemin"]
        try:
            _ouvrir(path)
        except Exception:
            return f"{entry['chemin']} ne s'ouvre pas : " + traceback.format_exc(limit=-3)
    return None


def _ouvrir(path: Path) -> None:
    """Open a generated file with the library its format calls for; raise if it cannot be read."""
    content = path.read_bytes()
    if path.suffix == ".pdf":
        reader = PdfReader(io.BytesIO(content), strict=True)
        assert reader.pages and reader.pages[0].extract_text().strip()
    elif path.suffix == ".docx":
        document = docx.Document(io.BytesIO(content))
        assert any(p.text.strip() for p in document.paragraphs) and document.core_properties.title
    elif path.suffix == ".ics":
        calendar = icalendar.Calendar.from_ical(content)
        assert calendar.walk("VEVENT")
    elif path.suffix == ".zip":
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            assert archive.testzip() is None and archive.namelist()
    else:
        raise AssertionError(f"format inattendu : {path.name}")
