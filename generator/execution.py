"""Carry out a plan: render each distinct file once (on every core), write it where planned."""

from __future__ import annotations

import collections
import contextlib
import dataclasses
import gc
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from datetime import datetime
from pathlib import Path, PurePosixPath

from generator import output
from generator.dossier.validation import DossierValide
from generator.errors import ErreurUtilisateur, Probleme
from generator.plan import ENVOI, LIASSE, Fichier, Plan
from generator.rapport import Options, Rapport
from generator.render import environment
from generator.render.archives import zip_stable
from generator.render.documents import horodatage, rendre
from generator.render.entrees import empreinte_assemblage, empreinte_document
from generator.render.environment import ErreurGabarit

_VALIDE: DossierValide | None = None
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


def liasse(
    documents: list[tuple[str, bytes]], titre: str, auteur: str, generes: frozenset[int] = frozenset()
) -> tuple[bytes, list[int]]:
    """The employer's print bundle (see `render.liasse`), whose pypdf (0.1 s) loads only when a bundle is made."""
    from generator.render import liasse as bundles

    return bundles.liasse(documents, titre, auteur, generes)


def _assembler(arguments: tuple[list[tuple[str, bytes]], str, str, frozenset[int]]) -> tuple[bytes, list[int]]:
    return liasse(*arguments)


@contextlib.contextmanager
def executeur(valide: DossierValide, processus: int) -> Iterator[Carte]:
    """A `map` that runs on `processus` cores (a process pool kept for the whole run), or in this process when 1."""
    global _VALIDE
    if processus <= 1:
        _VALIDE = valide
        yield map
        return
    _preparer_les_moteurs()
    reserve = _Reserve(valide, processus)
    try:
        yield reserve.carte
    finally:
        reserve.fermer()


def _preparer_les_moteurs() -> None:
    """Load the engines once here, before the workers are forked: each worker (a renewed one too) inherits them.

    WeasyPrint and pypdf imported, the stylesheet parsed, the fonts it names found and loaded (a
    one-line document laid out).
    """
    import pypdf  # noqa: F401
    from weasyprint import HTML

    from generator.render.pdf import configuration_des_polices, feuille_de_style

    fonts = configuration_des_polices()
    HTML(string="<p>Bilan</p>", base_url=str(environment.GABARITS)).write_pdf(
        stylesheets=[feuille_de_style()], font_config=fonts
    )


MARGE_MEMOIRE = 12 * 1024 * 1024  # bytes a worker may grow by past its first document before the workers are renewed
EN_COURS_PAR_PROCESSUS = 4  # tasks handed out ahead per worker: enough to keep it busy, few results held at once


def _pic_memoire() -> int:
    """The peak resident memory of this process, in bytes (0 where the system does not tell)."""
    try:
        import resource
    except ImportError:  # Windows
        return 0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024  # macOS counts bytes, Linux kilobytes


def _mesure(fonction: Callable, element: object) -> tuple[object, int, int]:
    """In a worker: `fonction(element)`, the worker's pid and its peak memory so far."""
    return fonction(element), os.getpid(), _pic_memoire()


