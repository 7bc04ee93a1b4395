"""Which documents exist, for whom, in which folder.

Confidentiality is decided here and nowhere else: a confidential document is only ever planned
into its agent's folder, or into its own folder of the session (the référent handicap's notice);
an employer's copy about an agent of the L. 5212-13 publics is marked `expurge` (rendered without
the agent's health status).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

from generator.documents import DOCUMENTS, Document
from generator.dossier.model import Dossier, Employeur
from generator.dossier.syntheses import parties_transmises
from generator.dossier.validation import DossierValide
from generator.noms import dossier_agent, nom_sur
from generator.render.context import agents_de, employeur_de

# What a signature field says it is for, in its tooltip: « Signature de l'agent ».
ROLES = {
    "agent": "de l'agent",
    "employeur": "de l'employeur",
    "cdg": "du centre de gestion",
    "conseiller": "du conseiller",
}


@dataclass(frozen=True)
class Fichier:
    """One file the run will write: what to render (the key) and where."""

    document: str
    format: str
    chemin: PurePosixPath  # relative to the session folder
    agent: int | None  # index in the dossier's agents
    employeur: str | None  # employer id
    signataires: tuple[str, ...]
    confidentiel: bool
    # An employer's copy of a document about an agent of the L. 5212-13 publics (`rqth`): rendered on
    # its own, as for any other agent, while the agent's own copy may say more.
    expurge: bool = False
    # The employer's summary of a synthesis: the parts of it that go to the employer (the manifest tells).
    parties: tuple[str, ...] = ()

    @property
    def assemble(self) -> bool:
        """A bundle or an archive: made from other planned files, not from a template."""
        return self.document in (LIASSE, ENVOI)

    @property
    def cle(self) -> tuple:
        """What identifies the rendered bytes: the same key is rendered once, written where planned."""
        if self.document == "calendrier":  # the session's, an employer's (its agents' interviews), an agent's
            return ("calendrier", self.format, self.agent, self.employeur, False)
        return (self.document, self.format, self.agent, self.employeur, self.expurge)

    @property
    def pour_employeur(self) -> bool:
        """A file of an employer's folder: it never tells an agent's health status (see `expurge`)."""
        return self.chemin.parts[0] == "employeurs"


LIASSE, ENVOI = "liasse", "envoi"  # an employer's print bundle and its e-mail archive: made from its PDFs


@dataclass(frozen=True)
class Plan:
    """Everything one dossier will write, relative to its session folder.

    `fichiers` is what this run writes (the documents asked for, then the bundles and archives of the
    employer folders they go to); `tous` is what the whole dossier gives, in the same order, which a
    run limited to some documents, formats or agents needs for bundles, manifests and obsolete files.
    """

    valide: DossierValide
    dossier_session: str
    fichiers: list[Fichier]
    dossiers_agents: dict[int, str]
    dossiers_employeurs: dict[str, str]
    tous: list[Fichier]

    @property
    def documents(self) -> list[Fichier]:
        """The files rendered from a template (or the calendar), without bundles and archives."""
        return [f for f in self.fichiers if not f.assemble]

    @property
    def assemblages(self) -> list[Fichier]:
        """The bundles and archives this run writes, each bundle followed by its archive."""
        return [f for f in self.fichiers if f.assemble]

    def membres(self, assemblage: Fichier) -> list[Fichier]:
        """The PDFs of an employer folder that its bundle and archive hold, in reading order."""
        folder = assemblage.chemin.parent
        members = [f for f in self.tous if f.chemin.parent == folder and f.format == "pdf" and not f.assemble]
        if any(DOCUMENTS[f.document].confidentiel for f in members):
            raise RuntimeError("a confidential document was planned into an employer folder")
        members = [f for f in members if DOCUMENTS[f.document].rang_liasse is not None]
        return sorted(members, key=lambda f: (DOCUMENTS[f.document].rang_liasse, -1 if f.agent is None else f.agent))


def _noms_uniques(proposes: list[str]) -> list[str]:
    """Make names unique by numbering repeats: `martin-julie`, `martin-julie-2`."""
    taken: set[str] = set()
    unique = []
    for name in proposes:
        candidate, number = name, 1
        while candidate in taken:
            number += 1
            candidate = f"{name}-{number}"
        taken.add(candidate)
        unique.append(candidate)
    return unique


def _dossiers_agents(dossier: Dossier) -> dict[int, str]:
    # Validation refuses two agents with the same folder; numbering is only a safety net.
    names = [dossier_agent(a.nom, a.prenom, a.id) for a in dossier.liste_agents]
    return dict(enumerate(_noms_uniques(names)))


def planifier(
    valide: DossierValide,
    documents: tuple[str, ...] = tuple(DOCUMENTS),
    formats: tuple[str, ...] = ("pdf", "docx"),
    agents: set[int] | None = None,
) -> Plan:
    """The list of files for one dossier, optionally limited to some documents, formats or agents.

    The complete list is made once; a run limited to a part writes the files of that part, and the
    bundles and archives of the employer folders they go to (when it writes PDFs).
    """
    dossier = valide.dossier
    agent_dirs = _dossiers_agents(dossier)
    employers = dossier.liste_employeurs
    employer_dirs = dict(zip([e.id for e in employers], _noms_uniques([nom_sur(e.id) for e in employers]), strict=True))
    everyone = set(range(len(dossier.liste_agents)))
    complete: list[Fichier] = []
    transmis = _transmis(valide)
    for document in DOCUMENTS.values():
        if document.commande is not None:  # written by its own command, not by the generation
            continue
        if document.condition == "profil" and valide.profil.deliberation_employeur is None:
            continue
        complete += _fichiers_du_document(
            dossier, document, ("pdf", "docx"), everyone, agent_dirs, employer_dirs, transmis
        )
    complete += _assemblages(complete, complete)
    chosen = everyone if agents is None else agents
    concerned = {employeur_de(dossier, dossier.liste_agents[index]).id for index in chosen}
    selected = [
        f
        for f in complete
        if not f.assemble
        and f.document in documents
        and (f.format in formats or f.format == "ics")
        and (f.agent in chosen if f.agent is not None else f.employeur is None or f.employeur in concerned)
    ]
    if "pdf" in formats:
        selected += _assemblages(selected, complete)
    return Plan(valide, nom_sur(dossier.session.reference), selected, agent_dirs, employer_dirs, complete)


def _assemblages(fichiers: list[Fichier], complete: list[Fichier]) -> list[Fichier]:
    """A print bundle and an e-mail archive per employer folder `fichiers` go to (never a confidential one)."""
    assembled = []
    for folder in sorted({f.chemin.parent for f in fichiers if f.chemin.parts[0] == "employeurs"}):
        employer = next(f.employeur for f in complete if f.chemin.parent == folder and f.employeur)
        assembled.append(
            Fichier(LIASSE, "pdf", folder / f"dossier-complet-{folder.name}.pdf", None, employer, (), False)
        )
        assembled.append(Fichier(ENVOI, "zip", folder / f"envoi-{folder.name}.zip", None, employer, (), False))
    return assembled


def _transmis(valide: DossierValide) -> dict[int, tuple[str, ...]]:
    """The parts of each agent's filled synthesis that go to the employer (agents with none left out)."""
    agents = valide.dossier.liste_agents
    parts = {index: parties_transmises(agents[index], filled) for index, filled in valide.syntheses.items()}
    return {index: shared for index, shared in parts.items() if shared}


