"""One context per document, shared by its PDF, DOCX and ICS: every computed fact lives here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from generator import vocabulaire
from generator.dossier.model import Agent, Conseiller, Dossier, Employeur
from generator.dossier.syntheses import SyntheseRemplie, champs_transmis, parties_transmises
from generator.profiles import Etape, PhaseOffre, Profil, TarifForfait
from generator.render.filters import heures


@dataclass(frozen=True)
class RendezVous:
    """One line of a calendar: a collective session, an interview or personal work."""

    intitule: str
    phase: str
    modalite: str
    debut: datetime | None
    duree: int
    collectif: bool
    lieu: str | None = None  # where, when not at the session's place
    # Before the course (CDG31's 30-minute tripartite video meeting): in the calendars, not in the
    # course's hours nor its dates.
    prealable: bool = False

    @property
    def en_visio(self) -> bool:
        """Held by videoconference: no place to go to."""
        return self.modalite.endswith("_visio")

    @property
    def phase_libelle(self) -> str:
        """`Phase de lancement`."""
        return vocabulaire.PHASES[self.phase]

    @property
    def modalite_libelle(self) -> str:
        """`Atelier collectif`."""
        return vocabulaire.MODALITES[self.modalite]

    @property
    def fin(self) -> datetime | None:
        """End date-time, when dated."""
        return None if self.debut is None else self.debut + timedelta(minutes=self.duree)

    @property
    def description(self) -> str:
        """`Atelier collectif de 4 h`."""
        return f"{self.modalite_libelle} de {heures(self.duree)}"


@dataclass(frozen=True)
class LigneEtape:
    """A row of the methodology table: some objectives of a phase, their modality and their slots.

    `libelle` names the phase on its first row only (the phase's cell spans its rows, as in the
    CDG31 model); `modalite` is the CDG's own modality of the step (`Atelier collectif de 4 h`), or
    None when the profile gives a phase's objectives without steps.
    """

    libelle: str
    objectifs: list[str]
    modalite: str | None
    rendez_vous: list[RendezVous]


@dataclass(frozen=True)
class LignePhase:
    """A phase of the methodology table: its objectives, its dated slots and its rows."""

    phase: str
    libelle: str
    objectifs: list[str]
    rendez_vous: list[RendezVous]
    etapes: list[LigneEtape]


@dataclass(frozen=True)
class Prix:
    """What one agent's bilan costs the employer."""

    montant: Decimal | None
    montant_min: Decimal | None = None
    montant_max: Decimal | None = None
    heures: int | None = None
    heures_min: int | None = None
    heures_max: int | None = None
    taux: Decimal | None = None

    @property
    def fourchette(self) -> bool:
        """True when the price is a range (hourly offer, hours not fixed yet)."""
        return self.montant is None


def conseiller(dossier: Dossier, profil: Profil) -> Conseiller:
    """The session's adviser, else the profile's default one."""
    chosen = dossier.session.conseiller or profil.conseiller
    if chosen is None:  # validation guarantees one of them exists
        raise ValueError("no adviser")
    return chosen


def rendez_vous_collectifs(dossier: Dossier) -> list[RendezVous]:
    """The session's collective sessions and personal work, in the dossier's order."""
    return [
        RendezVous(s.intitule, s.phase, s.modalite, s.debut, s.duree, collectif=True, lieu=s.lieu)
        for s in dossier.session.seances
    ]


def rendez_vous_agent(dossier: Dossier, agent: Agent) -> list[RendezVous]:
    """The agent's own calendar: collective sessions and own interviews by date, personal work in place."""
    own = [RendezVous(e.intitule, e.phase, e.modalite, e.debut, e.duree, collectif=False) for e in agent.entretiens]
    return _par_date(rendez_vous_collectifs(dossier) + own + _visio_tripartite(agent))


def _visio_tripartite(agent: Agent, suffixe: str = "") -> list[RendezVous]:
    """The agent's tripartite video meeting, when the dossier dates it."""
    visio = agent.visio_tripartite
    if visio is None:
        return []
    return [
        RendezVous(
            visio.intitule + suffixe,
            "cadrage",
            "entretien_visio",
            visio.debut,
            visio.duree,
            collectif=False,
            prealable=True,
        )
    ]


def _par_date(slots: list[RendezVous]) -> list[RendezVous]:
    """Sort by date; an undated slot (personal work) stays after the slot that preceded it in the list."""
    ordered: list[RendezVous] = []
    anchor: dict[int, datetime] = {}
    last = datetime.min
    for index, slot in enumerate(slots):
        last = slot.debut or last
        anchor[index] = last
    keyed = sorted(range(len(slots)), key=lambda i: (anchor[i], slots[i].debut is None, i))
    ordered = [slots[i] for i in keyed]
    return ordered