class _Reserve:
    """Worker processes that serve every batch of a run, renewed only when one of them has grown.

    WeasyPrint's native caches grow a little with every document (about 0.4 MB here): a worker whose
    peak memory has grown by `MARGE_MEMOIRE` since its first document is retired with its pool once
    the tasks in flight are done, and fresh workers (forked from this process, warm) go on. A large
    cohort then needs no more memory than a small one, and start-ups are paid once per run, not per
    batch. (ProcessPoolExecutor's max_tasks_per_child refuses forked workers on Python 3.11.)
    """

    def __init__(self, valide: DossierValide, processus: int) -> None:
        self.valide, self.processus = valide, processus
        self.pool: ProcessPoolExecutor | None = None
        self.premiers_pics: dict[int, int] = {}  # each live worker's peak after its first task

    def _soumettre(self, fonction: Callable, element: object) -> Future:
        if self.pool is not None:
            return self.pool.submit(_mesure, fonction, element)
        # The objects made so far are left out of the workers' garbage collections, which would
        # otherwise write to (and so copy) the memory they share with this process.
        gc.freeze()
        try:
            self.pool = ProcessPoolExecutor(self.processus, initializer=_initialiser, initargs=(self.valide,))
            return self.pool.submit(_mesure, fonction, element)  # the first task starts the workers
        finally:
            gc.unfreeze()  # in this process only: the workers keep them frozen

    def fermer(self) -> None:
        """Stop the workers (the tasks not started are dropped)."""
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None
            self.premiers_pics.clear()

    def carte(self, fonction: Callable, elements: list) -> Iterator:
        """`fonction` over `elements` on the workers, results in order, a few tasks ahead."""
        waiting: collections.deque[Future] = collections.deque()
        remaining = iter(elements)
        exhausted = grown = False
        while True:
            while not (exhausted or grown) and len(waiting) < EN_COURS_PAR_PROCESSUS * self.processus:
                element = next(remaining, _FIN)
                if element is _FIN:
                    exhausted = True
                else:
                    waiting.append(self._soumettre(fonction, element))
            if not waiting:
                if exhausted:
                    return
                self.fermer()  # grown: the tasks in flight are done, fresh workers take the rest
                grown = False
                continue
            result, pid, peak = waiting.popleft().result()
            if peak > self.premiers_pics.setdefault(pid, peak) + MARGE_MEMOIRE:
                grown = True
            yield result


_FIN = object()