def _fichiers_du_document(
    dossier: Dossier,
    document: Document,
    formats: tuple[str, ...],
    chosen: set[int],
    agent_dirs: dict[int, str],
    employer_dirs: dict[str, str],
    transmis: dict[int, tuple[str, ...]],
) -> list[Fichier]:
    files = []
    extensions = list(formats) + (["ics"] if document.id == "calendrier" else [])
    if document.condition == "accord":  # only the agents whose agreement lets parts of the synthesis out
        chosen = {index for index in chosen if index in transmis}
    for extension in extensions:
        for owner, folder, name in _destinations(dossier, document, chosen, agent_dirs, employer_dirs):
            agent_index, employer_id = owner
            files.append(
                Fichier(
                    document.id,
                    extension,
                    PurePosixPath(folder, f"{name}.{extension}"),
                    agent_index,
                    employer_id,
                    document.signataires,
                    document.confidentiel,
                    expurge=folder.startswith("employeurs/") and _rqth(dossier, agent_index),
                    parties=transmis.get(agent_index, ()) if document.condition == "accord" else (),
                )
            )
    return files


def _rqth(dossier: Dossier, index: int | None) -> bool:
    return index is not None and dossier.liste_agents[index].rqth


def _destinations(
    dossier: Dossier,
    document: Document,
    chosen: set[int],
    agent_dirs: dict[int, str],
    employer_dirs: dict[str, str],
) -> list[tuple[tuple[int | None, str | None], str, str]]:
    """(agent index, employer id), folder, file name (without extension) for each copy of a document."""
    agents = dossier.liste_agents
    places: list[tuple[tuple[int | None, str | None], str, str]] = []
    if document.par == "session":
        places.append(((None, None), ".", document.id))
        for employeur in _employeurs_concernes(dossier, chosen):
            places.append(((None, employeur.id), f"employeurs/{employer_dirs[employeur.id]}", document.id))
        for index in sorted(chosen):
            places.append(((index, None), f"agents/{agent_dirs[index]}", document.id))
    elif document.par == "employeur":
        for employeur in _employeurs_concernes(dossier, chosen):
            places.append(((None, employeur.id), f"employeurs/{employer_dirs[employeur.id]}", document.id))
    else:
        for index in sorted(chosen):
            employeur = employeur_de(dossier, agents[index])
            name = f"{document.id}-{agent_dirs[index]}"
            if document.dossier_propre is not None:
                if agents[index].rqth:
                    places.append(((index, employeur.id), document.dossier_propre, name))
                continue
            if document.vers_agent:
                places.append(((index, employeur.id), f"agents/{agent_dirs[index]}", name))
            if document.vers_employeur and not document.confidentiel:
                places.append(((index, employeur.id), f"employeurs/{employer_dirs[employeur.id]}", name))
    return places


def _employeurs_concernes(dossier: Dossier, chosen: set[int]) -> list[Employeur]:
    agents = dossier.liste_agents
    return [e for e in dossier.liste_employeurs if any(agents.index(a) in chosen for a in agents_de(dossier, e))]


def agent_par_nom(dossier: Dossier, recherche: str) -> list[int]:
    """Indexes of the agents whose name matches `recherche` (name, or first name and name)."""
    wanted = nom_sur(recherche)
    found = []
    for index, agent in enumerate(dossier.liste_agents):
        candidates = {
            nom_sur(agent.nom),
            nom_sur(f"{agent.prenom} {agent.nom}"),
            nom_sur(f"{agent.nom} {agent.prenom}"),
        }
        if wanted in candidates:
            found.append(index)
    return found
