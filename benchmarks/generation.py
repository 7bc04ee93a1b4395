"""Generation of the example cohort: total time, raw rendering cost, and the generator's overhead.

python benchmarks/generation.py [DOSSIER.yaml]
"""

from __future__ import annotations

import os
import resource
import sys
import tempfile
import time
from pathlib import Path

from generator.dossier.validation import valider
from generator.execution import rendus
from generator.plan import planifier
from generator.produce import Options, produce

RACINE = Path(__file__).resolve().parent.parent


def main() -> None:
    """Print the figures."""
    dossier = Path(sys.argv[1]) if len(sys.argv) > 1 else RACINE / "dossiers/exemples/cohorte-cdg31.yaml"
    cores = min(2, os.cpu_count() or 1)
    plan = planifier(valider(dossier))
    start = time.perf_counter()
    count = sum(1 for _ in rendus(plan, processus=1))
    raw = time.perf_counter() - start
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        report = produce([dossier], Options(sortie=Path(folder), processus=cores))
        total = time.perf_counter() - start
    ideal = raw / cores
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"fichiers planifiés : {len(plan.fichiers)}, rendus distincts : {count}")
    print(f"rendu brut (WeasyPrint, docxtpl, icalendar), 1 cœur : {raw:.2f} s")
    print(f"génération complète, {cores} cœurs : {total:.2f} s ({len(report.decisions)} fichiers)")
    print(f"surcoût du générateur par rapport au rendu brut réparti sur {cores} cœurs : {(total - ideal) / total:.0%}")
    print(f"mémoire maximale du processus principal : {peak:.0f} Mo")


if __name__ == "__main__":
    main()