def rendus(fichiers: list[Fichier], carte: Carte) -> Iterator[tuple[Fichier, bytes]]:
    """Each distinct document of `fichiers` with its bytes, rendered once, in their order."""
    by_key: dict[tuple, Fichier] = {}
    for fichier in fichiers:
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
        # The syntheses the agents filled in: kept whatever the options (--forcer included).
        self.remplies = {str(filled.chemin) for filled in plan.valide.syntheses.values()}

    def forcer(self, chemin: str) -> bool:
        """Whether a file changed since generation is replaced: with --forcer, unless it is a filled synthesis."""
        return self.options.forcer and chemin not in self.remplies

    def contenu_pdf(self, fichier: Fichier) -> bytes | None:
        """The bytes a bundle takes for a member: what is on disk, or what would be written."""
        relative = str(fichier.chemin)
        if relative in self.pdf_prevus and relative not in self.conserves:
            return self.pdf_prevus[relative]
        target = self.racine / fichier.chemin
        return target.read_bytes() if target.exists() else None

    def connus(self, chemin: str) -> set[str]:
        """Every hash the generator is known to have written at `chemin`."""
        known = {sha for sha, _ in self.journal_precedent.get(chemin, [])}
        if chemin in self.anciennes:
            known.add(self.anciennes[chemin].sha256)
        return known

    def derniere_generation(self, chemin: str) -> str | None:
        """The hash of the latest version the generator wrote at `chemin` (the journal is newer)."""
        latest = self.derniere_version(chemin)
        return None if latest is None else latest[0]

    def entrees_de(self, chemin: str, sha: str | None) -> str | None:
        """The input fingerprint recorded with the version `sha` of `chemin` (None when not recorded)."""
        versions = dict(self.journal_precedent.get(chemin, []))
        if chemin in self.anciennes:
            versions.setdefault(self.anciennes[chemin].sha256, self.anciennes[chemin].entrees)
        return versions.get(sha) if sha is not None else None

    def derniere_version(self, chemin: str) -> tuple[str, str | None] | None:
        """The hash and input fingerprint of the latest version the generator wrote at `chemin`."""
        if self.journal_precedent.get(chemin):
            return self.journal_precedent[chemin][-1]
        recorded = self.anciennes.get(chemin)
        return None if recorded is None else (recorded.sha256, recorded.entrees)

    def entree(self, fichier: Fichier, sha: str, entrees: str | None = None) -> output.Entree:
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
            entrees,
            fichier.parties or None,
        )

    def genere(self, fichier: Fichier, contenu: bytes) -> bool:
        """Whether `contenu` is a version the generator wrote at the file's place (not changed by hand)."""
        relative = str(fichier.chemin)
        sha = output.empreinte(contenu)
        return sha in self.connus(relative) or (relative in self.entrees and self.entrees[relative].sha256 == sha)

    def sans_rendu(self, fichier: Fichier, entrees: str) -> str | None:
        """The hash the file would get, when it need not be rendered again to decide about it (else None).

        Its inputs are those of the latest version written (recorded in the manifest, or in the journal
        of a run that did not finish), and the file is either that version (unchanged) or changed by
        hand and kept anyway (without --forcer): the new bytes would be the recorded ones.
        """
        relative = str(fichier.chemin)
        latest = self.derniere_version(relative)
        if self.options.tout or latest is None or latest[1] != entrees:
            return None
        target = self.racine / fichier.chemin
        if not target.is_file():
            return None
        current = output.empreinte_fichier(target)
        if current == latest[0] or (current not in self.connus(relative) and not self.forcer(relative)):
            return latest[0]
        return None

    def ecrire(
        self, fichier: Fichier, contenu: bytes | None, entrees: str | None = None, sha: str | None = None
    ) -> None:
        """Decide about a planned file and write it; without `contenu`, `sha` is what it would hold (not rendered)."""
        relative = str(fichier.chemin)
        target = self.racine / fichier.chemin
        if contenu is not None:
            sha = output.empreinte(contenu)
        action = output.decider(target, sha, self.connus(relative), self.forcer(relative))
        reason = "modifié depuis sa génération : signé ou retouché" if action in ("conserver", "forcer") else ""
        if action == "conserver" and relative in self.remplies:
            action, reason = "rempli", "rempli par l'agent : jamais remplacé, même avec --forcer"
        if action == "forcer" and not self.options.verifier:
            copy = output.copie_datee(target, self.maintenant)
            reason = f"modifié depuis sa génération ; l'ancienne version est gardée sous {copy.name}"
        self.report.decisions.append((target, action, reason))
        self.traites.add(relative)
        if action in ("conserver", "rempli"):
            self.conserves.add(relative)
        if self.options.verifier or sha is None:
            return
        if action in ("creer", "mettre_a_jour", "forcer"):
            if contenu is None:  # only a file found unchanged or kept goes unrendered
                raise RuntimeError(f"{relative} was not rendered but has to be written")
            self.journal.noter(relative, sha, entrees)
            output.ecrire_atomique(target, contenu)
        if action in ("conserver", "rempli"):
            generated = self.derniere_generation(relative)
            if generated is not None:  # the manifest keeps the generated hash: the file stays "changed"
                self.entrees[relative] = self.entree(fichier, generated, entrees if generated == sha else None)
            return
        self.entrees[relative] = self.entree(fichier, sha, entrees)


def executer(
    plan: Plan,
    options: Options,
    report: Rapport,
    progression: Callable[[int], Callable[[], None]] | None,
    inputs: dict[tuple, str] | None = None,
) -> None:
    """Write (or, with `verifier`, only decide) every file of `plan`, its bundles and its manifests.

    `inputs` are the plan's `empreintes`, when the caller has them already.
    """
    inputs = empreintes(plan) if inputs is None else inputs
    racine = options.sortie / plan.dossier_session
    output.refuser_liens_sortants(options.sortie, racine)
    try:
        with contextlib.nullcontext() if options.verifier else output.verrou(racine):
            if not options.verifier:
                output.nettoyer_temporaires(racine)
            writing = _Ecriture(plan, options, report)
            try:
                _executer(plan, writing, progression, inputs)
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


def _par_cle(plan: Plan) -> dict[tuple, list[Fichier]]:
    by_key: dict[tuple, list[Fichier]] = {}
    for fichier in plan.documents:
        by_key.setdefault(fichier.cle, []).append(fichier)
    return by_key


