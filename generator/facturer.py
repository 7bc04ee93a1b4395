"""`facturation`: the invoicing statement of each session, rendered in full before anything is written."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path, PurePosixPath

from generator import output
from generator.errors import DossierInvalide
from generator.etat_facturation import (
    FICHIER_CSV,
    FICHIER_RELEVE,
    FICHIER_XLSX,
    classeur_de_facturation,
    csv_de_facturation,
    releve_de_facturation,
)
from generator.facturation import EtatDeFacturation, employeurs_factures, etat_de_facturation
from generator.plan import planifier
from generator.produce import valider_dossiers
from generator.profiles import DOSSIER_PROFILS
from generator.rapport import Rapport
from generator.render.filters import date_longue, montant
from generator.render.justificatif import DOCUMENT, rendre_justificatif


@dataclass(frozen=True)
class Facturation:
    """What `facturation` did: the statements, and the files written or kept."""

    etats: list[EtatDeFacturation]
    rapport: Rapport

    def lignes(self) -> list[str]:
        """What the command prints: each agent's amount, each employer's total, then the files kept."""
        lines = []
        for etat in self.etats:
            reference = etat.valide.dossier.session.reference
            lines.append(f"Session {reference}, état au {date_longue(etat.au)} :")
            for employeur in employeurs_factures(etat):
                lines.append(f"  {employeur.denomination} : {montant(etat.total(employeur))}")
                for line in etat.lignes_de(employeur):
                    lines.append(f"    {line.agent.nom_complet} : {montant(line.montant)} ({line.motif})")
        return lines + self.rapport.lignes_detail()


def facturer(
    fichiers: list[Path],
    au: date | None = None,
    sortie: Path = Path("sortie"),
    profils: Path = DOSSIER_PROFILS,
    forcer: bool = False,
    strict: bool = False,
) -> Facturation:
    """Validate every dossier, compute and render every statement, then write them into their session folders."""
    valides = valider_dossiers(fichiers, strict=strict, profils=profils)
    etats, problems = [], []
    for valide in valides:
        try:
            etats.append(etat_de_facturation(valide, au))
        except DossierInvalide as invalid:
            problems += invalid.problemes
    if problems:
        raise DossierInvalide(problems, plusieurs=len({p.fichier for p in problems}) > 1)
    sessions = [(etat, _fichiers(etat)) for etat in etats]  # every file rendered before the first write
    report = Rapport(avertissements=list(dict.fromkeys(w for v in valides for w in v.avertissements)))
    for etat, files in sessions:
        racine = sortie / planifier(etat.valide).dossier_session
        reference = etat.valide.dossier.session.reference
        report.decisions += output.ecrire_pour_une_commande(sortie, racine, reference, files, forcer)
    return Facturation(etats, report)


def _fichiers(etat: EtatDeFacturation) -> list[tuple[output.Entree, bytes]]:
    """The session's statement (CSV, workbook, record) and each employer's justificatif, with their entries."""
    statement = [
        (FICHIER_CSV, "csv", csv_de_facturation(etat)),
        (FICHIER_XLSX, "xlsx", classeur_de_facturation(etat)),
        (FICHIER_RELEVE, "json", releve_de_facturation(etat)),
    ]
    files = [(_entree(path, kind, None, content), content) for path, kind, content in statement]
    folders = planifier(etat.valide).dossiers_employeurs
    for employeur in employeurs_factures(etat):
        content = rendre_justificatif(etat, employeur)
        path = PurePosixPath("employeurs", folders[employeur.id], f"{DOCUMENT}.pdf")
        files.append((_entree(str(path), "pdf", employeur.id, content, DOCUMENT), content))
    return files


def _entree(
    chemin: str, format: str, employeur: str | None, contenu: bytes, document: str = output.ETAT_DE_FACTURATION
) -> output.Entree:
    return output.Entree(document, format, chemin, None, employeur, False, (), output.empreinte(contenu))
