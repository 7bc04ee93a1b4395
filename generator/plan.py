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


@dataclass(frozen=True)
class Plan:
    """Everything one dossier will write, relative to its session folder."""

    valide: DossierValide
    dossier_session: str
    fichiers: list[Fichier]
    dossiers_agents: dict[int, str]
    dossiers_employeurs: dict[str, str]


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
    """The list of files for one dossier, optionally limited to some documents, formats or agents."""
    dossier = valide.dossier
    agent_dirs = _dossiers_agents(dossier)
    employers = dossier.liste_employeurs
    employer_dirs = dict(zip([e.id for e in employers], _noms_uniques([nom_sur(e.id) for e in employers]), strict=True))
    chosen = set(range(len(dossier.liste_agents))) if agents is None else agents
    files: list[Fichier] = []
    for document_id in documents:
        document = DOCUMENTS[document_id]
        files += _fichiers_du_document(dossier, document, formats, chosen, agent_dirs, employer_dirs)
    return Plan(valide, nom_sur(dossier.session.reference), files, agent_dirs, employer_dirs)


def _fichiers_du_document(
    dossier: Dossier,
    document: Document,
    formats: tuple[str, ...],
    chosen: set[int],
    agent_dirs: dict[int, str],
    employer_dirs: dict[str, str],
) -> list[Fichier]:
    files = []
    extensions = list(formats) + (["ics"] if document.id == "calendrier" else [])
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
