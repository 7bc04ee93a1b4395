"""Safe file and folder names made from what users typed."""

from __future__ import annotations

import re
import unicodedata

_LONGUEUR = 60  # characters of a name, short enough for every system's paths
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}


def nom_sur(texte: str) -> str:
    """A file or folder name safe on every system: ASCII letters, digits and hyphens only."""
    name = _plier(texte)[:_LONGUEUR].strip("-") or "sans-nom"
    return f"{name}-" if name in _RESERVED else name


def _plier(texte: str) -> str:
    folded = unicodedata.normalize("NFKD", texte)
    ascii_only = folded.encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_only).strip("-")


def dossier_agent(nom: str, prenom: str, ident: str | None) -> str:
    """An agent's folder name, made from the agent's own data only: it never moves when others change.

    The id is never cut off: a long name is shortened to leave room for it.
    """
    name = nom_sur(f"{nom} {prenom}")
    if not ident:
        return name
    suffix = nom_sur(ident)[:20].strip("-")
    return f"{name[: _LONGUEUR - len(suffix) - 1].rstrip('-')}-{suffix}"


def id_utilisable(ident: str) -> bool:
    """Whether an id tells a folder apart: it needs a letter (without accent or with) or a digit."""
    return bool(_plier(ident))
