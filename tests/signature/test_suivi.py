"""`suivi`: every signature field of a session, as a French table and `suivi.csv`, with exit 0, 4 or 2."""

from __future__ import annotations

import csv
import io
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from generator.signature.session import Document
from generator.signature.suivi import NON_SIGNE, Ligne, csv_de_suivi
from tests.conftest import lancer
from tests.signature.conftest import PHRASE, validations
from tests.signature.pki import racine
from tests.signature.test_signer import (
    AVERTISSEMENTS,
    CONVENTION_AWA,
    CONVENTION_AWA_AGENT,
    RETOUR_AWA,
    deposer_les_retours,
)

CONVENTION_ELODIE = "agents/lefevre-elodie/convention-lefevre-elodie.pdf"
SYNTHESE_ELODIE = "agents/lefevre-elodie/synthese-lefevre-elodie.pdf"
SYNTHESE_AWA = "agents/n-diaye-awa/synthese-n-diaye-awa.pdf"
PROPOSITION_CASTANET = "employeurs/castanet/proposition_financiere.pdf"
PROPOSITION_MURET = "employeurs/muret/proposition_financiere.pdf"
CDG = "Sabine Geil-Gomez"

# chemin, document, agent, employeur, role, etat, signataire (the date is checked apart)
ATTENDU = [
    (CONVENTION_ELODIE, "convention", "Élodie Lefèvre", "muret", "agent", "non signé", ""),
    (CONVENTION_ELODIE, "convention", "Élodie Lefèvre", "muret", "employeur", "non signé", ""),
    (CONVENTION_ELODIE, "convention", "Élodie Lefèvre", "muret", "cdg", "signé", CDG),
    (SYNTHESE_ELODIE, "synthese", "Élodie Lefèvre", "muret", "agent", "signé", "Élodie Lefèvre"),
    (SYNTHESE_ELODIE, "synthese", "Élodie Lefèvre", "muret", "conseiller", "signé", CDG),
    (CONVENTION_AWA_AGENT, "convention", "Awa N'Diaye", "castanet", "agent", "signé", "Awa N'Diaye"),
    (CONVENTION_AWA_AGENT, "convention", "Awa N'Diaye", "castanet", "employeur", "signé", "Jean Dupuis"),
    (CONVENTION_AWA_AGENT, "convention", "Awa N'Diaye", "castanet", "cdg", "signé", CDG),
    (SYNTHESE_AWA, "synthese", "Awa N'Diaye", "castanet", "agent", "non signé", ""),
    (SYNTHESE_AWA, "synthese", "Awa N'Diaye", "castanet", "conseiller", "signé", CDG),
    (PROPOSITION_CASTANET, "proposition_financiere", "", "castanet", "employeur", "non signé", ""),
    (PROPOSITION_CASTANET, "proposition_financiere", "", "castanet", "cdg", "signé", CDG),
    (PROPOSITION_MURET, "proposition_financiere", "", "muret", "employeur", "signé", "Hélène Sarrail"),
    (PROPOSITION_MURET, "proposition_financiere", "", "muret", "cdg", "signé", CDG),
]


@pytest.fixture(scope="module")
def signee_une_fois(pki, generee, tmp_path_factory) -> tuple[Path, datetime]:
    """The session once the parties sent their files back and the CDG and its adviser signed (built once)."""
    start = datetime.now(UTC).replace(microsecond=0)
    folder = tmp_path_factory.mktemp("signee")
    session = folder / "bppc-2026-01"
    shutil.copytree(generee[1], session)
    deposer_les_retours(pki, session)
    p12 = folder / "cdg.p12"
    p12.write_bytes(pki.cdg.pkcs12(PHRASE, pki.racine))
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setenv("BPP_MOT_DE_PASSE", PHRASE)
        assert lancer("signer", session, "--certificat", p12)[0] == 0
        assert lancer("signer", session, "--certificat", p12, "--role", "conseiller")[0] == 0
    return session, start


@pytest.fixture
def signee(signee_une_fois, tmp_path) -> tuple[Path, datetime]:
    """A copy of the signed session, free to change."""
    session = tmp_path / "bppc-2026-01"
    shutil.copytree(signee_une_fois[0], session)
    return session, signee_une_fois[1]


def _lignes(session: Path) -> list[list[str]]:
    content = (session / "suivi.csv").read_bytes()
    assert content.startswith("\ufeff".encode())  # Excel reads UTF-8 with its BOM
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline=""), delimiter=";"))


def _sans_dates(rows: list[list[str]], start: datetime) -> list[tuple]:
    """The rows without their date column, each date checked: ISO 8601, between `start` and now, for signed rows."""
    for row in rows[1:]:
        if row[6]:
            assert start <= datetime.fromisoformat(row[7]) <= datetime.now(UTC), row
        else:
            assert row[7] == "", row
    return [tuple(row[:7]) for row in rows[1:]]


