"""`suivi`: the state of every signature field of a session, as a French table and `suivi.csv`.

A field is read on its document's most-signed copy (the one `signer` signs). A signature is
`invalide` when the signed bytes changed, when a later change is not one an approval signature
allows (pyHanko's modification analysis), or, with trusted roots, when its certificate does not
chain to them.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from asn1crypto import pem, x509
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.errors import SignatureValidationError
from pyhanko.sign.validation.status import PdfSignatureStatus
from pyhanko_certvalidator import ValidationContext

from generator import output
from generator.cellules import cellule_sure
from generator.documents import DOCUMENTS
from generator.errors import EXIT_INPUT, EXIT_MANQUANT, EXIT_OK, ErreurUtilisateur
from generator.signature.certificat import nom_commun
from generator.signature.session import Copie, Document, Session, nom_de_champ

FICHIER_SUIVI = "suivi.csv"
COLONNES = ("chemin", "document", "agent", "employeur", "role", "etat", "signataire", "date")


class Etat(Enum):
    """The state of one signature field."""

    SIGNE = "signé"
    NON_SIGNE = "non signé"
    INVALIDE = "invalide"


@dataclass(frozen=True)
class Lecture:
    """What one signature field says."""

    etat: Etat
    signataire: str = ""  # the signing certificate's common name
    date: str = ""  # the signing time, ISO 8601
    raison: str = ""  # why a signature is invalid, for the table


NON_SIGNE = Lecture(Etat.NON_SIGNE)


@dataclass(frozen=True)
class Ligne:
    """One signature field of one document (a row of `suivi.csv`)."""

    chemin: str
    document: Document
    role: str
    lecture: Lecture

    def cellules(self) -> list[str]:
        """The CSV row; user data never runs as a formula."""
        document, lecture = self.document, self.lecture
        values = [
            self.chemin,
            document.document,
            document.agent or "",
            document.employeur or "",
            self.role,
            lecture.etat.value,
            lecture.signataire,
            lecture.date,
        ]
        return [cellule_sure(v) for v in values]


def lire_racines(dossier: Path) -> list[x509.Certificate]:
    """The trusted root certificates of a folder (`.pem`, `.crt`, `.cer`, `.der` files)."""
    if not dossier.is_dir():
        raise ErreurUtilisateur(
            f"--racines : le dossier {dossier} n'existe pas ; indiquez le dossier des certificats racines de confiance."
        )
    roots = []
    for path in sorted(dossier.iterdir()):
        if path.suffix.lower() not in (".pem", ".crt", ".cer", ".der") or not path.is_file():
            continue
        data = path.read_bytes()
        try:
            if pem.detect(data):
                roots += [x509.Certificate.load(der) for _, _, der in pem.unarmor(data, multiple=True)]
            else:
                roots.append(x509.Certificate.load(data))
            for root in roots:
                root.native  # noqa: B018 - parse now: a broken file must fail here, not during validation
        except (ValueError, TypeError):
            raise ErreurUtilisateur(
                f"--racines : {path} n'est pas un certificat (PEM ou DER) ; retirez-le du dossier ou remplacez-le."
            ) from None
    if not roots:
        raise ErreurUtilisateur(
            f"--racines : le dossier {dossier} ne contient aucun certificat (.pem, .crt, .cer ou .der) ; "
            "ajoutez-y les certificats racines de confiance."
        )
    return roots


def suivre(session: Session, racines: list[x509.Certificate] | None) -> list[Ligne]:
    """Every signature field of every signable document of the session, in the manifest's order."""
    lines = []
    for document in session.documents:
        copy = session.meilleure_copie(document)
        path = copy.relatif if copy else document.chemins[0]
        read = _signatures(copy, racines) if copy else {}
        lines += [Ligne(path, document, role, read.get(nom_de_champ(role), NON_SIGNE)) for role in document.signataires]
    return lines


def _signatures(copy: Copie, racines: list[x509.Certificate] | None) -> dict[str, Lecture]:
    """Each signed field of a copy, validated."""
    reader = PdfFileReader(io.BytesIO(copy.chemin.read_bytes()), strict=False)
    found = {}
    for embedded in reader.embedded_signatures:
        context = ValidationContext(trust_roots=racines or [], allow_fetching=False)
        try:
            status = validate_pdf_signature(embedded, context)
        except (ValueError, KeyError, TypeError, SignatureValidationError) as error:  # too broken to be read
            found[embedded.field_name] = Lecture(Etat.INVALIDE, raison=f"signature illisible ({error})")
            continue
        reason = _raison(status, racines is not None)
        state = Etat.INVALIDE if reason else Etat.SIGNE
        found[embedded.field_name] = Lecture(state, nom_commun(status.signing_cert), _date(status), reason)
    return found


