"""Safe YAML loading that keeps the line of every value.

Only plain data is accepted: mappings, lists and scalars. Scalars stay strings (the typed model
converts them), so `0500000000` keeps its leading zero and `no` stays a word. Anchors, aliases,
tags, duplicate keys, tabs used for indentation, control characters, lone surrogates and
non-characters are refused, and so are files that are not regular files, too large or nested too deep.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from yaml.events import AliasEvent, ScalarEvent
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from generator.errors import DossierInvalide, Probleme, apercu

Chemin = tuple[str | int, ...]

_NULLS = {"", "~", "null", "Null", "NULL"}
# Control characters (tab, line feed and carriage return aside), and what no document format can
# carry: lone halves of a UTF-16 pair (YAML escapes such as "\ud800") and Unicode's non-characters
# (U+FFFE, U+FDD0, ..., the last two code points of every plane).
_FINS_DE_PLAN = "".join(chr(plan * 0x10000 + 0xFFFE) + chr(plan * 0x10000 + 0xFFFF) for plan in range(17))
_INTERDIT = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef{_FINS_DE_PLAN}]")
_MOITIE = re.compile("[\ud800-\udfff]")
_PAIRE = re.compile("[\ud800-\udbff][\udc00-\udfff]")
_HORS_UNICODE = re.compile(r"\\U([0-9A-Fa-f]{8})")

TAILLE_MAX = 5_000_000  # bytes: a 200-agent cohort is about 150 kB
PROFONDEUR_MAX = 20  # levels of keys and lists: a dossier has four (agents, an agent, entretiens, an interview)

_YAML_PROBLEMS = {
    "mapping values are not allowed here": (
        "deux-points inattendu",
        "mettez la valeur entre guillemets si elle contient « : », ou vérifiez l'indentation",
    ),
    "could not find expected ':'": (
        "deux-points manquant après la clé",
        "écrivez « clé: valeur » avec une espace après les deux-points",
    ),
    "expected <block end>, but found": (
        "indentation incohérente",
        "alignez cette ligne sur les autres clés du même niveau",
    ),
    "found unexpected end of stream": (
        "guillemet non refermé",
        "refermez la valeur entre guillemets sur la même ligne",
    ),
    "while scanning a quoted scalar": (
        "guillemet non refermé",
        "refermez la valeur entre guillemets sur la même ligne",
    ),
    "expected a single document": (
        "le fichier contient plusieurs documents YAML séparés par « --- »",
        "gardez un seul document par fichier",
    ),
    "found character '\\t' that cannot start any token": (
        "tabulation à un endroit où YAML ne l'accepte pas",
        "remplacez-la par une espace",
    ),
}


@dataclass
class Arbre:
    """A loaded dossier: plain data plus the line of each key or item (a workbook adds its cells)."""

    fichier: Path
    donnees: dict
    lignes: dict[Chemin, int] = field(default_factory=dict)
    erreurs: list[Probleme] = field(default_factory=list)  # found while reading (a workbook's cells)
    avertissements: list[Probleme] = field(default_factory=list)

    def ligne(self, chemin: Chemin) -> int | None:
        """Line of the value at `chemin`, or of its nearest parent that has one."""
        chemin = tuple(chemin)
        while chemin:
            if chemin in self.lignes:
                return self.lignes[chemin]
            chemin = chemin[:-1]
        return self.lignes.get((), None)

    def probleme(self, chemin: Chemin, message: str, correction: str) -> Probleme:
        """A problem located at `chemin`: file, line and key path."""
        return Probleme(self.fichier, self.ligne(chemin), chemin_lisible(chemin), message, correction)

    def lieu(self, chemin: Chemin) -> str:
        """Where the value at `chemin` is, in words: `agents[1], ligne 61`."""
        return f"{chemin_lisible(chemin)}, ligne {self.ligne(chemin)}"


EXTENSIONS_CLASSEUR = (".xlsx", ".ods")


def sans_caracteres_interdits(texte: str) -> str:
    """Text read from elsewhere than a dossier (a filled PDF form): tabs become spaces, line ends `\\n`,
    and the characters no document format can carry are dropped."""
    text = texte.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return _INTERDIT.sub("", _paires_jointes(text))


def _paires_jointes(texte: str) -> str:
    """A UTF-16 pair written as two halves (`"\\ud83d\\ude00"`) becomes its one character."""
    return _PAIRE.sub(lambda pair: pair.group().encode("utf-16", "surrogatepass").decode("utf-16"), texte)


def caractere_interdit(texte: str) -> str | None:
    """The first refused character of a value (a control character, tabs included, or what
    no document format can carry: see `decrire_caractere`); no dossier value may hold one."""
    match = _INTERDIT.search(texte) or re.search("\t", texte)
    return match.group() if match else None


def nature_speciale(mode: int) -> str | None:
    """`un tube` for a named pipe (and so on), None for a regular file: what cannot be read as a dossier."""
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    return "un tube" if stat.S_ISFIFO(mode) else "une prise" if stat.S_ISSOCK(mode) else "un périphérique"


def charger_dossier(fichier: Path) -> Arbre:
    """A dossier as a tree with positions, from a YAML file or from a workbook (by its extension)."""
    if fichier.suffix.lower() in EXTENSIONS_CLASSEUR:
        from generator.dossier.classeur import charger_classeur  # here: the workbook reader imports this module

        return charger_classeur(fichier)
    return charger_yaml(fichier)


class _Refus(Exception):
    def __init__(self, ligne: int | None, message: str, correction: str, champ: str = "") -> None:
        super().__init__(message)
        self.ligne = ligne
        self.message = message
        self.correction = correction
        self.champ = champ


def chemin_lisible(chemin: Chemin) -> str:
    """`('agents', 2, 'employeur')` -> `agents[3].employeur` (items counted from 1)."""
    text = ""
    for part in chemin:
        if isinstance(part, int):
            text += f"[{part + 1}]"
        else:
            text += f".{apercu(str(part), 40)}" if text else apercu(str(part), 40)
    return text


class _PlainDataLoader(yaml.SafeLoader):
    """SafeLoader that refuses anchors, aliases, explicit tags and deep nesting as soon as it meets them."""

    profondeur = 0

    def compose_node(self, parent, index):
        event = self.peek_event()
        line = event.start_mark.line + 1
        if self.profondeur >= PROFONDEUR_MAX:  # PyYAML composes by recursion: thousands of levels overflow it
            raise _Refus(
                line,
                f"les clés et les listes sont imbriquées sur plus de {PROFONDEUR_MAX} niveaux",
                "un dossier n'en a que quelques-uns : vérifiez l'indentation et les crochets (voir les exemples)",
            )
        if isinstance(event, AliasEvent) or getattr(event, "anchor", None):
            raise _Refus(
                line,
                "les ancres et alias YAML (« & » et « * ») ne sont pas acceptés",
                "recopiez la valeur en toutes lettres à chaque endroit",
            )
        tag = getattr(event, "tag", None)
        if tag is not None and not (isinstance(event, ScalarEvent) and tag == "!"):
            raise _Refus(
                line,
                f"l'étiquette YAML « {tag.replace('tag:yaml.org,2002:', '!!')} » n'est pas acceptée",
                "retirez-la et écrivez la valeur simplement",
            )
        self.profondeur += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.profondeur -= 1


def charger_yaml(fichier: Path) -> Arbre:
    """Load one YAML file as plain data with lines; raise `DossierInvalide` if it is not."""
    try:
        return _charger_texte(fichier, _decoder(_lire(fichier)))
    except _Refus as refus:
        raise _un_probleme(fichier, refus.ligne, refus.message, refus.correction, refus.champ) from None
    except FileNotFoundError:
        raise _un_probleme(fichier, None, "le fichier n'existe pas", "vérifiez son chemin") from None
    except IsADirectoryError:
        raise _un_probleme(fichier, None, "c'est un dossier, pas un fichier", "indiquez un fichier .yaml") from None
    except OSError as error:
        raise _un_probleme(
            fichier, None, f"le fichier ne peut pas être lu ({error.strerror})", "vérifiez ses droits d'accès"
        ) from None


def _lire(fichier: Path) -> bytes:
    """The file's bytes, refused at once when it is not a regular file (a pipe or `/dev/zero` never ends)."""
    # O_NONBLOCK: opening a named pipe would otherwise wait for a writer; it changes nothing for a file.
    descriptor = os.open(fichier, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(descriptor, "rb") as stream:
        mode = os.fstat(descriptor).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(fichier)
        what = nature_speciale(mode)
        if what is not None:
            raise _Refus(
                None,
                f"ce n'est pas un fichier mais {what}, qui ne se lit pas comme un dossier",
                "indiquez le fichier .yaml du dossier",
            )
        raw = stream.read(TAILLE_MAX + 1)
    if len(raw) > TAILLE_MAX:
        raise _Refus(
            None,
            f"le fichier fait plus de {TAILLE_MAX // 1_000_000} Mo, bien plus qu'un dossier "
            "(une cohorte de 200 agents fait environ 150 ko)",
            "vérifiez qu'il s'agit bien du fichier .yaml du dossier",
        )
    return raw


def _un_probleme(fichier: Path, ligne: int | None, message: str, correction: str, champ: str = "") -> DossierInvalide:
    return DossierInvalide([Probleme(fichier, ligne, champ, message, correction)])


_AUTRES_FORMATS = {
    b"PK\x03\x04": "une archive ZIP (document Word, Excel ou LibreOffice)",
    b"%PDF": "un document PDF",
    b"\xd0\xcf\x11\xe0": "un ancien document Word ou Excel (.doc, .xls)",
}


def _decoder(raw: bytes) -> str:
    for signature, what in _AUTRES_FORMATS.items():
        if raw.startswith(signature):
            raise _Refus(
                None,
                f"ce fichier est {what}, pas un dossier YAML",
                "indiquez le fichier .yaml du dossier (un fichier texte, à partir des exemples de dossiers/exemples/)",
            )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise _Refus(
            line,
            "le fichier n'est pas encodé en UTF-8",
            "enregistrez-le en UTF-8 (dans le Bloc-notes : « Enregistrer sous », encodage « UTF-8 »)",
        ) from None


def _charger_texte(fichier: Path, text: str) -> Arbre:
    _verifier_caracteres(text)
    loader = None
    try:
        loader = _PlainDataLoader(text)
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        raise _traduire_erreur_yaml(error, text.split("\n")) from None
    except yaml.YAMLError:
        raise _Refus(None, "le fichier n'est pas un YAML valide", "vérifiez sa syntaxe") from None
    except ValueError:  # PyYAML's chr() on an escape beyond Unicode, such as "\U0011FFFF"
        raise _hors_unicode(text, loader.get_mark().line + 1 if loader else None) from None
    finally:
        if loader is not None:
            loader.dispose()
    if node is None:
        raise _Refus(
            None, "le fichier est vide", "décrivez la session, les employeurs et les agents (voir les exemples)"
        )
    if not isinstance(node, MappingNode):
        raise _Refus(
            node.start_mark.line + 1,
            "le fichier doit être une suite de clés « clé: valeur »",
            "commencez par « cdg: », « session: », « employeurs: » et « agents: » (voir les exemples)",
        )
    lignes: dict[Chemin, int] = {(): node.start_mark.line + 1}
    try:
        donnees = _construire(node, (), lignes)
    except _Refus as refus:
        raise _valeur_a_mettre_entre_guillemets(text.split("\n"), refus.ligne or 0) or refus from None
    return Arbre(fichier, donnees, lignes)


def _hors_unicode(text: str, ligne: int | None) -> _Refus:
    """The escape of a code point beyond U+10FFFF, found on the line where PyYAML stopped (or before)."""
    lines = text.split("\n")[: ligne or None]
    for number in range(len(lines), 0, -1):
        for escape in _HORS_UNICODE.finditer(lines[number - 1]):
            if int(escape.group(1), 16) > 0x10FFFF:
                return _Refus(
                    number,
                    f"l'échappement « {escape.group()} » désigne un caractère hors d'Unicode "
                    f"(U+{int(escape.group(1), 16):X}), qui s'arrête à U+10FFFF",
                    "corrigez le code ou tapez le caractère lui-même",
                )
    return _Refus(ligne, "un échappement désigne un caractère hors d'Unicode", "corrigez-le")


def decrire_caractere(caractere: str, ou: str = "") -> str:
    """`caractère de contrôle interdit (U+0007)`: a refused character, named by its code point."""
    code = ord(caractere)
    if _MOITIE.match(caractere):
        kind = "moitié isolée de paire UTF-16 interdite"
    elif code < 0x20 or 0x7F <= code <= 0x9F:
        kind = "caractère de contrôle interdit"
    else:
        kind = "non-caractère Unicode interdit"
    return f"{kind}{ou} (U+{code:04X})"


def _verifier_caracteres(text: str) -> None:
    # split on "\n" only: str.splitlines() would take \x0b, \x0c, \x1c or \x85 for line ends and hide them
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.removesuffix("\r")
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            raise _Refus(number, "une tabulation est utilisée pour l'indentation", "remplacez-la par des espaces")
        match = _INTERDIT.search(line)
        if match:
            raise _Refus(number, decrire_caractere(match.group()), "supprimez-le ou retapez la ligne")


def _construire(node, chemin: Chemin, lignes: dict[Chemin, int]):
    if isinstance(node, MappingNode):
        result: dict = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                raise _Refus(key_node.start_mark.line + 1, "une clé doit être un simple mot", "écrivez « clé: valeur »")
            key = _texte_du_scalaire(key_node, chemin)
            line = key_node.start_mark.line + 1
            if key in result:
                raise _Refus(
                    line,
                    f"la clé « {apercu(key)} » apparaît deux fois ici (déjà ligne {lignes[(*chemin, key)]})",
                    "gardez une seule fois cette clé",
                )
            lignes[(*chemin, key)] = line
            result[key] = _construire(value_node, (*chemin, key), lignes)
        return result
    if isinstance(node, SequenceNode):
        items = []
        for index, item in enumerate(node.value):
            lignes[(*chemin, index)] = item.start_mark.line + 1
            items.append(_construire(item, (*chemin, index), lignes))
        return items
    if node.style is None and node.value in _NULLS:
        return None
    return _texte_du_scalaire(node, chemin)


def _texte_du_scalaire(node: ScalarNode, chemin: Chemin) -> str:
    """The scalar's text; a UTF-16 pair written as two escapes ("\\ud83d\\ude00") becomes its character."""
    value = _paires_jointes(node.value)
    bad = caractere_interdit(value)
    if bad is not None:
        raise _Refus(
            node.start_mark.line + 1,
            decrire_caractere(bad, " dans la valeur"),
            "écrivez le caractère lui-même, ou ses deux moitiés à la suite (« \\ud83d\\ude00 »)"
            if _MOITIE.match(bad)
            else "supprimez-le ou retapez la valeur",
            chemin_lisible(chemin),
        )
    return value


def _valeur_a_mettre_entre_guillemets(lignes: list[str], numero: int) -> _Refus | None:
    """Line `numero` gives a value that starts like a template tag, which YAML does not read as text."""
    braced = _VALEUR_ACCOLADE.match(lignes[numero - 1]) if 0 < numero <= len(lignes) else None
    if braced is None:
        return None
    key, value = braced.groups()
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return _Refus(
        numero,
        f"la valeur de « {key} » commence par « {value[:2]} », que YAML ne lit pas comme du texte",
        f'mettez-la entre guillemets : {key}: "{escaped}"',
    )


# `fonction: {{ x }} & Cie`: a value that starts like a template tag (the flow style `{a: 1}` is fine).
_VALEUR_ACCOLADE = re.compile(r"^\s*(?:-\s+)?([^\s:#]+):\s+(\{[{%].*)$")


def _traduire_erreur_yaml(error: yaml.MarkedYAMLError, lignes: list[str]) -> _Refus:
    mark = error.problem_mark or error.context_mark
    line = mark.line + 1 if mark else None
    for number in dict.fromkeys(m.line + 1 for m in (error.context_mark, error.problem_mark) if m):
        if quoted := _valeur_a_mettre_entre_guillemets(lignes, number):
            return quoted
    said = f"{error.context or ''} {error.problem or ''}"
    for english, (message, correction) in _YAML_PROBLEMS.items():
        if english in said:
            return _Refus(line, f"erreur de syntaxe YAML : {message}", correction)
    return _Refus(
        line,
        "erreur de syntaxe YAML",
        "vérifiez l'indentation, les deux-points et les guillemets de cette ligne",
    )
