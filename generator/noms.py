"""Safe file and folder names made from what users typed."""

from __future__ import annotations

import re
import unicodedata

_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}


def nom_sur(texte: str) -> str:
    """A file or folder name safe on every system: ASCII letters, digits and hyphens only."""
    folded = unicodedata.normalize("NFKD", texte)
    ascii_only = folded.encode("ascii", "ignore").decode("ascii").lower()
    name = re.sub(r"[^a-z0-9]+", "-", ascii_only).strip("-")[:60].strip("-")
    if not name:
        name = "sans-nom"
    return f"{name}-" if name in _RESERVED else name


def dossier_agent(nom: str, prenom: str, ident: str | None) -> str:
    """An agent's folder name, made from the agent's own data only: it never moves when others change."""
    return nom_sur(f"{nom} {prenom} {ident}" if ident else f"{nom} {prenom}")
