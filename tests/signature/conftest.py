"""A generated session shared by the signature tests, a small PKI, and the parties' own signing (pyHanko)."""

from __future__ import annotations

import io
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from asn1crypto import x509 as asn1_x509
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import signers
from pyhanko.sign.fields import SigSeedSubFilter
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from tests.conftest import dossier_cdg31, ecrire_dossier, lancer
from tests.signature.pki import Identite, certificat, racine

PHRASE = "phrase de test"
DOCUMENTS = "convention,proposition_financiere,synthese"


@dataclass(frozen=True)
class Pki:
    """The test root and everyone's certificates."""

    racine: Identite
    cdg: Identite
    employeurs: dict[str, Identite]
    agents: dict[str, Identite]

    def racine_asn1(self) -> asn1_x509.Certificate:
        return asn1_x509.Certificate.load(self.racine.der())


@pytest.fixture(scope="session")
def pki() -> Pki:
    root = racine()
    return Pki(
        root,
        certificat(root, "Sabine Geil-Gomez"),
        {"castanet": certificat(root, "Jean Dupuis"), "muret": certificat(root, "Hélène Sarrail")},
        {"awa": certificat(root, "Awa N'Diaye"), "elodie": certificat(root, "Élodie Lefèvre")},
    )


@pytest.fixture(scope="session")
def generee(tmp_path_factory) -> tuple[Path, Path]:
    """A dossier (Awa N'Diaye at castanet, Élodie Lefèvre at muret) and its generated session folder, PDF only."""
    folder = tmp_path_factory.mktemp("generee")
    data = dossier_cdg31()
    data["agents"] = [data["agents"][0], data["agents"][2]]
    dossier = ecrire_dossier(folder, data)
    code, _, err = lancer(dossier, "--sortie", folder / "sortie", "--format", "pdf", "--documents", DOCUMENTS, "-q")
    assert code == 0, err
    return dossier, folder / "sortie" / "bppc-2026-01"


@pytest.fixture
def session(generee, tmp_path) -> Path:
    """A fresh copy of the generated session folder, free to sign and change."""
    target = tmp_path / "sortie" / "bppc-2026-01"
    shutil.copytree(generee[1], target)
    return target


@pytest.fixture
def p12(pki, tmp_path) -> Path:
    """The CDG's certificate as a PKCS#12 file protected by `PHRASE`."""
    path = tmp_path / "cdg.p12"
    path.write_bytes(pki.cdg.pkcs12(PHRASE, pki.racine))
    return path


@pytest.fixture
def racines(pki, tmp_path) -> Path:
    """A folder holding the test root (PEM)."""
    folder = tmp_path / "racines"
    folder.mkdir()
    (folder / "racine.pem").write_bytes(pki.racine.pem())
    return folder


def signer_comme(pki: Pki, source: Path, identite: Identite, role: str, destination: Path | None = None) -> Path:
    """Sign `role`'s field of `source` as that party would with its own software; write it to `destination`."""
    writer = IncrementalPdfFileWriter(io.BytesIO(source.read_bytes()))
    metadata = signers.PdfSignatureMetadata(field_name=f"signature_{role}", subfilter=SigSeedSubFilter.PADES)
    signed = signers.sign_pdf(writer, metadata, signer=identite.signataire(pki.racine), existing_fields_only=True)
    target = destination or source
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(signed.getvalue())
    return target


def validations(pki: Pki, pdf: bytes) -> dict[str, bool]:
    """Each signature of a PDF: does it validate with pyHanko against the test root?"""
    reader = PdfFileReader(io.BytesIO(pdf))
    context = ValidationContext(trust_roots=[pki.racine_asn1()], allow_fetching=False)
    return {s.field_name: validate_pdf_signature(s, context).bottom_line for s in reader.embedded_signatures}
