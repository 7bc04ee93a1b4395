"""The plan (issue 14): the one list of what a run writes, bundles and archives included, made once."""

from __future__ import annotations

import ast
import json

from generator import output
from generator.dossier.validation import valider
from generator.plan import ENVOI, LIASSE, planifier
from generator.produce import Options, produce
from tests.conftest import dossier_cdg31, ecrire_dossier, lancer
from tests.documents_outils import RACINE

SESSION = "bppc-2026-01"


def test_the_plan_lists_every_bundle_and_archive_after_the_documents(tmp_path):
    plan = planifier(valider(ecrire_dossier(tmp_path, dossier_cdg31())))
    assembled = [(f.document, str(f.chemin)) for f in plan.fichiers if f.assemble]
    assert assembled == [
        (LIASSE, "employeurs/castanet/dossier-complet-castanet.pdf"),
        (ENVOI, "employeurs/castanet/envoi-castanet.zip"),
        (LIASSE, "employeurs/muret/dossier-complet-muret.pdf"),
        (ENVOI, "employeurs/muret/envoi-muret.zip"),
    ]
    assert plan.fichiers[-4:] == plan.assemblages
    assert plan.fichiers == plan.tous
    bundle = plan.assemblages[0]
    members = [(f.document, f.agent) for f in plan.membres(bundle)]
    assert members[0] == ("proposition_financiere", None)
    assert ("synthese", 0) not in members and all(d != "synthese" for d, _ in members)


def test_a_run_for_one_agent_plans_its_employer_bundle_only(tmp_path):
    valide = valider(ecrire_dossier(tmp_path, dossier_cdg31()))
    plan = planifier(valide, documents=("convention",), formats=("pdf",), agents={2})  # Lefèvre, at Muret
    assert [str(f.chemin) for f in plan.fichiers] == [
        "agents/lefevre-elodie/convention-lefevre-elodie.pdf",
        "employeurs/muret/convention-lefevre-elodie.pdf",
        "employeurs/muret/dossier-complet-muret.pdf",
        "employeurs/muret/envoi-muret.zip",
    ]
    # The bundle still holds every PDF of the folder, from the complete plan.
    assert len(plan.membres(plan.assemblages[0])) == len(planifier(valide).membres(plan.assemblages[0]))
    assert planifier(valide, formats=("docx",)).assemblages == []


def test_verifier_the_writer_and_the_manifest_follow_the_same_list(tmp_path):
    fichier = ecrire_dossier(tmp_path, dossier_cdg31())
    sortie = tmp_path / "sortie"
    planned = sorted(str(f.chemin) for f in planifier(valider(fichier), documents=("calendrier",)).fichiers)
    code, out, err = lancer(fichier, "--sortie", sortie, "--documents", "calendrier", "--verifier")
    assert code == 0, err
    listed = sorted(line.removeprefix(f"à créer : {sortie / SESSION}/") for line in out.splitlines()[:-1])
    assert listed == planned
    produce([fichier], Options(sortie=sortie, documents=("calendrier",), processus=1))
    racine = sortie / SESSION
    written = sorted(
        p.relative_to(racine).as_posix() for p in racine.rglob("*") if p.is_file() and p.name != output.MANIFESTE
    )
    manifest = json.loads((racine / output.MANIFESTE).read_text(encoding="utf-8"))
    assert written == planned
    assert sorted(e["chemin"] for e in manifest["fichiers"]) == planned


def _modules_importes(module: str) -> set[str]:
    tree = ast.parse((RACINE / "generator" / f"{module}.py").read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found |= {node.module, *(f"{node.module}.{a.name}" for a in node.names)}
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
    return found


def test_stages_are_one_way_execution_never_imports_produce():
    assert "generator.execution" in _modules_importes("produce")
    assert not {m for m in _modules_importes("execution") if m.startswith("generator.produce")}
    assert not {m for m in _modules_importes("plan") if m.startswith(("generator.execution", "generator.produce"))}
