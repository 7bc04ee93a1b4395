"""Carry out a plan: render each distinct file once (on every core), write it where planned."""

from __future__ import annotations

import contextlib
import dataclasses
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from generator import output
from generator.documents import DOCUMENTS
from generator.dossier.validation import DossierValide
from generator.errors import ErreurUtilisateur, Probleme
from generator.plan import Fichier, Plan
from generator.render.archives import zip_stable
from generator.render.documents import horodatage, rendre
from generator.render.environment import ErreurGabarit
from generator.render.liasse import liasse

if TYPE_CHECKING:
    from generator.produce import Options, Rapport

_VALIDE: DossierValide | None = None
DOCUMENTS_PAR_PROCESSUS = 60
Carte = Callable[[Callable, list], Iterator]


def _initialiser(valide: DossierValide) -> None:
    global _VALIDE
    _VALIDE = valide
    # Ctrl-C is the main process's to handle: workers stop with the pool, without tracebacks.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    output.lacher_verrous_herites()
    threading.Thread(target=_suivre_le_parent, args=(os.getppid(),), daemon=True).start()


def _suivre_le_parent(parent: int) -> None:
    """A worker whose main process was killed stops too, instead of sleeping forever."""
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(1)


def _rendre_dans_processus(fichier: Fichier) -> bytes:
    assert _VALIDE is not None
    return rendre(fichier, _VALIDE)


def _assembler(arguments: tuple[list[tuple[str, bytes]], str, str]) -> tuple[bytes, list[int]]:
    return liasse(*arguments)


@contextlib.contextmanager
def executeur(valide: DossierValide, processus: int) -> Iterator[Carte]:
    """A `map` that runs on `processus` cores (a process pool), or in this process when 1."""
    global _VALIDE
    if processus <= 1:
        _VALIDE = valide
        yield map
        return
    # Worker processes are replaced every few dozen documents: WeasyPrint's native caches grow a little
    # with every document, and a large cohort must not need more memory than a small one.
    # (ProcessPoolExecutor's max_tasks_per_child hangs on Python 3.11, hence fresh pools by batch.)
    import weasyprint  # noqa: F401 - loaded once here, inherited by every forked worker

    def carte(fonction: Callable, elements: list) -> Iterator:
        size = DOCUMENTS_PAR_PROCESSUS * processus
        for start in range(0, len(elements), size):
            batch = elements[start : start + size]
            with ProcessPoolExecutor(processus, initializer=_initialiser, initargs=(valide,)) as pool:
                yield from pool.map(fonction, batch)

    yield carte


def rendus(plan: Plan, carte: Carte) -> Iterator[tuple[Fichier, bytes]]:
    """Each distinct file of the plan with its bytes, rendered once, in plan order."""
    by_key: dict[tuple, Fichier] = {}
    for fichier in plan.fichiers:
        by_key.setdefault(fichier.cle, fichier)
    unique = list(by_key.values())
    yield from zip(unique, carte(_rendre_dans_processus, unique), strict=True)


def _nom_agent(plan: Plan, fichier: Fichier) -> str | None:
    if fichier.agent is None:
        return None
    return plan.valide.dossier.liste_agents[fichier.agent].nom_complet


def controler_la_session(plan: Plan, enregistree: str | None, sortie: Path) -> None:
    """Another session whose reference gives the same folder name must not write over its files."""
    racine = sortie / plan.dossier_session
    reference = plan.valide.dossier.session.reference
    if enregistree is not None and enregistree != reference:
        raise ErreurUtilisateur(
            f"Le dossier de sortie {racine} contient déjà les documents de la session « {enregistree} » ; "
            f"la session « {reference} » de {plan.valide.fichier.name} écrirait par-dessus. Si c'est une autre "
            "session, changez sa référence ou choisissez une autre sortie (--sortie) ; si c'est la même, "
            f"remettez la référence « {enregistree} » ou déplacez l'ancien dossier de sortie."
        )