def calendrier_session(dossier: Dossier) -> list[RendezVous]:
    """The session calendar sent to every employer: collective slots, and interviews when there is one agent."""
    agents = dossier.liste_agents
    if len(agents) == 1:
        return rendez_vous_agent(dossier, agents[0])
    return _par_date(rendez_vous_collectifs(dossier))


def calendrier_employeur(dossier: Dossier, employeur: Employeur) -> list[RendezVous]:
    """An employer's calendar: the collective slots and its agents' own interviews, each named by its agent."""
    own = [
        RendezVous(f"{e.intitule} - {agent.nom_complet}", e.phase, e.modalite, e.debut, e.duree, collectif=False)
        for agent in agents_de(dossier, employeur)
        for e in agent.entretiens
    ]
    visios = [r for agent in agents_de(dossier, employeur) for r in _visio_tripartite(agent, f" - {agent.nom_complet}")]
    return _par_date(rendez_vous_collectifs(dossier) + own + visios)


def tableau_methodologique(profil: Profil, calendrier: list[RendezVous]) -> list[LignePhase]:
    """The methodology table: each phase of the offer with its objectives, its slots and its rows."""
    table = []
    for p in profil.offre.phases:
        libelle = vocabulaire.PHASES[p.phase]
        slots = [r for r in calendrier if r.phase == p.phase]
        table.append(LignePhase(p.phase, libelle, p.tous_objectifs, slots, _etapes(libelle, p, slots)))
    return table


def _etapes(libelle: str, phase: PhaseOffre, slots: list[RendezVous]) -> list[LigneEtape]:
    """The rows of a phase, each slot on the row of its modality (the n-th workshop on the n-th workshop step)."""
    if not phase.etapes:
        return [LigneEtape(libelle, list(phase.objectifs), None, slots)]
    placed: list[list[RendezVous]] = [[] for _ in phase.etapes]
    seen: dict[str, int] = {}
    for slot in slots:
        same = [i for i, e in enumerate(phase.etapes) if e.modalite == slot.modalite]
        rank = seen.get(slot.modalite, 0)
        seen[slot.modalite] = rank + 1
        # A slot of a modality the steps do not name, or one too many, goes with the last such step.
        index = same[min(rank, len(same) - 1)] if same else len(phase.etapes) - 1
        placed[index].append(slot)
    return [
        LigneEtape(libelle if i == 0 else "", list(e.objectifs), _modalite_etape(e), placed[i])
        for i, e in enumerate(phase.etapes)
    ]


def _modalite_etape(etape: Etape) -> str:
    """`Atelier collectif de 4 h`, `Travail personnel en intersession de 3 h à 6 h`."""
    name = vocabulaire.MODALITES[etape.modalite]
    if etape.duree_max is None:
        return f"{name} de {heures(etape.duree)}"
    return f"{name} de {heures(etape.duree)} à {heures(etape.duree_max)}"


def lignes_methodologie(tableau: list[LignePhase]) -> list[LigneEtape]:
    """The methodology table's rows, phase after phase."""
    return [e for ligne in tableau for e in ligne.etapes]


def prix_agent(profil: Profil, employeur: Employeur, agent: Agent) -> Prix:
    """Price of one agent's bilan for this employer, by the profile's tariff model."""
    tarif = profil.offre.tarif
    if not isinstance(tarif, TarifForfait) and agent.heures is not None:
        return Prix(montant=_par_heure(tarif.taux, agent.heures), heures=agent.heures, taux=tarif.taux)
    return prix_offre(profil, employeur)


def prix_offre(profil: Profil, employeur: Employeur) -> Prix:
    """Price of one agent's bilan for this employer before any hours are set: a flat fee, or the offer's range."""
    tarif = profil.offre.tarif
    if isinstance(tarif, TarifForfait):
        return Prix(montant=getattr(tarif.montants, employeur.statut))
    return Prix(
        montant=None,
        montant_min=_par_heure(tarif.taux, tarif.heures_min),
        montant_max=_par_heure(tarif.taux, tarif.heures_max),
        heures_min=tarif.heures_min,
        heures_max=tarif.heures_max,
        taux=tarif.taux,
    )


def _par_heure(taux: Decimal, minutes: int) -> Decimal:
    return (taux * Decimal(minutes) / 60).quantize(Decimal("0.01"))


