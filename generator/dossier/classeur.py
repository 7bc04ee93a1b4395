"""A dossier workbook (.xlsx, .ods) read into the same tree as a YAML dossier, with the cell of every value.

python-calamine reads both formats. Each cell becomes the text a YAML dossier would hold (a date
cell `03/02/2026`, a time cell `2h30`, a SIRET typed as a number its digits), so that the model
and the rules validate a workbook exactly as they validate YAML, and the same data gives the same
documents. Problems name the sheet, the row and the column as the spreadsheet shows them.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path

import python_calamine

from generator import vocabulaire
from generator.dossier.disposition import (
    DATE,
    DUREE,
    ENTRETIENS,
    FEUILLES,
    NON,
    OUI,
    OUI_NON,
    SESSION,
    Colonne,
    Feuille,
    lettre,
    libelle_choix,
)
from generator.dossier.loading import Arbre, Chemin, caractere_interdit, decrire_caractere, nature_speciale
from generator.errors import DossierInvalide, Probleme

_LIGNES_OU_CHERCHER_LES_EN_TETES = 20
# Far beyond any session (a 200-agent cohort fills about 400 rows), and small enough that a hostile file
# cannot make the reading slow or big.
TAILLE_MAX = 20 * 1024 * 1024
LIGNES_MAX, COLONNES_MAX = 5000, 200
_MODELE = "python -m generator classeur MODELE.xlsx"


@dataclass(frozen=True)
class Cellule:
    """Where a value of the dossier sits: a sheet, a row, and a column (none for a whole row or sheet)."""

    feuille: Feuille
    rang: int  # the sheet's place among FEUILLES, from 1
    ligne: int | None
    colonne: Colonne | None = None
    lettre: str = ""


@dataclass
class Classeur(Arbre):
    """A workbook read as a dossier tree: every value knows its cell."""

    cellules: dict[Chemin, Cellule] = field(default_factory=dict)

    def _cellule(self, chemin: Chemin) -> Cellule | None:
        chemin = tuple(chemin)
        while chemin:
            if chemin in self.cellules:
                return self.cellules[chemin]
            chemin = chemin[:-1]
        return self.cellules.get(())

    def probleme(self, chemin: Chemin, message: str, correction: str) -> Probleme:
        """A problem at the cell of `chemin`, in the words of the workbook (columns, not YAML keys)."""
        cell = self._cellule(chemin)
        if cell is None:
            return Probleme(self.fichier, None, "", message, correction)
        return _probleme(self.fichier, cell, message, correction)

    def lieu(self, chemin: Chemin) -> str:
        """`feuille Agents, ligne 8`."""
        cell = self._cellule(chemin)
        if cell is None or cell.ligne is None:
            return f"feuille {cell.feuille.nom}" if cell else self.fichier.name
        return f"feuille {cell.feuille.nom}, ligne {cell.ligne}"


def _probleme(fichier: Path, cell: Cellule, message: str, correction: str) -> Probleme:
    champ = f"colonne {cell.lettre}" if cell.lettre else ""
    if cell.colonne is not None:
        champ += f" ({cell.colonne.libelle})"
    return Probleme(
        fichier,
        cell.ligne,
        champ,
        _en_mots_du_classeur(message, cell),
        _en_mots_du_classeur(correction, cell),
        feuille=cell.feuille.nom,
        rang=cell.rang,
    )


def charger_classeur(fichier: Path) -> Classeur:
    """Read a workbook as a dossier; raise `DossierInvalide` if its sheets or headers are not those of the model.

    Problems of the values themselves (an empty required cell, a wrong date) are left to the
    validation, which reports them with the rest.
    """
    classeur = Classeur(fichier, {})
    lecture = _Lecture(classeur, _ouvrir(fichier))
    tables = lecture.tables()
    if lecture.refus:
        raise DossierInvalide(sorted(lecture.refus, key=lambda p: p.cle_de_tri))
    for table in tables:
        lecture.ranger(table)
    return classeur


def _ouvrir(fichier: Path) -> python_calamine.CalamineWorkbook:
    def refus(message: str, correction: str) -> DossierInvalide:
        return DossierInvalide([Probleme(fichier, None, "", message, correction)])

    if fichier.is_dir():
        raise refus("c'est un dossier, pas un fichier", "indiquez un classeur .xlsx ou .ods")
    if not fichier.exists():
        raise refus("le fichier n'existe pas", "vérifiez son chemin")
    special = nature_speciale(fichier.stat().st_mode)
    if special is not None:  # a pipe would be read forever
        raise refus(
            f"ce n'est pas un fichier mais {special}, qui ne se lit pas comme un classeur", "indiquez le classeur"
        )
    if fichier.stat().st_size > TAILLE_MAX:
        raise refus(
            f"le classeur pèse plus de {TAILLE_MAX // (1024 * 1024)} Mo, bien plus qu'une session",
            "gardez dans ce classeur les seules feuilles du modèle, sans images",
        )
    try:
        return python_calamine.CalamineWorkbook.from_path(str(fichier))
    except python_calamine.PasswordError:
        raise refus(
            "le classeur est protégé par un mot de passe", "enregistrez-en une copie sans mot de passe"
        ) from None
    except (OSError, python_calamine.CalamineError):
        raise refus(
            f"le fichier n'est pas un classeur {fichier.suffix.lower()} lisible",
            f"enregistrez-le depuis Excel ou LibreOffice au format {fichier.suffix.lower()}, ou repartez du "
            f"classeur modèle ({_MODELE})",
        ) from None


@dataclass
class _Table:
    """The rows of one sheet that hold items, with the column of each header."""

    feuille: Feuille
    rang: int
    colonnes: dict[int, Colonne]  # index of the column -> its meaning
    lignes: list[tuple[int, list]]  # (row number as shown, cells)


class _Lecture:
    """One reading of a workbook: the tables of its sheets, then the tree, collecting every problem."""

    def __init__(self, classeur: Classeur, workbook: python_calamine.CalamineWorkbook) -> None:
        self.classeur = classeur
        self.workbook = workbook
        self.refus: list[Probleme] = []  # the workbook is not laid out as the model: nothing else is read

    def _signaler(self, cible: list[Probleme], feuille: Feuille, rang: int, ligne: int | None, *texte: str) -> None:
        cible.append(_probleme(self.classeur.fichier, Cellule(feuille, rang, ligne), *texte))

    def tables(self) -> list[_Table]:
        names = {vocabulaire.normaliser(name): name for name in self.workbook.sheet_names}
        found = []
        for rang, feuille in enumerate(FEUILLES, start=1):
            name = names.get(vocabulaire.normaliser(feuille.nom))
            if name is None:
                if feuille.obligatoire:
                    self._feuille_manquante(feuille, rang, list(names.values()))
                continue
            sheet = self.workbook.get_sheet_by_name(name)
            last_row, last_column = sheet.end or (0, 0)  # counted from 0, from the sheet's first cell
            if last_row >= LIGNES_MAX or last_column >= COLONNES_MAX:
                self._signaler(
                    self.refus,
                    feuille,
                    rang,
                    None,
                    f"la feuille va jusqu'à la ligne {last_row + 1} et la colonne {lettre(last_column)}, bien "
                    f"au-delà d'une session (au plus {LIGNES_MAX} lignes et {COLONNES_MAX} colonnes)",
                    "effacez les cellules remplies loin de la liste",
                )
                continue
            table = self._table(feuille, rang, sheet.to_python(skip_empty_area=False))
            if table is not None:
                found.append(table)
        return found

    def _feuille_manquante(self, feuille: Feuille, rang: int, names: list[str]) -> None:
        close = difflib.get_close_matches(feuille.nom, names, n=1, cutoff=0.6)
        hint = (
            f"renommez la feuille « {close[0]} » en « {feuille.nom} »"
            if close
            else f"repartez du classeur modèle ({_MODELE})"
        )
        self.refus.append(
            Probleme(self.classeur.fichier, None, "", f"la feuille « {feuille.nom} » manque", hint, rang=rang)
        )

    def _table(self, feuille: Feuille, rang: int, rows: list[list]) -> _Table | None:
        header = _ligne_des_en_tetes(feuille, rows)
        if header is None:
            labels = ", ".join(c.libelle for c in feuille.colonnes if c.obligatoire)
            self._signaler(
                self.refus,
                feuille,
                rang,
                None,
                f"aucune ligne d'en-têtes n'est reconnue ({labels}…)",
                f"écrivez les en-têtes du classeur modèle en ligne 1 ({_MODELE})",
            )
            return None
        colonnes = self._colonnes(feuille, rang, header + 1, rows[header])
        if colonnes is None:
            return None
        start = header + 1
        if start < len(rows) and _est_la_ligne_des_consignes(rows[start], colonnes):
            start += 1
        lignes = self._lignes(feuille, rang, colonnes, rows, start)
        self._nombre_de_lignes(feuille, rang, lignes, start + 1)
        return _Table(feuille, rang, colonnes, lignes)

    def _colonnes(self, feuille: Feuille, rang: int, ligne: int, cells: list) -> dict[int, Colonne] | None:
        known = {}
        for colonne in feuille.colonnes:
            known[vocabulaire.normaliser(colonne.libelle)] = colonne
            known.setdefault(vocabulaire.normaliser("_".join(colonne.chemin)), colonne)  # the YAML key works too
        found: dict[int, Colonne] = {}
        unknown: list[tuple[int, str]] = []
        refused = len(self.refus)
        for index, cell in enumerate(cells):
            text = _texte(cell).strip()
            if not text:
                continue
            colonne = known.get(vocabulaire.normaliser(text))
            if colonne is None:
                unknown.append((index, text))
            elif colonne in found.values():
                first = next(i for i, c in found.items() if c == colonne)
                self.refus.append(
                    _probleme(
                        self.classeur.fichier,
                        Cellule(feuille, rang, ligne, None, lettre(index)),
                        f"l'en-tête « {colonne.libelle} » est déjà celui de la colonne {lettre(first)}",
                        "gardez une seule de ces deux colonnes",
                    )
                )
            else:
                found[index] = colonne
        suggested = self._en_tetes_inconnus(feuille, rang, ligne, unknown, known, found)
        for colonne in feuille.colonnes:
            if colonne.obligatoire and colonne not in found.values() and colonne not in suggested:
                self._signaler(
                    self.refus,
                    feuille,
                    rang,
                    ligne,
                    f"la colonne « {colonne.libelle} » manque",
                    "ajoutez une colonne avec cet en-tête, à côté des autres",
                )
        return found if len(self.refus) == refused and not suggested else None

    def _en_tetes_inconnus(
        self,
        feuille: Feuille,
        rang: int,
        ligne: int,
        unknown: list[tuple[int, str]],
        known: dict[str, Colonne],
        found: dict[int, Colonne],
    ) -> set[Colonne]:
        """A misspelt header gets a suggestion and stops the reading; another one is ignored, with a warning."""
        missing = {k: c for k, c in known.items() if c not in found.values()}
        suggested = set()
        for index, text in unknown:
            close = difflib.get_close_matches(vocabulaire.normaliser(text), list(missing), n=1, cutoff=0.75)
            cell = Cellule(feuille, rang, ligne, None, lettre(index))
            if close:
                colonne = missing[close[0]]
                suggested.add(colonne)
                self.refus.append(
                    _probleme(
                        self.classeur.fichier,
                        cell,
                        f"l'en-tête « {text} » n'est pas reconnu",
                        f"vouliez-vous dire « {colonne.libelle} » ?",
                    )
                )
            else:
                self.classeur.avertissements.append(
                    _probleme(
                        self.classeur.fichier,
                        cell,
                        f"l'en-tête « {text} » n'est pas une colonne du modèle, elle est ignorée",
                        "si elle devait compter, donnez-lui l'en-tête d'une colonne du classeur modèle",
                    )
                )
        return suggested

    def _lignes(
        self, feuille: Feuille, rang: int, colonnes: dict[int, Colonne], rows: list[list], start: int
    ) -> list[tuple[int, list]]:
        """The rows of items: empty rows are skipped; a table below the list, after an empty row, is left out."""
        filled = [(number, row) for number, row in enumerate(rows[start:], start=start + 1) if _remplie(row, colonnes)]
        like_items = [n for n, row in filled if _ressemble_a_un_element(row, colonnes, feuille)]
        if not like_items:
            return filled
        last = like_items[-1]
        kept = [(n, row) for n, row in filled if n <= last]
        following = [(n, row) for n, row in filled if n > last]
        contiguous = last
        for number, row in following:
            if number != contiguous + 1:
                break
            kept.append((number, row))
            contiguous = number
        left_out = [n for n, _ in following if n > contiguous]
        if left_out:
            one = len(left_out) == 1
            which = (
                f"cette ligne, séparée de la liste par une ligne vide, ne ressemble pas à un {feuille.element} et "
                "est ignorée"
                if one
                else f"les lignes {left_out[0]} à {left_out[-1]}, séparées de la liste par une ligne vide, ne "
                f"ressemblent pas à des {feuille.element}s et sont ignorées"
            )
            self._signaler(
                self.classeur.avertissements,
                feuille,
                rang,
                left_out[0],
                which,
                f"si {'elle fait' if one else 'elles font'} partie de la liste, complétez-{'la' if one else 'les'} "
                "et retirez la ligne vide qui les sépare",
            )
        return kept

    def _nombre_de_lignes(self, feuille: Feuille, rang: int, lignes: list[tuple[int, list]], first: int) -> None:
        if not lignes and feuille.obligatoire:
            self._signaler(
                self.refus,
                feuille,
                rang,
                None,
                "aucune ligne n'est remplie",
                f"à partir de la ligne {first}, remplissez une ligne par {feuille.element}"
                if not feuille.unique
                else f"décrivez la session en ligne {first}",
            )
        elif feuille.unique and len(lignes) > 1:
            self._signaler(
                self.refus,
                feuille,
                rang,
                lignes[1][0],
                f"la feuille décrit une seule session, et les lignes {lignes[0][0]} et {lignes[1][0]} sont remplies",
                "gardez une seule ligne (une autre session va dans un autre classeur)",
            )

    def ranger(self, table: _Table) -> None:
        """Put the rows of a sheet into the tree, each value with its cell."""
        data = self.classeur.donnees
        if table.feuille is SESSION:
            self._element(table, table.lignes[0], (), data)
            return
        if table.feuille is ENTRETIENS:
            self._entretiens(table)
            return
        parent = data
        for key in table.feuille.chemin[:-1]:
            parent = parent.setdefault(key, {})
        chemin = table.feuille.chemin
        self.classeur.cellules[chemin] = Cellule(table.feuille, table.rang, None)
        parent[chemin[-1]] = [self._element(table, row, (*chemin, index), {}) for index, row in enumerate(table.lignes)]

    def _element(self, table: _Table, row: tuple[int, list], chemin: Chemin, item: dict) -> dict:
        number, cells = row
        self._situer(chemin, Cellule(table.feuille, table.rang, number))
        for group in table.feuille.groupes_obligatoires:
            _placer(item, group, {}, create_only=True)
        for index, colonne in table.colonnes.items():
            if colonne.lien:
                continue
            cell = Cellule(table.feuille, table.rang, number, colonne, lettre(index))
            for depth in range(1, len(colonne.chemin)):
                self._situer((*chemin, *colonne.chemin[:depth]), Cellule(table.feuille, table.rang, number))
            self._situer((*chemin, *colonne.chemin), cell)
            value = self._valeur(cells[index] if index < len(cells) else "", colonne, cell)
            if value is not None:
                _placer(item, colonne.chemin, value)
        return item

    def _situer(self, chemin: Chemin, cell: Cellule) -> None:
        self.classeur.cellules.setdefault(chemin, cell)
        if cell.ligne is not None:
            self.classeur.lignes.setdefault(chemin, cell.ligne)

    def _valeur(self, value: object, colonne: Colonne, cell: Cellule) -> str | None:
        text = _lire(value, colonne)
        if text is None:
            return None
        bad = caractere_interdit(text)
        if bad is not None:
            self.classeur.erreurs.append(
                _probleme(
                    self.classeur.fichier,
                    cell,
                    decrire_caractere(bad, " dans la valeur"),
                    "supprimez-le ou retapez la valeur",
                )
            )
        return text

    def _entretiens(self, table: _Table) -> None:
        agents = self.classeur.donnees.get("agents", [])
        counts = [0] * len(agents)
        links = {c.chemin[0]: i for i, c in table.colonnes.items() if c.lien}
        for row in table.lignes:
            found = self._agent_de(table, row, links, agents)
            if found is None:
                continue
            chemin = ("agents", found, "entretiens", counts[found])
            counts[found] += 1
            agents[found].setdefault("entretiens", []).append(self._element(table, row, chemin, {}))
        for index, agent in enumerate(agents):
            if "entretiens" in agent:
                self._situer(("agents", index, "entretiens"), Cellule(table.feuille, table.rang, None))

    def _agent_de(self, table: _Table, row: tuple[int, list], links: dict[str, int], agents: list[dict]) -> int | None:
        """The agent an interview row names (name, first name, and id for homonyms); a problem if none or several."""
        number, cells = row

        def given(key: str) -> str:
            index = links.get(key)
            return (
                (_lire(cells[index], table.colonnes[index]) or "") if index is not None and index < len(cells) else ""
            )

        nom, prenom, ident = given("nom"), given("prenom"), given("id")
        same = [
            i
            for i, a in enumerate(agents)
            if _meme(a.get("nom"), nom) and _meme(a.get("prenom"), prenom) and (not ident or _meme(a.get("id"), ident))
        ]
        if len(same) == 1:
            return same[0]
        cell = Cellule(table.feuille, table.rang, number, table.colonnes[links["nom"]], lettre(links["nom"]))
        if same:
            message = f"plusieurs agents s'appellent {prenom} {nom}"
            correction = "indiquez dans « Identifiant de l'agent » celui de la feuille Agents"
        elif not (nom and prenom):
            message, correction = (
                "l'agent n'est pas indiqué",
                "indiquez son nom et son prénom, comme dans la feuille Agents",
            )
        else:
            names = [f"{a.get('prenom', '')} {a.get('nom', '')}".strip() for a in agents]
            close = difflib.get_close_matches(f"{prenom} {nom}", names, n=1, cutoff=0.6)
            message = f"aucun agent « {prenom} {nom}{f' ({ident})' if ident else ''} » dans la feuille Agents"
            correction = (
                f"vouliez-vous dire « {close[0]} » ?"
                if close
                else "recopiez son nom et son prénom de la feuille Agents"
            )
        self.classeur.erreurs.append(_probleme(self.classeur.fichier, cell, message, correction))
        return None


def _meme(value: object, wanted: str) -> bool:
    return isinstance(value, str) and vocabulaire.normaliser(value) == vocabulaire.normaliser(wanted)


def _placer(item: dict, chemin: tuple[str, ...], value: object, create_only: bool = False) -> None:
    for key in chemin[:-1]:
        item = item.setdefault(key, {})
    if create_only:
        item.setdefault(chemin[-1], value)
    else:
        item[chemin[-1]] = value


def _ligne_des_en_tetes(feuille: Feuille, rows: list[list]) -> int | None:
    """The first row with at least two of the sheet's headers (the model writes them in row 1)."""
    labels = set()
    for colonne in feuille.colonnes:
        labels.add(vocabulaire.normaliser(colonne.libelle))
        labels.add(vocabulaire.normaliser("_".join(colonne.chemin)))
    for index, row in enumerate(rows[:_LIGNES_OU_CHERCHER_LES_EN_TETES]):
        if sum(vocabulaire.normaliser(_texte(cell)) in labels for cell in row) >= 2:
            return index
    return None


