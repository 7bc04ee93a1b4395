"""The dossier workbook written with openpyxl: blank to fill, or filled from a valid dossier.

Its layout is `generator.dossier.disposition`'s, read back by `generator.dossier.classeur`. Every
text cell is stored as a string (never a formula), with Excel's quote prefix when it starts like one,
so that user data never runs and reads back as it was. The bytes depend only on the content: fixed
properties, fixed ZIP dates and order.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from datetime import date, datetime

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from generator.cellules import DEBUTS_DE_FORMULE
from generator.dossier.disposition import (
    CHOIX,
    DATE,
    DATE_HEURE,
    DUREE,
    EMPLOYEURS,
    ENTIER,
    FEUILLES,
    LIGNE_CONSIGNES,
    LIGNE_EN_TETES,
    LISTE_CDG,
    LISTE_EMPLOYEURS,
    NON,
    OUI,
    OUI_NON,
    PREMIERE_LIGNE,
    Colonne,
    Feuille,
    lettre,
    libelle_choix,
)
from generator.dossier.model import Dossier
from generator.render.archives import zip_stable

LISTES = "Listes"  # the hidden sheet that holds the dropdowns' words
LIGNES_A_REMPLIR = 500  # rows that get the dropdowns and formats of the model
DATE_DU_MODELE = datetime(2026, 1, 1)  # the blank model's fixed date (no clock in the bytes)

_FORMATS = {DATE: "DD/MM/YYYY", DATE_HEURE: "DD/MM/YYYY HH:MM", ENTIER: "0"}
_TEXTE = "@"  # every other column is text: a SIRET or a phone number keeps its digits and zeros
_EN_TETE = Font(bold=True, color="FFFFFF")
_FOND_EN_TETE = PatternFill("solid", fgColor="1F4E78")
_CONSIGNE = Font(italic=True, color="595959", size=9)


def classeur_vierge(profils: list[str]) -> bytes:
    """The blank workbook: headers, instructions, dropdowns and formats, no data."""
    return _classeur({}, profils, DATE_DU_MODELE)


def classeur_rempli(dossier: Dossier, profils: list[str]) -> bytes:
    """The workbook holding `dossier`, dated from its session's sending date."""
    sent = dossier.session.date_envoi
    return _classeur(_lignes(dossier), profils, datetime(sent.year, sent.month, sent.day))


def _classeur(lignes: dict[str, list[dict]], profils: list[str], horodatage: datetime) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    listes = _feuille_des_listes(workbook, profils)
    for feuille in FEUILLES:
        sheet = workbook.create_sheet(feuille.nom)
        _en_tetes(sheet, feuille)
        for number, values in enumerate(lignes.get(feuille.nom, []), start=PREMIERE_LIGNE):
            for index, colonne in enumerate(feuille.colonnes, start=1):
                _ecrire(sheet.cell(number, index), values.get(colonne.chemin), colonne)
        _listes_deroulantes(sheet, feuille, listes)
    workbook.move_sheet(LISTES, offset=len(FEUILLES))
    workbook.active = 0
    return _octets(workbook, horodatage)


def _en_tetes(sheet: Worksheet, feuille: Feuille) -> None:
    for index, colonne in enumerate(feuille.colonnes, start=1):
        header = sheet.cell(LIGNE_EN_TETES, index)
        _ecrire(header, colonne.libelle)
        header.font, header.fill = _EN_TETE, _FOND_EN_TETE
        header.alignment = Alignment(vertical="center", wrap_text=True)
        instruction = sheet.cell(LIGNE_CONSIGNES, index)
        _ecrire(instruction, colonne.consigne)
        instruction.font, instruction.alignment = _CONSIGNE, Alignment(vertical="top", wrap_text=True)
        dimension = sheet.column_dimensions[lettre(index - 1)]
        dimension.width = colonne.largeur
        dimension.number_format = _FORMATS.get(colonne.sorte, _TEXTE)  # the column's empty cells too
    sheet.row_dimensions[LIGNE_CONSIGNES].height = 30
    sheet.freeze_panes = sheet.cell(PREMIERE_LIGNE, 1)


def _feuille_des_listes(workbook: Workbook, profils: list[str]) -> dict[str, str]:
    """One column of words per dropdown on a hidden sheet: a range has no length limit, an inline list has."""
    sheet = workbook.create_sheet(LISTES)
    sheet.sheet_state = "hidden"
    ranges: dict[str, str] = {}
    words: dict[str, tuple[str, list[str]]] = {LISTE_CDG: ("CDG", profils)}
    for feuille in FEUILLES:
        for colonne in feuille.colonnes:
            if colonne.sorte in (CHOIX, OUI_NON):
                words.setdefault(_nom_de_liste(colonne), (colonne.libelle, colonne.choix))
    for index, (name, (title, values)) in enumerate(words.items(), start=1):
        _ecrire(sheet.cell(1, index), title)
        for number, value in enumerate(values, start=2):
            _ecrire(sheet.cell(number, index), value)
        column = lettre(index - 1)
        ranges[name] = f"{LISTES}!${column}$2:${column}${max(len(values), 1) + 1}"
    return ranges


