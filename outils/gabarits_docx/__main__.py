"""`python -m outils.gabarits_docx [document...]`: (re)write DOCX templates into gabarits/."""

import importlib
import sys
from pathlib import Path

GABARITS = Path(__file__).resolve().parent.parent.parent / "gabarits"
TOUS = ["calendrier", "convention", "proposition_financiere", "courrier_information", "synthese", "engagement"]

for name in sys.argv[1:] or TOUS:
    try:
        module = importlib.import_module(f"outils.gabarits_docx.{name}")
    except ModuleNotFoundError:
        print(f"{name} : pas encore de constructeur")
        continue
    module.construire().save(GABARITS / f"{name}.docx")
    print(f"gabarits/{name}.docx écrit")
