"""`bilan-annuel`: a year of the sessions of an output folder, added up (the CDG31 deliberation's review).

A session is found by its manifest (`<sortie>/<session>/manifeste.json`); its agents, employers,
hours and amounts come from the record its invoicing statement wrote (`etat-de-facturation.json`),
checked against the manifest's hash. An agent counts in a year when one of its appointments falls
in it, in the month of its first appointment that year; its hours are the appointments of that
year; the amounts are the invoices of that fiscal year.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

from generator import output, vocabulaire
from generator.errors import ErreurUtilisateur, Probleme
from generator.etat_facturation import FICHIER_RELEVE, FORMAT_RELEVE
from generator.render.filters import heures, montant

MOIS = ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc.")
STATUTS = tuple(vocabulaire.STATUTS_EMPLOYEUR)
LIBELLES_STATUTS = {"affilie": "affilié", "adherent": "adhérent", "non_affilie": "non affilié"}
COULEURS = {"affilie": "1F4E78", "adherent": "C55A11", "non_affilie": "548235"}


@dataclass(frozen=True)
class SessionDuBilan:
    """One session's share of the year."""

    reference: str
    intitule: str
    cdg: str
    agents: int
    employeurs: int
    minutes: int
    montant: Decimal
    au: str  # the date of the statement the figures come from


@dataclass
class Bilan:
    """The year's figures, and the sessions that could not be counted (warnings)."""

    annee: int
    sessions: list[SessionDuBilan] = field(default_factory=list)
    employeurs: dict[str, set[str]] = field(default_factory=lambda: {s: set() for s in STATUTS})  # status -> SIRETs
    par_mois: list[dict[str, int]] = field(default_factory=lambda: [dict.fromkeys(STATUTS, 0) for _ in MOIS])
    avertissements: list[Probleme] = field(default_factory=list)

    @property
    def agents(self) -> int:
        """Agents of the year (an agent of two sessions counts twice: two bilans)."""
        return sum(s.agents for s in self.sessions)

    @property
    def minutes(self) -> int:
        """Hours of appointments held in the year."""
        return sum(s.minutes for s in self.sessions)

    @property
    def montant(self) -> Decimal:
        """Invoices of the fiscal year."""
        return sum((s.montant for s in self.sessions), Decimal(0))

    def nombre_employeurs(self) -> int:
        """Distinct employers (by SIRET) with agents in the year."""
        return len(set().union(*self.employeurs.values()))

    def lignes(self) -> list[str]:
        """The review as the command prints it."""
        statuses = ", ".join(f"{LIBELLES_STATUTS[s]} : {len(self.employeurs[s])}" for s in STATUTS)
        lines = [
            f"Bilan de l'année {self.annee} : {_n(len(self.sessions), 'session')}, {_n(self.agents, 'agent')}, "
            f"{_n(self.nombre_employeurs(), 'employeur')} ({statuses}), {_h(self.minutes)}"
            f" de rendez-vous, {montant(self.montant)} facturés sur l'exercice.",
        ]
        for s in self.sessions:
            lines.append(
                f"  {s.reference} ({s.cdg}) : {_n(s.agents, 'agent')}, {_n(s.employeurs, 'employeur')}, "
                f"{_h(s.minutes)}, {montant(s.montant)} (état au {s.au})"
            )
        return lines


def _h(minutes: int) -> str:
    return heures(minutes) if minutes else "0 h"


def _n(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count > 1 else ''}"


def bilan(sortie: Path, annee: int) -> Bilan:
    """Read every session of `sortie` and add up `annee`; a session without a usable statement is a warning."""
    if not sortie.is_dir():
        raise ErreurUtilisateur(
            f"{sortie} n'est pas un dossier ; indiquez le dossier de sortie des sessions, par exemple sortie."
        )
    review = Bilan(annee)
    folders = sorted(p.parent for p in sortie.glob(f"*/{output.MANIFESTE}"))
    if not folders:
        raise ErreurUtilisateur(
            f"{sortie} ne contient aucune session (aucun {output.MANIFESTE} dans ses sous-dossiers) ; indiquez le "
            "dossier donné à --sortie lors de la génération."
        )
    for folder in folders:
        record = _releve(folder, review)
        if record is None:
            continue
        try:
            _ajouter(review, record)
        except (KeyError, TypeError, ValueError, ArithmeticError):
            review.avertissements.append(
                _avertissement(
                    f"le fichier {folder.name}/{FICHIER_RELEVE} est illisible (écrit par une autre version du "
                    "générateur ?) : la session n'est pas comptée",
                    "relancez python -m generator facturation pour la session, puis le bilan",
                )
            )
    return review


