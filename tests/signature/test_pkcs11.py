"""`signer --pkcs11`: the CDG's key on a real PKCS#11 token (SoftHSM2, installed by installer.sh), opened once."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization

from tests.conftest import lancer
from tests.signature.conftest import validations
from tests.signature.pki import certificat

MODULES = [Path("/usr/lib/softhsm/libsofthsm2.so"), Path("/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so")]
PIN = "1234"


def _importer(module: Path, folder: Path, identity, ident: str, label: str) -> None:
    """A key (softhsm2-util) and its certificate (pkcs11-tool) under one id, as a card issuer would."""
    key = folder / f"{label}.pem"
    key.write_bytes(
        identity.cle.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    cert = folder / f"{label}.der"
    cert.write_bytes(identity.der())
    command = ["softhsm2-util", "--import", key, "--token", "CDG31", "--label", label, "--id", ident, "--pin", PIN]
    subprocess.run(command, check=True, capture_output=True)
    command = ["pkcs11-tool", "--module", module, "--token-label", "CDG31", "--login", "--pin", PIN]
    command += ["--write-object", cert, "--type", "cert", "--id", ident, "--label", label]
    subprocess.run(command, check=True, capture_output=True)


@pytest.fixture(scope="module")
def jeton(pki, tmp_path_factory):
    """A SoftHSM2 token `CDG31` with the CDG's signing key and an authentication key (no non-repudiation).

    The PKCS#11 library is loaded once per process: every test of the module shares this token.
    """
    module = next((m for m in MODULES if m.is_file()), None)
    assert module is not None, "softhsm2 is missing: run installer.sh"
    folder = tmp_path_factory.mktemp("jeton")
    (folder / "jetons").mkdir()
    config = folder / "softhsm2.conf"
    config.write_text(f"directories.tokendir = {folder / 'jetons'}\nobjectstore.backend = file\nlog.level = ERROR\n")
    previous = os.environ.get("SOFTHSM2_CONF")
    os.environ["SOFTHSM2_CONF"] = str(config)
    init = ["softhsm2-util", "--init-token", "--free", "--label", "CDG31", "--so-pin", "12345678", "--pin", PIN]
    subprocess.run(init, check=True, capture_output=True)
    _importer(module, folder, pki.cdg, "01", "signature")
    _importer(module, folder, certificat(pki.racine, "Sabine Geil-Gomez", non_repudiation=False), "02", "auth")
    yield module
    if previous is None:
        del os.environ["SOFTHSM2_CONF"]
    else:
        os.environ["SOFTHSM2_CONF"] = previous


def test_signs_with_the_token_key(pki, jeton, session, racines, monkeypatch):
    monkeypatch.setenv("BPP_MOT_DE_PASSE", PIN)

    code, out, err = lancer("signer", session, "--pkcs11", jeton, "--jeton", "CDG31")

    assert (code, err) == (0, "")
    signed = [
        "agents/lefevre-elodie/convention-lefevre-elodie.pdf",
        "agents/n-diaye-awa/convention-n-diaye-awa.pdf",
        "employeurs/castanet/proposition_financiere.pdf",
        "employeurs/muret/proposition_financiere.pdf",
    ]
    assert out.splitlines() == [
        f"Signé : {signed[0]} (copié sur employeurs/muret/convention-lefevre-elodie.pdf)",
        f"Signé : {signed[1]} (copié sur employeurs/castanet/convention-n-diaye-awa.pdf)",
        f"Signé : {signed[2]}",
        f"Signé : {signed[3]}",
        "Terminé : 4 documents signés.",
    ]
    for path in signed:
        assert validations(pki, (session / path).read_bytes()) == {"signature_cdg": True}
    code, out, _ = lancer("suivi", session, "--racines", racines)
    assert code == 4
    assert out.splitlines()[-2] == "Bilan : 4 signés, 10 non signés, 0 invalide, sur 14 champs de signature."
    # Without --jeton: the module's only initialised token (SoftHSM2 also shows an empty slot).
    code, out, err = lancer("signer", session, "--pkcs11", jeton)
    again = "Terminé : 0 document signé, 4 déjà signés pour le rôle « cdg » (non signés une seconde fois).\n"
    assert (code, out, err) == (0, again, "")


def test_wrong_pin_and_unknown_token(jeton, session, monkeypatch):
    monkeypatch.setenv("BPP_MOT_DE_PASSE", "0000")
    assert lancer("signer", session, "--pkcs11", jeton) == (
        2,
        "",
        "Le code PIN du jeton est incorrect ; relancez avec le bon code.\n",
    )
    monkeypatch.setenv("BPP_MOT_DE_PASSE", PIN)
    assert lancer("signer", session, "--pkcs11", jeton, "--jeton", "CDG33") == (
        2,
        "",
        f"--pkcs11 : le module {jeton} ne donne accès à aucun jeton nommé « CDG33 » ; branchez la clé, vérifiez "
        "son nom (--jeton) et le module.\n",
    )


def test_a_module_that_is_not_pkcs11(jeton, session, tmp_path, monkeypatch):
    monkeypatch.setenv("BPP_MOT_DE_PASSE", PIN)
    fake = tmp_path / "faux.so"
    fake.write_bytes(b"pas une bibliotheque")
    assert lancer("signer", session, "--pkcs11", fake) == (
        2,
        "",
        f"--pkcs11 : {fake} n'est pas une bibliothèque PKCS#11 ; indiquez celle du fournisseur de la clé.\n",
    )
