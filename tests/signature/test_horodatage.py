"""`signer --horodatage URL`: PAdES B-T, the signature timestamped by an RFC 3161 server (here a local one)."""

from __future__ import annotations

import http.server
import socket
import threading
from collections.abc import Iterator

import pytest
from asn1crypto import keys, tsp
from asn1crypto import x509 as asn1_x509
from pyhanko.sign.timestamps import DummyTimeStamper

from tests.conftest import lancer
from tests.signature.conftest import PHRASE, validations
from tests.signature.pki import MAINTENANT, certificat

HEURE = MAINTENANT.replace(microsecond=0)  # the time the server stamps


@pytest.fixture
def serveur(pki) -> Iterator[str]:
    """A timestamp server on the loopback (pyHanko's own test authority behind HTTP); its URL."""
    authority = certificat(pki.racine, "Horodatage de test", horodatage=True)
    stamper = DummyTimeStamper(
        asn1_x509.Certificate.load(authority.der()), keys.PrivateKeyInfo.load(authority.cle_der()), fixed_dt=HEURE
    )

    class Reponse(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            request = tsp.TimeStampReq.load(self.rfile.read(int(self.headers["Content-Length"])))
            body = stamper.request_tsa_response(request).dump()
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Reponse)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()
    thread.join()


def test_timestamped_signatures(pki, session, p12, racines, serveur, monkeypatch):
    monkeypatch.setenv("BPP_MOT_DE_PASSE", PHRASE)

    code, out, err = lancer(
        "signer", session, "--certificat", p12, "--horodatage", serveur, "--documents", "convention"
    )

    assert (code, err) == (0, "")
    assert out.splitlines()[-1] == "Terminé : 2 documents signés."
    path = session / "agents/n-diaye-awa/convention-n-diaye-awa.pdf"
    assert validations(pki, path.read_bytes()) == {"signature_cdg": True}
    lancer("suivi", session, "--racines", racines)
    rows = (session / "suivi.csv").read_text(encoding="utf-8-sig").splitlines()
    assert (
        f"{path.relative_to(session)};convention;Awa N'Diaye;castanet;cdg;signé;Sabine Geil-Gomez;{HEURE.isoformat()}"
        in rows
    )


def test_a_server_that_does_not_answer(session, p12, monkeypatch):
    monkeypatch.setenv("BPP_MOT_DE_PASSE", PHRASE)
    with socket.socket() as probe:  # a port where nothing listens
        probe.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{probe.getsockname()[1]}/"

    code, out, err = lancer("signer", session, "--certificat", p12, "--horodatage", url, "--documents", "convention")

    assert (code, out) == (2, "")
    assert err == (
        "Le serveur d'horodatage n'a pas répondu pour agents/lefevre-elodie/convention-lefevre-elodie.pdf (Error while "
        "contacting timestamp service) ; vérifiez l'adresse donnée à --horodatage et la connexion, puis relancez : "
        "les documents déjà signés le restent.\n"
    )
    assert lancer("suivi", session)[0] == 4, "nothing was signed"