def _nom_de_liste(colonne: Colonne) -> str:
    return colonne.liste or "\n".join(colonne.choix)  # columns with the same words share one list


def _listes_deroulantes(sheet: Worksheet, feuille: Feuille, listes: dict[str, str]) -> None:
    for index, colonne in enumerate(feuille.colonnes):
        if colonne.liste == LISTE_EMPLOYEURS:
            column = lettre(next(i for i, c in enumerate(EMPLOYEURS.colonnes) if c.chemin == ("id",)))
            source = f"Employeurs!${column}${PREMIERE_LIGNE}:${column}${PREMIERE_LIGNE + LIGNES_A_REMPLIR - 1}"
        elif colonne.liste or colonne.sorte in (CHOIX, OUI_NON):
            source = listes[_nom_de_liste(colonne)]
        else:
            continue
        # A warning, not a refusal: the reader accepts other spellings (capitals, accents) than the list's.
        validation = DataValidation(
            type="list",
            formula1=source,
            allow_blank=True,
            showErrorMessage=True,
            showInputMessage=True,
            errorStyle="warning",
            errorTitle="Valeur hors de la liste",
            error="Choisissez une valeur de la liste déroulante.",
            promptTitle=colonne.libelle[:32],
            prompt=colonne.consigne[:255],
        )
        letter = lettre(index)
        validation.add(f"{letter}{PREMIERE_LIGNE}:{letter}{PREMIERE_LIGNE + LIGNES_A_REMPLIR - 1}")
        sheet.add_data_validation(validation)


def _ecrire(cell: Cell, value: object, colonne: Colonne | None = None) -> None:
    """One cell: a text stays a string (never a formula), a date a date cell with its format."""
    if value is None:
        return
    if isinstance(value, str):
        cell.value = value
        cell.data_type = "s"  # openpyxl takes a string starting with "=" for a formula
        if value.startswith(DEBUTS_DE_FORMULE):
            cell.quotePrefix = True  # as Excel stores a typed '=…: text, even when the cell is edited again
    else:
        cell.value = value
    if colonne is not None:
        cell.number_format = _FORMATS.get(colonne.sorte, _TEXTE)


def _lignes(dossier: Dossier) -> dict[str, list[dict]]:
    """The rows of each sheet: column path -> the value to write (text, date, number)."""
    dumped = dossier.model_dump()
    session = {"cdg": dumped["cdg"], "session": dumped["session"]}
    agents = [a.model_dump() for a in dossier.liste_agents]
    rows = {
        "Session": [session],
        "Séances": dumped["session"]["seances"],
        "Employeurs": [e.model_dump() for e in dossier.liste_employeurs],
        "Agents": agents,
        "Entretiens": [
            {"nom": a["nom"], "prenom": a["prenom"], "id": a["id"], **e} for a in agents for e in a["entretiens"]
        ],
    }
    return {feuille.nom: [dict(_valeurs(feuille, row)) for row in rows[feuille.nom]] for feuille in FEUILLES}


def _valeurs(feuille: Feuille, row: dict) -> Iterator[tuple[tuple[str, ...], object]]:
    for colonne in feuille.colonnes:
        value: object = row
        for key in colonne.chemin:
            value = value.get(key) if isinstance(value, dict) else None
        yield colonne.chemin, _valeur(value, colonne)


def _valeur(value: object, colonne: Colonne) -> object:
    """A typed value of the model as the workbook shows it: `non_affilie` -> `Non affilié`, 150 min -> `2h30`."""
    if value is None:
        return None
    if colonne.sorte == CHOIX:
        return libelle_choix(str(value))
    if colonne.sorte == OUI_NON:
        return OUI if value else NON
    if colonne.sorte == DUREE:
        hours, minutes = divmod(int(value), 60)
        return f"{hours}h{minutes:02d}" if minutes else f"{hours}h"
    if isinstance(value, datetime | date | int):
        return value
    if isinstance(value, list):  # the parts of a synthesis: `Lancement, Plan d'action`
        return ", ".join(libelle_choix(str(item)) for item in value)
    return str(value)


def _octets(workbook: Workbook, horodatage: datetime) -> bytes:
    """Save without the clock: openpyxl's `save` stamps the current time, its writer does not."""
    workbook.properties.created = workbook.properties.modified = horodatage
    workbook.properties.creator = "generateur-bpp"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).write_data()
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as written:
        entries = [(name, written.read(name)) for name in written.namelist()]
    return zip_stable(entries, horodatage, zipfile.ZIP_DEFLATED)


def ecrire_cellule(cell: Cell, value: object) -> None:
    """One cell of any workbook we write: a text stays a string, never a formula (see `_ecrire`)."""
    _ecrire(cell, value)


def octets_du_classeur(workbook: Workbook, horodatage: datetime) -> bytes:
    """The bytes of any workbook we write, dated `horodatage` and byte-identical for the same content."""
    return _octets(workbook, horodatage)