def agents_de(dossier: Dossier, employeur: Employeur) -> list[Agent]:
    """The agents of one employer, in the dossier's order."""
    only = len(dossier.liste_employeurs) == 1
    return [a for a in dossier.liste_agents if a.employeur == employeur.id or (only and a.employeur is None)]


def employeur_de(dossier: Dossier, agent: Agent) -> Employeur:
    """The employer of an agent (the only one when the agent names none)."""
    employers = dossier.liste_employeurs
    if agent.employeur is None:
        return employers[0]
    return next(e for e in employers if e.id == agent.employeur)


def periode(calendrier: list[RendezVous]) -> tuple[date | None, date | None]:
    """First and last dated days of a calendar's course (a meeting before the course left out)."""
    days = [r.debut.date() for r in calendrier if r.debut is not None and not r.prealable]
    return (min(days), max(days)) if days else (None, None)


@dataclass(frozen=True)
class Jalons:
    """Dates of the synthesis: dated slots per phase, the phase that opens the bilan, the interviews."""

    creneaux: dict[str, list[RendezVous]]
    phase_initiale: str
    entretien_initial: RendezVous | None
    entretien_final: RendezVous | None

    @property
    def lancement(self) -> RendezVous | None:
        """First dated slot of the opening phase."""
        slots = self.creneaux[self.phase_initiale]
        return slots[0] if slots else None


def jalons(profil: Profil, calendrier: list[RendezVous]) -> Jalons:
    """Phase dates of an agent: `lancement` opens the bilan, else the offer's first phase after framing."""
    # A meeting before the course (CDG31's tripartite video meeting) dates no phase of the bilan.
    course_slots = [r for r in calendrier if r.debut is not None and not r.prealable]
    dated = {p: [r for r in course_slots if r.phase == p] for p in vocabulaire.PHASES}
    offered = [p.phase for p in profil.offre.phases]
    # The framing meeting (CDG33's tripartite meeting, before the convention) does not open the bilan.
    course = [p for p in offered if p != "cadrage"] or offered
    opening = "lancement" if "lancement" in course or not course else course[0]
    own = {p: [r for r in slots if not r.collectif] for p, slots in dated.items()}
    return Jalons(
        dated,
        opening,
        own[opening][0] if own[opening] else None,
        own["conclusion"][-1] if own["conclusion"] else None,
    )


# What a value of a profile's `a_verifier` is, as the draft mark names it.
A_VERIFIER = {
    "adresse": "adresse du centre de gestion",
    "siret": "SIRET",
    "representant": "signataire du centre de gestion",
    "deliberation": "délibération",
    "deliberation.numero": "numéro de délibération",
    "deliberation.date": "date de délibération",
    "ville_signature": "lieu de signature",
    "dpo_email": "contact du délégué à la protection des données",
    "tribunal": "tribunal administratif",
    "offre.tarif": "tarif",
    "offre.tarif.taux": "taux horaire",
    "offre.facturation.delai_paiement_jours": "délai de paiement",
    "offre.validite_proposition_jours": "durée de validité de la proposition",
}


def mention_projet(profil: Profil) -> str:
    """The draft mark of every page while the profile has example values to verify; empty once it has none."""
    if not profil.a_verifier:
        return ""
    values = ", ".join(A_VERIFIER.get(v, v) for v in profil.a_verifier)
    return f"PROJET - valeurs d'exemple à vérifier avant tout envoi : {values}"


def contexte_commun(dossier: Dossier, profil: Profil, document: str) -> dict:
    """What every document of the session shows."""
    calendrier = calendrier_session(dossier)
    debut, fin = periode(calendrier)
    return {
        "document": {"id": document, "titre": profil.titre(document)},
        "projet": mention_projet(profil),
        "cdg": profil,
        "offre": profil.offre,
        "session": dossier.session,
        "conseiller": conseiller(dossier, profil),
        "date_envoi": dossier.session.date_envoi,
        "calendrier": calendrier,
        "date_debut": debut,
        "date_fin": fin,
        "seances_collectives": [r for r in calendrier if r.collectif and r.debut is not None],
        "heures_collectives": sum(
            r.duree for r in rendez_vous_collectifs(dossier) if r.modalite != "travail_personnel"
        ),
        "statuts": vocabulaire.STATUTS_EMPLOYEUR,
        "statuts_agent": vocabulaire.STATUTS_AGENT,
    }