def _releve(folder: Path, review: Bilan) -> dict | None:
    """The session's invoicing record, if it is there and as written; else a warning and None."""
    reference, entries = output.lire_manifeste(folder)
    entry = entries.get(FICHIER_RELEVE)
    path = folder / FICHIER_RELEVE
    if entry is None or not path.is_file():
        review.avertissements.append(
            _avertissement(
                f"la session « {reference} » ({folder.name}) n'a pas d'état de facturation : elle n'est pas comptée",
                "lancez python -m generator facturation avec son dossier et la même --sortie, puis relancez le bilan",
            )
        )
        return None
    content = path.read_bytes()
    try:
        record = json.loads(content)
        readable = output.empreinte(content) == entry.sha256 and record.get("format") == FORMAT_RELEVE
    except (ValueError, AttributeError):
        readable = False
    if not readable:
        review.avertissements.append(
            _avertissement(
                f"le fichier {folder.name}/{FICHIER_RELEVE} a été modifié depuis son écriture : "
                f"la session « {reference} » n'est pas comptée",
                "relancez python -m generator facturation pour la session, puis le bilan",
            )
        )
        return None
    return record


def _ajouter(review: Bilan, record: dict) -> None:
    """Add one session's agents of the year to the review."""
    year, agents, employers, minutes, amount = review.annee, 0, set(), 0, Decimal(0)
    for agent in record["agents"]:
        own = {int(y): m for y, m in agent["minutes_par_annee"].items()}
        invoiced = sum((Decimal(f["montant"]) for f in agent["factures"] if f["exercice"] == year), Decimal(0))
        if year not in own and not invoiced:
            continue
        agents += 1
        employers.add(agent["siret"])
        review.employeurs[agent["statut_employeur"]].add(agent["siret"])
        minutes += own.get(year, 0)
        amount += invoiced
        month = _premier_mois(agent, year)
        review.par_mois[month - 1][agent["statut_employeur"]] += 1
    if agents:
        au = date.fromisoformat(record["au"]).strftime("%d/%m/%Y")
        review.sessions.append(
            SessionDuBilan(
                record["session"], record["intitule"], record["cdg"], agents, len(employers), minutes, amount, au
            )
        )


def _premier_mois(agent: dict, year: int) -> int:
    """The month of the agent's first appointment in `year` (January when the bilan began the year before)."""
    start = date.fromisoformat(agent["debut"]) if agent["debut"] else date(year, 1, 1)
    return start.month if start.year == year else 1


def _avertissement(message: str, correction: str) -> Probleme:
    return Probleme(None, None, "", message, correction)


def _date_du_bilan(review: Bilan) -> datetime:
    """The review's files are dated 31 December of the year: the same sessions give the same bytes."""
    return datetime(review.annee, 12, 31, 12, 0, tzinfo=UTC)


def classeur_du_bilan(review: Bilan) -> bytes:
    """The review as a workbook: key figures, sessions, and agents per month and status with a bar chart."""
    from openpyxl import Workbook
    from openpyxl.chart import BarChart, Reference
    from openpyxl.styles import Font

    from generator.ecriture_classeur import ecrire_cellule, octets_du_classeur

    workbook = Workbook()
    summary = workbook.active
    summary.title = "Synthèse"
    rows = [
        ("Année", review.annee),
        ("Sessions", len(review.sessions)),
        ("Agents", review.agents),
        ("Employeurs", review.nombre_employeurs()),
        *((f"Employeurs {LIBELLES_STATUTS[s]}s", len(review.employeurs[s])) for s in STATUTS),
        ("Heures de rendez-vous", round(review.minutes / 60, 2)),
        ("Montant facturé sur l'exercice (€)", review.montant),
    ]
    _tableau(summary, ("Indicateur", "Valeur"), rows, ecrire_cellule, Font(bold=True))
    summary.column_dimensions["A"].width = 36
    sessions = workbook.create_sheet("Sessions")
    headers = ("Session", "Intitulé", "CDG", "Agents", "Employeurs", "Heures", "Montant (€)", "État au")
    session_rows = [
        (s.reference, s.intitule, s.cdg, s.agents, s.employeurs, round(s.minutes / 60, 2), s.montant, s.au)
        for s in review.sessions
    ]
    _tableau(sessions, headers, session_rows, ecrire_cellule, Font(bold=True))
    for letter, width in zip("ABCDEFGH", (18, 36, 8, 8, 11, 9, 13, 11), strict=True):
        sessions.column_dimensions[letter].width = width
    months = workbook.create_sheet("Agents par mois")
    month_rows = [(MOIS[i], *(review.par_mois[i][s] for s in STATUTS)) for i in range(12)]
    _tableau(months, ("Mois", *(LIBELLES_STATUTS[s] for s in STATUTS)), month_rows, ecrire_cellule, Font(bold=True))
    chart = BarChart()
    chart.type, chart.grouping, chart.overlap = "col", "stacked", 100
    chart.title = f"Agents par mois et statut de l'employeur ({review.annee})"
    chart.y_axis.title, chart.x_axis.title = "Agents", "Mois du premier rendez-vous"
    chart.add_data(Reference(months, min_col=2, max_col=1 + len(STATUTS), min_row=1, max_row=13), titles_from_data=True)
    chart.set_categories(Reference(months, min_col=1, min_row=2, max_row=13))
    for series, status in zip(chart.series, STATUTS, strict=True):
        series.graphicalProperties.solidFill = COULEURS[status]
    chart.width, chart.height = 18, 9
    months.add_chart(chart, "F2")
    return octets_du_classeur(workbook, _date_du_bilan(review).replace(tzinfo=None))