def _est_la_ligne_des_consignes(row: list, colonnes: dict[int, Colonne]) -> bool:
    """The model's instruction line under the headers (it may have been deleted, or kept)."""
    given = [(i, _texte(row[i]).strip()) for i in colonnes if i < len(row) and _texte(row[i]).strip()]
    same = sum(vocabulaire.normaliser(text) == vocabulaire.normaliser(colonnes[i].consigne) for i, text in given)
    return bool(given) and same * 2 >= len(given)


def _remplie(row: list, colonnes: dict[int, Colonne]) -> bool:
    return any(_lire(row[i], c) is not None for i, c in colonnes.items() if i < len(row))


def _ressemble_a_un_element(row: list, colonnes: dict[int, Colonne], feuille: Feuille) -> bool:
    """At least half of the required cells are filled: an item, maybe with mistakes, not some other table."""
    required = [(i, c) for i, c in colonnes.items() if c.obligatoire]
    filled = sum(1 for i, c in required if i < len(row) and _lire(row[i], c) is not None)
    return filled * 2 >= len(required)


def _texte(cell: object) -> str:
    return cell if isinstance(cell, str) else "" if cell is None else str(cell)


_DUREE_EN_HEURES = re.compile(r"^(\d+):(\d{2})$")  # `2:30` typed in a text cell


