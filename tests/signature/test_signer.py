"""`signer`: the CDG signs its part of a whole session at once, on the most-signed copy of each document."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader
from pypdf import PdfWriter

from tests.conftest import lancer
from tests.signature.conftest import PHRASE, signer_comme, validations
from tests.signature.pki import MAINTENANT, certificat

CONVENTION_AWA = "employeurs/castanet/convention-n-diaye-awa.pdf"
CONVENTION_AWA_AGENT = "agents/n-diaye-awa/convention-n-diaye-awa.pdf"
RETOUR_AWA = "retours/Convention Awa signée.pdf"


def _empreintes(session: Path) -> dict[str, str]:
    return {
        p.relative_to(session).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(session.rglob("*"))
        if p.is_file()
    }


def deposer_les_retours(pki, session: Path) -> None:
    """What the parties sent back: signed copies over the generated files, or in retours/ under other names."""
    employer_signed = signer_comme(
        pki, session / CONVENTION_AWA, pki.employeurs["castanet"], "employeur", session / "retours" / "tmp.pdf"
    )
    signer_comme(pki, employer_signed, pki.agents["awa"], "agent", session / RETOUR_AWA)
    employer_signed.unlink()
    signer_comme(pki, session / "employeurs/muret/proposition_financiere.pdf", pki.employeurs["muret"], "employeur")
    signer_comme(pki, session / "agents/lefevre-elodie/synthese-lefevre-elodie.pdf", pki.agents["elodie"], "agent")
    # The agent's confidential synthesis dropped outside the agent's folder, and a PDF that is not ours.
    source = session / "agents/n-diaye-awa/synthese-n-diaye-awa.pdf"
    signer_comme(pki, source, pki.agents["awa"], "agent", session / "retours" / "synthese-awa.pdf")
    stranger = PdfWriter()
    stranger.add_blank_page(200, 200)
    with open(session / "retours" / "autre.pdf", "wb") as stream:
        stranger.write(stream)


AVERTISSEMENTS = [
    "Attention : Le fichier retours/synthese-awa.pdf est le document confidentiel de Awa N'Diaye et se trouve hors de "
    "son dossier ; il n'est pas lu ; placez-le dans agents/n-diaye-awa/ et supprimez cette copie.",
    "Attention : Le fichier retours/autre.pdf n'est aucun des documents de cette session ; il est laissé de côté ; "
    "retirez-le du dossier de session s'il n'y a pas sa place.",
]


def signer(session: Path, *options: str) -> tuple[int, str, str]:
    return lancer("signer", session, *options)


def test_signs_each_cdg_field_once_on_the_most_signed_copy(pki, session, p12, monkeypatch):
    deposer_les_retours(pki, session)
    monkeypatch.setenv("BPP_MOT_DE_PASSE", PHRASE)
    before = {
        path: (session / path).read_bytes() for path in (RETOUR_AWA, "employeurs/muret/proposition_financiere.pdf")
    }

    code, out, err = signer(session, "--certificat", p12)

    assert (code, err.splitlines()) == (0, AVERTISSEMENTS)
    assert out.splitlines() == [
        "Signé : agents/lefevre-elodie/convention-lefevre-elodie.pdf (copié sur employeurs/muret/"
        "convention-lefevre-elodie.pdf)",
        f"Signé : {RETOUR_AWA} (copié sur {CONVENTION_AWA_AGENT}, {CONVENTION_AWA})",
        "Signé : employeurs/castanet/proposition_financiere.pdf",
        "Signé : employeurs/muret/proposition_financiere.pdf",
        "Terminé : 4 documents signés.",
    ]
    for path, earlier in before.items():  # incremental updates: the earlier file is the start of the new one
        assert (session / path).read_bytes().startswith(earlier)
    assert validations(pki, (session / RETOUR_AWA).read_bytes()) == {
        "signature_employeur": True,
        "signature_agent": True,
        "signature_cdg": True,
    }
    assert validations(pki, (session / "employeurs/muret/proposition_financiere.pdf").read_bytes()) == {
        "signature_employeur": True,
        "signature_cdg": True,
    }
    # The generated copies held nothing the signed file does not: they became the signed file.
    for copy in (CONVENTION_AWA, CONVENTION_AWA_AGENT):
        assert (session / copy).read_bytes() == (session / RETOUR_AWA).read_bytes()


def test_a_generated_copy_with_something_of_its_own_is_left_alone(pki, session, p12, monkeypatch):
    monkeypatch.setenv("BPP_MOT_DE_PASSE", PHRASE)
    signer_comme(pki, session / CONVENTION_AWA, pki.employeurs["castanet"], "employeur")
    signer_comme(pki, session / CONVENTION_AWA_AGENT, pki.agents["awa"], "agent")  # signed apart: two branches
    agent_copy = (session / CONVENTION_AWA_AGENT).read_bytes()

    code, out, _ = signer(session, "--certificat", p12, "--agent", "Awa N'Diaye", "--documents", "convention")

    assert (code, out) == (0, f"Signé : {CONVENTION_AWA_AGENT}\nTerminé : 1 document signé.\n")
    assert (session / CONVENTION_AWA).read_bytes() != (session / CONVENTION_AWA_AGENT).read_bytes()
    assert validations(pki, (session / CONVENTION_AWA).read_bytes()) == {"signature_employeur": True}
    assert (session / CONVENTION_AWA_AGENT).read_bytes().startswith(agent_copy)


def test_a_second_run_signs_nothing_and_says_so(pki, session, p12, monkeypatch):
    monkeypatch.setenv("BPP_MOT_DE_PASSE", PHRASE)
    assert signer(session, "--certificat", p12)[0] == 0
    files = _empreintes(session)

    code, out, err = signer(session, "--certificat", p12)

    assert (code, err) == (0, "")
    assert out == "Terminé : 0 document signé, 4 déjà signés pour le rôle « cdg » (non signés une seconde fois).\n"
    assert _empreintes(session) == files


def test_the_adviser_signs_the_syntheses_in_the_agents_folders_only(pki, session, p12, monkeypatch):
    monkeypatch.setenv("BPP_MOT_DE_PASSE", PHRASE)
    signer_comme(pki, session / "agents/lefevre-elodie/synthese-lefevre-elodie.pdf", pki.agents["elodie"], "agent")
    files = _empreintes(session)

    code, out, _ = signer(session, "--certificat", p12, "--role", "conseiller", "--documents", "synthese")

    assert code == 0
    assert out.splitlines() == [
        "Signé : agents/lefevre-elodie/synthese-lefevre-elodie.pdf",
        "Signé : agents/n-diaye-awa/synthese-n-diaye-awa.pdf",
        "Terminé : 2 documents signés.",
    ]
    changed = {path for path, sha in _empreintes(session).items() if files.get(path) != sha}
    assert changed == {
        "agents/lefevre-elodie/synthese-lefevre-elodie.pdf",
        "agents/n-diaye-awa/synthese-n-diaye-awa.pdf",
    }
    assert validations(pki, (session / "agents/lefevre-elodie/synthese-lefevre-elodie.pdf").read_bytes()) == {
        "signature_agent": True,
        "signature_conseiller": True,
    }


def _remplir(path: Path, valeurs: dict[str, str]) -> None:
    """The agent fills in fields with a reader that appends its changes (pypdf writes the new appearances)."""
    writer = PdfWriter(io.BytesIO(path.read_bytes()), incremental=True)
    writer.update_page_form_field_values(None, valeurs, auto_regenerate=False)
    out = io.BytesIO()
    writer.write(out)
    path.write_bytes(out.getvalue())


def test_a_filled_in_synthesis_signed_by_both_shows_its_fields_and_signatures(pki, session, p12, monkeypatch):
    monkeypatch.setenv("BPP_MOT_DE_PASSE", PHRASE)
    path = session / "agents/n-diaye-awa/synthese-n-diaye-awa.pdf"  # the synthesis has text fields to fill in
    # No /NeedAppearances, ever: it would make Acrobat hide the signatures' appearance (pyHanko issue 416).
    assert "/NeedAppearances" not in PdfFileReader(io.BytesIO(path.read_bytes())).root["/AcroForm"]
    _remplir(path, {"s_1_1": "Évoluer vers un poste d'assistante RH.", "date_phase_1": "5 février 2026"})
    signer_comme(pki, path, pki.agents["awa"], "agent")

    code, out, _ = signer(session, "--certificat", p12, "--agent", "N'Diaye", "--role", "conseiller")

    assert (code, out.splitlines()) == (
        0,
        ["Signé : agents/n-diaye-awa/synthese-n-diaye-awa.pdf", "Terminé : 1 document signé."],
    )
    content = path.read_bytes()
    assert validations(pki, content) == {"signature_agent": True, "signature_conseiller": True}
    reader = PdfFileReader(io.BytesIO(content))
    form = reader.root["/AcroForm"]
    assert "/NeedAppearances" not in form
    fields = {str(f["/T"]): f for f in (r.get_object() for r in form["/Fields"])}
    assert (fields["s_1_1"]["/V"], fields["date_phase_1"]["/V"]) == (
        "Évoluer vers un poste d'assistante RH.",
        "5 février 2026",
    )
    for name in ("s_1_1", "date_phase_1", "date_phase_2", "signature_agent", "signature_conseiller"):
        appearance = fields[name]["/AP"]["/N"].get_object()  # every field still draws itself
        assert appearance["/Subtype"] == "/Form", name
    # The signatures are visible: pyHanko drew each one's stamp over its zone.
    assert all(b" Tj" in fields[f"signature_{r}"]["/AP"]["/N"].get_object().data for r in ("agent", "conseiller"))


def test_a_new_generation_keeps_the_signed_files(generee, session, p12, monkeypatch):
    monkeypatch.setenv("BPP_MOT_DE_PASSE", PHRASE)
    signer(session, "--certificat", p12, "--documents", "proposition_financiere")
    signed = (session / "employeurs/muret/proposition_financiere.pdf").read_bytes()

    code, out, _ = lancer(
        generee[0], "--sortie", session.parent, "--format", "pdf", "--documents", "proposition_financiere"
    )

    assert code == 3
    assert f"Conservé : {session / 'employeurs/muret/proposition_financiere.pdf'} (modifié depuis sa génération" in out
    assert (session / "employeurs/muret/proposition_financiere.pdf").read_bytes() == signed


def test_a_changed_file_is_never_signed(session, p12, monkeypatch):
    monkeypatch.setenv("BPP_MOT_DE_PASSE", PHRASE)
    path = session / "employeurs/castanet/proposition_financiere.pdf"
    content = path.read_bytes()
    assert content.startswith(b"%PDF-1.7\n%\xf0\x9f\x96\xa4\n")  # a binary comment: one byte of it changes
    path.write_bytes(content.replace(b"\xa4", b"\xa5", 1))

    code, out, err = signer(session, "--certificat", p12, "--documents", "proposition_financiere")

    assert code == 0
    assert out.splitlines() == [
        "Signé : employeurs/muret/proposition_financiere.pdf",
        "Terminé : 1 document signé, 1 laissé de côté (voir ci-dessus).",
    ]
    assert err == (
        "Attention : Le fichier employeurs/castanet/proposition_financiere.pdf est le document « proposition "
        "financière » de l'employeur castanet, modifié depuis sa génération (son début n'est plus le fichier généré) ; "
        "signer ne le signera pas ; remplacez-le par la version reçue, ou régénérez le document avec --forcer.\n"
    )


def _refus(session: Path, *options: str) -> str:
    files = _empreintes(session)
    code, out, err = signer(session, *options)
    assert (code, out) == (2, "")
    assert _empreintes(session) == files, "nothing is written"
    return err


def test_wrong_passphrase(session, p12, monkeypatch):
    monkeypatch.setenv("BPP_MOT_DE_PASSE", "pas la bonne")
    assert _refus(session, "--certificat", p12) == (
        f"Impossible d'ouvrir le certificat {p12} : la phrase secrète est incorrecte, ou ce n'est pas un fichier "
        "PKCS#12 (.p12, .pfx) ; relancez avec la bonne phrase secrète (BPP_MOT_DE_PASSE pour un script).\n"
    )


def test_no_terminal_and_no_variable(session, p12, monkeypatch):
    monkeypatch.delenv("BPP_MOT_DE_PASSE", raising=False)
    assert _refus(session, "--certificat", p12) == (
        "Phrase secrète du certificat cdg.p12 : aucun terminal pour la saisir ; lancez la commande dans un terminal, "
        "ou donnez-la dans la variable d'environnement BPP_MOT_DE_PASSE.\n"
    )


def test_the_passphrase_is_asked_without_echo_at_a_terminal(monkeypatch):
    from generator.signature import certificat as module

    asked = []
    monkeypatch.delenv("BPP_MOT_DE_PASSE", raising=False)
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    assert module.phrase_secrete("Phrase secrète", saisir=lambda invite: asked.append(invite) or "tapée") == "tapée"
    assert asked == ["Phrase secrète : "]
    assert module.phrase_secrete.__defaults__[0].__module__ == "getpass"


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            {"fin": MAINTENANT.replace(year=MAINTENANT.year - 1)},
            "Le certificat « Sabine Geil-Gomez » ({p12}) a expiré le {fin} ; signez avec un certificat en cours de "
            "validité.",
        ),
        (
            {"non_repudiation": False},
            "Le certificat « Sabine Geil-Gomez » ({p12}) ne permet pas de signer des documents : il n'a pas l'usage "
            "« non-répudiation » ; utilisez le certificat de signature (et non celui d'authentification).",
        ),
    ],
)
def test_certificates_that_may_not_sign(pki, session, tmp_path, monkeypatch, options, message):
    if "fin" in options:
        options["debut"] = options["fin"].replace(year=options["fin"].year - 1)
    identity = certificat(pki.racine, "Sabine Geil-Gomez", **options)
    p12 = tmp_path / "cdg.p12"
    p12.write_bytes(identity.pkcs12(PHRASE, pki.racine))
    monkeypatch.setenv("BPP_MOT_DE_PASSE", PHRASE)
    end = f"{options['fin']:%d/%m/%Y}" if "fin" in options else ""
    assert _refus(session, "--certificat", p12) == message.format(p12=p12, fin=end) + "\n"


def test_folders_that_are_not_a_session(session, p12, tmp_path, monkeypatch):
    monkeypatch.setenv("BPP_MOT_DE_PASSE", PHRASE)
    assert _refus(tmp_path / "vide", "--certificat", p12) == (
        f"{tmp_path / 'vide'} n'est pas un dossier ; indiquez le dossier d'une session, par exemple "
        "sortie/bppc-2026-01.\n"
    )
    assert _refus(session / "agents", "--certificat", p12) == (
        f"{session / 'agents'} n'est pas un dossier de session : il n'y a pas de manifeste.json ; indiquez le dossier "
        "qu'une génération a écrit, par exemple sortie/bppc-2026-01.\n"
    )
    assert _refus(session / "agents" / "n-diaye-awa", "--certificat", p12) == (
        f"{session / 'agents' / 'n-diaye-awa'} est le dossier d'un agent ou d'un employeur, pas celui de la session ; "
        f"indiquez le dossier de la session : {session}.\n"
    )


def test_unknown_agent_and_token_name_without_token(session, p12, monkeypatch):
    monkeypatch.setenv("BPP_MOT_DE_PASSE", PHRASE)
    assert _refus(session, "--certificat", p12, "--agent", "Durand") == (
        "--agent : aucun agent de la session ne s'appelle « Durand » ; indiquez un nom ou « prénom nom » parmi : "
        "Awa N'Diaye, Élodie Lefèvre.\n"
    )
    assert _refus(session, "--certificat", p12, "--jeton", "cdg") == (
        "--jeton ne sert qu'avec --pkcs11 ; retirez-le, ou indiquez le module avec --pkcs11.\n"
    )


def test_a_key_is_required_and_only_one(session):
    code, _, err = signer(session)
    assert (code, err.splitlines()[-1]) == (
        2,
        "Erreur : il faut --certificat ou --pkcs11. Voir l'aide : python -m generator --help",
    )
    code, _, err = signer(session, "--certificat", "a.p12", "--pkcs11", "b.so")
    assert (code, err.splitlines()[-1]) == (
        2,
        "Erreur : --pkcs11 et --certificat ne vont pas ensemble : choisissez l'un des deux. "
        "Voir l'aide : python -m generator --help",
    )
