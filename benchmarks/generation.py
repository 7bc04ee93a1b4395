"""Generation of the example cohort, side by side: full run, re-runs, raw engine cost, the LibreOffice route.

python benchmarks/generation.py [DOSSIER.yaml] [--repetitions N] [--racine DIR]

Every figure is a command run in a fresh process (`python -m generator ...`), as a user runs it, timed
in wall-clock seconds and in CPU seconds (the process and its workers). The machine may be shared:
each measurement is repeated (interleaved, so that a busy moment hits all of them alike) and the
best is kept; compare CPU seconds when the wall-clock ones are noisy. `--racine` measures another
checkout of the generator (for a before/after comparison) with this one's engines.
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

RACINE = Path(__file__).resolve().parent.parent


def _lancer(commande: list[str], racine: Path) -> tuple[float, float]:
    """Wall-clock and CPU seconds (children included) of a command run to completion."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(commande, check=True, cwd=racine, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _generer(racine: Path, dossier: Path, sortie: Path, *options: str) -> tuple[float, float]:
    return _lancer([sys.executable, "-m", "generator", str(dossier), "--sortie", str(sortie), "-q", *options], racine)


def _un_agent_corrige(dossier: Path, dossier_temporaire: Path) -> Path:
    """The same dossier with the first agent's function corrected (its folder stays the same)."""
    data = yaml.safe_load(dossier.read_text(encoding="utf-8"))
    agents = data["agents"] if "agents" in data else [data["agent"]]
    agents[0]["fonction"] = f"{agents[0]['fonction']} (corrigée)"
    target = dossier_temporaire / dossier.name
    target.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return target


def _rendu_brut(dossier: Path) -> None:
    """Print the seconds of the raw engine calls alone, in this process, for every distinct PDF and DOCX.

    WeasyPrint lays out and writes the final HTML (stylesheet parsed and font configuration made
    beforehand, shared by every document); docxtpl renders and
    saves each template. What the generator adds (contexts, HTML, signature fields, pinned archives,
    bundles, files, manifests) is not counted.
    """
    from docxtpl import DocxTemplate
    from weasyprint import HTML

    from generator.dossier.validation import valider
    from generator.plan import planifier
    from generator.render import environment
    from generator.render.documents import contexte, gabarit_de, horodatage
    from generator.render.pdf import configuration_des_polices, feuille_de_style, html

    valide = valider(dossier)
    stamp = horodatage(valide)
    os.environ["SOURCE_DATE_EPOCH"] = str(int(stamp.timestamp()))
    css, fonts = feuille_de_style(), configuration_des_polices()  # as the generator uses them
    jobs, seen = [], set()
    for fichier in planifier(valide).documents:
        if fichier.cle in seen or fichier.format not in ("pdf", "docx"):
            continue
        seen.add(fichier.cle)
        values = contexte(fichier, valide)
        modele = gabarit_de(fichier, valide)
        if fichier.format == "pdf":
            values = {**values, "metadonnees": {"titre": "t", "auteur": "a", "date": stamp}}
            jobs.append(("pdf", html(modele, values)))
        else:
            jobs.append(("docx", (modele.contenu(), values)))
    env = environment.environnement("docx")
    start = time.process_time()
    for kind, job in jobs:
        if kind == "pdf":
            HTML(string=job, base_url=str(environment.GABARITS)).write_pdf(
                pdf_forms=True, stylesheets=[css], font_config=fonts
            )
        else:
            template = DocxTemplate(io.BytesIO(job[0]))
            template.render(job[1], jinja_env=env, autoescape=True)
            template.save(io.BytesIO())
    print(time.process_time() - start, sum(1 for k, _ in jobs if k == "pdf"), sum(1 for k, _ in jobs if k == "docx"))


def _libreoffice(docx: list[Path], dossier_temporaire: Path, processus: int) -> tuple[float, float]:
    """`soffice --convert-to pdf` of the DOCX, split over `processus` parallel calls (one profile each)."""
    start = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    calls = []
    for number in range(processus):
        part = docx[number::processus]
        profile = dossier_temporaire / f"profil-{number}"
        outdir = dossier_temporaire / f"pdf-{number}"
        command = ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf"]
        calls.append(subprocess.Popen([*command, "--outdir", str(outdir), *map(str, part)], stdout=subprocess.DEVNULL))
    for call in calls:
        call.wait()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.perf_counter() - start, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _docx_distincts(sortie: Path) -> list[Path]:
    """One DOCX per distinct document (a copy of the same bytes in several folders is converted once)."""
    seen: dict[bytes, Path] = {}
    for path in sorted(sortie.rglob("*.docx")):
        seen.setdefault(path.read_bytes(), path)
    return list(seen.values())


