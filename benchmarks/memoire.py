"""Memory of a generation as the cohort grows: the peak should not grow with the number of agents.

python benchmarks/memoire.py [N ...]   (default: 12 48 agents; conventions in PDF only, to stay quick)
"""

from __future__ import annotations

import copy
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

RACINE = Path(__file__).resolve().parent.parent
EXEMPLE = RACINE / "dossiers" / "exemples" / "cohorte-cdg31.yaml"


def cohorte(nombre: int, dossier: Path) -> Path:
    """The example cohort with its agents repeated up to `nombre`, each with a distinct name."""
    data = yaml.safe_load(EXEMPLE.read_text(encoding="utf-8"))
    agents = [copy.deepcopy(data["agents"][i % len(data["agents"])]) for i in range(nombre)]
    for number, agent in enumerate(agents):
        agent["nom"] = f"{agent['nom']} {number}"
    data["agents"] = agents
    path = dossier / f"cohorte-{nombre}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def pic_memoire(dossier: Path, sortie: Path) -> float:
    """Peak resident memory (MB) of the largest process of one generation run in a child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    command = [sys.executable, "-m", "generator", str(dossier), "--sortie", str(sortie), "--quiet"]
    command += ["--documents", "convention", "--format", "pdf"]
    subprocess.run(command, check=True)
    return max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024


def main() -> None:
    """Print the peak memory for each cohort size, smallest first."""
    sizes = [int(n) for n in sys.argv[1:]] or [12, 48]
    with tempfile.TemporaryDirectory() as folder:
        for size in sorted(sizes):
            peak = pic_memoire(cohorte(size, Path(folder)), Path(folder) / f"sortie-{size}")
            print(f"{size} agents : pic de mémoire {peak:.0f} Mo")


if __name__ == "__main__":
    main()
