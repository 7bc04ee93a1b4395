"""Output on disk (issue 5): atomic writes, byte-identical runs, manifests, kept files, bundles, errors.

Tests about the output mechanics only produce the calendar (`--documents calendrier`): it has every
format (PDF, DOCX, ICS), a copy in every folder and an employer bundle. The confidentiality tests
produce every document.
"""

from __future__ import annotations

import builtins
import contextlib
import errno
import hashlib
import io
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from icalendar import Calendar
from pypdf import PdfReader, PdfWriter
from pypdf.annotations import FreeText
from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, NameObject, NumberObject

from generator import execution, output
from generator.dossier.validation import valider
from generator.plan import planifier
from generator.produce import Options, produce, valider_dossiers
from tests.conftest import dossier_cdg31, ecrire_dossier, lancer, ligne_de
from tests.documents_outils import RACINE, texte_pdf

SESSION = "bppc-2026-01"
CALENDRIER = ("--documents", "calendrier")
CHAMPS = ["document", "format", "chemin", "agent", "employeur", "confidentiel", "signataires", "sha256", "entrees"]
MODIFIE = "modifié depuis sa génération : signé ou retouché"
RESERVES_WINDOWS = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(10)), *(f"LPT{i}" for i in range(10))}


# --- helpers -------------------------------------------------------------------------------------


def _preparer(tmp_path: Path, data: dict | None = None) -> tuple[Path, Path]:
    """The dossier file (the 6-agent CDG31 dossier unless `data`) and the output folder to use."""
    return ecrire_dossier(tmp_path, data if data is not None else dossier_cdg31()), tmp_path / "sortie"


def _generer(fichier: Path, sortie: Path, *options: str) -> tuple[int, str, str]:
    """The command line, calendar only."""
    return lancer(fichier, "--sortie", sortie, *CALENDRIER, *options)


def _generer_vite(fichier: Path, sortie: Path) -> None:
    """A first run through the library, in this process (calendar only)."""
    produce([fichier], Options(sortie=sortie, documents=("calendrier",), processus=1))


def _autre_date(tmp_path: Path, date_envoi: str = "2026-01-13") -> Path:
    """The same dossier with another sending date: every file gets new bytes (dates are pinned to it)."""
    data = dossier_cdg31()
    data["session"]["date_envoi"] = date_envoi
    return ecrire_dossier(tmp_path, data)


def _contenus(racine: Path) -> dict[str, bytes]:
    """Every file under `racine` (hidden ones included): relative path -> bytes."""
    return {p.relative_to(racine).as_posix(): p.read_bytes() for p in sorted(racine.rglob("*")) if p.is_file()}


def _etats(racine: Path) -> dict[str, tuple[int, int]]:
    """Every file under `racine`: relative path -> (inode, mtime in ns); a rewrite changes the inode."""
    return {
        p.relative_to(racine).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
        for p in sorted(racine.rglob("*"))
        if p.is_file()
    }


def _temporaires(racine: Path) -> list[str]:
    """Temporary files left behind."""
    return [p.relative_to(racine).as_posix() for p in racine.rglob("*") if ".tmp-" in p.name]


def _affiche(sortie: Path, relatif: str) -> str:
    """How a file is named to the user: a path that opens from where the command was run."""
    return str(sortie / SESSION / relatif)


def _avertissements(fichier: Path) -> str:
    """`1 avertissement` / `2 avertissements`: the warnings of the dossier, as the summary counts them."""
    count = len(valider_dossiers([fichier])[0].avertissements)
    return f"{count} avertissement{'s' if count > 1 else ''}"


def _sha(contenu: bytes) -> str:
    return hashlib.sha256(contenu).hexdigest()


def _empreintes_connues(racine: Path) -> set[str]:
    """Hashes the generator recorded: the session manifest's, and those of an unfinished run's journal."""
    known: set[str] = set()
    manifest = racine / output.MANIFESTE
    if manifest.is_file():
        known |= {e["sha256"] for e in json.loads(manifest.read_text(encoding="utf-8"))["fichiers"]}
    journal = racine / output.JOURNAL
    if journal.is_file():
        for line in journal.read_text(encoding="utf-8").splitlines():
            try:
                known.add(json.loads(line)["sha256"])
            except ValueError:
                continue  # the last line of a journal killed mid-write
    return known


def _verifier_fichier_complet(chemin: Path) -> None:
    """A complete, readable file of its format (a truncated PDF, DOCX, ICS or JSON fails here)."""
    data = chemin.read_bytes()
    if chemin.suffix == ".pdf":
        assert data.startswith(b"%PDF-"), chemin
        assert data.rstrip().endswith(b"%%EOF"), chemin
        reader = PdfReader(io.BytesIO(data), strict=True)
        assert len(reader.pages) >= 1, chemin
        reader.pages[0].extract_text()
    elif chemin.suffix == ".docx":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            assert archive.testzip() is None, chemin
            assert "word/document.xml" in archive.namelist(), chemin
    elif chemin.suffix == ".ics":
        assert Calendar.from_ical(data).walk("VEVENT"), chemin
    elif chemin.suffix == ".json":
        json.loads(data.decode("utf-8"))
    elif chemin.suffix == ".zip":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            assert archive.testzip() is None, chemin
    else:
        raise AssertionError(f"unexpected file {chemin}")


def _verifier_manifestes(racine: Path) -> list[dict]:
    """The manifests match the files on disk (hashes re-computed); return the session manifest's entries."""
    session = json.loads((racine / output.MANIFESTE).read_text(encoding="utf-8"))
    assert [session["format"], session["version"]] == ["manifeste-bpp", 1]
    entries = session["fichiers"]
    assert all(list(entry) == CHAMPS for entry in entries)
    on_disk = sorted(
        p.relative_to(racine).as_posix() for p in racine.rglob("*") if p.is_file() and p.name != output.MANIFESTE
    )
    assert sorted(e["chemin"] for e in entries) == on_disk
    for entry in entries:
        assert _sha((racine / entry["chemin"]).read_bytes()) == entry["sha256"], entry["chemin"]
    folders = sorted({p.rsplit("/", 1)[0] for p in on_disk if p.startswith(("agents/", "employeurs/"))})
    assert folders, "no employer or agent folder"
    for folder in folders:
        own = json.loads((racine / folder / output.MANIFESTE).read_text(encoding="utf-8"))
        assert [own["format"], own["version"], own["session"]] == ["manifeste-bpp", 1, session["session"]]
        prefix = f"{folder}/"
        expected = [
            {**e, "chemin": e["chemin"].removeprefix(prefix)} for e in entries if e["chemin"].startswith(prefix)
        ]
        assert sorted(own["fichiers"], key=lambda e: e["chemin"]) == sorted(expected, key=lambda e: e["chemin"])
        in_folder = sorted(p.name for p in (racine / folder).iterdir() if p.is_file() and p.name != output.MANIFESTE)
        assert sorted(e["chemin"] for e in own["fichiers"]) == in_folder, folder
    return entries