def _raison(status: PdfSignatureStatus, racines: bool) -> str:
    """Why a signature is invalid, in French; empty when it is valid."""
    if not status.intact:
        return "le contenu signé a été modifié"
    if not status.valid:
        return "la signature ne correspond pas au contenu"
    if not (status.docmdp_ok or status.modification_level is None):
        return "le fichier a été modifié après la signature d'une façon qu'elle n'autorise pas"
    if racines and not status.trusted:
        return "le certificat ne remonte à aucune des racines de confiance"
    timestamp = status.timestamp_validity
    if timestamp is not None and not (timestamp.intact and timestamp.valid and (timestamp.trusted or not racines)):
        return "l'horodatage de la signature n'est pas valide"
    return ""


def _date(status: PdfSignatureStatus) -> str:
    """The signing time, ISO 8601: the timestamp's when there is one, else the one the signer declared."""
    moment = status.timestamp_validity.timestamp if status.timestamp_validity else status.signer_reported_dt
    return moment.isoformat(timespec="seconds") if moment else ""


def csv_de_suivi(lignes: list[Ligne]) -> bytes:
    """`suivi.csv`: semicolons, UTF-8 with BOM (Excel opens it as it is), one row per signature field."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLONNES)
    writer.writerows(line.cellules() for line in lignes)
    return buffer.getvalue().encode("utf-8-sig")


def ecrire_suivi(session: Session, lignes: list[Ligne]) -> Path:
    """Write `suivi.csv` into the session folder (atomically); return its path."""
    path = session.racine / FICHIER_SUIVI
    output.ecrire_atomique(path, csv_de_suivi(lignes))
    return path


def code_de_sortie(lignes: list[Ligne]) -> int:
    """0 every field signed and valid, 4 some missing, 2 some invalid."""
    states = {line.lecture.etat for line in lignes}
    if Etat.INVALIDE in states:
        return EXIT_INPUT
    return EXIT_MANQUANT if Etat.NON_SIGNE in states else EXIT_OK


def tableau(session: Session, lignes: list[Ligne], racines_verifiees: bool, fichier: Path) -> list[str]:
    """The French table: by employer, then by agent, each document with its fields; then the totals."""
    lines = [f"Suivi des signatures de la session {session.reference}"]
    if not racines_verifiees:
        lines.append("Chaîne de confiance non vérifiée : indiquez --racines DOSSIER pour la vérifier.")
    employer = agent = document = object()  # nothing printed yet
    for line in sorted(lignes, key=_ordre):
        if line.document.employeur != employer:
            employer, agent = line.document.employeur, object()
            lines += ["", f"Employeur {employer}" if employer else "Sans employeur"]
        if line.document.agent != agent:
            agent = line.document.agent
            if agent:
                lines.append(f"  Agent {agent}")
        indent = "    " if line.document.agent else "  "
        if line.document is not document:
            document = line.document
            lines.append(f"{indent}{DOCUMENTS[document.document].titre} : {line.chemin}")
        lines.append(f"{indent}  {line.role:<11}{_etat_lisible(line.lecture)}")
    lines += ["", _bilan(lignes), f"Tableau complet : {fichier}"]
    return lines


def _ordre(ligne: Ligne) -> tuple:
    document = ligne.document
    return (
        document.employeur or "",
        document.agent is not None,
        document.agent or "",
        list(DOCUMENTS).index(document.document),
        document.chemins,
        document.signataires.index(ligne.role),
    )


def _etat_lisible(lecture: Lecture) -> str:
    text = f"{lecture.etat.value:<10}"
    if lecture.signataire:
        text += f" {lecture.signataire}, le {lecture.date}" if lecture.date else f" {lecture.signataire}"
    if lecture.raison:
        text += f" ({lecture.raison})"
    return text.rstrip()


def _bilan(lignes: list[Ligne]) -> str:
    counts = {state: sum(1 for line in lignes if line.lecture.etat is state) for state in Etat}
    fields = len(lignes)
    parts = [
        f"{counts[Etat.SIGNE]} signé{'s' if counts[Etat.SIGNE] > 1 else ''}",
        f"{counts[Etat.NON_SIGNE]} non signé{'s' if counts[Etat.NON_SIGNE] > 1 else ''}",
        f"{counts[Etat.INVALIDE]} invalide{'s' if counts[Etat.INVALIDE] > 1 else ''}",
    ]
    return f"Bilan : {', '.join(parts)}, sur {fields} champ{'s' if fields > 1 else ''} de signature."
