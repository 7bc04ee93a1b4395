"""Shared helpers: a minimal valid CDG31 dossier as a dict, writing it under `tmp_path`, running the CLI."""

from __future__ import annotations

import copy
import io
from pathlib import Path

import pytest
import yaml

from generator.cli import main
from generator.profiles import DOSSIER_PROFILS

_ENTRETIENS = [
    {"intitule": "Entretien d'analyse", "phase": "analyse", "debut": "2026-03-24T09:00", "duree": "2h"},
    {"intitule": "Entretien de conclusion", "phase": "conclusion", "debut": "2026-05-19T09:00", "duree": "2h"},
]

_AGENTS = [
    ("Mme", "N'Diaye", "Awa", "castanet", "C", "titulaire"),
    ("M.", "Garcia", "Lucas", "castanet", "C", "titulaire"),
    ("Mme", "Lefèvre", "Élodie", "muret", "B", "titulaire"),
    ("M.", "Benali", "Karim", "muret", "C", "titulaire"),
    ("Mme", "Roux", "Nathalie", "muret", "C", "contractuel"),
    ("M.", "Da Silva", "Jérôme", "castanet", "B", "stagiaire"),
]


def _agent(civilite: str, nom: str, prenom: str, employeur: str, categorie: str, statut: str) -> dict:
    return {
        "civilite": civilite,
        "nom": nom,
        "prenom": prenom,
        "employeur": employeur,
        "fonction": "Agent territorial",
        "categorie": categorie,
        "statut": statut,
        "date_prise_fonction": "2015-09-01",
        "consentement": "2026-01-20",
        "rqth": False,
        "entretiens": copy.deepcopy(_ENTRETIENS),
    }


_DOSSIER_CDG31 = {
    "cdg": "cdg31",
    "session": {
        "reference": "BPPC-2026-01",
        "intitule": "Session de printemps 2026",
        "date_envoi": "2026-01-12",
        "lieu": "CDG31, 590 rue Buissonnière, 31670 Labège",
        "conseiller": {
            "civilite": "Mme",
            "prenom": "Claire",
            "nom": "Martin",
            "email": "c.martin@cdg31.fr",
            "telephone": "05 00 00 00 00",
        },
        "seances": [
            {
                "intitule": "Atelier de lancement",
                "phase": "lancement",
                "modalite": "atelier_collectif",
                "debut": "2026-02-03T09:00",
                "duree": "4h",
            },
            {"intitule": "Travail personnel", "phase": "analyse", "modalite": "travail_personnel", "duree": "3h"},
            {
                "intitule": "Atelier valeurs",
                "phase": "analyse",
                "modalite": "atelier_collectif",
                "debut": "2026-02-24T09:00",
                "duree": "4h",
            },
            {
                "intitule": "Atelier pitch",
                "phase": "analyse",
                "modalite": "atelier_visio",
                "debut": "2026-03-17T14:00",
                "duree": "2h",
            },
            {
                "intitule": "Atelier plan d'action",
                "phase": "plan_action",
                "modalite": "atelier_collectif",
                "debut": "2026-04-28T09:00",
                "duree": "3h",
            },
        ],
    },
    "employeurs": [
        {
            "id": "castanet",
            "denomination": "Commune de Castanet-Tolosan",
            "adresse": "29 avenue de Toulouse, 31320 Castanet-Tolosan",
            "siret": "21310113200016",
            "statut": "affilie",
            "effectif_fonctionnaires": 120,
            "representant": {"civilite": "M.", "prenom": "Jean", "nom": "Dupuis", "qualite": "Maire"},
            "pouvoirs": "délibération n° 2026-004 du 20 janvier 2026",
        },
        {
            "id": "muret",
            "denomination": "Commune de Muret",
            "adresse": "1 place de l'Hôtel de Ville, 31600 Muret",
            "siret": "21310395500018",
            "statut": "adherent",
            "effectif_fonctionnaires": 310,
            "representant": {"civilite": "Mme", "prenom": "Hélène", "nom": "Sarrail", "qualite": "Maire"},
            "pouvoirs": "délibération n° 2025-118 du 9 décembre 2025",
        },
    ],
    "agents": [_agent(*row) for row in _AGENTS],
}

UNE_ERREUR = "Le dossier contient 1 erreur ; rien n'a été écrit."


def dossier_cdg31() -> dict:
    """A fresh, valid CDG31 dossier: 2 employers, 6 agents, 17 h each (13 h of workshops + 2 x 2 h)."""
    return copy.deepcopy(_DOSSIER_CDG31)


@pytest.fixture
def dossier() -> dict:
    """A fresh, valid CDG31 dossier as a dict, free to modify."""
    return dossier_cdg31()


def ecrire_dossier(tmp_path: Path, data: dict, name: str = "d.yaml") -> Path:
    """Write `data` as YAML under `tmp_path` and return the file."""
    fichier = tmp_path / name
    fichier.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return fichier


def ligne_de(fichier: Path, texte: str, occurrence: int = 1) -> int:
    """Number (from 1) of the `occurrence`-th line of `fichier` containing `texte`."""
    found = [n for n, line in enumerate(fichier.read_text(encoding="utf-8").splitlines(), 1) if texte in line]
    return found[occurrence - 1]


def lancer(*argv: str | Path) -> tuple[int, str, str]:
    """Run the command line in-process: (exit status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    code = main([str(a) for a in argv], stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def refus(fichier: Path, *options: str) -> list[str]:
    """`valider` must refuse the dossier (exit 2, nothing on stdout): the lines it printed on stderr."""
    code, out, err = lancer("valider", fichier, *options)
    assert (code, out) == (2, "")
    return err.splitlines()


def accepte(fichier: Path, *options: str) -> list[str]:
    """`valider` must accept the dossier (exit 0): the warnings it printed on stderr."""
    code, out, err = lancer("valider", fichier, *options)
    assert code == 0, err
    assert out.startswith(f"{fichier.name} : dossier valide (")
    return err.splitlines()


def profils_modifies(tmp_path: Path, changer) -> Path:
    """A profiles folder under `tmp_path` holding the shipped CDG31 profile as `changer(data)` leaves it."""
    profiles = tmp_path / "profils"
    profiles.mkdir()
    data = yaml.safe_load((DOSSIER_PROFILS / "cdg31.yaml").read_text(encoding="utf-8"))
    changer(data)
    (profiles / "cdg31.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return profiles