def _tableau(sheet, headers: tuple, rows: list[tuple], ecrire, bold) -> None:
    for index, header in enumerate(headers, start=1):
        ecrire(sheet.cell(1, index), header)
        sheet.cell(1, index).font = bold
    for number, row in enumerate(rows, start=2):
        for index, value in enumerate(row, start=1):
            ecrire(sheet.cell(number, index), value)


def graphique_svg(review: Bilan, largeur: int = 640, hauteur: int = 260) -> dict:
    """The bars of the chart of agents per month and status, as SVG geometry for the PDF's template."""
    left, bottom, top = 40, 30, 10
    plot = hauteur - bottom - top
    peak = max([sum(m.values()) for m in review.par_mois] + [1])
    step = max(1, -(-peak // 5))  # about five gridlines
    scale = plot / (step * -(-peak // step))
    slot = (largeur - left) / 12
    bars = []
    for index, month in enumerate(review.par_mois):
        y = hauteur - bottom
        for status in STATUTS:
            size = month[status] * scale
            if size:
                y -= size
                bars.append(
                    {
                        "x": round(left + index * slot + slot * 0.15, 1),
                        "y": round(y, 1),
                        "l": round(slot * 0.7, 1),
                        "h": round(size, 1),
                        "couleur": COULEURS[status],
                        "titre": f"{MOIS[index]} : {month[status]} ({LIBELLES_STATUTS[status]})",
                    }
                )
    grid = [
        {"y": round(hauteur - bottom - v * scale, 1), "valeur": v} for v in range(0, step * -(-peak // step) + 1, step)
    ]
    labels = [{"x": round(left + i * slot + slot / 2, 1), "texte": MOIS[i]} for i in range(12)]
    legend = [{"couleur": COULEURS[s], "texte": LIBELLES_STATUTS[s]} for s in STATUTS]
    return {
        "largeur": largeur,
        "hauteur": hauteur,
        "gauche": left,
        "bas": hauteur - bottom,
        "barres": bars,
        "grille": grid,
        "mois": labels,
        "legende": legend,
    }


def pdf_du_bilan(review: Bilan) -> bytes:
    """The review as a PDF: key figures, the chart (SVG drawn in the HTML), the sessions."""
    import os

    from weasyprint import HTML

    from generator.render import environment
    from generator.render.pdf import feuille_de_style
    from generator.render.typographie import typographie_html

    stamp = _date_du_bilan(review)
    template = environment.environnement("html").get_template("bilan_annuel.html.j2")
    source = typographie_html(
        template.render(
            bilan=review,
            statuts=[(LIBELLES_STATUTS[s], len(review.employeurs[s])) for s in STATUTS],
            graphique=graphique_svg(review),
            metadonnees={"titre": f"Bilan annuel {review.annee}", "auteur": "Générateur BPP", "date": stamp},
        )
    )
    os.environ["SOURCE_DATE_EPOCH"] = str(int(stamp.timestamp()))
    return HTML(string=source, base_url=str(environment.GABARITS)).write_pdf(stylesheets=[feuille_de_style()])


def ecrire_bilan(review: Bilan, sortie: Path, forcer: bool = False) -> list[tuple[Path, str, str]]:
    """Write `bilan-annuel-<année>.xlsx` and `.pdf` at the root of `sortie` (both rendered first)."""
    name = f"bilan-annuel-{review.annee}"
    files = [(f"{name}.xlsx", classeur_du_bilan(review)), (f"{name}.pdf", pdf_du_bilan(review))]
    return output.ecrire_rapports(sortie, files, forcer)
