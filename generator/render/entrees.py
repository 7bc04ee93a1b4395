"""The fingerprint of what a file is made from, so that a re-run renders only the files whose inputs changed.

A document's bytes depend only on its context, its Word template, the shared stylesheet and partials,
and the code and libraries that render it (rendering is pure). The fingerprint hashes all of that:
the context serialised deterministically (types named, keys sorted), the template's bytes, the
shared files of `gabarits/`, the generator's own source and the rendering libraries' versions.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import hashlib
import json
from datetime import date, datetime, time
from decimal import Decimal
from importlib import metadata
from pathlib import Path, PurePath

from pydantic import BaseModel

from generator.dossier.validation import DossierValide
from generator.plan import Fichier
from generator.render import environment
from generator.render.documents import contexte, gabarit_de

_SOURCES = Path(__file__).resolve().parent.parent  # the `generator` package
_BIBLIOTHEQUES = ("weasyprint", "pydyf", "docxtpl", "python-docx", "pypdf", "icalendar", "jinja2")


def canonique(valeur: object, memo: dict[int, tuple[object, object]] | None = None) -> object:
    """A JSON-ready form of a context value that names its types, the same whatever the process or order.

    `memo` keeps the forms of the dossier's and profile's models, shared by every context of a run.
    """
    if memo is not None and isinstance(valeur, BaseModel):
        if id(valeur) not in memo:
            memo[id(valeur)] = (valeur, _canonique(valeur, memo))  # the value itself keeps its id taken
        return memo[id(valeur)][1]
    return _canonique(valeur, memo)


def _canonique(valeur: object, memo: dict[int, tuple[object, object]] | None) -> object:
    if valeur is None or isinstance(valeur, bool | int | float | str):
        return valeur
    if isinstance(valeur, enum.Enum):
        return {"$enum": type(valeur).__name__, "valeur": canonique(valeur.value, memo)}
    if isinstance(valeur, Decimal):
        return {"$decimal": str(valeur)}
    if isinstance(valeur, datetime | date | time):
        return {"$" + type(valeur).__name__: valeur.isoformat()}
    if isinstance(valeur, PurePath):
        return {"$chemin": valeur.as_posix()}
    if isinstance(valeur, BaseModel):
        fields = {name: canonique(getattr(valeur, name), memo) for name in type(valeur).model_fields}
        return {"$": type(valeur).__name__, **fields}
    if dataclasses.is_dataclass(valeur) and not isinstance(valeur, type):
        fields = {f.name: canonique(getattr(valeur, f.name), memo) for f in dataclasses.fields(valeur)}
        return {"$": type(valeur).__name__, **fields}
    if isinstance(valeur, dict):
        return {"$dict": sorted([str(k), canonique(v, memo)] for k, v in valeur.items())}
    if isinstance(valeur, list | tuple):
        return [canonique(v, memo) for v in valeur]
    if isinstance(valeur, set | frozenset):
        return {"$set": sorted(json.dumps(canonique(v, memo), sort_keys=True) for v in valeur)}
    # A type this function does not know could hide a change: better fail than skip a file wrongly.
    raise TypeError(f"no canonical form for {type(valeur).__name__}")


def _hacher(*parties: object) -> str:
    text = json.dumps(parties, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@functools.cache
def version_du_generateur() -> str:
    """The generator's source and the rendering libraries' versions: a change of either renders everything again."""
    digest = hashlib.sha256()
    for path in sorted(_SOURCES.rglob("*.py")):
        digest.update(path.relative_to(_SOURCES).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    for library in _BIBLIOTHEQUES:
        digest.update(f"{library}={metadata.version(library)}\0".encode())
    return digest.hexdigest()


def _fichiers_partages() -> str:
    """The shared files of `gabarits/` (stylesheet, HTML partials, images): every PDF depends on them."""
    digest = hashlib.sha256()
    for path in sorted(environment.GABARITS.rglob("*")):
        if path.is_file() and path.suffix != ".docx":
            digest.update(path.relative_to(environment.GABARITS).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def empreinte_document(
    fichier: Fichier, valide: DossierValide, memo: dict[int, tuple[object, object]] | None = None
) -> str:
    """The fingerprint of a planned document's inputs: equal fingerprints give equal bytes.

    The context holds the profile (`cdg`), whose name and offer are the file's metadata too.
    """
    # The render key without `expurge`: an employer's copy depends on its (health-free) context only, so an
    # employer's manifest is the same whether or not one of its agents is of the L. 5212-13 publics.
    parts: list[object] = [version_du_generateur(), list(fichier.cle[:4]), list(fichier.signataires)]
    parts.append(canonique(contexte(fichier, valide), memo))
    if fichier.format in ("pdf", "docx"):
        parts.append(hashlib.sha256(gabarit_de(fichier, valide).contenu()).hexdigest())
    if fichier.format == "pdf":
        parts.append(_fichiers_partages())
    return _hacher(*parts)


def empreinte_assemblage(fichier: Fichier, arguments: object, membres: list[tuple[str, str]]) -> str:
    """The fingerprint of a bundle or an archive: its members' names and hashes and how they are put together."""
    return _hacher(version_du_generateur(), list(fichier.cle), canonique(arguments), membres)