def empreintes(plan: Plan) -> dict[tuple, str]:
    """The input fingerprint of each distinct document of the plan (by its key)."""
    memo: dict[int, tuple[object, object]] = {}
    return {key: empreinte_document(files[0], plan.valide, memo) for key, files in _par_cle(plan).items()}


def _inchanges(plan: Plan, writing: _Ecriture, inputs: dict[tuple, str]) -> dict[tuple, list[str]]:
    """The documents that need no rendering (their inputs did not change), with the hash of each copy."""
    unchanged = {key: [writing.sans_rendu(f, inputs[key]) for f in files] for key, files in _par_cle(plan).items()}
    return {key: shas for key, shas in unchanged.items() if None not in shas}


def documents_a_rendre(plan: Plan, options: Options, inputs: dict[tuple, str]) -> set[str]:
    """The documents (ids) of which this run will render at least one file; nothing is written."""
    unchanged = _inchanges(plan, _Ecriture(plan, options, Rapport()), inputs)
    return {f.document for f in plan.documents if f.cle not in unchanged}


def _executer(
    plan: Plan,
    writing: _Ecriture,
    progression: Callable[[int], Callable[[], None]] | None,
    inputs: dict[tuple, str],
) -> None:
    options = writing.options
    bundles = [f for f in plan.assemblages if f.document == LIASSE]
    archives = {f.chemin.parent: f for f in plan.assemblages if f.document == ENVOI}
    bundle_folders = set(archives)
    stamp = horodatage(plan.valide)
    by_key = _par_cle(plan)
    unchanged = _inchanges(plan, writing, inputs)
    step = progression(len(plan.fichiers)) if progression and not options.verifier else None
    for key, shas in unchanged.items():  # nothing to render: their inputs did not change
        for fichier, sha in zip(by_key[key], shas, strict=True):
            writing.ecrire(fichier, None, inputs[key], sha)
            if step:
                step()
    to_render = [f for f in plan.documents if f.cle not in unchanged]
    # Nothing to render: no pool to start (nor WeasyPrint to load) for a few bundles.
    with executeur(plan.valide, options.processus if to_render else 1) as carte:
        for rendered, content in rendus(to_render, carte):
            for fichier in by_key[rendered.cle]:
                writing.ecrire(fichier, content, inputs[rendered.cle])
                if options.verifier and fichier.format == "pdf" and fichier.chemin.parent in bundle_folders:
                    writing.pdf_prevus[str(fichier.chemin)] = content
                if step:
                    step()
        # A few bundles at a time on every core: their members are read only when needed.
        for start in range(0, len(bundles), options.processus):
            batch = bundles[start : start + options.processus]
            members = [_membres(plan, bundle, writing) for bundle in batch]
            arguments = [_arguments_liasse(plan, b, m, writing) for b, m in zip(batch, members, strict=True)]
            inputs_of = [_entrees_liasse(b, a) for b, a in zip(batch, arguments, strict=True)]
            kept = [writing.sans_rendu(b, i) for b, i in zip(batch, inputs_of, strict=True)]
            todo = [a for a, sha in zip(arguments, kept, strict=True) if sha is None]
            assembled = iter(carte(_assembler, todo))
            for bundle, own, bundle_inputs, sha in zip(batch, members, inputs_of, kept, strict=True):
                if sha is None:
                    content, unreadable = next(assembled)
                    writing.ecrire(bundle, content, bundle_inputs)
                    for position in unreadable:
                        writing.report.avertissements.append(_membre_illisible(own[position][0], bundle))
                else:
                    writing.ecrire(bundle, None, bundle_inputs, sha)
                if step:
                    step()
                # The e-mail archive holds the same members, read once for both.
                _ecrire_archive(archives[bundle.chemin.parent], own, stamp, writing)
                if step:
                    step()
    _obsoletes(plan, writing)
    if options.verifier:
        return
    entries = [*_hors_de_ce_lancement(plan, writing), *writing.entrees.values()]
    folders = sorted({str(PurePosixPath(e.chemin).parent) for e in entries} - {"."})
    output.ecrire_manifestes(writing.racine, plan.valide.dossier.session.reference, entries, folders)
    writing.journal.fermer(supprimer=True)


