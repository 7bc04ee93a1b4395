"""A small PKI made at test time: a root, and signing certificates issued by it (PKCS#12 or pyHanko signers)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from pyhanko.sign.signers import SimpleSigner

MAINTENANT = datetime.now(UTC)


@dataclass(frozen=True)
class Identite:
    """A key and its certificate."""

    cle: rsa.RSAPrivateKey
    certificat: x509.Certificate

    def pem(self) -> bytes:
        """The certificate, PEM."""
        return self.certificat.public_bytes(serialization.Encoding.PEM)

    def der(self) -> bytes:
        """The certificate, DER."""
        return self.certificat.public_bytes(serialization.Encoding.DER)

    def cle_der(self) -> bytes:
        """The private key, PKCS#8 DER, unencrypted."""
        return self.cle.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )

    def pkcs12(self, phrase: str, racine: Identite) -> bytes:
        """Key, certificate and root as a PKCS#12 file protected by `phrase`."""
        return pkcs12.serialize_key_and_certificates(
            b"cdg",
            self.cle,
            self.certificat,
            [racine.certificat],
            serialization.BestAvailableEncryption(phrase.encode()),
        )

    def signataire(self, racine: Identite) -> SimpleSigner:
        """A pyHanko signer, as the party's own software would use it."""
        return SimpleSigner.load_pkcs12_data(self.pkcs12("x", racine), [], passphrase=b"x")


def _cle() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def racine(nom: str = "Racine de test") -> Identite:
    """A self-signed root certificate authority."""
    key = _cle()
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, nom)])
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(MAINTENANT - timedelta(days=30))
        .not_valid_after(MAINTENANT + timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(_usages(key_cert_sign=True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return Identite(key, cert)


def _usages(non_repudiation: bool = False, key_cert_sign: bool = False) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=True,
        content_commitment=non_repudiation,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=key_cert_sign,
        crl_sign=key_cert_sign,
        encipher_only=False,
        decipher_only=False,
    )


def certificat(
    autorite: Identite,
    nom: str,
    non_repudiation: bool = True,
    debut: datetime | None = None,
    fin: datetime | None = None,
    horodatage: bool = False,
) -> Identite:
    """A signing certificate for `nom` issued by `autorite` (with `horodatage`, a timestamp authority's)."""
    key = _cle()
    builder = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, nom)]))
        .issuer_name(autorite.certificat.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(debut or MAINTENANT - timedelta(days=1))
        .not_valid_after(fin or MAINTENANT + timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_usages(non_repudiation=non_repudiation), critical=True)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(autorite.cle.public_key()), critical=False)
    )
    if horodatage:
        builder = builder.add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
    return Identite(key, builder.sign(autorite.cle, hashes.SHA256()))
