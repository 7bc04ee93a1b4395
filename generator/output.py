"""The only module that writes to disk: atomic files, manifests, re-run protection, bundles.

A file the generator wrote is recognised by its SHA-256, recorded in the session manifest (and,
while a run is under way, in a journal, so that a run killed mid-way is recognised too). A file
whose bytes match no recorded hash was changed by someone (signed, edited): it is kept unless
`forcer`, and then a dated copy is kept beside it.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath

from generator.errors import EXIT_KEPT, EXIT_OK, ErreurUtilisateur

MANIFESTE = "manifeste.json"
JOURNAL = ".manifeste-en-cours.jsonl"
_TEMPORAIRE = re.compile(r"^\..+\.tmp-\d+$")


class ErreurEcriture(ErreurUtilisateur):
    """The output folder cannot be written (permissions, full disk)."""


def empreinte(contenu: bytes) -> str:
    """SHA-256 of some bytes, in hex."""
    return hashlib.sha256(contenu).hexdigest()


_EMPREINTES_LUES: dict[tuple[str, int, int, int], str] = {}


def empreinte_fichier(chemin: Path) -> str:
    """SHA-256 of a file's bytes, read once per version (a run looks at each file several times).

    A version is known by its inode, size and modification time: a file replaced or changed since
    (an atomic write gives a new inode) is read again. `oublier_empreintes` starts each run afresh.
    """
    status = chemin.stat()
    key = (str(chemin), status.st_ino, status.st_size, status.st_mtime_ns)
    if key not in _EMPREINTES_LUES:
        _EMPREINTES_LUES[key] = empreinte(chemin.read_bytes())
    return _EMPREINTES_LUES[key]


def oublier_empreintes() -> None:
    """Forget the files read so far: a run trusts no look taken before it started."""
    _EMPREINTES_LUES.clear()


def ecrire_atomique(chemin: Path, contenu: bytes) -> None:
    """Write to a temporary file in the same folder, flush it to disk, then rename it over `chemin`."""
    chemin.parent.mkdir(parents=True, exist_ok=True)
    temporary = chemin.with_name(f".{chemin.name}.tmp-{os.getpid()}")
    try:
        with open(temporary, "wb") as stream:
            stream.write(contenu)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, chemin)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
    _synchroniser_dossier(chemin.parent)


def remplacer_si_inchange(chemin: Path, ancien: bytes, nouveau: bytes) -> bool:
    """Atomically replace `chemin` by `nouveau` if it still holds `ancien` (someone may have dropped a newer one)."""
    if chemin.read_bytes() != ancien:
        return False
    ecrire_atomique(chemin, nouveau)
    return True


def _synchroniser_dossier(dossier: Path) -> None:
    """Make a rename survive a power cut (POSIX; elsewhere the rename is all there is)."""
    if not hasattr(os, "O_DIRECTORY"):
        return
    # Best effort: some network file systems refuse to sync a folder, after the rename has succeeded.
    with contextlib.suppress(OSError):
        descriptor = os.open(dossier, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


_VERROUS: set[int] = set()  # descriptors of the session folders this process holds


@contextlib.contextmanager
def verrou(racine: Path) -> Iterator[None]:
    """Hold the session folder for one run: a second run on the same folder stops with a French error.

    The lock is taken on the folder itself (no lock file to leave behind) and goes with the process.
    Forked workers close their copy (`lacher_verrous_herites`), so that they cannot keep it alive.
    Where the system cannot lock (Windows, some network shares), runs are not locked.
    """
    try:
        import fcntl
    except ImportError:
        yield
        return
    racine.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(racine, os.O_RDONLY)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise ErreurUtilisateur(
                f"Une autre génération écrit déjà dans {racine} ; attendez qu'elle se termine, puis relancez."
            ) from None
        except OSError:
            pass  # a file system without locks: run unlocked rather than never
        _VERROUS.add(descriptor)
        yield
    finally:
        _VERROUS.discard(descriptor)
        os.close(descriptor)


def lacher_verrous_herites() -> None:
    """In a forked worker: close the inherited lock descriptors (the lock stays the parent's)."""
    for descriptor in _VERROUS:
        with contextlib.suppress(OSError):
            os.close(descriptor)
    _VERROUS.clear()


def refuser_liens_sortants(sortie: Path, dossier: Path) -> None:
    """Refuse a symbolic link that leads out of `sortie`, on the way to `dossier` or anywhere inside it.

    The output tree is the generator's alone: a link left in it (`sortie/<session>/agents` pointing
    elsewhere) would make every write land outside `--sortie`. Checked before anything is read or written.
    """
    base = os.path.realpath(sortie)
    current = sortie
    for part in dossier.relative_to(sortie).parts:
        current = current / part
        _lien_sortant(current, base, sortie)
    if current.is_dir() and not current.is_symlink():
        for folder, subfolders, files in os.walk(current):  # never follows a link: each one is looked at
            for name in subfolders + files:
                _lien_sortant(Path(folder) / name, base, sortie)


def _lien_sortant(chemin: Path, base: str, sortie: Path) -> None:
    if not chemin.is_symlink():
        return
    target = os.path.realpath(chemin)
    if os.path.commonpath([base, target]) != base:
        raise ErreurEcriture(
            f"Le dossier de sortie {sortie} contient un lien symbolique, {chemin}, qui mène hors de lui "
            f"(vers {target}) ; le générateur n'écrit jamais à travers un lien : supprimez ce lien, "
            "ou choisissez une autre sortie avec --sortie. Rien n'a été écrit."
        )


def nettoyer_temporaires(racine: Path) -> int:
    """Remove temporary files left by an interrupted run; return how many."""
    if not racine.is_dir():
        return 0
    removed = 0
    for path in racine.rglob(".*.tmp-*"):
        if _TEMPORAIRE.match(path.name) and path.is_file():
            path.unlink()
            removed += 1
    return removed


def traduire_erreur_os(error: OSError, chemin: Path) -> ErreurEcriture:
    """A French message for a write that failed, saying that nothing already written is lost."""
    if error.errno == errno.ENOSPC:
        why = "le disque est plein"
        fix = "libérez de la place puis relancez la commande"
    elif error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        why = "l'écriture y est interdite"
        fix = "vérifiez les droits du dossier ou choisissez-en un autre avec --sortie"
    elif error.errno in (errno.ENOTDIR, errno.EEXIST, errno.EISDIR):
        why = "un fichier et un dossier y portent le même nom"
        fix = "choisissez un autre dossier de sortie avec --sortie, ou renommez ce fichier"
    else:
        code = errno.errorcode.get(error.errno or 0, "inconnue")
        why = f"l'écriture a échoué (erreur système {code})"
        fix = "vérifiez le dossier de sortie puis relancez la commande"
    return ErreurEcriture(
        f"Impossible d'écrire {chemin} : {why} ; {fix}. "
        "Les fichiers déjà présents sont intacts (aucun fichier n'est écrit à moitié)."
    )


@dataclass(frozen=True)
class Entree:
    """One line of a manifest: a file the generator wrote."""

    document: str
    format: str
    chemin: str
    agent: str | None
    employeur: str | None
    confidentiel: bool
    signataires: tuple[str, ...]
    sha256: str
    entrees: str | None = None  # fingerprint of what the file was made from: unchanged, it is not rendered again
    parties: tuple[str, ...] | None = None  # the employer's summary of a synthesis: the parts that went

    def en_json(self, prefixe: str = "") -> dict:
        """The manifest form, with the path relative to the manifest's folder."""
        form = {
            "document": self.document,
            "format": self.format,
            "chemin": self.chemin.removeprefix(prefixe),
            "agent": self.agent,
            "employeur": self.employeur,
            "confidentiel": self.confidentiel,
            "signataires": list(self.signataires),
            "sha256": self.sha256,
            "entrees": self.entrees,
        }
        if self.parties is not None:
            form["parties"] = list(self.parties)
        return form


def lire_manifeste(dossier_session: Path) -> tuple[str | None, dict[str, Entree]]:
    """The session the manifest was written for (None without a manifest) and its entries by path."""
    manifest = dossier_session / MANIFESTE
    if not manifest.is_file():
        return None, {}
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or not isinstance(data.get("fichiers", []), list):
            raise TypeError("ce n'est pas un manifeste du générateur")
        entries: dict[str, Entree] = {}
        for item in data.get("fichiers", []):
            item["signataires"] = tuple(item.get("signataires", ()))
            if item.get("parties") is not None:
                item["parties"] = tuple(item["parties"])
            entries[item["chemin"]] = Entree(**item)
        return str(data.get("session", "")), entries
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise ErreurUtilisateur(
            f"Le manifeste {manifest} est illisible ({error}) ; il ne doit pas être modifié à la main. "
            "Restaurez-le, ou déplacez le dossier de sortie pour repartir de zéro."
        ) from None


def lire_journal(dossier_session: Path) -> dict[str, list[tuple[str, str | None]]]:
    """What runs that did not finish wrote, by path, oldest first: each version's hash and input fingerprint."""
    journal = dossier_session / JOURNAL
    written: dict[str, list[tuple[str, str | None]]] = {}
    if journal.is_file():
        for line in journal.read_text(encoding="utf-8").splitlines():
            with contextlib.suppress(ValueError, KeyError, TypeError):
                item = json.loads(line)
                versions = written.setdefault(item["chemin"], [])
                versions[:] = [v for v in versions if v[0] != item["sha256"]]
                versions.append((item["sha256"], item.get("entrees")))
    return written


@dataclass
class Journal:
    """Append-only record of each file about to be written, flushed before the write.

    Like a manifest entry, a line keeps the file's hash next to the fingerprint of its inputs: a
    re-run after a run killed mid-way does not render again what that run already wrote.
    """

    chemin: Path
    _stream: object = field(default=None, repr=False)

    def noter(self, chemin_relatif: str, sha256: str, entrees: str | None = None) -> None:
        """Record that `chemin_relatif` is about to get the bytes of `sha256`, made from inputs `entrees`."""
        if self._stream is None:
            self.chemin.parent.mkdir(parents=True, exist_ok=True)
            self._stream = open(self.chemin, "a", encoding="utf-8")  # noqa: SIM115 - closed by fermer()
        line = {"chemin": chemin_relatif, "sha256": sha256, "entrees": entrees}
        self._stream.write(json.dumps(line) + "\n")
        self._stream.flush()
        os.fsync(self._stream.fileno())

    def fermer(self, supprimer: bool) -> None:
        """Close the journal; remove it once the manifest records everything."""
        if self._stream is not None:
            self._stream.close()
            self._stream = None
        if supprimer:
            with contextlib.suppress(FileNotFoundError):
                self.chemin.unlink()


def ecrire_manifestes(dossier_session: Path, reference: str, entrees: list[Entree], dossiers: list[str]) -> None:
    """The session manifest (every file) and one per employer or agent folder (its own files)."""
    ordered = sorted(entrees, key=lambda e: e.chemin)
    _ecrire_json(dossier_session / MANIFESTE, reference, [e.en_json() for e in ordered])
    for folder in dossiers:
        prefix = f"{folder}/"
        own = [e.en_json(prefix) for e in ordered if e.chemin.startswith(prefix)]
        if own:
            _ecrire_json(dossier_session / folder / MANIFESTE, reference, own)


def _ecrire_json(chemin: Path, reference: str, fichiers: list[dict]) -> None:
    content = {"format": "manifeste-bpp", "version": 1, "session": reference, "fichiers": fichiers}
    data = (json.dumps(content, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    if not (chemin.is_file() and chemin.read_bytes() == data):
        ecrire_atomique(chemin, data)


def copie_datee(chemin: Path, maintenant: datetime) -> Path:
    """Keep a copy of a file before it is replaced: `convention.2026-11-23-1502.pdf`."""
    stamp = maintenant.strftime("%Y-%m-%d-%H%M%S")
    copy = chemin.with_name(f"{chemin.stem}.{stamp}{chemin.suffix}")
    number = 1
    while copy.exists():  # two runs in the same second: never replace an earlier copy
        number += 1
        copy = chemin.with_name(f"{chemin.stem}.{stamp}-{number}{chemin.suffix}")
    ecrire_atomique(copy, chemin.read_bytes())
    return copy


@dataclass
class Decision:
    """What happens to one planned file."""

    chemin: PurePosixPath
    action: str  # "creer", "mettre_a_jour", "inchange", "conserver", "forcer"
    raison: str = ""


def decider(cible: Path, nouveau_sha: str | None, connus: set[str], forcer: bool) -> str:
    """The action for a file: compare its bytes with the new ones and with the hashes we wrote."""
    if not cible.exists():
        return "creer"
    current = empreinte_fichier(cible)
    if nouveau_sha is not None and current == nouveau_sha:
        return "inchange"
    if current in connus:
        return "mettre_a_jour"
    return "forcer" if forcer else "conserver"


def code_de_sortie(conserves: int) -> int:
    """3 when files were kept because they had changed, else 0."""
    return EXIT_KEPT if conserves else EXIT_OK


# Files another command than the generation writes into a session folder (issue 13: `facturation`).
# The session manifest lists them with the generation's files, so that a PDF reader's tools (`suivi`)
# know them and a re-run never replaces one changed by hand; a generation keeps their entries as
# they are and never reports them as obsolete.
ETAT_DE_FACTURATION = "etat_facturation"  # the statement's CSV, workbook and record


def de_la_generation(entree: Entree) -> bool:
    """Whether the generation wrote this file (else another command did, and the generation leaves it be)."""
    from generator.documents import DOCUMENTS

    document = DOCUMENTS.get(entree.document)
    return entree.document != ETAT_DE_FACTURATION and (document is None or document.commande is None)


def _ecrire_sauf_modifie(
    cible: Path,
    contenu: bytes,
    connus: set[str],
    forcer: bool,
    maintenant: datetime,
    journal: Journal | None = None,
    relatif: str = "",
) -> tuple[str, str]:
    """Write `contenu` at `cible` unless the file there was changed since we wrote it; return (action, reason)."""
    sha = empreinte(contenu)
    action = decider(cible, sha, connus, forcer)
    reason = "modifié depuis son écriture" if action in ("conserver", "forcer") else ""
    if action == "forcer":
        reason = (
            f"modifié depuis son écriture ; l'ancienne version est gardée sous {copie_datee(cible, maintenant).name}"
        )
    if action in ("creer", "mettre_a_jour", "forcer"):
        if journal is not None:
            journal.noter(relatif, sha)
        ecrire_atomique(cible, contenu)
    return action, reason


def ecrire_pour_une_commande(
    sortie: Path, racine: Path, reference: str, fichiers: list[tuple[Entree, bytes]], forcer: bool
) -> list[tuple[Path, str, str]]:
    """Write a command's files into a session folder by the generation's rules; record them in its manifests.

    Same rules as a generation: atomic writes, a file changed since it was written is kept (or, with
    `forcer`, replaced after a dated copy), no write through a symbolic link, one run at a time in the
    folder, the session's reference checked. Return (path, action, reason) for each file.
    """
    refuser_liens_sortants(sortie, racine)
    recorded, _ = lire_manifeste(racine)
    if recorded is not None and recorded != reference:
        raise ErreurUtilisateur(
            f"Le dossier {racine} contient les documents de la session « {recorded} », pas de « {reference} » ; "
            "indiquez la sortie de cette session avec --sortie, ou corrigez la référence de la session."
        )
    decisions = []
    try:
        with verrou(racine):
            nettoyer_temporaires(racine)
            _, entries = lire_manifeste(racine)  # again, now that the folder is ours
            earlier_runs = lire_journal(racine)
            journal = Journal(racine / JOURNAL)
            now = datetime.now()
            for entree, contenu in fichiers:
                known = set(earlier_runs.get(entree.chemin, []))
                if entree.chemin in entries:
                    known.add(entries[entree.chemin].sha256)
                target = racine / entree.chemin
                action, reason = _ecrire_sauf_modifie(target, contenu, known, forcer, now, journal, entree.chemin)
                if action != "conserver":
                    entries[entree.chemin] = entree
                decisions.append((target, action, reason))
            listed = sorted(entries.values(), key=lambda e: e.chemin)
            folders = sorted({str(PurePosixPath(e.chemin).parent) for e in listed} - {"."})
            ecrire_manifestes(racine, reference, listed, folders)
            # An unfinished generation's journal stays for the next generation to read.
            journal.fermer(supprimer=not earlier_runs)
    except OSError as error:
        raise traduire_erreur_os(error, Path(error.filename) if error.filename else racine) from None
    return decisions


RAPPORTS = ".rapports.json"  # hashes of the reports written at the root of an output folder (`bilan-annuel`)


def ecrire_rapports(sortie: Path, fichiers: list[tuple[str, bytes]], forcer: bool) -> list[tuple[Path, str, str]]:
    """Write reports at the root of the output folder: atomic, and a report changed since it was written is kept.

    The root holds no session manifest: the hashes of what was written there are kept in `RAPPORTS`.
    """
    refuser_liens_sortants(sortie, sortie)
    record = sortie / RAPPORTS
    try:
        known = json.loads(record.read_text(encoding="utf-8")) if record.is_file() else {}
    except ValueError:
        known = {}
    if not isinstance(known, dict):
        known = {}
    decisions = []
    try:
        for name, contenu in fichiers:
            target = sortie / name
            action, reason = _ecrire_sauf_modifie(target, contenu, {str(known.get(name))}, forcer, datetime.now())
            if action != "conserver":
                known[name] = empreinte(contenu)
            decisions.append((target, action, reason))
        data = (json.dumps(dict(sorted(known.items())), indent=2) + "\n").encode("utf-8")
        if not (record.is_file() and record.read_bytes() == data):
            ecrire_atomique(record, data)
    except OSError as error:
        raise traduire_erreur_os(error, Path(error.filename) if error.filename else sortie) from None
    return decisions
