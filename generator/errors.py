"""Problems the user can fix, as French sentences with file, line and field.

Anything that is not an `ErreurUtilisateur` is a bug and keeps its traceback.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

EXIT_OK = 0
EXIT_BUG = 1
EXIT_INPUT = 2
EXIT_KEPT = 3
EXIT_MANQUANT = 4  # `suivi`: some signature fields are not signed yet
EXIT_INTERRUPTED = 130  # the shells' code for Ctrl-C

# Lone surrogates (a file name that is not UTF-8, a YAML escape) cannot be written as UTF-8, and
# control characters would drive the terminal: both are shown by their code point instead.
_NON_IMPRIMABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def imprimable(texte: str) -> str:
    """`texte` as every terminal can print it, in valid UTF-8: `U+D800` for what cannot be printed."""
    return _NON_IMPRIMABLE.sub(lambda match: f"U+{ord(match.group()):04X}", texte)


@dataclass(frozen=True)
class Probleme:
    """One problem (error or warning) located in a file, as one French sentence."""

    fichier: Path | None
    ligne: int | None
    champ: str
    message: str
    correction: str = ""
    feuille: str = ""  # the sheet of a workbook, named before the line
    rang: int = 0  # the sheet's place in its workbook, so that problems come sheet after sheet

    @property
    def cle_de_tri(self) -> tuple[int, int, str]:
        """Problems of one file in reading order: sheet, line, field."""
        return (self.rang, self.ligne or 0, self.champ)

    def phrase(self) -> str:
        """Render the problem as one sentence: file, sheet, line, field, what is wrong, the fix."""
        where = []
        if self.fichier is not None:
            where.append(self.fichier.name)
        if self.feuille:
            where.append(f"feuille {self.feuille}")
        if self.ligne is not None:
            where.append(f"ligne {self.ligne}")
        if self.champ:
            where.append(self.champ)
        text = self.message
        if self.correction:
            text = f"{text} ; {self.correction}"
        text = text.rstrip(".")
        if not text.endswith(("?", "!")):
            text += "."
        if not where:
            return imprimable(f"{text[:1].upper()}{text[1:]}")
        return imprimable(f"{', '.join(where)} : {text}")


def chiffres(nombre: int) -> str:
    """`5 000`: a count in a message, with French digit groups (narrow no-break spaces)."""
    return f"{nombre:,}".replace(",", "\u202f")


def apercu(texte: str, longueur: int = 60) -> str:
    """`texte`, cut to `longueur` characters with `…`: a value quoted in a message stays readable."""
    return texte if len(texte) <= longueur else texte[: longueur - 1] + "…"


class ErreurUtilisateur(Exception):
    """Base of every problem the user can fix; printed in French, never as a traceback."""

    code_sortie = EXIT_INPUT

    def __init__(self, texte: str) -> None:
        super().__init__(texte)
        self.texte = imprimable(texte)


class DossierInvalide(ErreurUtilisateur):
    """The dossier (or a profile it uses) has errors: all of them, collected."""

    def __init__(
        self, problemes: list[Probleme], strict: bool = False, plusieurs: bool = False, valides: tuple[str, ...] = ()
    ) -> None:
        """`plusieurs`: the errors are in several dossiers; `valides`: the names of the dossiers without error."""
        self.problemes = problemes
        count = len(problemes)
        noun = "1 erreur" if count == 1 else f"{count} erreurs"
        subject = "Les dossiers contiennent" if plusieurs else "Le dossier contient"
        mode = " (mode --strict : les avertissements comptent comme des erreurs)" if strict else ""
        head = f"{subject} {noun}{mode} ; rien n'a été écrit."
        if valides:
            head += (
                f" {', '.join(valides)} {'est valide' if len(valides) == 1 else 'sont valides'}, "
                "mais aucun dossier n'est traité tant que tous ne sont pas corrects."
            )
        super().__init__("\n".join([head, *(p.phrase() for p in problemes)]))
