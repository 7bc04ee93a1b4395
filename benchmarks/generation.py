"""Generation of the example cohort: total time, raw rendering cost, and the generator's overhead.

python benchmarks/generation.py [DOSSIER.yaml]
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from generator.dossier.validation import valider
from generator.execution import executeur, rendus
from generator.plan import planifier
from generator.produce import Options, produce
from generator.render.liasse import liasse

RACINE = Path(__file__).resolve().parent.parent


def _rendu_brut(plan) -> float:
    """Seconds to render every distinct file and merge the bundles, in one process, without writing."""
    start = time.perf_counter()
    by_key: dict[tuple, bytes] = {}
    with executeur(plan.valide, processus=1) as carte:
        for fichier, content in rendus(plan.documents, carte):
            by_key[fichier.cle] = content
    folders: dict[str, list[tuple[str, bytes]]] = {}
    for fichier in plan.documents:
        if fichier.format == "pdf" and fichier.chemin.parts[0] == "employeurs":
            folders.setdefault(str(fichier.chemin.parent), []).append((fichier.document, by_key[fichier.cle]))
    for parts in folders.values():
        liasse(parts, "liasse", "CDG")
    return time.perf_counter() - start


def _generation(dossier: Path, cores: int) -> float:
    """Seconds for the whole command (validation, rendering, files, bundles, manifests) into a new folder."""
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        produce([dossier], Options(sortie=Path(folder), processus=cores))
        return time.perf_counter() - start


def _mesure(kind: str, dossier: Path, cores: int) -> float:
    """One measurement in a fresh process, so that no run inherits the caches of another."""
    command = [sys.executable, __file__, "--une-mesure", kind, str(dossier), str(cores)]
    done = subprocess.run(command, check=True, capture_output=True, text=True, cwd=RACINE)
    return float(done.stdout)


def main() -> None:
    """Print the figures: the best of two runs of each, since the machine may be shared."""
    if sys.argv[1:2] == ["--une-mesure"]:
        kind, dossier, cores = sys.argv[2], Path(sys.argv[3]), int(sys.argv[4])
        seconds = _rendu_brut(planifier(valider(dossier))) if kind == "brut" else _generation(dossier, cores)
        print(seconds)
        return
    dossier = Path(sys.argv[1]) if len(sys.argv) > 1 else RACINE / "dossiers/exemples/cohorte-cdg31.yaml"
    cores = min(2, os.cpu_count() or 1)
    plan = planifier(valider(dossier))
    total = min(_mesure("generation", dossier, cores) for _ in range(2))
    single = min(_mesure("generation", dossier, 1) for _ in range(2))
    raw = min(_mesure("brut", dossier, 1) for _ in range(2))
    count = len({f.cle for f in plan.documents})
    print(f"fichiers planifiés : {len(plan.fichiers)}, rendus distincts : {count}")
    print(f"rendu brut (WeasyPrint, docxtpl, icalendar, fusion pypdf des liasses), 1 cœur : {raw:.2f} s")
    own = (single - raw) / single
    print(f"génération complète, 1 cœur : {single:.2f} s, surcoût propre du générateur : {own:.0%}")
    print(
        f"génération complète, {cores} cœurs : {total:.2f} s, soit {raw / total:.2f} fois plus vite que le rendu brut "
        f"sur 1 cœur ; surcoût par rapport au rendu brut réparti sur {cores} cœurs : "
        f"{(total - raw / cores) / total:.0%}"
    )


if __name__ == "__main__":
    main()
