"""Validation of a 200-agent CDG31 dossier, as YAML and as a workbook: median and worst time over several runs.

python benchmarks/validation.py [ESSAIS]

The dossier is the example cohort with its agents repeated up to 200 (names numbered), written to a
temporary folder, then as a workbook (`classeur`); nothing is written in the working tree.
"""

from __future__ import annotations

import copy
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

RACINE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RACINE))

from generator.dossier.validation import valider  # noqa: E402
from generator.ecriture_classeur import classeur_rempli  # noqa: E402
from generator.profiles import profils_connus  # noqa: E402

AGENTS = 200
EXEMPLE = RACINE / "dossiers" / "exemples" / "cohorte-cdg31.yaml"


def dossier_de(agents: int) -> dict:
    """The example cohort with `agents` agents, each with its own name."""
    data = yaml.safe_load(EXEMPLE.read_text(encoding="utf-8"))
    modeles = data["agents"]
    data["agents"] = []
    for index in range(agents):
        agent = copy.deepcopy(modeles[index % len(modeles)])
        agent["nom"] = f"{agent['nom']} {index + 1}"
        data["agents"].append(agent)
    return data


def secondes(valeur: float) -> str:
    """`0,123 s`."""
    return f"{valeur:.3f}".replace(".", ",") + " s"


def main() -> None:
    """Print the figures."""
    essais = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    with tempfile.TemporaryDirectory() as folder:
        fichier = Path(folder) / "cohorte-200.yaml"
        fichier.write_text(yaml.safe_dump(dossier_de(AGENTS), allow_unicode=True, sort_keys=False), encoding="utf-8")
        valide = valider(fichier)  # also warms up imports and the holidays tables
        assert len(valide.dossier.liste_agents) == AGENTS
        classeur = Path(folder) / "cohorte-200.xlsx"
        classeur.write_bytes(classeur_rempli(valide.dossier, profils_connus()))
        assert valider(classeur).dossier == valide.dossier
        for what, source in (("YAML", fichier), ("classeur .xlsx", classeur)):
            durations = []
            for _ in range(essais):
                start = time.perf_counter()
                valider(source)
                durations.append(time.perf_counter() - start)
            print(
                f"validation de {AGENTS} agents ({what}) : médiane {secondes(statistics.median(durations))}, "
                f"max {secondes(max(durations))} ({essais} essais, {len(valide.avertissements)} avertissements)"
            )


if __name__ == "__main__":
    main()
