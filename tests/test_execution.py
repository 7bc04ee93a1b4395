"""The worker processes of a run (issue 14): the same workers serve every batch while memory stays flat."""

from __future__ import annotations

import os

from generator import execution
from generator.dossier.validation import valider
from tests.conftest import dossier_cdg31, ecrire_dossier


def _carre_et_processus(nombre: int) -> tuple[int, int]:
    """In a worker: a result that tells which process computed it."""
    return nombre * nombre, os.getpid()


def _carte(tmp_path, nombre: int) -> list[tuple[int, int]]:
    valide = valider(ecrire_dossier(tmp_path, dossier_cdg31()))
    with execution.executeur(valide, 2) as carte:
        first = list(carte(_carre_et_processus, range(nombre)))
        second = list(carte(_carre_et_processus, range(nombre)))  # a later batch of the run (the bundles)
    return first + second


def test_the_same_two_workers_serve_every_batch_of_a_run(tmp_path):
    results = _carte(tmp_path, 150)  # 300 tasks: once five fresh pools of 60 documents per worker
    assert [r for r, _ in results] == [n * n for n in range(150)] * 2
    workers = {pid for _, pid in results}
    assert len(workers) <= 2 and os.getpid() not in workers


def test_workers_that_grew_are_renewed_and_every_result_comes_in_order(tmp_path, monkeypatch):
    monkeypatch.setattr(execution, "MARGE_MEMOIRE", -1)  # each worker counts as grown after each task
    results = _carte(tmp_path, 40)
    assert [r for r, _ in results] == [n * n for n in range(40)] * 2
    # At most 4 tasks ahead per worker, then fresh workers: 80 tasks need at least 10 pairs of them.
    assert len({pid for _, pid in results}) >= 10
