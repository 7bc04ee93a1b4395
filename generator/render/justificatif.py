"""The employer's invoicing justificatif (PDF), from its Word template and the statement of the session."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from generator.dossier.model import Employeur
from generator.facturation import EtatDeFacturation
from generator.render import context
from generator.render.documents import sans_etat_de_sante
from generator.render.gabarits import gabarit
from generator.render.pdf import rendre_pdf

DOCUMENT = "justificatif_facturation"


def contexte_justificatif(etat: EtatDeFacturation, employeur: Employeur) -> dict:
    """The proposal's context of the employer (its total included), and this statement's lines and totals."""
    valide = etat.valide
    dossier = sans_etat_de_sante(valide.dossier)  # an employer's file never tells an agent's health status
    lines = etat.lignes_de(employeur)
    earlier = sum((f.montant for line in lines for f in line.anterieures), Decimal(0))
    return {
        **context.contexte_employeur(dossier, valide.profil, DOCUMENT, employeur),
        "facturation": {
            "au": etat.au,
            "nature": etat.nature,
            "fondement": etat.fondement,
            "convention": valide.profil.titre("convention"),
            "proposition": valide.profil.titre("proposition_financiere"),
            "lignes": lines,
            "total": etat.total(employeur),
            "total_mission": etat.total_mission(employeur),
            "deja": earlier,
        },
    }


def rendre_justificatif(etat: EtatDeFacturation, employeur: Employeur) -> bytes:
    """The PDF bytes of one employer's justificatif, dated by the statement (never by the clock)."""
    valide = etat.valide
    values = contexte_justificatif(etat, employeur)
    stamp = datetime(etat.au.year, etat.au.month, etat.au.day, 12, 0, tzinfo=UTC)
    title = f"{values['document']['titre']} - {valide.dossier.session.reference} - {employeur.denomination}"
    values["metadonnees"] = {"titre": title, "auteur": valide.profil.nom, "date": stamp}
    return rendre_pdf(gabarit(DOCUMENT, valide.gabarits_cdg), values, stamp, {})
