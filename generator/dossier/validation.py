"""From a YAML file or a workbook to a valid dossier with its profile and warnings, or every error at once."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from generator.dossier import messages, rules
from generator.dossier.loading import charger_dossier
from generator.dossier.model import Dossier
from generator.dossier.syntheses import SyntheseRemplie, lire_syntheses
from generator.errors import DossierInvalide, Probleme
from generator.profiles import DOSSIER_PROFILS, Profil, charger_profil, gabarits_du_profil, profils_connus


@dataclass(frozen=True)
class DossierValide:
    """A dossier that passed every check, with its CDG profile and its warnings."""

    fichier: Path
    dossier: Dossier
    profil: Profil
    avertissements: list[Probleme]
    gabarits_cdg: Path | None = None  # the CDG's own Word templates: `<profils>/<cdg>/gabarits/`
    # The agents' filled syntheses found in the output folder, by agent index (read when generating).
    syntheses: dict[int, SyntheseRemplie] = field(default_factory=dict)


def valider(fichier: Path, dossier_profils: Path = DOSSIER_PROFILS, sortie: Path | None = None) -> DossierValide:
    """Load and check one dossier; raise `DossierInvalide` listing all its errors.

    With `sortie` (a generation), the agents' filled syntheses in that output folder are read too.
    """
    arbre = charger_dossier(fichier)
    known = profils_connus(dossier_profils)
    problems = arbre.erreurs + rules.erreurs_de_structure(arbre, known)
    try:
        dossier = Dossier.model_validate(arbre.donnees)
    except ValidationError as errors:
        problems += messages.traduire(errors, arbre, Dossier)
        dossier = None
    profil = None
    cdg = arbre.donnees.get("cdg")
    if isinstance(cdg, str) and cdg.strip().lower() in known:
        profil = charger_profil(cdg.strip().lower(), dossier_profils)
    if profil is not None:
        problems += rules.erreurs_avec_profil(arbre, profil)
    if problems or dossier is None or profil is None:
        raise DossierInvalide(_sans_doublons(problems))
    warnings = rules.avertissements(arbre, dossier, profil, dossier_profils / f"{profil.id}.yaml")
    filled: dict[int, SyntheseRemplie] = {}
    if sortie is not None:
        filled, read_warnings = lire_syntheses(arbre, dossier, profil, sortie)
        warnings += read_warnings
    return DossierValide(
        fichier,
        dossier,
        profil,
        arbre.avertissements + warnings,
        gabarits_du_profil(dossier_profils, profil.id),
        filled,
    )


def _sans_doublons(problems: list[Probleme]) -> list[Probleme]:
    unique = list(dict.fromkeys(problems))
    return sorted(unique, key=lambda p: p.cle_de_tri)
