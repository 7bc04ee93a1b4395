"""French wording of every validation error, with file, line, field path and fix."""

from __future__ import annotations

import difflib
import types
import typing

from pydantic import BaseModel, ValidationError

from generator.dossier.loading import Arbre, Chemin
from generator.dossier.types import ERREUR
from generator.errors import Probleme, apercu, chiffres


def probleme(arbre: Arbre, chemin: Chemin, message: str, correction: str) -> Probleme:
    """A problem located at `chemin` in the loaded file."""
    return arbre.probleme(chemin, message, correction)


def traduire(erreurs: ValidationError, arbre: Arbre, modele: type[BaseModel]) -> list[Probleme]:
    """Every pydantic error as a French problem, in the order of the file."""
    errors = _sans_cles_mal_orthographiees(erreurs.errors(), modele)
    problems = [_traduire_une(err, arbre, modele) for err in errors]
    return sorted(problems, key=lambda p: p.cle_de_tri)


def _sans_cles_mal_orthographiees(errors: list[dict], modele: type[BaseModel]) -> list[dict]:
    """Drop "missing key" when an unknown key beside it is its misspelling: one mistake, one sentence."""
    misspelt = set()
    for err in errors:
        if err["type"] == "extra_forbidden":
            parent, key = tuple(err["loc"][:-1]), str(err["loc"][-1])
            close = _cle_proche(key, modele, parent)
            if close:
                misspelt.add((*parent, close))
    return [e for e in errors if not (e["type"] == "missing" and tuple(e["loc"]) in misspelt)]


def _cle_proche(key: str, modele: type[BaseModel], parent: Chemin) -> str | None:
    found = _modele_a(modele, parent)
    close = difflib.get_close_matches(key, list(found.model_fields), n=1, cutoff=0.6) if found else []
    return close[0] if close else None


def _traduire_une(err: dict, arbre: Arbre, modele: type[BaseModel]) -> Probleme:
    chemin: Chemin = tuple(err["loc"])
    kind = err["type"]
    value = err.get("input")
    if kind == ERREUR:
        return probleme(arbre, chemin, err["ctx"]["message"], err["ctx"]["correction"])
    if kind == "missing":
        key = chemin[-1]
        return probleme(arbre, chemin, f"la clé « {key} » manque", f"ajoutez « {key}: … »")
    if kind == "extra_forbidden":
        return _cle_inconnue(arbre, chemin, modele)
    message, correction = _MESSAGES.get(kind, (None, None))
    if kind in ("string_type", "int_type", "bool_type") and value is None:
        message, correction = "la valeur est vide", "indiquez une valeur après les deux-points"
    elif kind in ("string_type", "int_type", "int_parsing") and isinstance(value, (dict, list)):
        message, correction = (
            "une valeur simple est attendue ici, pas une liste ni des sous-clés",
            "écrivez la valeur sur la même ligne que la clé",
        )
    elif message is None:
        # the value is quoted as it is: never read as a template ("{a}" would be a missing name)
        message, correction = (
            f"valeur incorrecte « {apercu(_texte_de(value))} »",
            "corrigez-la en vous aidant des exemples",
        )
    else:
        details = {name: _texte_de(detail) for name, detail in (err.get("ctx") or {}).items()}
        message = message.format(valeur=apercu(_texte_de(value)), **details)
        correction = correction.format(**details)
    return probleme(arbre, chemin, message, correction)


def _texte_de(valeur: object) -> str:
    """A value for a message: text as it is, a number with French digit groups, a list or sub-keys described."""
    if isinstance(valeur, dict):
        return "des sous-clés"
    if isinstance(valeur, list):
        return f"une liste de {len(valeur)} éléments"
    if isinstance(valeur, int) and not isinstance(valeur, bool) and abs(valeur) < 10**15:
        return chiffres(valeur)
    return str(valeur)


_MESSAGES = {
    "string_too_short": ("la valeur est vide", "indiquez une valeur après les deux-points"),
    "int_parsing": ("« {valeur} » n'est pas un nombre entier", "écrivez un nombre, par exemple 12"),
    "int_from_float": ("« {valeur} » n'est pas un nombre entier", "écrivez un nombre sans virgule"),
    "greater_than_equal": ("le nombre « {valeur} » est négatif", "indiquez un nombre positif ou nul"),
    "list_type": (
        "une liste est attendue ici",
        "écrivez chaque élément sur sa propre ligne, précédé de « - »",
    ),
    "too_short": ("la liste est vide", "ajoutez au moins un élément, précédé de « - »"),
    "too_long": (
        "la liste compte {actual_length} éléments, plus que les {max_length} acceptés ici",
        "répartissez-les entre plusieurs dossiers",
    ),
    "less_than_equal": ("le nombre « {valeur} » dépasse {le}", "indiquez au plus {le}"),
    "int_parsing_size": ("le nombre « {valeur} » est bien trop grand", "indiquez un nombre plus petit"),
    "model_type": (
        "des sous-clés sont attendues ici",
        "écrivez les sous-clés en dessous, en retrait (voir les exemples)",
    ),
    "model_attributes_type": (
        "des sous-clés sont attendues ici",
        "écrivez les sous-clés en dessous, en retrait (voir les exemples)",
    ),
    "dict_type": (
        "des sous-clés sont attendues ici",
        "écrivez les sous-clés en dessous, en retrait (voir les exemples)",
    ),
    "literal_error": ("« {valeur} » n'est pas une valeur possible", "choisissez une valeur donnée en exemple"),
}


def _cle_inconnue(arbre: Arbre, chemin: Chemin, modele: type[BaseModel]) -> Probleme:
    key = str(chemin[-1])
    found = _modele_a(modele, chemin[:-1])
    known = list(found.model_fields) if found else []
    close = _cle_proche(key, modele, chemin[:-1])
    if close:
        correction = f"vouliez-vous dire « {close} » ?"
    else:
        correction = "retirez-la ou corrigez-la ; clés possibles ici : " + ", ".join(known)
    return probleme(arbre, chemin, f"la clé « {apercu(key)} » est inconnue", correction)


def _modele_a(modele: type[BaseModel], chemin: Chemin) -> type[BaseModel] | None:
    """The model class that validates the value at `chemin`, following fields and lists."""
    current: object = modele
    for part in chemin:
        if isinstance(part, int):
            current = _element_de_liste(current)
        elif isinstance(current, type) and issubclass(current, BaseModel) and part in current.model_fields:
            current = current.model_fields[part].annotation
        else:
            return None
        current = _sans_none(current)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _sans_none(annotation: object) -> object:
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        options = [a for a in typing.get_args(annotation) if a is not type(None)]
        return options[0] if len(options) == 1 else annotation
    return annotation


def _element_de_liste(annotation: object) -> object:
    annotation = _sans_none(annotation)
    args = typing.get_args(annotation)
    return args[0] if typing.get_origin(annotation) is list and args else None
