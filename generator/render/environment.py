"""The one Jinja environment factory shared by the PDF and DOCX paths."""

from __future__ import annotations

import functools
import re
from pathlib import Path

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from generator.errors import ErreurUtilisateur
from generator.render.filters import FILTRES

GABARITS = Path(__file__).resolve().parent.parent.parent / "gabarits"


class ErreurGabarit(ErreurUtilisateur):
    """A template uses a variable the data does not have, or is malformed."""


def creer_environnement(autoescape: bool = True) -> jinja2.Environment:
    """A sandboxed, strict environment: a missing variable fails, loads stay in `gabarits/`."""
    env = SandboxedEnvironment(
        loader=jinja2.FileSystemLoader(GABARITS),
        undefined=jinja2.StrictUndefined,
        autoescape=autoescape,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(FILTRES)
    return env


@functools.cache
def environnement() -> jinja2.Environment:
    """The environment every document is rendered with (created once per process)."""
    return creer_environnement(autoescape=True)


def erreur_de_gabarit(gabarit: str, error: Exception) -> ErreurGabarit:
    """A French message naming the template and, for a missing variable, the variable."""
    if isinstance(error, jinja2.UndefinedError):
        return ErreurGabarit(
            f"Le gabarit {gabarit} utilise une donnée absente ({_variable_absente(str(error))}) ; "
            "corrigez le nom de la variable dans le gabarit ou complétez le dossier."
        )
    if isinstance(error, jinja2.TemplateNotFound):
        return gabarit_illisible(str(error.name or gabarit))
    line = getattr(error, "lineno", None)
    where = f", ligne {line}" if line and not gabarit.endswith(".docx") else ""  # a Word file has no lines
    return ErreurGabarit(
        f"Le gabarit {gabarit}{where} est mal formé ({error}) ; corrigez-le ou reprenez la version d'origine."
    )


def gabarit_illisible(gabarit: str) -> ErreurGabarit:
    """A template that is missing from `gabarits/`, or not a file of its kind."""
    return ErreurGabarit(
        f"Le gabarit {gabarit} est introuvable dans {GABARITS} ou illisible ; "
        "reprenez la version d'origine du gabarit (dossier gabarits/ du générateur)."
    )


def _variable_absente(message: str) -> str:
    undefined = re.fullmatch(r"'(.+)' is undefined", message)
    if undefined:
        return f"la variable « {undefined.group(1)} » n'existe pas"
    attribute = re.fullmatch(r"'.+' has no attribute '(.+)'", message)
    if attribute:
        return f"« {attribute.group(1)} » n'existe pas à cet endroit"
    return message
