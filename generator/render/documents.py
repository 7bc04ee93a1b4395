"""render(file) -> bytes: pure (no disk writes, no clock, no randomness) for every planned file."""

from __future__ import annotations

from datetime import UTC, datetime

from generator.dossier.model import Dossier
from generator.dossier.validation import DossierValide
from generator.plan import ROLES, Fichier
from generator.render import context
from generator.render.docx import rendre_docx
from generator.render.gabarits import Gabarit, gabarit
from generator.render.ics import rendre_ics
from generator.render.pdf import rendre_pdf


def horodatage(valide: DossierValide) -> datetime:
    """The date written into every file: the dossier's sending date, never the clock."""
    sent = valide.dossier.session.date_envoi
    return datetime(sent.year, sent.month, sent.day, 12, 0, tzinfo=UTC)


def contexte(fichier: Fichier, valide: DossierValide) -> dict:
    """The context of the document a file holds, the same for every format."""
    dossier, profil = valide.dossier, valide.profil
    if fichier.pour_employeur:
        dossier = sans_etat_de_sante(dossier)
    if fichier.document == "proposition_financiere":
        employeur = next(e for e in dossier.liste_employeurs if e.id == fichier.employeur)
        return context.contexte_employeur(dossier, profil, fichier.document, employeur)
    if fichier.document == "calendrier":
        return _contexte_calendrier(fichier, dossier, profil)
    if fichier.document == "deliberation":
        employeur = next(e for e in dossier.liste_employeurs if e.id == fichier.employeur)
        return context.contexte_deliberation(dossier, profil, fichier.document, employeur)
    if fichier.document == "synthese_employeur" and fichier.agent is not None:
        agent = dossier.liste_agents[fichier.agent]
        filled = valide.syntheses[fichier.agent]
        return context.contexte_synthese_employeur(dossier, profil, fichier.document, agent, filled)
    if fichier.agent is not None:
        agent = dossier.liste_agents[fichier.agent]
        return context.contexte_agent(dossier, profil, fichier.document, agent)
    return context.contexte_commun(dossier, profil, fichier.document)


def _contexte_calendrier(fichier: Fichier, dossier: Dossier, profil) -> dict:
    """The session's calendar; an agent's copy adds the agent's interviews, an employer's those of its agents."""
    values = context.contexte_commun(dossier, profil, fichier.document)
    if fichier.agent is not None:
        return {**values, "calendrier": context.rendez_vous_agent(dossier, dossier.liste_agents[fichier.agent])}
    if fichier.employeur is not None:
        employeur = next(e for e in dossier.liste_employeurs if e.id == fichier.employeur)
        return {**values, "calendrier": context.calendrier_employeur(dossier, employeur)}
    return values


def sans_etat_de_sante(dossier: Dossier) -> Dossier:
    """The dossier as an employer's copy may show it: no agent is said to be of the L. 5212-13 publics.

    Whatever a template (a CDG's own included) prints of `agent.rqth`, an employer's file about an
    agent of these publics is then the same as about any other agent.
    """
    if dossier.agents is not None:
        return dossier.model_copy(update={"agents": [a.model_copy(update={"rqth": False}) for a in dossier.agents]})
    if dossier.agent is not None:
        return dossier.model_copy(update={"agent": dossier.agent.model_copy(update={"rqth": False})})
    return dossier


def rendre(fichier: Fichier, valide: DossierValide) -> bytes:
    """The bytes of one planned file."""
    stamp = horodatage(valide)
    values = contexte(fichier, valide)
    if fichier.format == "ics":
        slots = values.get("calendrier_agent", values["calendrier"])
        name = f"{values['session'].intitule} ({values['session'].reference})"
        seed = f"{values['session'].reference}|{fichier.agent}"
        return rendre_ics(name, slots, values["session"].lieu, stamp.replace(tzinfo=None), seed)
    titre = _titre(values)
    if fichier.format == "pdf":
        values = {**values, "metadonnees": {"titre": titre, "auteur": valide.profil.nom, "date": stamp}}
        roles = {role: ROLES[role] for role in fichier.signataires}
        return rendre_pdf(gabarit_de(fichier, valide), values, stamp, roles)
    metadata = {"titre": titre, "auteur": valide.profil.nom, "sujet": values["offre"].intitule}
    return rendre_docx(gabarit_de(fichier, valide), values, stamp.replace(tzinfo=None), metadata)


def gabarit_de(fichier: Fichier, valide: DossierValide) -> Gabarit:
    """The Word template of a planned file's document: the CDG's own one, else the default."""
    return gabarit(fichier.document, valide.gabarits_cdg)


def _titre(values: dict) -> str:
    title = f"{values['document']['titre']} - {values['session'].reference}"
    if "agent" in values:
        title += f" - {values['agent'].nom_complet}"
    elif "employeur" in values:
        title += f" - {values['employeur'].denomination}"
    return title
