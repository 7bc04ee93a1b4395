"""What our layout costs WeasyPrint, CSS feature by feature, on the HTML of each document of the example cohort.

python benchmarks/mise_en_page.py [DOSSIER.yaml] [--repetitions N]

The first PDF of each document (its HTML translated from the Word template, as the generator makes
it) is laid out and written by WeasyPrint with the shared stylesheet, then with the stylesheet plus
one override that drops a feature (running header and footer, `counter(pages)`, justified text,
fixed tables, `break-*` rules, the PDF form fields). Printed: CPU milliseconds per document (best of
the repetitions, this process only), the layout's and the writing's share, and the pages. An
override that changes the look is only a measure of what the feature costs, not a proposal.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent

VARIANTES = {
    "référence (style.css)": "",
    "sans en-tête ni pied courants (running, element())": (
        ".entete, .piedpage { position: static; display: none; }"
        "@page { @top-left { content: none; } @bottom-left { content: none; } }"
    ),
    "sans counter(pages)": ".nombre-pages::before { content: '9'; }",
    "texte aligné à gauche (sans justify)": ".justifie { text-align: left; }",
    "tableaux table-layout: auto": "table { table-layout: auto; }",
    "sans break-inside / break-after: avoid": "* { break-inside: auto !important; break-after: auto !important; }",
    "sans césure (hyphens: manual)": "* { hyphens: manual !important; }",
}


def _html_par_document(dossier: Path) -> dict[str, str]:
    from generator.dossier.validation import valider
    from generator.plan import planifier
    from generator.render.documents import contexte, gabarit_de, horodatage
    from generator.render.pdf import html

    valide = valider(dossier)
    stamp = horodatage(valide)
    os.environ["SOURCE_DATE_EPOCH"] = str(int(stamp.timestamp()))
    found: dict[str, str] = {}
    for fichier in planifier(valide).documents:
        if fichier.format == "pdf" and fichier.document not in found:
            values = {**contexte(fichier, valide), "metadonnees": {"titre": "t", "auteur": "a", "date": stamp}}
            found[fichier.document] = html(gabarit_de(fichier, valide), values)
    return found


def _mesurer(source: str, feuilles: list, fonts: object) -> tuple[float, float, int]:
    """CPU seconds of the layout and of the writing of one document, and its pages."""
    from weasyprint import HTML

    from generator.render import environment

    start = time.process_time()
    document = HTML(string=source, base_url=str(environment.GABARITS)).render(
        pdf_forms=True, stylesheets=feuilles, font_config=fonts
    )
    laid_out = time.process_time()
    document.write_pdf(pdf_forms=True)
    return laid_out - start, time.process_time() - laid_out, len(document.pages)


def main() -> None:
    """Print one line per variant: CPU ms per document (layout + writing) and the change from the reference."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dossier", nargs="?", type=Path, default=RACINE / "dossiers/exemples/cohorte-cdg31.yaml")
    parser.add_argument("--repetitions", type=int, default=3)
    args = parser.parse_args()
    from weasyprint import CSS

    from generator.render.pdf import configuration_des_polices, feuille_de_style

    documents = _html_par_document(args.dossier.resolve())
    fonts = configuration_des_polices()
    base = feuille_de_style()
    for source in documents.values():  # fonts found, caches warm: every variant is measured alike
        _mesurer(source, [base], fonts)
    print(f"{len(documents)} documents ({', '.join(documents)}), meilleure de {args.repetitions} mesures, CPU :")
    print(f"  {'variante':<52} {'ms/doc':>7} {'mise en page':>13} {'écriture':>9} {'pages':>6} {'écart':>7}")
    sheets = {
        name: [base] + ([CSS(string=override, font_config=fonts)] if override else [])
        for name, override in VARIANTES.items()
    }
    best: dict[str, tuple[float, float, int]] = {}
    for _ in range(args.repetitions):  # interleaved: a busy moment of the machine hits every variant alike
        for name in VARIANTES:
            runs = [_mesurer(source, sheets[name], fonts) for source in documents.values()]
            measured = (sum(r[0] for r in runs), sum(r[1] for r in runs), sum(r[2] for r in runs))
            if name not in best or sum(measured[:2]) < sum(best[name][:2]):
                best[name] = measured
    reference = sum(best[next(iter(VARIANTES))][:2])
    for name, (layout, writing, pages) in best.items():
        total = layout + writing
        print(
            f"  {name:<52} {total / len(documents) * 1000:>7.0f} {layout / total:>13.0%} {writing / total:>9.0%}"
            f" {pages:>6} {total / reference - 1:>+7.0%}"
        )


if __name__ == "__main__":
    main()
