"""What each agent's employer owes at a date, by the CDG's invoicing rules (pure: no disk, no clock).

The rules are the profile's, never a CDG's id: `offre.tarif` (flat fee by employer status, or hours
x rate), `offre.facturation.prorata_31_decembre` (a mission over two fiscal years is invoiced at
31 December in proportion to the hours of appointments held by then, the rest at the end),
`offre.interruption.delai_jours` with `offre.facturation.a_l_interruption` (an interrupted agent not
remobilised within the delay is due in full, invoiced at the interruption).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from generator import vocabulaire
from generator.dossier.loading import charger_dossier
from generator.dossier.messages import probleme
from generator.dossier.model import Agent, Employeur
from generator.dossier.validation import DossierValide
from generator.errors import DossierInvalide, Probleme
from generator.profiles import TarifForfait
from generator.render.context import agents_de, employeur_de, rendez_vous_agent
from generator.render.filters import date_longue, de, heures, montant

CENTIME = Decimal("0.01")


@dataclass(frozen=True)
class Facture:
    """One invoice of an agent's bilan: its fiscal year, the day it is due, what it is for, its amount."""

    exercice: int
    echeance: date
    nature: str
    montant: Decimal


@dataclass(frozen=True)
class LigneFacturation:
    """One agent on the statement: the mission's amount, this statement's invoice (None: nothing due yet)."""

    agent: Agent
    employeur: Employeur
    base: str  # the basis of calculation, in words: « Forfait par agent (employeur affilié) »
    montant_mission: Decimal | None  # the whole bilan (the proposal's amount, or the hours realised)
    facture: Facture | None
    anterieures: tuple[Facture, ...]  # invoices of earlier fiscal years (pro rata at 31 December)
    motif: str  # why this amount, in one French sentence
    debut: date | None  # first and last appointments of the agent
    fin: date | None
    minutes_rendez_vous: int  # appointments (workshops and interviews), personal work aside
    minutes_tenues: int  # of which held by the statement's date
    minutes_par_annee: tuple[tuple[int, int], ...] = ()  # (year, minutes of appointments that year)

    @property
    def montant(self) -> Decimal:
        """What this statement asks for this agent (0 when nothing is due yet)."""
        return self.facture.montant if self.facture else Decimal(0)

    @property
    def exercice(self) -> int | None:
        """The fiscal year of this statement's invoice."""
        return self.facture.exercice if self.facture else None

    @property
    def factures(self) -> tuple[Facture, ...]:
        """Every invoice of the agent's bilan up to the statement's date, earliest first."""
        return (*self.anterieures, self.facture) if self.facture else self.anterieures


@dataclass(frozen=True)
class EtatDeFacturation:
    """The statement of one session at a date: one line per agent, in the dossier's order."""

    valide: DossierValide
    au: date
    lignes: tuple[LigneFacturation, ...]
    nature: str  # the service invoiced, and its legal basis
    fondement: str

    def lignes_de(self, employeur: Employeur) -> list[LigneFacturation]:
        """The lines of one employer's agents."""
        return [line for line in self.lignes if line.employeur.id == employeur.id]

    def total(self, employeur: Employeur) -> Decimal:
        """What this statement asks of one employer."""
        return sum((line.montant for line in self.lignes_de(employeur)), Decimal(0))

    def total_mission(self, employeur: Employeur) -> Decimal | None:
        """The whole missions of one employer's agents (the proposal's total), when every amount is known."""
        amounts = [line.montant_mission for line in self.lignes_de(employeur)]
        return None if None in amounts else sum(amounts, Decimal(0))  # type: ignore[arg-type]


@dataclass
class _Agent:
    """What the rules need of one agent."""

    agent: Agent
    employeur: Employeur
    chemin: tuple
    rendez_vous: list[tuple[date, int]]  # day and minutes of each dated appointment
    problemes: list[Probleme] = field(default_factory=list)

    @property
    def debut(self) -> date | None:
        return self.rendez_vous[0][0] if self.rendez_vous else None

    @property
    def fin(self) -> date | None:
        return self.rendez_vous[-1][0] if self.rendez_vous else None

    def par_annee(self) -> tuple[tuple[int, int], ...]:
        years: dict[int, int] = {}
        for day, minutes in self.rendez_vous:
            years[day.year] = years.get(day.year, 0) + minutes
        return tuple(sorted(years.items()))

    def minutes(self, jusqu_au: date | None = None) -> int:
        return sum(m for day, m in self.rendez_vous if jusqu_au is None or day <= jusqu_au)