def _message_d_ecriture(error: OSError, candidats: list[Path]) -> set[str]:
    """The French messages `traduire_erreur_os` gives for `error` on any of the paths a user knows."""
    return {output.traduire_erreur_os(error, chemin).texte + "\n" for chemin in candidats}


def _chemins_visibles(sortie: Path) -> list[Path]:
    """The output folder and every non-hidden file or folder under it: what a message may name."""
    return [sortie, *(p for p in sortie.rglob("*") if not p.name.startswith("."))]


# --- determinism and re-runs ---------------------------------------------------------------------


def test_two_runs_give_identical_bytes_and_a_rerun_rewrites_nothing(tmp_path):
    fichier, sortie = _preparer(tmp_path)
    code, out, _ = _generer(fichier, sortie)
    assert code == 0
    racine = sortie / SESSION
    first = _contenus(racine)
    assert {p.rsplit(".", 1)[1] for p in first} == {"pdf", "docx", "ics", "json", "zip"}
    states = _etats(racine)

    code, out, err = _generer(fichier, sortie)
    assert code == 0, err
    assert out == f"Terminé : 0 fichier écrit, 31 inchangés, 0 conservé, {_avertissements(fichier)}.\n"
    assert _etats(racine) == states  # nothing rewritten, the manifests included
    assert _contenus(racine) == first

    # Another process, another time zone, locale and hash seed: the same bytes.
    env = {**os.environ, "TZ": "Pacific/Kiritimati", "PYTHONHASHSEED": "4242", "LC_ALL": "C.UTF-8"}
    other = tmp_path / "ailleurs"
    done = subprocess.run(
        [sys.executable, "-m", "generator", str(fichier), "--sortie", str(other), *CALENDRIER, "--quiet"],
        cwd=RACINE,
        env=env,
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode()
    second = _contenus(other / SESSION)
    assert sorted(second) == sorted(first)
    assert [p for p in first if first[p] != second[p]] == []


def test_worker_processes_renewed_by_batch_give_the_same_bytes_as_one_process(tmp_path, monkeypatch):
    fichier, sortie = _preparer(tmp_path)
    _generer_vite(fichier, sortie)
    monkeypatch.setattr(execution, "DOCUMENTS_PAR_PROCESSUS", 1)  # a fresh pair of workers every 2 documents
    other = tmp_path / "par-lots"
    produce([fichier], Options(sortie=other, documents=("calendrier",), processus=2))
    assert _contenus(other / SESSION) == _contenus(sortie / SESSION)


def test_an_edited_pdf_is_kept_with_exit_3_then_replaced_with_forcer(tmp_path):
    fichier, sortie = _preparer(tmp_path)
    _generer_vite(fichier, sortie)
    racine = sortie / SESSION
    edited = racine / "agents/n-diaye-awa/calendrier.pdf"
    generated = edited.read_bytes()
    signed = generated + b"\n% signature ajoutee a la main\n"
    edited.write_bytes(signed)
    before = _contenus(racine)
    warnings = _avertissements(fichier)
    kept_line = f"Conservé : {_affiche(sortie, 'agents/n-diaye-awa/calendrier.pdf')} ({MODIFIE})"
    summary = (
        f"Terminé : 0 fichier écrit, 30 inchangés, 1 conservé, {warnings}. Des fichiers modifiés depuis leur "
        "génération ont été conservés : relancez avec --forcer pour les remplacer."
    )

    code, out, _ = _generer(fichier, sortie)
    assert code == 3
    assert _contenus(racine) == before  # the signed file untouched, nothing else written
    # A second re-run still keeps it: the manifest still holds the generated file's hash.
    code_again, out_again, _ = _generer(fichier, sortie)
    assert code_again == 3
    assert edited.read_bytes() == signed

    code_forced, out_forced, _ = _generer(fichier, sortie, "--forcer")
    assert code_forced == 0
    assert edited.read_bytes() == generated
    copies = sorted(p.name for p in edited.parent.glob("calendrier.*.pdf"))
    assert len(copies) == 1
    assert re.fullmatch(r"calendrier\.\d{4}-\d{2}-\d{2}-\d{6}\.pdf", copies[0])
    assert (edited.parent / copies[0]).read_bytes() == signed
    code_last, out_last, _ = _generer(fichier, sortie)
    assert (code_last, out_last) == (0, f"Terminé : 0 fichier écrit, 31 inchangés, 0 conservé, {warnings}.\n")

    assert out.splitlines() == out_again.splitlines() == [kept_line, summary]
    assert out_forced.splitlines() == [
        f"Remplacé : {_affiche(sortie, 'agents/n-diaye-awa/calendrier.pdf')} (modifié depuis sa génération ; "
        f"l'ancienne version est gardée sous {copies[0]})",
        f"Terminé : 1 fichier écrit, 30 inchangés, 0 conservé, {warnings}.",
    ]


def test_two_dated_copies_in_the_same_second_never_replace_each_other(tmp_path):
    signed = tmp_path / "convention.pdf"
    now = datetime(2026, 11, 23, 15, 2, 7)
    copies = []
    for version in (b"first signature", b"second signature"):
        signed.write_bytes(version)
        copies.append(output.copie_datee(signed, now))
    assert [c.name for c in copies] == ["convention.2026-11-23-150207.pdf", "convention.2026-11-23-150207-2.pdf"]
    assert [c.read_bytes() for c in copies] == [b"first signature", b"second signature"]


def test_a_file_someone_else_put_at_a_planned_path_is_kept(tmp_path):
    fichier, sortie = _preparer(tmp_path)
    folder = sortie / SESSION / "employeurs/castanet"
    folder.mkdir(parents=True)
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    foreign = buffer.getvalue()
    (folder / "calendrier.pdf").write_bytes(foreign)
    (folder / "notes.txt").write_text("à rappeler lundi", encoding="utf-8")
    kept_line = f"Conservé : {_affiche(sortie, 'employeurs/castanet/calendrier.pdf')} ({MODIFIE})"

    outputs = []
    for _ in range(2):  # the first run, then a re-run: never adopted as the generator's own file
        code, out, _ = _generer(fichier, sortie)
        assert code == 3
        assert (folder / "calendrier.pdf").read_bytes() == foreign
        assert (folder / "notes.txt").read_text(encoding="utf-8") == "à rappeler lundi"
        assert out.splitlines()[-1].endswith(" relancez avec --forcer pour les remplacer.")
        outputs.append(out.splitlines())

    code, _, _ = _generer(fichier, sortie, "--forcer")
    assert code == 0
    manifest = json.loads((folder / "manifeste.json").read_text(encoding="utf-8"))
    generated = next(e["sha256"] for e in manifest["fichiers"] if e["chemin"] == "calendrier.pdf")
    assert hashlib.sha256((folder / "calendrier.pdf").read_bytes()).hexdigest() == generated
    assert [p.read_bytes() for p in folder.glob("calendrier.*.pdf")] == [foreign]
    assert (folder / "notes.txt").read_text(encoding="utf-8") == "à rappeler lundi"
    assert all(kept_line in lines for lines in outputs), outputs


def test_a_removed_agent_is_reported_and_left_in_place(tmp_path):
    fichier, sortie = _preparer(tmp_path)
    _generer_vite(fichier, sortie)
    racine = sortie / SESSION
    before = _contenus(racine)
    data = dossier_cdg31()
    data["agents"] = [a for a in data["agents"] if a["nom"] != "Roux"]
    ecrire_dossier(tmp_path, data)

    code, out, err = _generer(fichier, sortie)
    assert code == 0, err
    after = _contenus(racine)
    removed = [p for p in before if p.startswith("agents/roux-nathalie/")]
    assert len(removed) == 4  # three documents and the folder's manifest
    assert all(after[path] == before[path] for path in removed)
    _verifier_manifestes(racine)  # still listed: still the generator's own files
    lines = out.splitlines()
    assert re.fullmatch(
        r"Terminé : \d+ fichiers? écrits?, \d+ inchangés?, 0 conservé, \d+ avertissements?\.", lines[-1]
    )
    assert lines[:-1] == [
        f"Plus dans le dossier (laissé en place) : {_affiche(sortie, f'agents/roux-nathalie/calendrier.{ext}')}"
        for ext in ("docx", "ics", "pdf")
    ]


# --- a run killed by a signal --------------------------------------------------------------------


def _taille(chemin: Path) -> int:
    try:
        return chemin.stat().st_size
    except FileNotFoundError:
        return 0


def _lignes_depuis(journal: Path, debut: int) -> int:
    """Entries the journal gained past byte `debut` (one per file about to be written)."""
    try:
        with journal.open("rb") as stream:
            content = stream.read()
    except FileNotFoundError:
        return 0
    return content[debut if len(content) >= debut else 0 :].count(b"\n")  # a new journal counts from its start


def test_a_run_killed_at_random_points_leaves_no_truncated_file_and_the_next_run_completes(tmp_path):
    rng = random.Random(20260112)
    sortie = tmp_path / "sortie"
    racine = sortie / SESSION
    journal = racine / output.JOURNAL
    deadline = time.monotonic() + 120
    written = None  # how many files a run writes: counted on the first run, left to finish
    interrupted = 0
    # A new sending date on each run: every file gets new bytes, so every run rewrites everything.
    for day in ("2026-01-05", "2026-01-06", "2026-01-07", "2026-01-08", "2026-01-09"):
        fichier = _autre_date(tmp_path, day)
        start = _taille(journal)
        process = subprocess.Popen(
            [sys.executable, "-m", "generator", str(fichier), "--sortie", str(sortie), *CALENDRIER, "--quiet"],
            cwd=RACINE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            if written is None:
                seen = 0
                while process.poll() is None:  # the journal is removed once the manifests are written
                    seen = max(seen, _lignes_depuis(journal, start))
                    time.sleep(0.0005)
                assert process.wait(timeout=60) == 0
                written = seen
                assert written >= 4
            else:
                # Killed at a random point of its progress (not of the clock, whatever the machine's speed):
                # right after the journal announced the k-th file, before the last one.
                target = rng.randint(1, written - 1)
                while process.poll() is None and time.monotonic() < deadline:
                    if _lignes_depuis(journal, start) >= target:
                        break
                    time.sleep(0.0002)
                with contextlib.suppress(ProcessLookupError):  # it may just have finished
                    os.killpg(process.pid, signal.SIGKILL)  # the whole group: the rendering workers too
                process.wait(timeout=30)
                interrupted += journal.exists()  # killed before it finished writing
        finally:
            if process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        assert time.monotonic() < deadline, "the runs took too long"
        # Either the old file or the new one: complete, with a hash the generator recorded.
        known = _empreintes_connues(racine)
        for path in racine.rglob("*"):
            if not path.is_file() or ".tmp-" in path.name or path.name == output.JOURNAL:
                continue
            _verifier_fichier_complet(path)
            if path.name != output.MANIFESTE:
                assert _sha(path.read_bytes()) in known, f"{path} is neither an old nor a new version"
    assert interrupted >= 3, "the kills came too late: the runs had finished writing"
    # What a kill between a file's write and its rename leaves (the timing above rarely hits it).
    for stale in (racine / ".calendrier.pdf.tmp-4242", racine / "agents/n-diaye-awa/.calendrier.ics.tmp-4242"):
        stale.write_bytes(b"%PDF-1.7\n1 0 obj")

    # The next run, with the date corrected once more: every file the killed runs wrote is recognised as
    # the generator's own (none is kept as if someone had changed it) and replaced.
    fichier = _autre_date(tmp_path, "2026-01-13")
    code, out, err = _generer(fichier, sortie)
    assert code == 0, out + err
    warnings = _avertissements(fichier)
    assert re.fullmatch(rf"Terminé : \d+ fichiers écrits, \d+ inchangés?, 0 conservé, {warnings}\.\n", out)
    assert _temporaires(racine) == []
    assert not journal.exists()
    _verifier_manifestes(racine)
    # The result is exactly that of a run never interrupted.
    _generer_vite(fichier, tmp_path / "propre")
    assert _contenus(racine) == _contenus(tmp_path / "propre" / SESSION)


def test_ctrl_c_says_one_french_sentence_and_the_next_run_completes(tmp_path):
    """Ctrl-C in a terminal sends SIGINT to the whole process group: the command and its rendering workers."""
    fichier, sortie = _preparer(tmp_path)
    _generer_vite(fichier, sortie)
    racine = sortie / SESSION
    journal = racine / output.JOURNAL
    fichier = _autre_date(tmp_path)
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", str(fichier), "--sortie", str(sortie), *CALENDRIER],
        cwd=RACINE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 30
        while process.poll() is None and _taille(journal) == 0 and time.monotonic() < deadline:
            time.sleep(0.0005)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGINT)
        out, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    assert journal.exists(), "the run finished before Ctrl-C"
    for path in racine.rglob("*"):
        if path.is_file() and ".tmp-" not in path.name and path.name != output.JOURNAL:
            _verifier_fichier_complet(path)
    code, _, _ = _generer(fichier, sortie)
    assert code == 0
    assert _temporaires(racine) == []
    assert not journal.exists()
    _verifier_manifestes(racine)
    assert process.returncode == 130
    assert out == b""
    assert err.decode("utf-8") == (
        "Interrompu : les fichiers déjà écrits sont complets, relancez la commande pour terminer.\n"
    )


def test_quiet_still_says_that_files_were_kept(tmp_path):
    fichier, sortie = _preparer(tmp_path)
    _generer_vite(fichier, sortie)
    edited = sortie / SESSION / "employeurs/muret/calendrier.docx"
    edited.write_bytes(edited.read_bytes() + b"signe")
    code, out, err = _generer(fichier, sortie, "--quiet")
    assert (code, out) == (3, "")
    assert err == (
        f"Terminé : 0 fichier écrit, 30 inchangés, 1 conservé, {_avertissements(fichier)}. Des fichiers modifiés "
        "depuis leur génération ont été conservés : relancez avec --forcer pour les remplacer.\n"
    )


# --- manifests -----------------------------------------------------------------------------------


def test_manifests_match_the_files_on_disk(tmp_path):
    fichier, sortie = _preparer(tmp_path)
    code, _, err = _generer(fichier, sortie)
    assert code == 0, err
    racine = sortie / SESSION
    entries = _verifier_manifestes(racine)
    assert json.loads((racine / "manifeste.json").read_text(encoding="utf-8"))["session"] == "BPPC-2026-01"
    by_path = {e["chemin"]: e for e in entries}
    ics = racine / "agents/n-diaye-awa/calendrier.ics"
    assert all(re.fullmatch("[0-9a-f]{64}", by_path[p].pop("entrees")) for p in by_path)  # what each was made from
    assert by_path["agents/n-diaye-awa/calendrier.ics"] == {
        "document": "calendrier",
        "format": "ics",
        "chemin": "agents/n-diaye-awa/calendrier.ics",
        "agent": "Awa N'Diaye",
        "employeur": None,
        "confidentiel": False,
        "signataires": [],
        "sha256": _sha(ics.read_bytes()),
    }
    bundle = racine / "employeurs/castanet/dossier-complet-castanet.pdf"
    assert by_path["employeurs/castanet/dossier-complet-castanet.pdf"] == {
        "document": "liasse",
        "format": "pdf",
        "chemin": "employeurs/castanet/dossier-complet-castanet.pdf",
        "agent": None,
        "employeur": "castanet",
        "confidentiel": False,
        "signataires": [],
        "sha256": _sha(bundle.read_bytes()),
    }
    own = json.loads((racine / "employeurs/castanet/manifeste.json").read_text(encoding="utf-8"))
    assert [e["chemin"] for e in own["fichiers"]] == [
        "calendrier.docx",
        "calendrier.ics",
        "calendrier.pdf",
        "dossier-complet-castanet.pdf",
        "envoi-castanet.zip",
    ]


def test_manifest_keeps_the_generated_hash_of_a_kept_file(tmp_path):
    fichier, sortie = _preparer(tmp_path)
    _generer_vite(fichier, sortie)
    racine = sortie / SESSION
    edited = racine / "calendrier.docx"
    generated = _sha(edited.read_bytes())
    edited.write_bytes(edited.read_bytes() + b"retouche")
    code, _, _ = _generer(fichier, sortie)
    assert code == 3
    entries = json.loads((racine / output.MANIFESTE).read_text(encoding="utf-8"))["fichiers"]
    assert [e["sha256"] for e in entries if e["chemin"] == "calendrier.docx"] == [generated]


# --- --verifier ----------------------------------------------------------------------------------


def _interrompre_apres(monkeypatch, ecritures: int) -> None:
    """The next library run stops (as on Ctrl-C) after `ecritures` files are written."""
    real, count = output.ecrire_atomique, [0]

    def ecrire(chemin: Path, contenu: bytes) -> None:
        if count[0] == ecritures:
            raise KeyboardInterrupt
        count[0] += 1
        real(chemin, contenu)

    monkeypatch.setattr(output, "ecrire_atomique", ecrire)


def test_a_partial_run_after_an_interrupted_one_keeps_the_manifest_true_to_the_disk(tmp_path, monkeypatch):
    fichier, sortie = _preparer(tmp_path)
    _generer_vite(fichier, sortie)
    changed = _autre_date(tmp_path)
    with monkeypatch.context() as patch:
        _interrompre_apres(patch, 8)
        with pytest.raises(KeyboardInterrupt):
            produce([changed], Options(sortie=sortie, documents=("calendrier",), processus=1))
    code, _, err = _generer(changed, sortie, "--agent", "Da Silva")
    assert code == 0, err
    _verifier_manifestes(sortie / SESSION)
    code, out, err = _generer(changed, sortie)
    assert code == 0, err
    assert ", 0 conservé, " in out


def test_a_file_of_an_interrupted_run_signed_since_stays_in_the_manifest_and_is_kept(tmp_path, monkeypatch):
    fichier, sortie = _preparer(tmp_path)
    with monkeypatch.context() as patch:
        _interrompre_apres(patch, 3)
        with pytest.raises(KeyboardInterrupt):
            produce([fichier], Options(sortie=sortie, documents=("calendrier",), processus=1))
    racine = sortie / SESSION
    signed = racine / "calendrier.pdf"
    generated = _sha(signed.read_bytes())
    signed.write_bytes(signed.read_bytes() + b"% signed\n")
    for _ in range(2):
        code, _, err = _generer(fichier, sortie)
        assert code == 3, err
        entries = {
            e["chemin"]: e for e in json.loads((racine / output.MANIFESTE).read_text(encoding="utf-8"))["fichiers"]
        }
        assert entries["calendrier.pdf"]["sha256"] == generated
        assert signed.read_bytes().endswith(b"% signed\n")


def test_verifier_prints_the_plan_and_writes_nothing(tmp_path):
    fichier, sortie = _preparer(tmp_path)
    code, out, err = _generer(fichier, sortie, "--verifier")
    assert code == 0, err
    assert not sortie.exists()
    lines = out.splitlines()
    warnings = _avertissements(fichier)
    assert (
        lines[-1]
        == f"Vérification : 31 fichiers à créer, 0 à régénérer, 0 inchangé, 0 à conserver, 0 à remplacer (--forcer), "
        f"{warnings} ; rien n'a été écrit."
    )
    planned = [line.removeprefix("à créer : ") for line in lines[:-1]]
    assert all(line.startswith("à créer : ") for line in lines[:-1])

    _generer_vite(fichier, sortie)
    racine = sortie / SESSION
    written = [p for p in _contenus(racine) if not p.endswith(output.MANIFESTE)]

    edited = racine / "employeurs/muret/calendrier.pdf"
    edited.write_bytes(edited.read_bytes() + b"%signe")
    before, states = _contenus(racine), _etats(racine)
    code, out, _ = _generer(fichier, sortie, "--verifier")
    assert code == 0  # nothing was kept: nothing was done
    assert _contenus(racine) == before
    assert _etats(racine) == states
    # Muret's archive changes: it takes the edited calendar as it is (the bundle prints the same pages).
    assert out.splitlines()[-1] == (
        f"Vérification : 0 fichier à créer, 1 à régénérer, 29 inchangés, 1 à conserver, 0 à remplacer (--forcer), "
        f"{warnings} ; rien n'a été écrit."
    )
    _, out_forcer, _ = _generer(fichier, sortie, "--verifier", "--forcer")
    assert out_forcer.splitlines()[-1] == (
        f"Vérification : 0 fichier à créer, 0 à régénérer, 30 inchangés, 0 à conserver, 1 à remplacer (--forcer), "
        f"{warnings} ; rien n'a été écrit."
    )
    assert _contenus(racine) == before
    assert sorted(planned) == sorted(_affiche(sortie, p) for p in written)
    assert f"conservé : {_affiche(sortie, 'employeurs/muret/calendrier.pdf')} ({MODIFIE})" in out.splitlines()


def test_verifier_tells_unchanged_files_from_files_to_update(tmp_path):
    """Issue 5: `--verifier` prints the plan: files to create, to update, unchanged, kept."""
    fichier, sortie = _preparer(tmp_path)
    _generer_vite(fichier, sortie)
    _, out, _ = _generer(fichier, sortie, "--verifier")
    plan = out.splitlines()[:-1]
    assert len(plan) == 31
    assert [line for line in plan if not line.startswith("inchangé : ")] == []


# --- errors: a folder that cannot be written, a full disk ----------------------------------------


def test_an_output_folder_that_is_not_writable_gives_a_french_error_and_loses_nothing(tmp_path, monkeypatch):
    fichier, sortie = _preparer(tmp_path)
    _generer_vite(fichier, sortie)
    racine = sortie / SESSION
    before = _contenus(racine)
    _autre_date(tmp_path)  # a re-run that has files to rewrite
    folders = [racine, *(p for p in racine.rglob("*") if p.is_dir())]
    if os.geteuid() == 0:
        # root ignores permissions: refuse, as the system would, every file created under the folder.
        def refuser(file, mode="r", *args, **kwargs):
            if any(flag in mode for flag in "wax+") and Path(file).is_relative_to(racine):
                raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(file))
            return builtins.open(file, mode, *args, **kwargs)

        monkeypatch.setattr(output, "open", refuser, raising=False)
    else:
        for folder in folders:
            folder.chmod(0o500)
    try:
        code, out, err = _generer(fichier, sortie)
    finally:
        for folder in folders:
            folder.chmod(0o755)
    assert (code, out) == (2, "")
    assert _contenus(racine) == before  # no file lost or half-written, no temporary file, no journal
    denied = PermissionError(errno.EACCES, os.strerror(errno.EACCES))
    assert err in _message_d_ecriture(denied, _chemins_visibles(sortie)), err


