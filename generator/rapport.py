"""What the user asked a run for (`Options`) and what it did (`Rapport`), shared by produce and execution."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from generator import output
from generator.documents import DOCUMENTS
from generator.errors import Probleme
from generator.profiles import DOSSIER_PROFILS

DOCUMENTS_CONNUS = tuple(d for d, document in DOCUMENTS.items() if document.commande is None)  # generated


def coeurs() -> int:
    """The cores this process may run on (fewer than the machine's when a job scheduler limits it)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


@dataclass(frozen=True)
class Options:
    """What the user asked for (the command line's options)."""

    sortie: Path = Path("sortie")
    strict: bool = False
    profils: Path = DOSSIER_PROFILS
    verifier: bool = False
    documents: tuple[str, ...] = DOCUMENTS_CONNUS
    agent: str | None = None
    formats: tuple[str, ...] = ("pdf", "docx")
    forcer: bool = False
    tout: bool = False  # render every file again, even those whose inputs did not change
    processus: int = field(default_factory=lambda: coeurs())


@dataclass
class Rapport:
    """What a run did, file by file, and its warnings."""

    decisions: list[tuple[Path, str, str]] = field(default_factory=list)  # path, action, reason
    obsoletes: list[Path] = field(default_factory=list)
    avertissements: list[Probleme] = field(default_factory=list)
    verifier: bool = False

    def _compte(self, *actions: str) -> int:
        return sum(1 for _, action, _ in self.decisions if action in actions)

    @property
    def ecrits(self) -> int:
        """How many files were written (created, updated or forced)."""
        return self._compte("creer", "mettre_a_jour", "forcer")

    @property
    def conserves(self) -> list[tuple[Path, str, str]]:
        """Files kept because they changed since they were generated."""
        return [d for d in self.decisions if d[1] == "conserver"]

    def lignes_detail(self) -> list[str]:
        """One line per file worth a look: kept, forced, obsolete; every file with --verifier."""
        lines = []
        labels = {
            "creer": "à créer",
            "mettre_a_jour": "à régénérer",
            "inchange": "inchangé",
            "conserver": "conservé",
            "forcer": "à remplacer (--forcer)",
            "rempli": "conservé",
        }
        for path, action, reason in self.decisions:
            if self.verifier:
                lines.append(f"{labels[action]} : {path}{f' ({reason})' if reason else ''}")
            elif action in ("conserver", "forcer"):
                verb = "Conservé" if action == "conserver" else "Remplacé"
                lines.append(f"{verb} : {path} ({reason})")
        for path in self.obsoletes:
            lines.append(f"Plus dans le dossier (laissé en place) : {path}")
        return lines

    def resume(self) -> str:
        """The one-line French summary."""
        warnings = pluriel(len(self.avertissements), "avertissement")
        if self.verifier:
            return (
                f"Vérification : {pluriel(self._compte('creer'), 'fichier')} à créer, "
                f"{self._compte('mettre_a_jour')} à régénérer, {self._compte('inchange')} inchangé"
                f"{'s' if self._compte('inchange') > 1 else ''}, {self._compte('conserver', 'rempli')} à conserver, "
                f"{self._compte('forcer')} à remplacer (--forcer), {warnings} ; rien n'a été écrit."
            )
        written = self.ecrits
        kept = self._compte("conserver", "rempli")  # a synthesis the agent filled in is kept too, silently
        text = (
            f"Terminé : {pluriel(written, 'fichier')} écrit{'s' if written > 1 else ''}, "
            f"{self._compte('inchange')} inchangé{'s' if self._compte('inchange') > 1 else ''}, "
            f"{kept} conservé{'s' if kept > 1 else ''}, {warnings}."
        )
        if self.conserves:
            text += (
                " Des fichiers modifiés depuis leur génération ont été conservés : "
                "relancez avec --forcer pour les remplacer."
            )
        return text

    def code_sortie(self) -> int:
        """0 done, 3 when files were kept (with --verifier nothing is done: 0)."""
        return output.code_de_sortie(0 if self.verifier else len(self.conserves))


def pluriel(count: int, word: str) -> str:
    """`1 avertissement`, `2 avertissements` (the French plural of the words the messages count)."""
    return f"{count} {word}{'s' if count > 1 else ''}"