def _lire(value: object, colonne: Colonne) -> str | None:
    """The cell as the text a YAML dossier would hold, or None when it is empty."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    reader = _LECTEURS.get(type(value))
    if reader is None:
        return str(value)
    return reader(value, colonne)


def _lire_texte(value: str, colonne: Colonne) -> str:
    hours = _DUREE_EN_HEURES.match(value.strip()) if colonne.sorte == DUREE else None
    return f"{hours.group(1)}h{hours.group(2)}" if hours else value


def _lire_booleen(value: bool, colonne: Colonne) -> str:
    return OUI if value else NON


def _lire_date_heure(value: datetime, colonne: Colonne) -> str:
    value = (value + timedelta(seconds=30)).replace(second=0, microsecond=0)  # a serial number's rounding
    if colonne.sorte == DATE and value.time() == time(0, 0):
        return value.strftime("%d/%m/%Y")
    return value.strftime("%d/%m/%Y %H:%M")


def _lire_date(value: date, colonne: Colonne) -> str:
    return value.strftime("%d/%m/%Y")


def _minutes(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    return f"{hours}h{rest:02d}" if rest else f"{hours}h"


def _lire_heure(value: time, colonne: Colonne) -> str:
    minutes = value.hour * 60 + value.minute + round(value.second / 60)
    return _minutes(minutes) if colonne.sorte == DUREE else f"{value.hour:02d}:{value.minute:02d}"


def _lire_intervalle(value: timedelta, colonne: Colonne) -> str:
    minutes = round(value.total_seconds() / 60)
    return _minutes(minutes) if colonne.sorte == DUREE else f"{minutes // 60:02d}:{minutes % 60:02d}"


def _lire_nombre(value: float | int, colonne: Colonne) -> str:
    if colonne.sorte == OUI_NON and value in (0, 1):
        return OUI if value else NON  # LibreOffice saves a yes/no cell as 1 or 0
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return str(int(value))  # a SIRET, a count or an id typed as a number: its digits
    return str(value)


_LECTEURS: dict[type, Callable[..., str]] = {
    str: _lire_texte,
    bool: _lire_booleen,
    datetime: _lire_date_heure,
    date: _lire_date,
    time: _lire_heure,
    timedelta: _lire_intervalle,
    int: _lire_nombre,
    float: _lire_nombre,
}


# The rules and the model speak of YAML keys; in a workbook, the same advice names the columns.
def _en_mots_du_classeur(texte: str, cell: Cellule) -> str:
    feuille, choices = cell.feuille, cell.colonne.vocabulaire if cell.colonne else None
    for pattern, replacement in _PHRASES:
        texte = pattern.sub(replacement, texte)
    if choices:  # the words of the dropdown, not the keys of YAML
        texte = re.sub(r"^choisissez parmi : .*", "choisissez dans la liste : " + ", ".join(cell.colonne.choix), texte)
        texte = re.sub(
            r"vouliez-vous dire « (\w+) » \?", lambda m: f"vouliez-vous dire « {libelle_choix(m.group(1))} » ?", texte
        )

    def column(match: re.Match) -> str:
        colonne = feuille.colonne(match.group(2))
        if colonne is None:
            return match.group(0)
        verb = "remplissez" if match.group(1) == "ajoutez" else "videz"
        example = f", par exemple {match.group(3)}" if match.group(3) else ""
        return f"{verb} la colonne « {colonne.libelle} »{example}"

    return _CLE.sub(column, texte)


_CLE = re.compile(r"(ajoutez|retirez) (?:par exemple )?« (\w+)(?::\s*(?:…)?([^»]*?))? »")
_PHRASES = [
    (re.compile(r"^la clé « \w+ » manque$"), "la cellule est vide"),
    (re.compile(r"^ajoutez « \w+: … »$"), "remplissez-la"),
    (re.compile(r"indiquez une valeur après les deux-points"), "remplissez la cellule"),
    (re.compile(r"écrivez true \(oui\) ou false \(non\)"), "choisissez Oui ou Non"),
    (re.compile(r"« session\.seances »"), "la feuille Séances"),
    (re.compile(r"« debut: 2026-02-03T09:00 »"), "« debut: 03/02/2026 09:00 »"),
    (
        re.compile(r"ajoutez « conseiller: » \(civilite, prenom, nom, email, telephone\) dans « session »"),
        "remplissez les colonnes du conseiller dans la feuille Session",
    ),
    (
        re.compile(r"donnez à chacune une clé « id » différente \(par exemple « id: 1 » et « id: 2 »\)"),
        "donnez à chacune un identifiant différent dans la colonne « Identifiant » (par exemple 1 et 2)",
    ),
    (
        re.compile(r"ajoutez ses « entretiens » ou les « seances » de la session"),
        "ajoutez ses entretiens (feuille Entretiens) ou les séances de la session (feuille Séances)",
    ),
]
