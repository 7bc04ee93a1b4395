"""Hostile and extreme input never crashes: a French refusal (exit 2) or correct documents.

Fixed seed and a bounded number of examples; `benchmarks/fuzz.py N` runs the long campaign.
"""

from hypothesis import HealthCheck, Phase, example, given, settings

from tests.fuzz_outils import (
    dossier_aux_bornes,
    dossier_extreme,
    dossier_mute,
    probleme_de_rendu,
    probleme_de_validation,
)

# tmp_path is shared by the examples of one test: each example overwrites its own files there.
# No shrinking: on inputs this large it takes minutes; the failure is reported as it was found.
_REGLAGES = {
    "derandomize": True,
    "phases": [Phase.explicit, Phase.generate],
    "database": None,
    "deadline": None,
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
}


@settings(max_examples=200, **_REGLAGES)
@given(contenu=dossier_mute())
def test_un_dossier_mute_est_refuse_en_francais_ou_valide(tmp_path, contenu):
    assert probleme_de_validation(contenu, tmp_path) is None


@settings(max_examples=2, **_REGLAGES)
@example(donnees=dossier_aux_bornes())  # every text at its maximum, the first and last dates, the largest values
@given(donnees=dossier_extreme())
def test_un_dossier_valide_aux_limites_donne_des_fichiers_qui_s_ouvrent(tmp_path, donnees):
    assert probleme_de_rendu(donnees, tmp_path) is None