class _Ecriture:
    """Decisions and writes of one session folder, and the entries of its manifest."""

    def __init__(self, plan: Plan, options: Options, report: Rapport) -> None:
        self.plan, self.options, self.report = plan, options, report
        self.racine = options.sortie / plan.dossier_session
        recorded, self.anciennes = output.lire_manifeste(self.racine)
        controler_la_session(plan, recorded, options.sortie)  # again, now that the folder is ours
        self.journal_precedent = output.lire_journal(self.racine)
        self.journal = output.Journal(self.racine / output.JOURNAL)
        self.entrees: dict[str, output.Entree] = {}
        self.maintenant = datetime.now()
        self.pdf_prevus: dict[str, bytes] = {}  # with --verifier: what the bundles would hold
        self.conserves: set[str] = set()
        self.traites: set[str] = set()  # every path this run decided about

    def contenu_pdf(self, fichier: Fichier) -> bytes | None:
        """The bytes a bundle takes for a member: what is on disk, or what would be written."""
        relative = str(fichier.chemin)
        if relative in self.pdf_prevus and relative not in self.conserves:
            return self.pdf_prevus[relative]
        target = self.racine / fichier.chemin
        return target.read_bytes() if target.exists() else None

    def connus(self, chemin: str) -> set[str]:
        """Every hash the generator is known to have written at `chemin`."""
        known = set(self.journal_precedent.get(chemin, []))
        if chemin in self.anciennes:
            known.add(self.anciennes[chemin].sha256)
        return known

    def derniere_generation(self, chemin: str) -> str | None:
        """The hash of the latest version the generator wrote at `chemin` (the journal is newer)."""
        if self.journal_precedent.get(chemin):
            return self.journal_precedent[chemin][-1]
        return self.anciennes[chemin].sha256 if chemin in self.anciennes else None

    def entree(self, fichier: Fichier, sha: str) -> output.Entree:
        """The manifest line of a planned file."""
        return output.Entree(
            fichier.document,
            fichier.format,
            str(fichier.chemin),
            _nom_agent(self.plan, fichier),
            fichier.employeur,
            fichier.confidentiel,
            fichier.signataires,
            sha,
        )

    def ecrire(self, fichier: Fichier, contenu: bytes | None) -> None:
        relative = str(fichier.chemin)
        target = self.racine / fichier.chemin
        sha = None if contenu is None else output.empreinte(contenu)
        action = output.decider(target, sha, self.connus(relative), self.options.forcer)
        reason = "modifié depuis sa génération : signé ou retouché" if action in ("conserver", "forcer") else ""
        if action == "forcer" and not self.options.verifier:
            copy = output.copie_datee(target, self.maintenant)
            reason = f"modifié depuis sa génération ; l'ancienne version est gardée sous {copy.name}"
        self.report.decisions.append((target, action, reason))
        self.traites.add(relative)
        if action == "conserver":
            self.conserves.add(relative)
        if self.options.verifier or contenu is None:
            return
        if action in ("creer", "mettre_a_jour", "forcer"):
            self.journal.noter(relative, sha)
            output.ecrire_atomique(target, contenu)
        if action == "conserver":
            generated = self.derniere_generation(relative)
            if generated is not None:  # the manifest keeps the generated hash: the file stays "changed"
                self.entrees[relative] = self.entree(fichier, generated)
            return
        self.entrees[relative] = self.entree(fichier, sha)


