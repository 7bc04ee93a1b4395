"""Spreadsheet cells that stay data: user text never runs as a formula (OWASP CSV injection)."""

from __future__ import annotations

DEBUTS_DE_FORMULE = ("=", "+", "-", "@", "\t", "\r")


def cellule_sure(texte: str) -> str:
    """`texte` as a spreadsheet must show it, never as a formula: a leading `'` disarms a formula start."""
    return "'" + texte if texte.startswith(DEBUTS_DE_FORMULE) else texte