class _DisquePlein:
    """A file that takes half of what is written, then fails as a full disk does."""

    def __init__(self, stream):
        self.stream = stream

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stream.close()

    def write(self, data):
        self.stream.write(data[: len(data) // 2])
        self.stream.flush()
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_a_full_disk_gives_a_french_error_keeps_old_files_and_leaves_no_temporary_file(tmp_path, monkeypatch):
    fichier, sortie = _preparer(tmp_path)
    _generer_vite(fichier, sortie)
    racine = sortie / SESSION
    before = _contenus(racine)
    _autre_date(tmp_path)
    temporaries = []

    def disque_plein_au_troisieme(file, mode="r", *args, **kwargs):
        stream = builtins.open(file, mode, *args, **kwargs)  # noqa: SIM115 - returned to the caller
        if ".tmp-" in Path(file).name:
            temporaries.append(file)
            if len(temporaries) == 3:
                return _DisquePlein(stream)
        return stream

    monkeypatch.setattr(output, "open", disque_plein_au_troisieme, raising=False)
    code, out, err = _generer(fichier, sortie)
    monkeypatch.undo()
    assert (code, out) == (2, "")
    assert _temporaires(racine) == []
    failed = _contenus(racine)
    assert set(failed) - {output.JOURNAL} == set(before)
    changed = sorted(p for p in before if failed[p] != before[p])
    assert len(changed) == 2  # the two files written before the disk was full, complete
    full = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    assert err in _message_d_ecriture(full, _chemins_visibles(sortie)), err

    code, out, err = _generer(fichier, sortie)
    assert code == 0, out + err
    final = _contenus(racine)
    assert all(failed[p] in (before[p], final[p]) for p in before)
    assert all(failed[p] == final[p] for p in changed)
    assert _temporaires(racine) == []
    assert not (racine / output.JOURNAL).exists()
    _verifier_manifestes(racine)


def test_an_output_path_that_is_a_file_gives_a_french_error(tmp_path):
    fichier, _ = _preparer(tmp_path)
    sortie = tmp_path / "sortie"
    sortie.write_text("notes de la secrétaire", encoding="utf-8")
    code, out, err = _generer(fichier, sortie)
    assert (code, out) == (2, "")
    assert sortie.read_text(encoding="utf-8") == "notes de la secrétaire"
    assert err.startswith(f"Impossible d'écrire {sortie}")
    assert err.endswith(" Les fichiers déjà présents sont intacts (aucun fichier n'est écrit à moitié).\n")
    # Every message is in French: no system message in English inside the sentence.
    assert os.strerror(errno.ENOTDIR) not in err, err


# --- names and folders ---------------------------------------------------------------------------


def _noms(*agents: tuple[str, str, str]) -> dict:
    """The CDG31 dossier with its agents renamed: (nom, prenom, employeur) for the first ones."""
    data = dossier_cdg31()
    for agent, (nom, prenom, employeur) in zip(data["agents"], agents, strict=False):
        agent.update(nom=nom, prenom=prenom, employeur=employeur)
    return data


def test_two_agents_with_the_same_name_get_different_folders(tmp_path):
    data = _noms(("N'Diaye", "Awa", "castanet"), ("N'Diaye", "Awa", "castanet"), ("N'Diaye", "Awa", "muret"))
    data["agents"][0]["id"], data["agents"][1]["id"] = "1", "2"
    data["agents"][1]["entretiens"][0]["debut"] = "2026-03-25T14:00"
    fichier, sortie = _preparer(tmp_path, data)
    code, _, err = _generer(fichier, sortie)
    assert code == 0, err
    racine = sortie / SESSION
    entries = _verifier_manifestes(racine)
    folders = sorted({e["chemin"].rsplit("/", 1)[0] for e in entries if e["agent"] == "Awa N'Diaye"})
    assert folders == ["agents/n-diaye-awa", "agents/n-diaye-awa-1", "agents/n-diaye-awa-2"]
    calendars = {(racine / f / "calendrier.ics").read_bytes() for f in folders}
    assert len(calendars) == 3  # each has its own interviews


def test_removing_or_reordering_homonyms_never_hands_a_synthesis_to_another_agent(tmp_path):
    data = _noms(*[("N'Diaye", "Awa", "castanet")] * 3)
    for number, agent in enumerate(data["agents"][:3], 1):
        agent["id"] = str(number)
        agent["fonction"] = f"Fonction {number}"
    fichier, sortie = _preparer(tmp_path, data)
    produce([fichier], Options(sortie=sortie, documents=("synthese",), formats=("pdf",), processus=1))
    racine = sortie / SESSION
    signed = racine / "agents/n-diaye-awa-1/synthese-n-diaye-awa-1.pdf"
    signed.write_bytes(signed.read_bytes() + b"% signed\n")

    data["agents"] = [data["agents"][2], *data["agents"][3:], data["agents"][1]]  # the first one leaves, others move
    fichier = ecrire_dossier(tmp_path, data)
    code, out, err = lancer(fichier, "--sortie", sortie, "--documents", "synthese", "--format", "pdf")
    assert code == 0, err
    for number in (2, 3):
        text = texte_pdf((racine / f"agents/n-diaye-awa-{number}/synthese-n-diaye-awa-{number}.pdf").read_bytes())
        assert f"Fonction {number}" in text
    assert f"Plus dans le dossier (laissé en place) : {signed}\n" in out
    assert signed.read_bytes().endswith(b"% signed\n")


def test_employer_ids_that_would_share_a_folder_are_refused(tmp_path):
    data = dossier_cdg31()
    data["employeurs"][0]["id"], data["employeurs"][1]["id"] = "ccas", "CCAS"
    for agent, employer in zip(data["agents"], ["ccas", "ccas", "CCAS", "CCAS", "CCAS", "ccas"], strict=True):
        agent["employeur"] = employer
    fichier, sortie = _preparer(tmp_path, data)
    code, out, err = _generer(fichier, sortie)
    assert (code, out) == (2, "")
    assert err.splitlines()[1] == (
        f"d.yaml, ligne {ligne_de(fichier, '- id: CCAS')}, employeurs[2].id : l'identifiant d'employeur « CCAS » "
        f"donnerait le même dossier de sortie que « ccas » (ligne {ligne_de(fichier, '- id: ccas')}) ; donnez à "
        "chaque employeur un identifiant qui diffère par ses lettres ou ses chiffres."
    )
    assert not sortie.exists()


def test_a_long_name_keeps_its_id_and_an_id_needs_a_letter_or_a_digit(tmp_path):
    long_name = ("de La Rochefoucauld-Montmorency-Laval", "Marie-Charlotte-Antoinette", "castanet")
    data = _noms(long_name, long_name)
    data["agents"][0]["id"], data["agents"][1]["id"] = "1", "2"
    folders = list(planifier(valider(ecrire_dossier(tmp_path, data))).dossiers_agents.values())[:2]
    assert folders == [
        "de-la-rochefoucauld-montmorency-laval-marie-charlotte-anto-1",
        "de-la-rochefoucauld-montmorency-laval-marie-charlotte-anto-2",
    ]
    data["agents"][1]["id"] = "#!"
    fichier = ecrire_dossier(tmp_path, data)
    code, _, err = lancer("valider", fichier)
    assert code == 2
    assert err.splitlines()[1] == (
        f"d.yaml, ligne {ligne_de(fichier, '#!')}, agents[2].id : l'identifiant « #! » ne contient ni lettre ni "
        "chiffre ; choisissez un identifiant court fait de lettres ou de chiffres (par exemple « 1 » ou « b »)."
    )


def test_two_sessions_whose_references_look_alike_do_not_share_a_folder(tmp_path):
    first = ecrire_dossier(tmp_path, dossier_cdg31(), "printemps.yaml")
    data = dossier_cdg31()
    data["session"]["reference"] = "BPPC 2026/01"
    data["session"]["intitule"] = "Session d'automne 2026"
    second = ecrire_dossier(tmp_path, data, "automne.yaml")
    sortie = tmp_path / "sortie"
    code, _, err = lancer(first, second, "--sortie", sortie, *CALENDRIER)
    if code == 2:  # refused: both references named, nothing written
        assert "BPPC 2026/01" in err
        assert "rien n'a été écrit" in err
        assert not sortie.exists()
    else:  # or two folders: neither session overwrites the other's files
        assert code == 0, err
        sessions = sorted(
            json.loads(m.read_text(encoding="utf-8"))["session"] for m in sortie.glob(f"*/{output.MANIFESTE}")
        )
        assert sessions == ["BPPC 2026/01", "BPPC-2026-01"]


def test_another_session_whose_folder_name_is_taken_is_refused_before_writing(tmp_path):
    fichier, sortie = _preparer(tmp_path)
    _generer_vite(fichier, sortie)
    racine = sortie / SESSION
    before, states = _contenus(racine), _etats(racine)
    data = dossier_cdg31()
    data["session"]["reference"] = "bppc 2026/01"
    other = ecrire_dossier(tmp_path, data, "autre.yaml")
    code, out, err = _generer(other, sortie)
    assert (code, out) == (2, "")
    assert err == (
        f"Le dossier de sortie {racine} contient déjà les documents de la session « BPPC-2026-01 » ; la session "
        "« bppc 2026/01 » de autre.yaml écrirait par-dessus. Si c'est une autre session, changez sa référence ou "
        "choisissez une autre sortie (--sortie) ; si c'est la même, remettez la référence « BPPC-2026-01 » ou "
        "déplacez l'ancien dossier de sortie.\n"
    )
    assert (_contenus(racine), _etats(racine)) == (before, states)


@pytest.mark.parametrize("contenu", ["[]", "null", '{"fichiers": {"a": 1}}', "{pas du json"])
def test_a_manifest_that_is_not_ours_gives_a_french_error(tmp_path, contenu):
    fichier, sortie = _preparer(tmp_path)
    _generer_vite(fichier, sortie)
    manifest = sortie / SESSION / output.MANIFESTE
    manifest.write_text(contenu, encoding="utf-8")
    code, out, err = _generer(fichier, sortie)
    assert (code, out) == (2, "")
    assert err.startswith(f"Le manifeste {manifest} est illisible (")
    assert err.endswith(
        ") ; il ne doit pas être modifié à la main. Restaurez-le, ou déplacez le dossier de sortie pour repartir "
        "de zéro.\n"
    )


def test_the_earliest_sending_date_still_gives_zip_files(tmp_path):
    """ZIP dates start in 1980; validation refuses a sending date before 2000."""
    fichier, sortie = _autre_date(tmp_path, "2000-01-01"), tmp_path / "sortie"
    code, _, err = _generer(fichier, sortie)
    assert code == 0, err
    with zipfile.ZipFile(sortie / SESSION / "employeurs/muret/envoi-muret.zip") as archive:
        assert {entry.date_time for entry in archive.infolist()} == {(2000, 1, 1, 0, 0, 0)}


def test_dangerous_names_give_safe_paths(tmp_path):
    data = _noms(
        ("../../etc", "/passwd", "castanet"),
        ("CON", ".", "castanet"),
        ("..", "..", "../NUL"),
        ("N'Diaye-Lefèvre", "Zoé", "../NUL"),
        ("AUX", "/", "../NUL"),
        ("Ødegård", "Ægir", "castanet"),
    )
    data["session"]["reference"] = "../CON"
    data["employeurs"][1]["id"] = "../NUL"
    fichier, sortie = _preparer(tmp_path, data)
    code, _, err = _generer(fichier, sortie)
    assert code == 0, err
    files = [p for p in tmp_path.rglob("*") if p.is_file() and p.suffix != ".yaml"]
    assert len(files) == 31 + 1 + 2 + 6  # files, the session, employer and agent manifests
    for path in files:
        assert path.resolve().is_relative_to(sortie.resolve()), path
        for part in path.relative_to(sortie).parts:
            assert re.fullmatch(r"[a-z0-9][a-z0-9.-]*", part), part
            assert part not in (".", "..")
            assert part.split(".")[0].upper() not in RESERVES_WINDOWS, part
    folders = {p.parent for p in files}
    assert len({f for f in folders if f.parent.name == "agents"}) == 6


# --- every document: confidentiality and bundles -------------------------------------------------


@pytest.fixture(scope="module")
def tous_les_documents(tmp_path_factory) -> Path:
    """Every document for a 3-agent dossier (2 agents at Castanet, 1 at Muret): the session folder."""
    tmp_path = tmp_path_factory.mktemp("tous")
    data = dossier_cdg31()
    data["agents"] = data["agents"][:3]
    fichier, sortie = _preparer(tmp_path, data)
    produce([fichier], Options(sortie=sortie))
    return sortie / SESSION


def test_every_document_manifests_match_the_disk(tous_les_documents):
    racine = tous_les_documents
    entries = _verifier_manifestes(racine)
    by_path = {e["chemin"]: e for e in entries}
    convention = by_path["employeurs/castanet/convention-n-diaye-awa.pdf"]
    assert {k: convention[k] for k in CHAMPS if k not in ("sha256", "entrees")} == {
        "document": "convention",
        "format": "pdf",
        "chemin": "employeurs/castanet/convention-n-diaye-awa.pdf",
        "agent": "Awa N'Diaye",
        "employeur": "castanet",
        "confidentiel": False,
        "signataires": ["agent", "employeur", "cdg"],
    }
    synthese = by_path["agents/n-diaye-awa/synthese-n-diaye-awa.pdf"]
    assert [synthese["confidentiel"], synthese["signataires"]] == [True, ["agent", "conseiller"]]
    for path in racine.rglob("*"):
        if path.is_file():
            _verifier_fichier_complet(path)


def test_no_confidential_document_in_any_employer_folder_or_manifest(tous_les_documents):
    racine = tous_les_documents
    entries = json.loads((racine / output.MANIFESTE).read_text(encoding="utf-8"))["fichiers"]
    syntheses = [e["chemin"] for e in entries if e["document"] == "synthese"]
    assert sorted(syntheses) == sorted(
        f"agents/{agent}/synthese-{agent}.{ext}"
        for agent in ("n-diaye-awa", "garcia-lucas", "lefevre-elodie")
        for ext in ("pdf", "docx")
    )
    assert all(e["confidentiel"] for e in entries if e["document"] == "synthese")
    assert [e["chemin"] for e in entries if e["confidentiel"] and e["document"] != "synthese"] == []
    employers = sorted((racine / "employeurs").iterdir())
    assert [f.name for f in employers] == ["castanet", "muret"]
    for folder in employers:
        assert [p.name for p in folder.rglob("*") if "synthese" in p.name] == []
        own = json.loads((folder / output.MANIFESTE).read_text(encoding="utf-8"))["fichiers"]
        assert [e["chemin"] for e in own if e["confidentiel"] or e["document"] == "synthese"] == []


BLANCHE = b"(a page left blank)"


def _pages(pdf: Path | PdfReader) -> list[bytes]:
    """The content stream of each page: what a page shows, compared exactly and fast."""
    reader = pdf if isinstance(pdf, PdfReader) else PdfReader(pdf)
    return [page.get_contents().get_data() for page in reader.pages]


def test_employer_bundle_holds_what_is_sent_to_it_and_never_the_synthesis(tous_les_documents):
    racine = tous_les_documents
    synthesis_pages = {t for p in racine.glob("agents/*/synthese-*.pdf") for t in _pages(p)}
    assert synthesis_pages
    agents = {"castanet": ["n-diaye-awa", "garcia-lucas"], "muret": ["lefevre-elodie"]}
    names = {"n-diaye-awa": "Awa N'Diaye", "garcia-lucas": "Lucas Garcia", "lefevre-elodie": "Élodie Lefèvre"}
    for employer, folders in agents.items():
        folder = racine / "employeurs" / employer
        bundle = PdfReader(folder / f"dossier-complet-{employer}.pdf")
        titles = [item.title for item in bundle.outline if not isinstance(item, list)]  # one per document
        expected_titles = ["Proposition financière"]
        members = [folder / "proposition_financiere.pdf"]
        for document, title in (
            ("convention", "Convention tripartite"),
            ("courrier_information", "Courrier d'information"),
            ("engagement", "Acte d'engagement et de confidentialité"),
        ):
            for agent in folders:
                expected_titles.append(f"{title} - {names[agent]}")
                members.append(folder / f"{document}-{agent}.pdf")
        expected_titles.append("Calendrier prévisionnel")
        members.append(folder / "calendrier.pdf")
        assert titles == expected_titles
        assert not [t for t in titles if "synthèse" in t.lower()]
        bundle_pages = _pages(bundle)
        # These PDFs, nothing else, each from an odd page (double-sided): a page left blank after an odd count.
        expected, starts = [], []
        for member in members:
            if len(expected) % 2:
                expected.append(BLANCHE)
            starts.append(len(expected) + 1)
            expected += _pages(member)
        blank = [i for i, content in enumerate(expected) if content == BLANCHE]
        assert blank, "this dossier has documents of an odd number of pages"
        assert [c for i, c in enumerate(bundle_pages) if i not in blank] == [c for c in expected if c != BLANCHE]
        assert [bundle.pages[i].extract_text() for i in blank] == ["Page laissée blanche"] * len(blank)
        assert [bundle.get_destination_page_number(i) + 1 for i in bundle.outline if not isinstance(i, list)] == starts
        assert all(start % 2 == 1 for start in starts)
        assert synthesis_pages.isdisjoint(bundle_pages)
        with zipfile.ZipFile(folder / f"envoi-{employer}.zip") as archive:  # the same PDFs, to send by e-mail
            assert archive.namelist() == [member.name for member in members]
            assert [archive.read(member.name) for member in members] == [member.read_bytes() for member in members]


def test_a_kept_pdf_prints_with_its_annotations_and_empty_signature_fields_stay_out(tmp_path):
    fichier, sortie = _preparer(tmp_path)
    _generer_vite(fichier, sortie)
    racine = sortie / SESSION
    stamped = racine / "employeurs/muret/calendrier.pdf"
    writer = PdfWriter(clone_from=PdfReader(stamped))
    writer.add_annotation(0, FreeText(text="Vu et signé", rect=(50, 50, 200, 80)))
    with stamped.open("wb") as target:
        writer.write(target)
    code, _, err = _generer(fichier, sortie)
    assert code == 3, err
    bundle = PdfReader(racine / "employeurs/muret/dossier-complet-muret.pdf")
    assert [a.get_object()["/Contents"] for a in bundle.pages[-1]["/Annots"]] == ["Vu et signé"]
    assert not bundle.get_fields()


def _pdf_sans_page() -> bytes:
    out = io.BytesIO()
    PdfWriter().write(out)
    return out.getvalue()


@pytest.mark.parametrize(
    "abimer",
    [lambda pdf: b"not a PDF any more", lambda pdf: _pdf_sans_page(), lambda pdf: pdf[: len(pdf) * 2 // 3]],
    ids=["garbage", "no-page", "truncated"],
)
def test_an_unreadable_kept_pdf_is_left_out_of_the_bundle_with_a_french_warning(tmp_path, abimer):
    fichier, sortie = _preparer(tmp_path)
    _generer_vite(fichier, sortie)
    racine = sortie / SESSION
    broken = racine / "employeurs/muret/calendrier.pdf"
    broken.write_bytes(abimer(broken.read_bytes()))
    code, _, err = _generer(fichier, sortie)
    assert code == 3
    lines = err.splitlines()
    assert lines[-1] == (
        "Attention : Le fichier employeurs/muret/calendrier.pdf, modifié depuis sa génération, n'est pas un PDF "
        "lisible : il manque au dossier complet dossier-complet-muret.pdf ; imprimez-le à part, ou remplacez-le par "
        "un PDF valide et relancez."
    )
    assert all(line.startswith("Attention : ") for line in lines)  # nothing from pypdf, in English or else
    assert len(PdfReader(racine / "employeurs/muret/dossier-complet-muret.pdf").pages) == 0
    with zipfile.ZipFile(racine / "employeurs/muret/envoi-muret.zip") as archive:
        assert archive.read("calendrier.pdf") == broken.read_bytes()  # sent as it is
    assert not (racine / output.JOURNAL).exists()  # the run went to its end


def test_a_signed_field_prints_as_a_stamp_and_no_field_reaches_the_bundle(tmp_path):
    fichier, sortie = _preparer(tmp_path)
    options = ("--documents", "convention", "--format", "pdf")
    assert lancer(fichier, "--sortie", sortie, *options)[0] == 0
    racine = sortie / SESSION
    signed = racine / "employeurs/muret/convention-benali-karim.pdf"
    writer = PdfWriter(clone_from=PdfReader(signed))
    appearance = DecodedStreamObject()
    appearance.set_data(b"0 0 1 rg 0 0 50 20 re f")
    appearance.update({NameObject("/Type"): NameObject("/XObject"), NameObject("/Subtype"): NameObject("/Form")})
    appearance[NameObject("/BBox")] = ArrayObject(
        [NumberObject(0), NumberObject(0), NumberObject(50), NumberObject(20)]
    )
    for annotation in writer.pages[-1]["/Annots"]:
        widget = annotation.get_object()
        if widget["/T"] == "signature_employeur":
            widget[NameObject("/V")] = DictionaryObject({NameObject("/Type"): NameObject("/Sig")})
            widget[NameObject("/AP")] = DictionaryObject({NameObject("/N"): writer._add_object(appearance)})
    with signed.open("wb") as target:
        writer.write(target)
    code, _, err = lancer(fichier, "--sortie", sortie, *options)
    assert code == 3, err
    bundle = PdfReader(racine / "employeurs/muret/dossier-complet-muret.pdf")
    assert not bundle.get_fields()
    stamps = [a.get_object() for page in bundle.pages for a in page.get("/Annots", [])]
    assert [s["/Subtype"] for s in stamps] == ["/Stamp"]
    assert stamps[0]["/AP"]["/N"].get_data() == b"0 0 1 rg 0 0 50 20 re f"


def test_employer_archive_is_in_the_manifest_and_holds_a_kept_signed_file_as_it_is(tmp_path):
    fichier, sortie = _preparer(tmp_path)
    _generer_vite(fichier, sortie)
    racine = sortie / SESSION
    entries = {e["chemin"]: e for e in _verifier_manifestes(racine)}
    archive_path = racine / "employeurs/muret/envoi-muret.zip"
    assert re.fullmatch("[0-9a-f]{64}", entries["employeurs/muret/envoi-muret.zip"].pop("entrees"))
    assert entries["employeurs/muret/envoi-muret.zip"] == {
        "document": "envoi",
        "format": "zip",
        "chemin": "employeurs/muret/envoi-muret.zip",
        "agent": None,
        "employeur": "muret",
        "confidentiel": False,
        "signataires": [],
        "sha256": _sha(archive_path.read_bytes()),
    }
    signed = racine / "employeurs/muret/calendrier.pdf"
    signed.write_bytes(signed.read_bytes() + b"% signed by the employer\n")
    code, _, err = _generer(fichier, sortie)
    assert code == 3, err
    with zipfile.ZipFile(archive_path) as archive:
        assert archive.read("calendrier.pdf") == signed.read_bytes()


def test_every_document_rerun_is_byte_identical(tous_les_documents, tmp_path):
    copy = tmp_path / "copie"
    shutil.copytree(tous_les_documents.parent, copy)
    before, states = _contenus(copy / SESSION), _etats(copy / SESSION)
    fichier = tous_les_documents.parent.parent / "d.yaml"
    code, out, err = lancer(fichier, "--sortie", copy)
    assert code == 0, err
    assert out.startswith("Terminé : 0 fichier écrit, ")
    assert _contenus(copy / SESSION) == before
    assert _etats(copy / SESSION) == states


def test_a_second_run_on_the_same_folder_at_the_same_time_is_refused(tmp_path):
    fichier, sortie = _preparer(tmp_path)
    _generer_vite(fichier, sortie)
    racine = sortie / SESSION
    before = _contenus(racine)
    with output.verrou(racine):  # another generation is writing there
        code, out, err = _generer(fichier, sortie)
    assert (code, out) == (2, "")
    assert err == f"Une autre génération écrit déjà dans {racine} ; attendez qu'elle se termine, puis relancez.\n"
    assert _contenus(racine) == before
    code, _, err = _generer(fichier, sortie)  # the lock went with the other run
    assert code == 0, err


def test_a_main_process_killed_alone_leaves_no_worker_holding_the_folder(tmp_path):
    fichier, sortie = _preparer(tmp_path)
    journal = sortie / SESSION / output.JOURNAL
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", str(fichier), "--sortie", str(sortie), "--format", "pdf", "-q"],
        cwd=RACINE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while process.poll() is None and _taille(journal) == 0 and time.monotonic() < deadline:
        time.sleep(0.01)
    process.kill()  # the main process only: its rendering workers are not told
    process.wait()
    assert journal.exists(), "the run finished before it was killed"
    code, _, err = _generer(fichier, sortie)
    assert code == 0, err