def executer(
    plan: Plan,
    plan_complet: Plan,
    options: Options,
    report: Rapport,
    progression: Callable[[int], Callable[[], None]] | None,
) -> None:
    """Write (or, with `verifier`, only decide) every file of `plan`, its bundles and its manifests."""
    racine = options.sortie / plan.dossier_session
    output.refuser_liens_sortants(options.sortie, racine)
    try:
        with contextlib.nullcontext() if options.verifier else output.verrou(racine):
            if not options.verifier:
                output.nettoyer_temporaires(racine)
            writing = _Ecriture(plan, options, report)
            try:
                _executer(plan, plan_complet, writing, progression)
            finally:
                writing.journal.fermer(supprimer=False)
    except OSError as error:
        raise output.traduire_erreur_os(error, _chemin_visible(error, racine)) from None
    except ErreurGabarit as error:
        if options.verifier or not report.ecrits:
            raise
        written = "Le fichier écrit" if report.ecrits == 1 else f"Les {report.ecrits} fichiers écrits"
        complete = "est complet" if report.ecrits == 1 else "sont complets"
        raise ErreurGabarit(
            f"{error.texte} {written} avant l'erreur {complete} : relancez la commande une fois le gabarit corrigé."
        ) from None


def _chemin_visible(error: OSError, racine: Path) -> Path:
    """The path to name in a message: the failing file, or its folder when the file is one of ours, hidden."""
    path = Path(error.filename) if error.filename else racine
    return path.parent if path.name.startswith(".") else path


def _executer(
    plan: Plan, plan_complet: Plan, writing: _Ecriture, progression: Callable[[int], Callable[[], None]] | None
) -> None:
    options = writing.options
    bundles = _liasses_prevues(plan, plan_complet) if "pdf" in options.formats else []
    bundle_folders = {b.chemin.parent for b in bundles}
    stamp = horodatage(plan.valide)
    by_key: dict[tuple, list[Fichier]] = {}
    for fichier in plan.fichiers:
        by_key.setdefault(fichier.cle, []).append(fichier)
    total = len(plan.fichiers) + 2 * len(bundles)  # each bundle has its e-mail archive
    step = progression(total) if progression and not options.verifier else None
    with executeur(plan.valide, options.processus) as carte:
        for rendered, content in rendus(plan, carte):
            for fichier in by_key[rendered.cle]:
                writing.ecrire(fichier, content)
                if options.verifier and fichier.format == "pdf" and fichier.chemin.parent in bundle_folders:
                    writing.pdf_prevus[str(fichier.chemin)] = content
                if step:
                    step()
        # A few bundles at a time on every core: their members are read only when needed.
        for start in range(0, len(bundles), options.processus):
            batch = bundles[start : start + options.processus]
            members = [_membres(plan_complet, bundle.chemin.parent, writing) for bundle in batch]
            arguments = [_arguments_liasse(plan_complet, b, m) for b, m in zip(batch, members, strict=True)]
            for bundle, own, (content, unreadable) in zip(batch, members, carte(_assembler, arguments), strict=True):
                writing.ecrire(bundle, content)
                for position in unreadable:
                    writing.report.avertissements.append(_membre_illisible(own[position][0], bundle))
                if step:
                    step()
                # The e-mail archive holds the same members, read once for both.
                writing.ecrire(_envoi(bundle), zip_stable([(m.chemin.name, data) for m, data in own], stamp))
                if step:
                    step()
    _obsoletes(plan_complet, writing)
    if options.verifier:
        return
    entries = [*_hors_de_ce_lancement(plan_complet, writing), *writing.entrees.values()]
    folders = sorted({str(PurePosixPath(e.chemin).parent) for e in entries} - {"."})
    output.ecrire_manifestes(writing.racine, plan.valide.dossier.session.reference, entries, folders)
    writing.journal.fermer(supprimer=True)


def _hors_de_ce_lancement(plan_complet: Plan, writing: _Ecriture) -> list[output.Entree]:
    """Entries of files this run did not touch (another agent, document or format), still on disk.

    Their hash is the one on disk when the generator wrote it (an interrupted run's journal included),
    else the latest generated one, so that a file changed by hand is still recognised as changed.
    """
    planned = {str(f.chemin): f for f in _tout_ce_qui_est_prevu(plan_complet)}
    entries = []
    for path in sorted((set(writing.anciennes) | set(writing.journal_precedent)) - writing.traites):
        target = writing.racine / path
        if not target.is_file():
            continue
        on_disk = output.empreinte(target.read_bytes())
        sha = on_disk if on_disk in writing.connus(path) else writing.derniere_generation(path)
        if path in writing.anciennes:
            entries.append(dataclasses.replace(writing.anciennes[path], sha256=sha))
        elif path in planned:
            entries.append(writing.entree(planned[path], sha))
    return entries


