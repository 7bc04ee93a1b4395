"""Safe YAML loading that keeps the line of every value.

Only plain data is accepted: mappings, lists and scalars. Scalars stay strings (the typed model
converts them), so `0500000000` keeps its leading zero and `no` stays a word. Anchors, aliases,
tags, duplicate keys, tabs used for indentation and control characters are refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from yaml.events import AliasEvent, ScalarEvent
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from generator.errors import DossierInvalide, Probleme

Chemin = tuple[str | int, ...]

_NULLS = {"", "~", "null", "Null", "NULL"}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

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


def caractere_interdit(texte: str) -> str | None:
    """The first control character (tabs included) of a value: no dossier value may hold one."""
    match = _CONTROL.search(texte) or re.search("\t", texte)
    return match.group() if match else None


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
            text += f".{part}" if text else str(part)
    return text


class _PlainDataLoader(yaml.SafeLoader):
    """SafeLoader that refuses anchors, aliases and explicit tags as soon as it meets them."""

    def compose_node(self, parent, index):
        event = self.peek_event()
        line = event.start_mark.line + 1
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
        return super().compose_node(parent, index)


def charger_yaml(fichier: Path) -> Arbre:
    """Load one YAML file as plain data with lines; raise `DossierInvalide` if it is not."""
    try:
        raw = fichier.read_bytes()
    except FileNotFoundError:
        raise _un_probleme(fichier, None, "le fichier n'existe pas", "vérifiez son chemin") from None
    except IsADirectoryError:
        raise _un_probleme(fichier, None, "c'est un dossier, pas un fichier", "indiquez un fichier .yaml") from None
    except OSError as error:
        raise _un_probleme(
            fichier, None, f"le fichier ne peut pas être lu ({error.strerror})", "vérifiez ses droits d'accès"
        ) from None
    try:
        return _charger_texte(fichier, _decoder(raw))
    except _Refus as refus:
        raise _un_probleme(fichier, refus.ligne, refus.message, refus.correction, refus.champ) from None


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


def _verifier_caracteres(text: str) -> None:
    # split on "\n" only: str.splitlines() would take \x0b, \x0c, \x1c or \x85 for line ends and hide them
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.removesuffix("\r")
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            raise _Refus(number, "une tabulation est utilisée pour l'indentation", "remplacez-la par des espaces")
        match = _CONTROL.search(line)
        if match:
            raise _Refus(
                number,
                f"caractère de contrôle interdit (code {ord(match.group()):#04x})",
                "supprimez-le ou retapez la ligne",
            )


def _construire(node, chemin: Chemin, lignes: dict[Chemin, int]):
    if isinstance(node, MappingNode):
        result: dict = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                raise _Refus(key_node.start_mark.line + 1, "une clé doit être un simple mot", "écrivez « clé: valeur »")
            key = key_node.value
            line = key_node.start_mark.line + 1
            if key in result:
                raise _Refus(
                    line,
                    f"la clé « {key} » apparaît deux fois ici (déjà ligne {lignes[(*chemin, key)]})",
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
    match = _CONTROL.search(node.value) or re.search("\t", node.value)
    if match:
        raise _Refus(
            node.start_mark.line + 1,
            f"caractère de contrôle interdit dans la valeur (code {ord(match.group()):#04x})",
            "supprimez-le ou retapez la valeur",
            chemin_lisible(chemin),
        )
    return node.value


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
