"""Incremental re-runs (issue 14): only the files whose inputs changed are rendered again, and the result
is byte for byte that of a fresh run, after every kind of change.

A small session (two agents, one per employer; conventions and proposals in both formats, with the
employers' bundles and archives) keeps these tests quick. Runs go through the library in this process
(`processus=1`), so that the rendering calls can be counted.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from docx import Document

from generator import execution
from generator.produce import Options, produce
from generator.render import environment
from tests.conftest import dossier_cdg31, ecrire_dossier, lancer
from tests.documents_outils import RACINE

SESSION = "bppc-2026-01"
DOCUMENTS = ("convention", "proposition_financiere")
AWA = "agents/n-diaye-awa"  # Mme N'Diaye, at Castanet
ELODIE = "agents/lefevre-elodie"  # Mme Lefèvre, at Muret
CASTANET = "Dossier complet - Commune de Castanet-Tolosan - BPPC-2026-01"
# Mme N'Diaye's documents, her employer's proposal, bundle and archive (of 2 PDFs): what a change of
# her data or of her employer's renders again.
AWA_ET_CASTANET = {
    f"{AWA}/convention-n-diaye-awa.pdf",
    f"{AWA}/convention-n-diaye-awa.docx",
    "employeurs/castanet/proposition_financiere.pdf",
    "employeurs/castanet/proposition_financiere.docx",
    "liasse " + CASTANET,
    "envoi 2",
}


def _donnees() -> dict:
    data = dossier_cdg31()
    data["agents"] = [data["agents"][0], data["agents"][2]]  # N'Diaye (Castanet), Lefèvre (Muret)
    return data


@pytest.fixture
def profils(tmp_path) -> Path:
    """A copy of the shipped CDG profiles that a test may change."""
    copy = tmp_path / "profils"
    shutil.copytree(RACINE / "dossiers" / "cdg", copy)
    return copy


def _lancer(fichier: Path, sortie: Path, profils: Path, **options) -> list[str]:
    """A run; returns the paths (first copy of each distinct render) and bundles that were rendered."""
    made: list[str] = []
    real_render, real_bundle, real_zip = execution.rendre, execution.liasse, execution.zip_stable

    def rendre(fichier, valide):
        made.append(str(fichier.chemin))
        return real_render(fichier, valide)

    def liasse(documents, titre, *args):
        made.append(f"liasse {titre}")
        return real_bundle(documents, titre, *args)

    def zip_stable(entrees, horodatage, *args):
        made.append(f"envoi {len(entrees)}")
        return real_zip(entrees, horodatage, *args)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(execution, "rendre", rendre)
        patch.setattr(execution, "liasse", liasse)
        patch.setattr(execution, "zip_stable", zip_stable)
        produce([fichier], Options(sortie=sortie, documents=DOCUMENTS, processus=1, profils=profils, **options))
    return made


def _contenus(racine: Path) -> dict[str, bytes]:
    return {p.relative_to(racine).as_posix(): p.read_bytes() for p in sorted(racine.rglob("*")) if p.is_file()}


def _rendus(made: list[str]) -> set[str]:
    return {m for m in made if not m.startswith(("liasse", "envoi"))}


def _comme_un_premier_lancement(tmp_path: Path, fichier: Path, profils: Path) -> None:
    """The incremental output equals, byte for byte, that of a run into a new folder."""
    _lancer(fichier, tmp_path / "neuf", profils)
    assert _contenus(tmp_path / "sortie" / SESSION) == _contenus(tmp_path / "neuf" / SESSION)


@pytest.fixture(scope="module")
def premier(tmp_path_factory) -> Path:
    """The output of a first run, made once for the module (each test works on its own copy)."""
    folder = tmp_path_factory.mktemp("premier")
    profils = folder / "profils"
    shutil.copytree(RACINE / "dossiers" / "cdg", profils)
    made = _lancer(ecrire_dossier(folder, _donnees()), folder / "sortie", profils)
    assert len(_rendus(made)) == 8  # 2 conventions and 2 proposals, in 2 formats
    return folder / "sortie"


def _premier_lancement(tmp_path: Path, premier: Path) -> Path:
    """The first run's output in this test's folder, and the dossier it was made from."""
    shutil.copytree(premier, tmp_path / "sortie")
    return ecrire_dossier(tmp_path, _donnees())


def test_a_rerun_without_change_renders_nothing_and_writes_nothing(tmp_path, premier, profils):
    fichier = _premier_lancement(tmp_path, premier)
    racine = tmp_path / "sortie" / SESSION
    before = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in racine.rglob("*") if p.is_file()}
    assert _lancer(fichier, tmp_path / "sortie", profils) == []
    assert {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in racine.rglob("*") if p.is_file()} == before
    assert len(_rendus(_lancer(fichier, tmp_path / "sortie", profils, tout=True))) == 8
    assert {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in racine.rglob("*") if p.is_file()} == before


TOUS_LES_RENDUS = {
    *(f"{AWA}/convention-n-diaye-awa.{f}" for f in ("pdf", "docx")),
    *(f"{ELODIE}/convention-lefevre-elodie.{f}" for f in ("pdf", "docx")),
    *(f"employeurs/{e}/proposition_financiere.{f}" for e in ("castanet", "muret") for f in ("pdf", "docx")),
    "liasse " + CASTANET,
    "liasse Dossier complet - Commune de Muret - BPPC-2026-01",
    "envoi 2",  # each folder's archive holds its proposal and its agent's convention
}


@pytest.mark.parametrize(
    ("chemin", "valeur", "refaits"),
    [
        # An agent's name corrected (same folder): her documents, her employer's proposal and bundle.
        (("agents", 0, "nom"), "N'Diayé", AWA_ET_CASTANET),
        (("employeurs", 0, "representant", "nom"), "Dupont", AWA_ET_CASTANET),
        (("session", "intitule"), "Session d'automne 2026", TOUS_LES_RENDUS),
    ],
    ids=["agent", "employeur", "session"],
)
def test_a_change_of_data_renders_what_it_concerns_only(tmp_path, premier, profils, chemin, valeur, refaits):
    _premier_lancement(tmp_path, premier)
    data = _donnees()
    parent = data
    for key in chemin[:-1]:
        parent = parent[key]
    parent[chemin[-1]] = valeur
    fichier = ecrire_dossier(tmp_path, data)
    assert set(_lancer(fichier, tmp_path / "sortie", profils)) == refaits
    _comme_un_premier_lancement(tmp_path, fichier, profils)


def test_a_cdg_own_template_renders_again_the_documents_made_from_it(tmp_path, premier, profils):
    fichier = _premier_lancement(tmp_path, premier)
    own = profils / "cdg31" / "gabarits"
    own.mkdir(parents=True)
    document = Document(RACINE / "gabarits" / "convention.docx")
    document.add_paragraph("Article ajouté par le CDG.")
    document.save(own / "convention.docx")
    made = _lancer(fichier, tmp_path / "sortie", profils)
    assert _rendus(made) == {
        f"{AWA}/convention-n-diaye-awa.pdf",
        f"{AWA}/convention-n-diaye-awa.docx",
        f"{ELODIE}/convention-lefevre-elodie.pdf",
        f"{ELODIE}/convention-lefevre-elodie.docx",
    }
    _comme_un_premier_lancement(tmp_path, fichier, profils)


def test_a_changed_stylesheet_renders_every_pdf_again(tmp_path, premier, profils, monkeypatch):
    fichier = _premier_lancement(tmp_path, premier)
    copy = tmp_path / "gabarits"
    shutil.copytree(RACINE / "gabarits", copy)
    with (copy / "style.css").open("a", encoding="utf-8") as css:
        css.write("\nh1 { letter-spacing: 0.5pt; }\n")
    monkeypatch.setattr(environment, "GABARITS", copy)
    environment.environnement.cache_clear()
    try:
        made = _rendus(_lancer(fichier, tmp_path / "sortie", profils))
        assert len(made) == 4 and all(m.endswith(".pdf") for m in made)
        _comme_un_premier_lancement(tmp_path, fichier, profils)
    finally:
        environment.environnement.cache_clear()


def test_a_profile_change_renders_again_and_matches_a_fresh_run(tmp_path, premier, profils):
    fichier = _premier_lancement(tmp_path, premier)
    profile = profils / "cdg31.yaml"
    profile.write_text(profile.read_text(encoding="utf-8").replace("dpo@cdg31.fr", "rgpd@cdg31.fr"), encoding="utf-8")
    assert len(_rendus(_lancer(fichier, tmp_path / "sortie", profils))) == 8
    _comme_un_premier_lancement(tmp_path, fichier, profils)


def test_a_signed_file_is_kept_without_rendering_and_forcer_still_replaces_it(tmp_path, premier, profils):
    fichier = _premier_lancement(tmp_path, premier)
    signed = tmp_path / "sortie" / SESSION / AWA / "convention-n-diaye-awa.pdf"
    signed.write_bytes(signed.read_bytes() + b"% signed\n")
    options = ("--sortie", tmp_path / "sortie", "--documents", ",".join(DOCUMENTS), "--profils", profils)
    code, out, err = lancer(fichier, *options)
    assert code == 3, err
    assert f"Conservé : {signed} (modifié depuis sa génération : signé ou retouché)" in out.splitlines()
    assert signed.read_bytes().endswith(b"% signed\n")
    assert _lancer(fichier, tmp_path / "sortie", profils) == []  # kept again, without rendering
    made = _lancer(fichier, tmp_path / "sortie", profils, forcer=True)
    assert made == [f"{AWA}/convention-n-diaye-awa.pdf"]  # the employer's copy, in the bundle, did not change
    assert not signed.read_bytes().endswith(b"% signed\n")
    copies = [p for p in signed.parent.glob("convention-n-diaye-awa.*.pdf")]
    assert [c.read_bytes().endswith(b"% signed\n") for c in copies] == [True]
    copies[0].unlink()  # the only file a fresh run does not have
    _comme_un_premier_lancement(tmp_path, fichier, profils)


def test_files_an_interrupted_run_wrote_are_not_rendered_again(tmp_path, profils):
    """The journal keeps each written file's input fingerprint next to its hash, like the manifest."""
    fichier = ecrire_dossier(tmp_path, _donnees())
    sortie = tmp_path / "sortie"
    done: list[str] = []
    real_render = execution.rendre

    def rendre_puis_interrompre(fichier, valide):
        if len(done) == 3:
            raise KeyboardInterrupt  # Ctrl-C during the fourth rendering
        done.append(str(fichier.chemin))
        return real_render(fichier, valide)

    with pytest.MonkeyPatch.context() as patch, pytest.raises(KeyboardInterrupt):
        patch.setattr(execution, "rendre", rendre_puis_interrompre)
        produce([fichier], Options(sortie=sortie, documents=DOCUMENTS, processus=1, profils=profils))
    assert not (sortie / SESSION / "manifeste.json").exists()
    made = _lancer(fichier, sortie, profils)
    assert _rendus(made) == _rendus(TOUS_LES_RENDUS) - set(done)
    _comme_un_premier_lancement(tmp_path, fichier, profils)
