"""A long fuzz campaign: crashes on validation of hostile dossiers, failures on rendering of valid ones.

python benchmarks/fuzz.py [N] [RENDUS]

N mutated example dossiers are validated (default 1000); then RENDUS valid dossiers made of extreme
values are generated in both formats and every file is opened (default N / 50: a generation takes
a few seconds). The same strategies as the suite's fuzz test (tests/fuzz_outils.py), with a random
seed: each campaign tries new cases. Prints the counts and the first failures of each kind; the
exit status is 1 when there was any failure. Everything is written to a temporary folder.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings

RACINE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RACINE))

from tests.fuzz_outils import dossier_extreme, dossier_mute, probleme_de_rendu, probleme_de_validation  # noqa: E402

MONTRES = 3  # failures printed in full, per kind


def campagne(strategie, verifier, essais: int, dossier: Path) -> tuple[int, Counter, list[str]]:
    """Run `verifier` on `essais` examples of `strategie`; return (examples, failures by first line, details)."""
    counts: Counter = Counter()
    details: list[str] = []
    seen = 0

    # phases=generate only: no shrinking and no stop at the first failure, every example is counted
    @settings(
        max_examples=essais,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(strategie())
    def un_essai(exemple) -> None:
        nonlocal seen
        seen += 1
        work = dossier / str(seen)
        work.mkdir()
        try:
            failure = verifier(exemple, work)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        if failure is not None:
            counts[failure.strip().splitlines()[-1][:160]] += 1
            if len(details) < MONTRES:
                details.append(failure)

    un_essai()
    return seen, counts, details


def _rapport(titre: str, seen: int, counts: Counter, details: list[str], seconds: float) -> None:
    print(f"{titre} : {seen} essais, {sum(counts.values())} échecs ({seconds:.0f} s)")
    for line, count in counts.most_common():
        print(f"  {count} x {line}")
    for detail in details:
        print("  ---\n  " + detail.replace("\n", "\n  "))


def main() -> int:
    """Run both campaigns, print the counts."""
    essais = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    rendus = int(sys.argv[2]) if len(sys.argv) > 2 else max(1, essais // 50)
    failures = 0
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        seen, counts, details = campagne(dossier_mute, probleme_de_validation, essais, Path(folder))
        _rapport("validation de dossiers mutés (plantages)", seen, counts, details, time.perf_counter() - start)
        failures += sum(counts.values())
        start = time.perf_counter()
        seen, counts, details = campagne(dossier_extreme, probleme_de_rendu, rendus, Path(folder))
        _rapport("génération de dossiers valides extrêmes (échecs)", seen, counts, details, time.perf_counter() - start)
        failures += sum(counts.values())
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
