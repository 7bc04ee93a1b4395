"""The `facturation` and `bilan-annuel` commands: parsed arguments in, French lines and an exit status out."""

from __future__ import annotations

import argparse
from typing import TextIO

from generator.errors import Probleme, imprimable
from generator.facturer import facturer


def facturation(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Write each session's invoicing statement and each employer's justificatif; 0, or 3 when files were kept."""
    done = facturer(args.dossiers, args.au, args.sortie, args.profils, args.forcer, strict=args.strict)
    if not args.quiet:
        _avertir(done.rapport.avertissements, err)
        for line in done.lignes():
            out.write(imprimable(line) + "\n")
        out.write(done.rapport.resume() + "\n")
    elif done.rapport.conserves:
        err.write(done.rapport.resume() + "\n")
    return done.rapport.code_sortie()


def bilan_annuel(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Print the year's review of the sessions of an output folder and write it as a workbook and a PDF."""
    from generator.bilan_annuel import bilan, ecrire_bilan

    review = bilan(args.sortie, args.annee)
    _avertir(review.avertissements, err)
    written = ecrire_bilan(review, args.sortie, args.forcer)
    if not args.quiet:
        for line in review.lignes():
            out.write(imprimable(line) + "\n")
        for path, action, reason in written:
            out.write(imprimable(_ecrit(path, action, reason)) + "\n")
    return 3 if any(action == "conserver" for _, action, _ in written) else 0


def _ecrit(path, action: str, reason: str) -> str:
    labels = {"creer": "Écrit", "mettre_a_jour": "Mis à jour", "inchange": "Inchangé", "forcer": "Remplacé"}
    if action == "conserver":
        return f"Conservé : {path} ({reason}) ; relancez avec --forcer pour le remplacer."
    return f"{labels[action]} : {path}{f' ({reason})' if reason else ''}"


def _avertir(avertissements: list[Probleme], err: TextIO) -> None:
    for warning in avertissements:
        err.write(f"Attention : {warning.phrase()}\n")