def main() -> None:
    """Print the figures side by side."""
    if sys.argv[1:2] == ["--rendu-brut"]:
        _rendu_brut(Path(sys.argv[2]))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dossier", nargs="?", type=Path, default=RACINE / "dossiers/exemples/cohorte-cdg31.yaml")
    parser.add_argument("--repetitions", type=int, default=2)
    parser.add_argument("--racine", type=Path, default=RACINE, help="the checkout of the generator to measure")
    args = parser.parse_args()
    dossier, racine = args.dossier.resolve(), args.racine.resolve()
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    figures: dict[str, list[tuple[float, float]]] = {}
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        changed = _un_agent_corrige(dossier, work)
        for repetition in range(args.repetitions):
            out = work / f"sortie-{repetition}"
            figures.setdefault(f"génération complète, {cores} cœurs", []).append(_generer(racine, dossier, out))
            figures.setdefault("relance sans changement", []).append(_generer(racine, dossier, out))
            figures.setdefault("relance, un agent corrigé", []).append(_generer(racine, changed, out))
            pdf_only = work / f"pdf-{repetition}"
            figures.setdefault(f"PDF seuls (--format pdf), {cores} cœurs", []).append(
                _generer(racine, dossier, pdf_only, "--format", "pdf")
            )
            if racine == RACINE:
                single = work / f"un-{repetition}"
                figures.setdefault("génération complète, 1 cœur", []).append(
                    _generer(racine, dossier, single, "--processus", "1")
                )
                raw = subprocess.run(
                    [sys.executable, __file__, "--rendu-brut", str(dossier)],
                    check=True,
                    capture_output=True,
                    text=True,
                    cwd=RACINE,
                )
                seconds, pdfs, docx = raw.stdout.split()
                figures.setdefault(f"appels bruts des moteurs ({pdfs} PDF, {docx} DOCX), 1 cœur", []).append(
                    (float(seconds), float(seconds))
                )
            if shutil.which("soffice"):
                documents = _docx_distincts(out)
                figures.setdefault(f"LibreOffice, {len(documents)} DOCX en PDF, {cores} processus", []).append(
                    _libreoffice(documents, work / f"lo-{repetition}", cores)
                )
    print(f"{dossier.name}, {racine}, meilleure de {args.repetitions} mesures (temps écoulé ; temps CPU) :")
    best = {name: (min(w for w, _ in runs), min(c for _, c in runs)) for name, runs in figures.items()}
    for name, (wall, cpu) in best.items():
        print(f"  {name:<58} {wall:7.2f} s ; CPU {cpu:7.2f} s")
    if not shutil.which("soffice"):
        print("  LibreOffice (soffice) n'est pas installé : comparaison omise.")
    _rapports(best, cores)


def _rapports(best: dict[str, tuple[float, float]], cores: int) -> None:
    full = best[f"génération complète, {cores} cœurs"]
    print(f"  relance sans changement : {best['relance sans changement'][0]:.2f} s")
    share = best["relance, un agent corrigé"][0] / full[0]
    print(f"  relance, un agent corrigé : {share:.0%} de la génération complète")
    office = next((v for k, v in best.items() if k.startswith("LibreOffice")), None)
    if office:
        pdf = best[f"PDF seuls (--format pdf), {cores} cœurs"]
        print(f"  PDF seuls / LibreOffice : {pdf[0] / office[0]:.2f} (temps écoulé), {pdf[1] / office[1]:.2f} (CPU)")
    raw = next((v for k, v in best.items() if k.startswith("appels bruts")), None)
    single = best.get("génération complète, 1 cœur")
    if raw and single:
        print(f"  surcoût du générateur sur 1 cœur, en CPU, au-dessus des appels bruts : {single[1] / raw[1] - 1:.0%}")


if __name__ == "__main__":
    main()
