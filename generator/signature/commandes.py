"""The `signer` and `suivi` commands: parsed arguments in, French lines and an exit status out."""

from __future__ import annotations

import argparse
import contextlib
import logging
from collections.abc import Iterator
from typing import TextIO

from pyhanko.sign.signers import Signer

from generator.errors import EXIT_OK, ErreurUtilisateur, Probleme
from generator.produce import lire_liste_documents
from generator.signature import certificat
from generator.signature.session import lire_session
from generator.signature.signer import horodateur, signer_session
from generator.signature.suivi import code_de_sortie, ecrire_suivi, lire_racines, suivre, tableau


def _taire_pyhanko() -> None:
    """pyHanko logs in English, with tracebacks, what our French lines already say (an untrusted chain...)."""
    for name in ("pyhanko", "pyhanko_certvalidator"):
        logger = logging.getLogger(name)
        if not logger.handlers:
            logger.addHandler(logging.NullHandler())
        logger.propagate = False


def signer(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Sign the CDG's (or the adviser's) empty fields of a session; everything is checked before the first write."""
    _taire_pyhanko()
    if args.jeton and not args.pkcs11:
        raise ErreurUtilisateur("--jeton ne sert qu'avec --pkcs11 ; retirez-le, ou indiquez le module avec --pkcs11.")
    documents = lire_liste_documents(args.documents)
    session = lire_session(args.session)
    timestamper = horodateur(args.horodatage)
    with _signataire(args) as signataire:
        report = signer_session(session, signataire, args.role, documents, args.agent, timestamper)
    _avertir(report.avertissements, err)
    for path in report.signes:
        copies = ", ".join(report.copies.get(path, []))
        out.write(f"Signé : {path}{f' (copié sur {copies})' if copies else ''}\n")
    out.write(report.resume(args.role) + "\n")
    return EXIT_OK


@contextlib.contextmanager
def _signataire(args: argparse.Namespace) -> Iterator[Signer]:
    if args.pkcs11:
        pin = certificat.phrase_secrete("Code PIN du jeton")
        with certificat.jeton_pkcs11(args.pkcs11, args.jeton, pin) as signataire:
            yield signataire
        return
    content = certificat.lire_pkcs12(args.certificat)
    phrase = certificat.phrase_secrete(f"Phrase secrète du certificat {args.certificat.name}")
    yield certificat.charger_pkcs12(content, phrase, args.certificat)


def suivi(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Print the state of every signature field of a session and write `suivi.csv`; 0, 4 (missing) or 2 (invalid)."""
    _taire_pyhanko()
    roots = lire_racines(args.racines) if args.racines is not None else None
    session = lire_session(args.session)
    lines = suivre(session, roots)
    path = ecrire_suivi(session, lines)
    _avertir(session.avertissements, err)
    for line in tableau(session, lines, roots is not None, path):
        out.write(line + "\n")
    return code_de_sortie(lines)


def _avertir(avertissements: list[Probleme], err: TextIO) -> None:
    for warning in avertissements:
        err.write(f"Attention : {warning.phrase()}\n")
