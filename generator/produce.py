"""Library entry point that the command line and the tests call."""

from __future__ import annotations

from pathlib import Path

from generator.dossier.model import Dossier
from generator.dossier.validation import DossierValide, valider
from generator.errors import DossierInvalide, Probleme
from generator.profiles import DOSSIER_PROFILS, TarifForfait, charger_profil, profils_connus
from generator.render.filters import heures, montant


def valider_dossiers(
    fichiers: list[Path], strict: bool = False, profils: Path = DOSSIER_PROFILS
) -> list[DossierValide]:
    """Validate every dossier; raise one `DossierInvalide` with all errors of all of them.

    With `strict`, warnings are errors too.
    """
    valides: list[DossierValide] = []
    problems: list[Probleme] = []
    for fichier in fichiers:
        try:
            valide = valider(fichier, profils)
        except DossierInvalide as invalid:
            problems += invalid.problemes
            continue
        valides.append(valide)
        if strict:
            problems += valide.avertissements
    problems += _references_en_double(valides)
    if problems:
        raise DossierInvalide(problems, strict=strict)
    return valides


def _references_en_double(valides: list[DossierValide]) -> list[Probleme]:
    seen: dict[str, Path] = {}
    found = []
    for valide in valides:
        reference = valide.dossier.session.reference
        if reference in seen:
            found.append(
                Probleme(
                    valide.fichier,
                    None,
                    "session.reference",
                    f"la référence de session « {reference} » est déjà celle de {seen[reference].name}",
                    "donnez une référence différente à chaque session",
                )
            )
        seen.setdefault(reference, valide.fichier)
    return found


def schema_json() -> dict:
    """The JSON Schema of a dossier, generated from the typed model."""
    schema = Dossier.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Dossier de bilan de parcours professionnel"
    return schema


def description_profils(dossier: Path = DOSSIER_PROFILS) -> str:
    """One French paragraph per CDG profile: its offer in a few lines."""
    lines = []
    for identifiant in profils_connus(dossier):
        profil = charger_profil(identifiant, dossier)
        offre = profil.offre
        if isinstance(offre.tarif, TarifForfait):
            prices = offre.tarif.montants
            tarif = (
                f"forfait par agent : {montant(prices.affilie)} (affilié), {montant(prices.adherent)} (adhérent), "
                f"{montant(prices.non_affilie)} (non affilié)"
            )
        else:
            tarif = (
                f"{montant(offre.tarif.taux)} de l'heure, de {heures(offre.tarif.heures_min)} "
                f"à {heures(offre.tarif.heures_max)}"
            )
        months = offre.duree_mois
        duree = f"{months.min} mois" if months.min == months.max else f"{months.min} à {months.max} mois"
        groupe = "1 agent" if offre.groupe.max == 1 else f"{offre.groupe.min} à {offre.groupe.max} agents"
        lines += [
            f"{profil.id} - {profil.nom} ({profil.sigle})",
            f"  Offre : {offre.intitule}, format {offre.format}, {groupe}, {duree}",
            f"  Heures : {offre.heures_texte}",
            f"  Phases : {', '.join(p.phase for p in offre.phases)}",
            f"  Tarif : {tarif} ; paiement à {offre.facturation.delai_paiement_jours} jours",
        ]
        if profil.a_verifier:
            lines.append(f"  Valeurs d'exemple à remplacer : {', '.join(profil.a_verifier)}")
        lines.append("")
    return "\n".join(lines)
