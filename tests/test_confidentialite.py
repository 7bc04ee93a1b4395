"""The agent's health status (`rqth`) never reaches an employer's file; the référent handicap's notice has its folder.

Two runs of the same dossier, one with an agent of the L. 5212-13 publics and one without, must
give byte-identical employer folders (documents, print bundle, e-mail archive, manifest): an
employer's copy then says no more about such an agent than about any other.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

from tests.conftest import dossier_cdg31, ecrire_dossier, lancer
from tests.documents_outils import normaliser, texte_docx, texte_pdf

# What would tell an employer that an agent is of the L. 5212-13 publics.
MOTS_DE_SANTE = ("5212", "handicap", "rqth")


def _deux_agents(rqth: bool) -> dict:
    data = dossier_cdg31()
    data["employeurs"] = data["employeurs"][:1]
    data["agents"] = data["agents"][:2]  # Awa N'Diaye and Lucas Garcia, both of Castanet
    data["agents"][1]["rqth"] = rqth
    return data


def _generer(tmp_path: Path, rqth: bool) -> Path:
    folder = tmp_path / ("rqth" if rqth else "sans")
    folder.mkdir()
    code, _, err = lancer(ecrire_dossier(folder, _deux_agents(rqth)), "--sortie", folder / "sortie", "--quiet")
    assert code == 0, err
    return folder / "sortie" / "bppc-2026-01"


@pytest.fixture(scope="module")
def sessions(tmp_path_factory) -> tuple[Path, Path]:
    """The session generated with Lucas Garcia among the L. 5212-13 publics, and without."""
    root = tmp_path_factory.mktemp("confidentialite")
    return _generer(root, True), _generer(root, False)


def _textes(chemin: Path, contenu: bytes) -> list[tuple[str, str]]:
    """(name, text) of a file, and of each member of a ZIP archive."""
    if chemin.suffix == ".pdf":
        return [(chemin.name, texte_pdf(contenu))]
    if chemin.suffix == ".docx":
        return [(chemin.name, texte_docx(contenu))]
    if chemin.suffix == ".zip":
        with zipfile.ZipFile(io.BytesIO(contenu)) as archive:
            return [
                text
                for name in archive.namelist()
                for text in _textes(chemin.with_name(Path(name).name), archive.read(name))
            ]
    return [(chemin.name, contenu.decode("utf-8"))]


def test_no_employer_file_mentions_the_health_status(sessions):
    session, _ = sessions
    employer_files = sorted(p for p in (session / "employeurs").rglob("*") if p.is_file())
    assert {p.suffix for p in employer_files} == {".pdf", ".docx", ".zip", ".ics", ".json"}
    read = 0
    for path in employer_files:
        for name, text in _textes(path, path.read_bytes()):
            read += 1
            flat = normaliser(text).lower()
            assert not [w for w in MOTS_DE_SANTE if w in flat], f"{name} mentionne l'état de santé"
    assert read > len(employer_files)  # the archive's members were read too


def test_employer_folder_is_the_same_with_or_without_an_rqth_agent(sessions):
    with_rqth, without = sessions
    files = sorted(p.relative_to(without) for p in (without / "employeurs").rglob("*") if p.is_file())
    assert sorted(p.relative_to(with_rqth) for p in (with_rqth / "employeurs").rglob("*") if p.is_file()) == files
    for relative in files:
        assert (with_rqth / relative).read_bytes() == (without / relative).read_bytes(), relative


def test_the_agent_own_letter_says_the_referent_is_informed(sessions):
    session, _ = sessions
    letter = normaliser(texte_pdf((session / "agents/garcia-lucas/courrier_information-garcia-lucas.pdf").read_bytes()))
    assert "Vous relevez des publics de l'article L. 5212-13 du code du travail" in letter
    assert "le CDG31 informe le référent handicap de votre employeur du début de votre bilan" in letter
    assert "Ce paragraphe ne figure que dans votre exemplaire de ce courrier." in letter
    other = normaliser(texte_pdf((session / "agents/n-diaye-awa/courrier_information-n-diaye-awa.pdf").read_bytes()))
    assert "handicap" not in other


def test_referent_notice_has_its_own_confidential_folder(sessions):
    session, without = sessions
    folder = session / "referent-handicap"
    assert sorted(p.name for p in folder.iterdir()) == [
        "information_referent_handicap-garcia-lucas.docx",
        "information_referent_handicap-garcia-lucas.pdf",
        "manifeste.json",
    ]
    assert not (without / "referent-handicap").exists()
    entries = [e for e in json.loads((session / "manifeste.json").read_text())["fichiers"] if "referent" in e["chemin"]]
    assert [(e["document"], e["format"], e["confidentiel"], e["employeur"], e["agent"]) for e in entries] == [
        ("information_referent_handicap", "docx", True, "castanet", "Lucas Garcia"),
        ("information_referent_handicap", "pdf", True, "castanet", "Lucas Garcia"),
    ]
    assert not list(session.glob("agents/*/information_referent_handicap*"))


def test_referent_notice_names_the_agent_and_the_publics_in_both_formats(sessions):
    session, _ = sessions
    pdf = (session / "referent-handicap/information_referent_handicap-garcia-lucas.pdf").read_bytes()
    docx = (session / "referent-handicap/information_referent_handicap-garcia-lucas.docx").read_bytes()
    for text in (normaliser(texte_pdf(pdf)), normaliser(texte_docx(docx))):
        assert "Référent handicap Commune de Castanet-Tolosan" in text
        assert "Monsieur Lucas Garcia (Agent territorial, Commune de Castanet-Tolosan) commence" in text
        assert "Cet agent relève des publics mentionnés à l'article L. 5212-13 du code du travail." in text
        assert "l'information des autres participants sur sa situation, s'il le demande." in text
        assert "ce courrier ne vous en transmet rien" in text