def etat_de_facturation(valide: DossierValide, au: date | None = None) -> EtatDeFacturation:
    """The statement of `valide`'s session at `au` (by default the day of its last appointment: the end).

    Raise `DossierInvalide` (file, line, field, fix) when an amount cannot be known: an hourly
    offer's hours realised at the end, or the estimated hours for a pro rata.
    """
    dossier, profil = valide.dossier, valide.profil
    agents = [_preparer(valide, index, agent) for index, agent in enumerate(dossier.liste_agents)]
    if au is None:
        ends = [a.fin for a in agents if a.fin is not None]
        au = max(ends) if ends else dossier.session.date_envoi
    lines = [_ligne(valide, a, au) for a in agents]
    problems = list(dict.fromkeys(p for a in agents for p in a.problemes))
    if problems:
        raise DossierInvalide(problems)
    nature = f"{profil.offre.intitule[:1].upper()}{profil.offre.intitule[1:]}"
    fondement = f"{profil.titre('convention')} ; tarif fixé par {profil.offre.fondement_tarif}"
    return EtatDeFacturation(valide, au, tuple(lines), nature, fondement)


def _preparer(valide: DossierValide, index: int, agent: Agent) -> _Agent:
    dossier = valide.dossier
    slots = [r for r in rendez_vous_agent(dossier, agent) if r.debut is not None and r.modalite != "travail_personnel"]
    chemin = ("agents", index) if dossier.agents is not None else ("agent",)
    return _Agent(agent, employeur_de(dossier, agent), chemin, [(r.debut.date(), r.duree) for r in slots])


def _ligne(valide: DossierValide, a: _Agent, au: date) -> LigneFacturation:
    total, base = _montant_mission(valide, a)
    rule = valide.profil.offre.interruption
    agent = a.agent

    def line(facture: Facture | None, anterieures: tuple[Facture, ...], motif: str) -> LigneFacturation:
        return LigneFacturation(
            agent,
            a.employeur,
            base,
            total,
            facture,
            anterieures,
            motif,
            a.debut,
            a.fin,
            a.minutes(),
            a.minutes(au),
            a.par_annee(),
        )

    if a.fin is None:
        return line(None, (), "aucun rendez-vous daté : rien à facturer")
    if rule is not None and agent.interruption is not None and agent.interruption <= au:
        return _apres_interruption(valide, a, au, line)
    return _selon_le_calendrier(valide, a, au, "", line)


def _apres_interruption(valide: DossierValide, a: _Agent, au: date, line) -> LigneFacturation:
    """An agent who stopped by `au`: remobilised in time (as the others), pending, or due in full."""
    profil, agent = valide.profil, a.agent
    rule = profil.offre.interruption
    assert rule is not None and agent.interruption is not None
    limit = agent.interruption + timedelta(days=rule.delai_jours)
    stopped = f"bilan interrompu le {date_longue(agent.interruption)}"
    if agent.remobilisation is not None and agent.remobilisation <= limit:
        resumed = date_longue(agent.remobilisation)
        stopped += f", agent remobilisé le {resumed}, dans le délai de {rule.delai_jours} jours"
    elif au <= limit:
        return line(
            None,
            (),
            f"{stopped} : dû en totalité si l'agent n'est pas remobilisé au plus tard le {date_longue(limit)}",
        )
    else:
        amount = _exiger(valide, a, "heures", "le montant dû en totalité à l'interruption")
        due = limit + timedelta(days=1)
        if not profil.offre.facturation.a_l_interruption:  # due in full, but invoiced at the end
            due = max(due, a.fin)
        motif = f"{stopped}, agent non remobilisé dans le délai de {rule.delai_jours} jours"
        motif += " : prestation due en totalité"
        if au < due:
            return line(None, (), f"{motif}, facturée le {date_longue(due)}")
        return line(Facture(due.year, due, "interruption", amount), (), motif)
    return _selon_le_calendrier(valide, a, au, stopped, line)