def contexte_agent(dossier: Dossier, profil: Profil, document: str, agent: Agent) -> dict:
    """Context of a document about one agent (convention, letter, synthesis, commitment)."""
    employeur = employeur_de(dossier, agent)
    calendrier_agent = rendez_vous_agent(dossier, agent)
    debut, fin = periode(calendrier_agent)
    meetings = [r for r in calendrier_agent if r.modalite != "travail_personnel" and not r.prealable]
    tableau = tableau_methodologique(profil, calendrier_agent)
    return {
        **contexte_commun(dossier, profil, document),
        "agent": agent,
        "employeur": employeur,
        "calendrier_agent": calendrier_agent,
        "date_debut": debut,
        "date_fin": fin,
        "tableau": tableau,
        "lignes_methodologie": lignes_methodologie(tableau),
        "jalons": jalons(profil, calendrier_agent),
        "heures_agent": sum(r.duree for r in meetings),
        "heures_travail_personnel": sum(r.duree for r in calendrier_agent if r.modalite == "travail_personnel"),
        "prix": prix_agent(profil, employeur, agent),
        "premier_rendez_vous": meetings[0] if meetings else None,
        "dernier_rendez_vous": meetings[-1] if meetings else None,
    }


def _validite(dossier: Dossier, profil: Profil) -> date | None:
    """Last day the proposal may be accepted, when the CDG's texts set a validity."""
    days = profil.offre.validite_proposition_jours
    return None if days is None else dossier.session.date_envoi + timedelta(days=days)


@dataclass(frozen=True)
class LigneProposition:
    """One agent on the employer's financial proposal."""

    agent: Agent
    prix: Prix


def contexte_employeur(dossier: Dossier, profil: Profil, document: str, employeur: Employeur) -> dict:
    """Context of the financial proposal of one employer."""
    lines = [LigneProposition(a, prix_agent(profil, employeur, a)) for a in agents_de(dossier, employeur)]
    fixed = all(not line.prix.fourchette for line in lines)
    total = sum((line.prix.montant for line in lines), Decimal(0)) if fixed else None
    own_slots = [r for line in lines for r in rendez_vous_agent(dossier, line.agent)]
    debut, fin = periode(own_slots or calendrier_session(dossier))
    return {
        **contexte_commun(dossier, profil, document),
        "employeur": employeur,
        "lignes": lines,
        # The period covers this employer's agents' own interviews, not only the collective sessions.
        "date_debut": debut,
        "date_fin": fin,
        "tableau": tableau_methodologique(profil, calendrier_session(dossier)),
        "date_validite": _validite(dossier, profil),
        "total": total,
        "total_min": None if fixed else sum((line.prix.montant or line.prix.montant_min for line in lines), Decimal(0)),
        "total_max": None if fixed else sum((line.prix.montant or line.prix.montant_max for line in lines), Decimal(0)),
        "forfait": isinstance(profil.offre.tarif, TarifForfait),
    }


# Issue 13: the employer's model deliberation and its summary of an agent's synthesis.


def contexte_deliberation(dossier: Dossier, profil: Profil, document: str, employeur: Employeur) -> dict:
    """Context of an employer's model deliberation: the CDG's facts, the offer and its price for this employer."""
    return {
        **contexte_commun(dossier, profil, document),
        "employeur": employeur,
        "deliberation": profil.deliberation_employeur,
        "prix": prix_offre(profil, employeur),
        "forfait": isinstance(profil.offre.tarif, TarifForfait),
    }


@dataclass(frozen=True)
class SyntheseTransmise:
    """What of an agent's synthesis goes to the employer: the date of the agreement, the parts, their text."""

    accord: date
    parties: list[str]  # in the synthesis' order
    # Every field of the synthesis by name: its lines when its part goes, else None (never its text).
    champs: dict[str, list[str] | None]

    @property
    def libelles(self) -> list[str]:
        """The parts that go, as the documents name them: `Phase de lancement`."""
        return [vocabulaire.PARTIES_SYNTHESE[part] for part in self.parties]

    @property
    def texte(self) -> dict[str, str | None]:
        """Every field on one line (the short fields of the action plan), None when its text does not go."""
        return {name: " ".join(lines) if lines else None for name, lines in self.champs.items()}


def contexte_synthese_employeur(
    dossier: Dossier, profil: Profil, document: str, agent: Agent, remplie: SyntheseRemplie
) -> dict:
    """Context of the summary an employer receives: only the parts of the synthesis the agent agreed to share."""
    agreement = agent.synthese_employeur
    if agreement is None:  # the plan only makes this document with an agreement
        raise ValueError("no agreement")
    parts = parties_transmises(agent, remplie)
    shared = SyntheseTransmise(agreement.accord, list(parts), champs_transmis(agent, remplie))
    return {**contexte_agent(dossier, profil, document, agent), "synthese": shared}
