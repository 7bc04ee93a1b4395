"""The CDG's signing key: a PKCS#12 file or a hardware token (PKCS#11), checked before anything is signed."""

from __future__ import annotations

import contextlib
import getpass
import os
import sys
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

from asn1crypto import x509
from pyhanko.sign.signers import Signer, SimpleSigner

from generator.errors import ErreurUtilisateur

VARIABLE_PHRASE = "BPP_MOT_DE_PASSE"


def phrase_secrete(invite: str, saisir: Callable[[str], str] = getpass.getpass) -> str:
    """The passphrase (or PIN): from `BPP_MOT_DE_PASSE` for scripts, else typed at the terminal without echo."""
    if VARIABLE_PHRASE in os.environ:
        return os.environ[VARIABLE_PHRASE]
    if not sys.stdin.isatty():
        raise ErreurUtilisateur(
            f"{invite} : aucun terminal pour la saisir ; lancez la commande dans un terminal, "
            f"ou donnez-la dans la variable d'environnement {VARIABLE_PHRASE}."
        )
    return saisir(f"{invite} : ")


def lire_pkcs12(fichier: Path) -> bytes:
    """The bytes of the certificate file, read before the passphrase is asked."""
    try:
        return fichier.read_bytes()
    except OSError:
        raise ErreurUtilisateur(
            f"--certificat : le fichier {fichier} est introuvable ou illisible ; "
            "indiquez le fichier .p12 du certificat."
        ) from None


def charger_pkcs12(content: bytes, phrase: str, fichier: Path) -> SimpleSigner:
    """The signer of a `.p12` / `.pfx` file's bytes, its certificate checked; a wrong passphrase is a French error."""
    try:
        signer = SimpleSigner.load_pkcs12_data(content, [], passphrase=phrase.encode("utf-8"))
    except ValueError:
        raise ErreurUtilisateur(
            f"Impossible d'ouvrir le certificat {fichier} : la phrase secrète est incorrecte, ou ce n'est pas un "
            f"fichier PKCS#12 (.p12, .pfx) ; relancez avec la bonne phrase secrète ({VARIABLE_PHRASE} pour un script)."
        ) from None
    controler_certificat(signer.signing_cert, str(fichier))
    return signer


def controler_certificat(certificat: x509.Certificate, origine: str, maintenant: datetime | None = None) -> None:
    """A certificate that may sign for the CDG: valid today, with the non-repudiation key usage."""
    now = maintenant or datetime.now(UTC)
    name = nom_commun(certificat)
    if certificat.not_valid_after < now:
        raise ErreurUtilisateur(
            f"Le certificat « {name} » ({origine}) a expiré le {certificat.not_valid_after:%d/%m/%Y} ; "
            "signez avec un certificat en cours de validité."
        )
    if certificat.not_valid_before > now:
        raise ErreurUtilisateur(
            f"Le certificat « {name} » ({origine}) n'est valable qu'à partir du "
            f"{certificat.not_valid_before:%d/%m/%Y} ; signez avec un certificat en cours de validité."
        )
    usages = certificat.key_usage_value.native if certificat.key_usage_value else set()
    if "non_repudiation" not in usages:
        raise ErreurUtilisateur(
            f"Le certificat « {name} » ({origine}) ne permet pas de signer des documents : il n'a pas l'usage "
            "« non-répudiation » ; utilisez le certificat de signature (et non celui d'authentification)."
        )


def nom_commun(certificat: x509.Certificate) -> str:
    """The certificate's common name (the signer's name), or its whole subject."""
    subject = certificat.subject.native
    return subject.get("common_name") or certificat.subject.human_friendly


@contextlib.contextmanager
def jeton_pkcs11(module: Path, etiquette: str | None, pin: str) -> Iterator[Signer]:
    """A signer on a hardware token, open once for the whole batch, closed afterwards.

    The key is the token's only certificate with the non-repudiation usage and a private key of the
    same id (an RGS key holds a signing and an authentication certificate).
    """
    import pkcs11
    from pyhanko.sign.pkcs11 import PKCS11Signer, TokenCriteria, open_pkcs11_session

    if not module.is_file():
        raise ErreurUtilisateur(
            f"--pkcs11 : le module {module} est introuvable ; indiquez la bibliothèque PKCS#11 du fournisseur de la "
            "clé (un fichier .so)."
        )
    try:
        bibliotheque = pkcs11.lib(str(module))
    except pkcs11.PKCS11Error:
        raise ErreurUtilisateur(
            f"--pkcs11 : {module} n'est pas une bibliothèque PKCS#11 ; indiquez celle du fournisseur de la clé."
        ) from None
    label = etiquette or _seul_jeton(bibliotheque, module)
    try:
        session = open_pkcs11_session(str(module), token_criteria=TokenCriteria(label=label), user_pin=pin)
    except pkcs11.exceptions.PinIncorrect:
        raise ErreurUtilisateur("Le code PIN du jeton est incorrect ; relancez avec le bon code.") from None
    except pkcs11.exceptions.PinLocked:
        raise ErreurUtilisateur("Le jeton est bloqué (trop de codes PIN faux) ; faites-le débloquer.") from None
    except pkcs11.PKCS11Error:
        raise ErreurUtilisateur(
            f"--pkcs11 : le module {module} ne donne accès à aucun jeton nommé « {label} » ; branchez la clé, "
            "vérifiez son nom (--jeton) et le module."
        ) from None
    try:
        ident, certificat = _certificat_de_signature(session, str(module))
        yield PKCS11Signer(session, cert_id=ident, key_id=ident, signing_cert=certificat)
    finally:
        session.close()


def _seul_jeton(bibliotheque, module: Path) -> str:
    """The label of the module's only initialised token (a reader may show empty slots too)."""
    from pkcs11 import TokenFlag

    labels = [t.label for t in bibliotheque.get_tokens(token_flags=TokenFlag.TOKEN_INITIALIZED)]
    if len(labels) != 1:
        what = f"{len(labels)} jetons ({', '.join(labels)})" if labels else "aucun jeton"
        raise ErreurUtilisateur(
            f"--pkcs11 : le module {module} donne accès à {what} ; "
            + ("choisissez-en un avec --jeton NOM." if labels else "branchez la clé, puis relancez.")
        )
    return labels[0]


def _certificat_de_signature(session, module: str) -> tuple[bytes, x509.Certificate]:
    from pkcs11 import Attribute, ObjectClass

    keys = {k[Attribute.ID] for k in session.get_objects({Attribute.CLASS: ObjectClass.PRIVATE_KEY})}
    found = []
    for obj in session.get_objects({Attribute.CLASS: ObjectClass.CERTIFICATE}):
        certificat = x509.Certificate.load(obj[Attribute.VALUE])
        usages = certificat.key_usage_value.native if certificat.key_usage_value else set()
        if obj[Attribute.ID] in keys and "non_repudiation" in usages:
            found.append((obj[Attribute.ID], certificat))
    if len(found) != 1:
        what = "aucun certificat" if not found else f"{len(found)} certificats"
        raise ErreurUtilisateur(
            f"Le jeton ouvert par {module} contient {what} de signature (usage « non-répudiation », avec sa clé "
            "privée) ; il en faut un seul : choisissez le bon jeton avec --jeton."
        )
    controler_certificat(found[0][1], f"jeton {module}")
    return found[0]