def test_every_field_of_the_session_in_suivi_csv(signee, racines):
    session, start = signee

    code, out, err = lancer("suivi", session, "--racines", racines)

    assert code == 4, "some signatures are missing"
    assert err.splitlines() == AVERTISSEMENTS
    rows = _lignes(session)
    assert rows[0] == ["chemin", "document", "agent", "employeur", "role", "etat", "signataire", "date"]
    assert _sans_dates(rows, start) == ATTENDU
    lines = out.splitlines()
    assert lines[:3] == ["Suivi des signatures de la session BPPC-2026-01", "", "Employeur castanet"]
    assert lines[3:6] == [
        f"  Proposition financière : {PROPOSITION_CASTANET}",
        "    employeur  non signé",
        f"    cdg        signé      {CDG}, le {rows[12][7]}",
    ]
    assert lines[6:11] == [
        "  Agent Awa N'Diaye",
        f"    Convention tripartite : {CONVENTION_AWA_AGENT}",
        f"      agent      signé      Awa N'Diaye, le {rows[6][7]}",
        f"      employeur  signé      Jean Dupuis, le {rows[7][7]}",
        f"      cdg        signé      {CDG}, le {rows[8][7]}",
    ]
    assert lines[-2:] == [
        "Bilan : 10 signés, 4 non signés, 0 invalide, sur 14 champs de signature.",
        f"Tableau complet : {session / 'suivi.csv'}",
    ]


def test_without_roots_the_chain_is_said_unchecked(signee):
    session, start = signee
    code, out, _ = lancer("suivi", session)
    assert code == 4
    assert out.splitlines()[1] == "Chaîne de confiance non vérifiée : indiquez --racines DOSSIER pour la vérifier."
    assert _sans_dates(_lignes(session), start) == ATTENDU


def test_every_signature_validates_against_the_test_root(pki, signee):
    session, _ = signee
    signed = {
        path.relative_to(session).as_posix(): validations(pki, path.read_bytes())
        for path in sorted(session.rglob("*.pdf"))
        if "dossier-complet" not in path.name
    }
    three = {"signature_employeur": True, "signature_agent": True, "signature_cdg": True}
    assert signed == {
        CONVENTION_ELODIE: {"signature_cdg": True},
        "employeurs/muret/convention-lefevre-elodie.pdf": {"signature_cdg": True},
        SYNTHESE_ELODIE: {"signature_agent": True, "signature_conseiller": True},
        CONVENTION_AWA_AGENT: three,
        CONVENTION_AWA: three,
        RETOUR_AWA: three,
        SYNTHESE_AWA: {"signature_conseiller": True},
        "retours/synthese-awa.pdf": {"signature_agent": True},
        "retours/autre.pdf": {},
        PROPOSITION_CASTANET: {"signature_cdg": True},
        PROPOSITION_MURET: {"signature_employeur": True, "signature_cdg": True},
    }


def _invalide(rows: list[tuple], *paths: str) -> list[tuple]:
    return [(*row[:5], "invalide", row[6]) if row[0] in paths else row for row in rows]


def _changer_un_octet(path: Path) -> None:
    """One byte changed in the header's binary comment of the generated bytes (covered by every signature).

    The file still opens: its objects, compressed in object streams, are untouched.
    """
    content = path.read_bytes()
    assert content.startswith(b"%PDF-1.7\n%\xf0\x9f\x96\xa4\n")
    path.write_bytes(content.replace(b"\xa4", b"\xa5", 1))


def test_one_byte_changed_in_a_signed_file_makes_its_rows_invalid(signee, racines):
    session, start = signee
    _changer_un_octet(session / SYNTHESE_ELODIE)

    code, out, _ = lancer("suivi", session, "--racines", racines)

    assert code == 2
    assert _sans_dates(_lignes(session), start) == _invalide(ATTENDU, SYNTHESE_ELODIE)
    rows = _lignes(session)
    changed = "(le contenu signé a été modifié)"
    assert out.splitlines()[-5:-3] == [
        f"      agent      invalide   Élodie Lefèvre, le {rows[4][7]} {changed}",
        f"      conseiller invalide   {CDG}, le {rows[5][7]} {changed}",
    ]
    assert out.splitlines()[-2] == "Bilan : 8 signés, 4 non signés, 2 invalides, sur 14 champs de signature."