def _hors_de_ce_lancement(plan: Plan, writing: _Ecriture) -> list[output.Entree]:
    """Entries of files this run did not touch (another agent, document or format), still on disk.

    Their hash is the one on disk when the generator wrote it (an interrupted run's journal included),
    else the latest generated one, so that a file changed by hand is still recognised as changed.
    """
    planned = {str(f.chemin): f for f in plan.tous}
    entries = []
    for path in sorted((set(writing.anciennes) | set(writing.journal_precedent)) - writing.traites):
        target = writing.racine / path
        if not target.is_file():
            continue
        on_disk = output.empreinte_fichier(target)
        sha = on_disk if on_disk in writing.connus(path) else writing.derniere_generation(path)
        inputs = writing.entrees_de(path, sha)
        if path in writing.anciennes:
            entries.append(dataclasses.replace(writing.anciennes[path], sha256=sha, entrees=inputs))
        elif path in planned:
            entries.append(writing.entree(planned[path], sha, inputs))
    return entries


def _membres(plan: Plan, bundle: Fichier, writing: _Ecriture) -> list[tuple[Fichier, bytes]]:
    """The members of a bundle with their bytes (a kept, signed version as it is), in reading order."""
    members = []
    for fichier in plan.membres(bundle):
        content = writing.contenu_pdf(fichier)
        if content is not None:
            members.append((fichier, content))
    return members


def _entrees_liasse(bundle: Fichier, arguments: tuple[list[tuple[str, bytes]], str, str, frozenset[int]]) -> str:
    parts, title, author, _ = arguments
    return empreinte_assemblage(bundle, [title, author], [(name, output.empreinte(data)) for name, data in parts])


def _ecrire_archive(
    archive: Fichier, members: list[tuple[Fichier, bytes]], stamp: datetime, writing: _Ecriture
) -> None:
    entries = [(m.chemin.name, data) for m, data in members]
    inputs = empreinte_assemblage(archive, stamp, [(name, output.empreinte(data)) for name, data in entries])
    sha = writing.sans_rendu(archive, inputs)
    writing.ecrire(archive, None if sha else zip_stable(entries, stamp), inputs, sha)


def _arguments_liasse(
    plan: Plan, bundle: Fichier, members: list[tuple[Fichier, bytes]], writing: _Ecriture
) -> tuple[list[tuple[str, bytes]], str, str, frozenset[int]]:
    """The bundle's parts (bookmark, bytes), title, author, and the positions of members as generated."""
    parts, generated = [], set()
    for position, (member, content) in enumerate(members):
        title = plan.valide.profil.titre(member.document)
        agent = _nom_agent(plan, member)
        parts.append((f"{title} - {agent}" if agent else title, content))
        if writing.genere(member, content):
            generated.add(position)
    employer = next(e for e in plan.valide.dossier.liste_employeurs if e.id == bundle.employeur)
    title = f"Dossier complet - {employer.denomination} - {plan.valide.dossier.session.reference}"
    return parts, title, plan.valide.profil.nom, frozenset(generated)


def _membre_illisible(member: Fichier, bundle: Fichier) -> Probleme:
    return Probleme(
        None,
        None,
        "",
        f"le fichier {member.chemin}, modifié depuis sa génération, n'est pas un PDF lisible : il manque au "
        f"dossier complet {bundle.chemin.name}",
        "imprimez-le à part, ou remplacez-le par un PDF valide et relancez",
    )


def _obsoletes(plan: Plan, writing: _Ecriture) -> None:
    planned = {str(f.chemin) for f in plan.tous}
    for path in sorted(set(writing.anciennes) | set(writing.journal_precedent)):
        if path in writing.anciennes and not output.de_la_generation(writing.anciennes[path]):
            continue  # another command's file (the invoicing statement): not the generation's to judge
        if path not in planned and (writing.racine / path).exists():
            writing.report.obsoletes.append(writing.racine / path)