def _liasses_prevues(plan: Plan, plan_complet: Plan) -> list[Fichier]:
    """One print bundle per employer folder this run writes to (never holding a confidential document)."""
    folders = {f.chemin.parent for f in plan.fichiers if f.chemin.parts[0] == "employeurs"}
    bundles = []
    for folder in sorted(folders):
        employer = next(f.employeur for f in plan_complet.fichiers if f.chemin.parent == folder and f.employeur)
        name = f"dossier-complet-{folder.name}.pdf"
        bundles.append(Fichier("liasse", "pdf", folder / name, None, employer, (), False))
    return bundles


def _envoi(bundle: Fichier) -> Fichier:
    """Beside a print bundle, a ZIP of the folder's PDFs, to send by e-mail."""
    folder = bundle.chemin.parent
    return Fichier("envoi", "zip", folder / f"envoi-{folder.name}.zip", None, bundle.employeur, (), False)


def _membres(plan_complet: Plan, folder: PurePosixPath, writing: _Ecriture) -> list[tuple[Fichier, bytes]]:
    """The PDFs of an employer folder with their bytes (a kept, signed version as it is), in reading order."""
    members = []
    for fichier in plan_complet.fichiers:
        if fichier.chemin.parent == folder and fichier.format == "pdf":
            content = writing.contenu_pdf(fichier)
            if content is not None:
                members.append((fichier, content))
    if any(DOCUMENTS[f.document].confidentiel for f, _ in members):
        raise RuntimeError("a confidential document was planned into an employer folder")
    members.sort(key=lambda m: (DOCUMENTS[m[0].document].rang_liasse, m[0].agent if m[0].agent is not None else -1))
    return members


def _arguments_liasse(
    plan_complet: Plan, bundle: Fichier, members: list[tuple[Fichier, bytes]]
) -> tuple[list[tuple[str, bytes]], str, str]:
    parts = []
    for member, content in members:
        title = plan_complet.valide.profil.titre(member.document)
        agent = _nom_agent(plan_complet, member)
        parts.append((f"{title} - {agent}" if agent else title, content))
    employer = next(e for e in plan_complet.valide.dossier.liste_employeurs if e.id == bundle.employeur)
    title = f"Dossier complet - {employer.denomination} - {plan_complet.valide.dossier.session.reference}"
    return parts, title, plan_complet.valide.profil.nom


def _membre_illisible(member: Fichier, bundle: Fichier) -> Probleme:
    return Probleme(
        None,
        None,
        "",
        f"le fichier {member.chemin}, modifié depuis sa génération, n'est pas un PDF lisible : il manque au "
        f"dossier complet {bundle.chemin.name}",
        "imprimez-le à part, ou remplacez-le par un PDF valide et relancez",
    )


def _tout_ce_qui_est_prevu(plan_complet: Plan) -> list[Fichier]:
    """Every file the whole dossier gives: its documents, then the employers' bundles and archives."""
    bundles = _liasses_prevues(plan_complet, plan_complet)
    return [*plan_complet.fichiers, *bundles, *map(_envoi, bundles)]


def _obsoletes(plan_complet: Plan, writing: _Ecriture) -> None:
    planned = {str(f.chemin) for f in _tout_ce_qui_est_prevu(plan_complet)}
    for path in sorted(set(writing.anciennes) | set(writing.journal_precedent)):
        if path not in planned and (writing.racine / path).exists():
            writing.report.obsoletes.append(writing.racine / path)
