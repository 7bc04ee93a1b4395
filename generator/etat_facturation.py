"""The invoicing statement as files: a CSV to import, a workbook for the finance service, a record for the review.

Every cell of user data stays data (`cellule_sure` in the CSV, string cells in the workbook), and the
bytes depend only on the statement (its date pins the workbook's properties).
"""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from decimal import Decimal

from generator.cellules import cellule_sure
from generator.facturation import EtatDeFacturation, LigneFacturation

FICHIER_CSV = "etat-de-facturation.csv"
FICHIER_XLSX = "etat-de-facturation.xlsx"
FICHIER_RELEVE = "etat-de-facturation.json"  # what `bilan-annuel` reads back
FORMAT_RELEVE = "etat-de-facturation-bpp"

# Column key (the CSV's header, as an import maps it) and the workbook's header.
COLONNES = (
    ("session", "Session"),
    ("exercice", "Exercice"),
    ("employeur", "Employeur"),
    ("siret", "SIRET"),
    ("code_service", "Code service (Chorus Pro)"),
    ("engagement_juridique", "Engagement juridique (Chorus Pro)"),
    ("agent", "Agent"),
    ("nature", "Nature de la prestation"),
    ("fondement", "Fondement"),
    ("base_de_calcul", "Base de calcul"),
    ("echeance", "Échéance"),
    ("motif", "Motif"),
    ("montant", "Montant (€)"),
)
_LARGEURS = {"employeur": 30, "agent": 24, "nature": 34, "fondement": 40, "base_de_calcul": 40, "motif": 50}


def _valeurs(etat: EtatDeFacturation, line: LigneFacturation) -> dict[str, object]:
    """One row's values, typed: texts, the fiscal year as a number, the due day as a date, the amount."""
    facture = line.facture
    employer = line.employeur
    return {
        "session": etat.valide.dossier.session.reference,
        "exercice": line.exercice,
        "employeur": employer.denomination,
        "siret": employer.siret,
        "code_service": employer.code_service or "",
        "engagement_juridique": employer.engagement_juridique or "",
        "agent": line.agent.nom_complet,
        "nature": f"{etat.nature} - {facture.nature}" if facture else etat.nature,
        "fondement": etat.fondement,
        "base_de_calcul": line.base,
        "echeance": facture.echeance if facture else None,
        "motif": line.motif,
        "montant": line.montant,
    }


def csv_de_facturation(etat: EtatDeFacturation) -> bytes:
    """Semicolons, UTF-8 with BOM, one row per agent and no total row; amounts `1310,00` (euros)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([key for key, _ in COLONNES])
    for line in etat.lignes:
        writer.writerow(_cellule_csv(value) for value in _valeurs(etat, line).values())
    return buffer.getvalue().encode("utf-8-sig")


def _cellule_csv(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:.2f}".replace(".", ",")  # the decimal comma a French spreadsheet reads as a number
    if isinstance(value, int):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()  # type: ignore[union-attr]
    return cellule_sure(str(value))


def classeur_de_facturation(etat: EtatDeFacturation) -> bytes:
    """The workbook: one row per agent, values only (no formula), amounts in a euro format."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from generator.dossier.disposition import lettre
    from generator.ecriture_classeur import ecrire_cellule, octets_du_classeur

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "État de facturation"
    for index, (key, header) in enumerate(COLONNES, start=1):
        cell = sheet.cell(1, index)
        ecrire_cellule(cell, header)
        cell.font = Font(bold=True)
        sheet.column_dimensions[lettre(index - 1)].width = _LARGEURS.get(key, 16)
    for number, line in enumerate(etat.lignes, start=2):
        for index, (key, value) in enumerate(_valeurs(etat, line).items(), start=1):
            cell = sheet.cell(number, index)
            ecrire_cellule(cell, value)
            if key == "montant":
                cell.number_format = "#,##0.00 €"
            elif key == "echeance" and value is not None:
                cell.number_format = "DD/MM/YYYY"
            elif key in ("siret", "code_service", "engagement_juridique"):
                cell.number_format = "@"
    sheet.freeze_panes = "A2"
    stamp = datetime(etat.au.year, etat.au.month, etat.au.day)
    return octets_du_classeur(workbook, stamp)


def releve_de_facturation(etat: EtatDeFacturation) -> bytes:
    """The statement as data (`etat-de-facturation.json`): what the yearly review adds up."""
    dossier = etat.valide.dossier
    agents = []
    for line in etat.lignes:
        agents.append(
            {
                "agent": line.agent.nom_complet,
                "employeur": line.employeur.id,
                "denomination": line.employeur.denomination,
                "siret": line.employeur.siret,
                "statut_employeur": line.employeur.statut,
                "debut": line.debut.isoformat() if line.debut else None,
                "fin": line.fin.isoformat() if line.fin else None,
                "minutes_rendez_vous": line.minutes_rendez_vous,
                "minutes_tenues": line.minutes_tenues,
                "minutes_par_annee": {str(year): minutes for year, minutes in line.minutes_par_annee},
                "montant_mission": None if line.montant_mission is None else str(line.montant_mission),
                "factures": [
                    {
                        "exercice": f.exercice,
                        "echeance": f.echeance.isoformat(),
                        "nature": f.nature,
                        "montant": str(f.montant),
                    }
                    for f in line.factures
                ],
            }
        )
    content = {
        "format": FORMAT_RELEVE,
        "version": 1,
        "session": dossier.session.reference,
        "intitule": dossier.session.intitule,
        "cdg": etat.valide.profil.id,
        "au": etat.au.isoformat(),
        "agents": agents,
    }
    return (json.dumps(content, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
