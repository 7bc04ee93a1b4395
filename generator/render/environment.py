"""The Jinja environment factory, one environment per output format, sharing every filter.

Both formats render the same Word template. What differs is only how the template's zones are
drawn (`ZONES`): a signature zone or a fill-in field is an empty framed paragraph in the DOCX (its
Word style draws the frame) and, in the HTML laid out for the PDF, a box that becomes an empty
signature field or a form field. A field filled in advance (`champ_date`, a phase date) is its
value in the DOCX and a form field holding that value in the PDF.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import jinja2
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup, escape

from generator.errors import ErreurUtilisateur
from generator.render.filters import FILTRES
from generator.render.typographie import typographie

GABARITS = Path(__file__).resolve().parent.parent.parent / "gabarits"
PREFIXE_SIGNATURE = "signature_"


class ErreurGabarit(ErreurUtilisateur):
    """A template uses a variable the data does not have, or is malformed."""


def _signature_html(role: str) -> Markup:
    """The zone of a role's signature: the PDF's empty signature field is laid over it (see `pdf`)."""
    name = escape(f"{PREFIXE_SIGNATURE}{role}")
    return Markup(f'<div class="zone-signature" id="{name}"><span class="coin-signature" id="{name}-fin"></span></div>')


def _infobulle(caller) -> Markup:
    """The `title` attribute of a form field: its label as the template prints it (the PDF field's tooltip).

    The translation of the template passes the label as the body of a call block (`{% call champ("s_1_1") %}`,
    see `traduction`); WeasyPrint makes the `title` the field's tooltip (`/TU`).
    """
    if caller is None:
        return Markup("")
    label = typographie(Markup(caller()).striptags()).rstrip(" :\u202f\u00a0")
    return Markup(' title="{}"').format(label) if label else Markup("")


def _champ_html(nom: str, caller=None) -> Markup:
    """A multi-line text field of the PDF form (a section of the synthesis)."""
    return Markup('<textarea name="{}" class="champ"{}></textarea>').format(nom, _infobulle(caller))


def _champ_court_html(nom: str, caller=None) -> Markup:
    """A one-line text field of the PDF form."""
    return Markup('<input type="text" name="{}" class="champ-court"{}>').format(nom, _infobulle(caller))


def _champ_date_html(nom: str, valeur: object, caller=None) -> Markup:
    """A one-line text field of the PDF form, in the line of its label, filled with `valeur` the agent may correct."""
    value = typographie(str(valeur))
    return Markup('<input type="text" name="{}" class="champ-date" value="{}"{}>').format(
        nom, value, _infobulle(caller)
    )


def _zone_vide(_nom: str, caller=None) -> str:
    # In the DOCX the zone is its paragraph, framed by its Word style: nothing to print inside.
    return ""


def _valeur(_nom: str, valeur: object, caller=None) -> object:
    # In the DOCX a field filled in advance is its value, in the line of its label.
    return valeur


def _sans_coupure_html(valeur: object) -> Markup:
    """A value the PDF never breaks across lines (an address of a website)."""
    return Markup('<span class="insecable">') + escape(valeur) + Markup("</span>")


def _tel_quel(valeur: object) -> object:
    # Word breaks a line where it must; the DOCX keeps the value as it is.
    return valeur


ZONES = {
    "html": {
        "signature": _signature_html,
        "champ": _champ_html,
        "champ_court": _champ_court_html,
        "champ_date": _champ_date_html,
    },
    "docx": {"signature": _zone_vide, "champ": _zone_vide, "champ_court": _zone_vide, "champ_date": _valeur},
}
FILTRES_DU_FORMAT = {"html": {"sans_coupure": _sans_coupure_html}, "docx": {"sans_coupure": _tel_quel}}


def creer_environnement(format: str) -> jinja2.Environment:
    """A sandboxed, strict environment for `html` or `docx`: a missing variable fails, loads stay in `gabarits/`."""
    env = SandboxedEnvironment(
        loader=jinja2.FileSystemLoader(GABARITS),
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(FILTRES)
    env.filters.update(FILTRES_DU_FORMAT[format])
    env.globals.update(ZONES[format])
    return env


@functools.cache
def environnement(format: str) -> jinja2.Environment:
    """The environment documents of one format are rendered with (created once per process)."""
    return creer_environnement(format)


def erreur_de_gabarit(gabarit: str, error: Exception) -> ErreurGabarit:
    """A French message naming the template and, for a missing variable, the variable."""
    if isinstance(error, jinja2.UndefinedError):
        return ErreurGabarit(
            f"Le gabarit {gabarit} utilise une donnée absente ({_variable_absente(str(error))}) ; "
            "corrigez le nom de la variable dans le gabarit ou complétez le dossier."
        )
    if isinstance(error, jinja2.TemplateNotFound):
        return gabarit_illisible(str(error.name or gabarit))
    return ErreurGabarit(
        f"Le gabarit {gabarit} est mal formé ({error}) ; corrigez-le ou reprenez la version d'origine."
    )


def gabarit_illisible(gabarit: str) -> ErreurGabarit:
    """A template that is missing, or not a file of its kind."""
    return ErreurGabarit(
        f"Le gabarit {gabarit} est introuvable ou illisible ; "
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