def test_a_returned_file_changed_under_another_name_is_invalid_and_not_signed(pki, session, racines, p12, monkeypatch):
    deposer_les_retours(pki, session)
    _changer_un_octet(session / RETOUR_AWA)
    monkeypatch.setenv("BPP_MOT_DE_PASSE", PHRASE)
    changed = (
        f"Attention : Le fichier {RETOUR_AWA} est le document « convention tripartite » de Awa N'Diaye, modifié "
        "depuis sa génération (son début n'est plus le fichier généré) ; signer ne le signera pas ; remplacez-le par "
        "la version reçue, ou régénérez le document avec --forcer."
    )
    code, out, err = lancer(
        "signer", session, "--certificat", p12, "--agent", "Awa N'Diaye", "--documents", "convention"
    )
    assert (code, out) == (0, "Terminé : 0 document signé, 1 laissé de côté (voir ci-dessus).\n")
    assert err.splitlines() == [AVERTISSEMENTS[0], changed, AVERTISSEMENTS[1]]

    code, _, _ = lancer("suivi", session, "--racines", racines)

    assert code == 2
    rows = [tuple(row[:7]) for row in _lignes(session)[1:] if row[0] == RETOUR_AWA]
    assert rows == [
        (RETOUR_AWA, "convention", "Awa N'Diaye", "castanet", "agent", "invalide", "Awa N'Diaye"),
        (RETOUR_AWA, "convention", "Awa N'Diaye", "castanet", "employeur", "invalide", "Jean Dupuis"),
        (RETOUR_AWA, "convention", "Awa N'Diaye", "castanet", "cdg", "non signé", ""),
    ]


def test_a_change_appended_after_a_signature_is_invalid(signee, racines):
    session, start = signee
    path = session / PROPOSITION_MURET
    content = path.read_bytes()
    # A later revision that rewrites a page's content (not a change a signature allows).
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(content))
    page = writer.root["/Pages"]["/Kids"][0].get_object()
    page["/Contents"] = writer.add_object(generic.StreamObject(stream_data=b"BT /F1 12 Tf (falsifie) Tj ET"))
    writer.update_container(page)
    out_stream = io.BytesIO()
    writer.write(out_stream)
    path.write_bytes(out_stream.getvalue())

    code, out, _ = lancer("suivi", session, "--racines", racines)

    assert code == 2
    assert _sans_dates(_lignes(session), start) == _invalide(ATTENDU, PROPOSITION_MURET)
    assert "d'une façon qu'elle n'autorise pas" in out


def test_roots_that_are_not_the_signers_make_every_signature_invalid(signee, tmp_path):
    session, start = signee
    other = tmp_path / "autres-racines"
    other.mkdir()
    (other / "autre.der").write_bytes(racine("Autre racine").der())

    code, out, _ = lancer("suivi", session, "--racines", other)

    assert code == 2
    expected = [(*row[:5], "invalide", row[6]) if row[5] == "signé" else row for row in ATTENDU]
    assert _sans_dates(_lignes(session), start) == expected
    assert "(le certificat ne remonte à aucune des racines de confiance)" in out


def test_a_freshly_generated_session_is_all_missing(session):
    code, out, err = lancer("suivi", session)
    assert (code, err) == (4, "")
    assert {row[5] for row in _lignes(session)[1:]} == {"non signé"}
    assert out.splitlines()[-2] == "Bilan : 0 signé, 14 non signés, 0 invalide, sur 14 champs de signature."


def test_every_field_signed_exits_0(pki, signee, racines):
    from tests.signature.conftest import signer_comme

    session, _ = signee
    signer_comme(pki, session / CONVENTION_ELODIE, pki.agents["elodie"], "agent")
    signer_comme(pki, session / CONVENTION_ELODIE, pki.employeurs["muret"], "employeur")
    signer_comme(pki, session / SYNTHESE_AWA, pki.agents["awa"], "agent")
    signer_comme(pki, session / PROPOSITION_CASTANET, pki.employeurs["castanet"], "employeur")

    code, out, _ = lancer("suivi", session, "--racines", racines)

    assert code == 0, out
    assert out.splitlines()[-2] == "Bilan : 14 signés, 0 non signé, 0 invalide, sur 14 champs de signature."


def test_user_data_never_runs_as_a_formula():
    document = Document("0" * 64, "convention", '=HYPERLINK("http://x")', "+castanet", ("agent",), False, ("a.pdf",))
    content = csv_de_suivi([Ligne("@a.pdf", document, "agent", NON_SIGNE)]).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content), delimiter=";"))
    assert rows[1] == ["'@a.pdf", "convention", '\'=HYPERLINK("http://x")', "'+castanet", "agent", "non signé", "", ""]


def test_roots_folder_errors(session, tmp_path):
    empty = tmp_path / "vide"
    empty.mkdir()
    assert lancer("suivi", session, "--racines", empty) == (
        2,
        "",
        f"--racines : le dossier {empty} ne contient aucun certificat (.pem, .crt, .cer ou .der) ; ajoutez-y les "
        "certificats racines de confiance.\n",
    )
    (empty / "faux.pem").write_text("pas un certificat")
    assert lancer("suivi", session, "--racines", empty)[2] == (
        f"--racines : {empty / 'faux.pem'} n'est pas un certificat (PEM ou DER) ; retirez-le du dossier ou "
        "remplacez-le.\n"
    )
    assert not (session / "suivi.csv").exists()