def _selon_le_calendrier(valide: DossierValide, a: _Agent, au: date, note: str, line) -> LigneFacturation:
    """The end-of-mission invoice, a pro rata at 31 December, or nothing yet."""
    prorata = valide.profil.offre.facturation.prorata_31_decembre
    prefix = f"{note} ; " if note else ""
    years = range(a.debut.year, a.fin.year) if prorata else range(0)  # the 31 Decembers within the mission
    if a.fin <= au:
        earlier = _prorata(valide, a, list(years))
        amount = _exiger(valide, a, "heures_realisees", "la facture de fin de mission")
        rest = amount - sum((f.montant for f in earlier), Decimal(0))
        nature = "solde" if earlier else "fin de mission"
        motif = f"{prefix}mission terminée le {date_longue(a.fin)}"
        if earlier:
            motif += f", moins {_deja(earlier)}"
        return line(Facture(a.fin.year, a.fin, nature, rest), earlier, motif)
    if au == date(au.year, 12, 31) and au.year in years and a.debut <= au:
        earlier = _prorata(valide, a, [y for y in years if y < au.year])
        current = _prorata(valide, a, [au.year], sum((f.montant for f in earlier), Decimal(0)))[0]
        motif = (
            f"{prefix}mission sur plusieurs exercices : prorata au 31 décembre {au.year} de "
            f"{heures(a.minutes(au))} de rendez-vous tenus sur {heures(a.minutes())}"
        )
        return line(current, earlier, motif)
    earlier = _prorata(valide, a, [y for y in years if date(y, 12, 31) < au])
    if a.debut > au:
        motif = f"mission commençant le {date_longue(a.debut)} : rien à facturer à cette date"
    else:
        motif = f"{prefix}mission en cours : facturée à son issue, le {date_longue(a.fin)}"
        if any(date(y, 12, 31) >= au for y in years):
            motif += f", avec un prorata au 31 décembre {next(y for y in years if date(y, 12, 31) >= au)}"
    if earlier:
        motif += f" ; déjà facturé : {_deja(earlier)}"
    return line(None, earlier, motif)


def _prorata(valide: DossierValide, a: _Agent, years: list[int], deja: Decimal = Decimal(0)) -> tuple[Facture, ...]:
    """The invoice at 31 December of each year: the share of the hours held by then, less what came before."""
    if not years:
        return ()
    whole = _exiger(valide, a, "heures", "le prorata au 31 décembre")
    invoices, before = [], deja
    for year in years:
        day = date(year, 12, 31)
        cumulative = (whole * a.minutes(day) / a.minutes()).quantize(CENTIME, ROUND_HALF_UP)
        invoices.append(Facture(year, day, f"prorata au 31 décembre {year}", cumulative - before))
        before = cumulative
    return tuple(invoices)


def _deja(invoices: tuple[Facture, ...]) -> str:
    return ", ".join(f"{montant(f.montant)} ({f.nature})" for f in invoices)


def _montant_mission(valide: DossierValide, a: _Agent) -> tuple[Decimal | None, str]:
    """The whole bilan's amount (None: not known yet) and its basis of calculation, in words."""
    tarif = valide.profil.offre.tarif
    if isinstance(tarif, TarifForfait):
        status = a.employeur.statut
        amount = getattr(tarif.montants, status)
        return amount, f"Forfait par agent, employeur {vocabulaire.STATUTS_EMPLOYEUR[status]} : {montant(amount)}"
    billed = a.agent.heures_realisees if a.agent.heures_realisees is not None else a.agent.heures
    if billed is None:
        return None, f"Taux horaire de {montant(tarif.taux)}, heures à indiquer"
    amount = (tarif.taux * Decimal(billed) / 60).quantize(CENTIME, ROUND_HALF_UP)
    kind = "réalisées" if a.agent.heures_realisees is not None else "estimées"
    return amount, f"{heures(billed)} {kind} × {montant(tarif.taux)} de l'heure = {montant(amount)}"


def _exiger(valide: DossierValide, a: _Agent, cle: str, pour: str) -> Decimal:
    """The amount an invoice is computed on: the flat fee, or the agent's hours `cle` x the rate.

    `heures` (the estimate, the proposal's amount) for a pro rata or a fee due in full, `heures_realisees`
    at the end. Missing hours are an error of the agent's line (0 stands in for the amount meanwhile).
    """
    tarif = valide.profil.offre.tarif
    if isinstance(tarif, TarifForfait):
        return getattr(tarif.montants, a.employeur.statut)
    billed = getattr(a.agent, cle)
    if billed is not None:
        return (tarif.taux * Decimal(billed) / 60).quantize(CENTIME, ROUND_HALF_UP)
    kind = "réellement réalisées" if cle == "heures_realisees" else "estimées"
    arbre = charger_dossier(valide.fichier)  # read again for the line of the agent (only on this error)
    a.problemes.append(
        probleme(
            arbre,
            a.chemin,
            f"{pour} {de(a.agent.nom_complet)} se calcule sur ses heures {kind}, qui ne sont pas indiquées",
            f"ajoutez par exemple « {cle}: {tarif.heures_max // 60}h » "
            f"(entre {heures(tarif.heures_min)} et {heures(tarif.heures_max)})",
        )
    )
    return Decimal(0)


def employeurs_factures(etat: EtatDeFacturation) -> list[Employeur]:
    """The employers of the session that have agents, in the dossier's order."""
    dossier = etat.valide.dossier
    return [e for e in dossier.liste_employeurs if agents_de(dossier, e)]
