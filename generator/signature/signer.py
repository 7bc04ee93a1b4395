"""`signer`: the CDG's empty signature fields of a whole session, signed in one batch with pyHanko.

Each document is signed on its most-signed copy (the file a party sent back), as an incremental
update (PAdES, approval signature: the earlier signatures stay valid and later parties can still
sign). The file is replaced atomically; its hash no longer matches the manifest's, so a new
generation keeps it as a signed file.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from pkcs11 import PKCS11Error
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import signers
from pyhanko.sign.fields import SigSeedSubFilter
from pyhanko.sign.general import SigningError
from pyhanko.sign.timestamps import HTTPTimeStamper, TimestampRequestError
from pyhanko.stamp import TextStampStyle

from generator import output
from generator.errors import ErreurUtilisateur, Probleme
from generator.produce import pluriel
from generator.signature.session import Copie, Document, Session, documents_choisis, nom_de_champ

ROLES_DU_CDG = ("cdg", "conseiller")
# What the signed field shows on the page (pyHanko's default stamp speaks English).
TAMPON = TextStampStyle(stamp_text="Signé par %(signer)s\nle %(ts)s", timestamp_format="%d/%m/%Y à %H:%M (%Z)")


@dataclass
class RapportSignature:
    """What a `signer` run did."""

    signes: list[str] = field(default_factory=list)  # relative paths of the files signed now
    copies: dict[str, list[str]] = field(default_factory=dict)  # signed file -> generated copies brought up to it
    deja_signes: list[str] = field(default_factory=list)
    laisses: int = 0  # documents left unsigned, each with its warning
    avertissements: list[Probleme] = field(default_factory=list)

    def resume(self, role: str) -> str:
        """The one-line French summary."""
        signed, before, left = len(self.signes), len(self.deja_signes), self.laisses
        if not signed and not before and not left:
            return f"Aucun champ de signature « {role} » dans les documents choisis : rien n'a été signé."
        text = f"Terminé : {pluriel(signed, 'document')} signé{'s' if signed > 1 else ''}"
        if before:
            again = f"non signé{'s' if before > 1 else ''} une seconde fois"
            text += f", {before} déjà signé{'s' if before > 1 else ''} pour le rôle « {role} » ({again})"
        if left:
            text += f", {left} laissé{'s' if left > 1 else ''} de côté (voir ci-dessus)"
        return text + "."


def horodateur(url: str | None) -> HTTPTimeStamper | None:
    """The RFC 3161 timestamp server of `--horodatage` (PAdES B-T), or none (B-B)."""
    if url is None:
        return None
    if not url.startswith(("http://", "https://")):
        raise ErreurUtilisateur(
            f"--horodatage : « {url} » n'est pas une adresse web ; indiquez l'adresse http(s) du serveur d'horodatage."
        )
    return HTTPTimeStamper(url)


def signer_session(
    session: Session,
    signataire: signers.Signer,
    role: str,
    documents: tuple[str, ...],
    agent: str | None = None,
    horodatage: HTTPTimeStamper | None = None,
) -> RapportSignature:
    """Sign `role`'s empty field in each chosen document of the session, on its most-signed copy."""
    report = RapportSignature(avertissements=list(session.avertissements))
    chosen = [d for d in documents_choisis(session, documents, agent) if role in d.signataires]
    with output.verrou(session.racine):
        for document in chosen:
            _signer_document(session, document, signataire, role, horodatage, report)
    return report


def _signer_document(
    session: Session,
    document: Document,
    signataire: signers.Signer,
    role: str,
    horodatage: HTTPTimeStamper | None,
    report: RapportSignature,
) -> None:
    copy = session.meilleure_copie(document)
    name = nom_de_champ(role)
    if copy is None:
        report.laisses += 1
        report.avertissements.append(
            _probleme(f"{document.nom()} n'est plus dans le dossier de session", "régénérez-le, puis relancez signer")
        )
        return
    if copy.champs.get(name):
        report.deja_signes.append(copy.relatif)
        return
    if not copy.conforme:
        report.laisses += 1  # already reported: a changed file is never signed
        return
    if name not in copy.champs:
        report.laisses += 1
        report.avertissements.append(
            _probleme(f"le fichier {copy.relatif} n'a plus de champ {name}", "régénérez-le, puis relancez signer")
        )
        return
    before = copy.chemin.read_bytes()
    signed = signer_pdf(before, name, signataire, horodatage, copy.relatif)
    if not output.remplacer_si_inchange(copy.chemin, before, signed):
        report.laisses += 1
        report.avertissements.append(
            _probleme(f"le fichier {copy.relatif} a changé pendant la signature", "relancez signer pour le signer")
        )
        return
    report.signes.append(copy.relatif)
    report.copies[copy.relatif] = _mettre_les_copies_a_jour(session, document, copy, signed)


def _mettre_les_copies_a_jour(session: Session, document: Document, signe: Copie, signed: bytes) -> list[str]:
    """Bring the document's other generated copies up to the signed file, where nothing of theirs is lost.

    A copy whose bytes are the beginning of the signed file holds nothing the signed file does not
    (the convention in the agent's and the employer's folders): it becomes the signed file, so that
    every folder, and the employer's print bundle and e-mail archive, carry the signatures.
    """
    updated = []
    for other in session.copies.get(document.sha256, []):
        if other is signe or not (other.generee and other.conforme):
            continue
        content = other.chemin.read_bytes()
        if (
            len(content) < len(signed)
            and signed.startswith(content)
            and output.remplacer_si_inchange(other.chemin, content, signed)
        ):
            updated.append(other.relatif)
    return updated


def signer_pdf(
    contenu: bytes, champ: str, signataire: signers.Signer, horodatage: HTTPTimeStamper | None, nom: str
) -> bytes:
    """The PDF with `champ` signed, as an incremental update (PAdES B-B, or B-T with a timestamp)."""
    metadata = signers.PdfSignatureMetadata(field_name=champ, subfilter=SigSeedSubFilter.PADES, md_algorithm="sha256")
    pdf_signer = signers.PdfSigner(metadata, signataire, timestamper=horodatage, stamp_style=TAMPON)
    try:
        # existing_fields_only: a wrong field name must fail, not add an invisible field
        result = pdf_signer.sign_pdf(
            IncrementalPdfFileWriter(io.BytesIO(contenu), strict=False), existing_fields_only=True
        )
    except TimestampRequestError as error:
        raise ErreurUtilisateur(
            f"Le serveur d'horodatage n'a pas répondu pour {nom} ({error}) ; vérifiez l'adresse donnée à --horodatage "
            "et la connexion, puis relancez : les documents déjà signés le restent."
        ) from None
    except PKCS11Error as error:  # the token was pulled out, or refused to sign
        raise ErreurUtilisateur(
            f"La clé matérielle n'a pas signé {nom} ({type(error).__name__}) ; vérifiez qu'elle est branchée, puis "
            "relancez : les documents déjà signés le restent."
        ) from None
    except SigningError as error:
        raise ErreurUtilisateur(
            f"La signature de {nom} a échoué ({error}) ; vérifiez le certificat, puis relancez : "
            "les documents déjà signés le restent."
        ) from None
    return result.getvalue()


def _probleme(message: str, correction: str) -> Probleme:
    return Probleme(None, None, "", message, correction)
