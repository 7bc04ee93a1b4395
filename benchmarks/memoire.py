"""Memory of a generation as the cohort grows: the peak should not grow with the number of agents.

python benchmarks/memoire.py [N ...]   (default: 12 48 200 agents; conventions in PDF only, to stay quick)

Prints one line per cohort size, side by side: the peak of the largest process (the main one or a
worker), and its growth over the smallest cohort. Flat means the growth stays a few MB whatever the size.
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
    """Peak resident memory (MB) of the largest process of one generation run (the main one or a worker).

    Measured from a fresh process of its own: the peak of the children a process waited for only grows.
    """
    command = [sys.executable, __file__, "--un", str(dossier), str(sortie)]
    return float(subprocess.run(command, check=True, capture_output=True, text=True).stdout)


def _un_lancement(dossier: Path, sortie: Path) -> None:
    command = [sys.executable, "-m", "generator", str(dossier), "--sortie", str(sortie), "--quiet"]
    command += ["--documents", "convention", "--format", "pdf"]
    subprocess.run(command, check=True, cwd=RACINE)
    print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)


def main() -> None:
    """Print the peak memory for each cohort size, smallest first, with its growth over the smallest."""
    if sys.argv[1:2] == ["--un"]:
        _un_lancement(Path(sys.argv[2]), Path(sys.argv[3]))
        return
    sizes = sorted(int(n) for n in sys.argv[1:]) or [12, 48, 200]
    peaks = []
    with tempfile.TemporaryDirectory() as folder:
        for size in sizes:
            peaks.append(pic_memoire(cohorte(size, Path(folder)), Path(folder) / f"sortie-{size}"))
    print("agents   pic de mémoire   écart au plus petit")
    for size, peak in zip(sizes, peaks, strict=True):
        print(f"{size:>6}   {peak:>10.0f} Mo   {peak - peaks[0]:>+14.0f} Mo")


if __name__ == "__main__":
    main()
