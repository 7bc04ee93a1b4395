"""French typography of every rendered text, the dossier's data included, for both the PDF and the DOCX.

Applied once a document is rendered (so that it also covers what the data brings): a narrow
no-break space before `;` `:` `!` `?` and inside `« »`, the typographic apostrophe `’`, and
no-break spaces where a line must not break (`9 h 00`, `1 h 30`, `4 h`, `n° 2025-19`).
Amounts already come with their no-break spaces from Babel.
"""

from __future__ import annotations

import re

FINE = "\u202f"  # narrow no-break space
INSECABLE = "\u00a0"  # no-break space

_REGLES = [
    (re.compile(r"'"), "’"),
    (re.compile(r"[ \u00a0]+([;:!?])"), FINE + r"\1"),
    (re.compile(r"«[ \u00a0]*"), "«" + FINE),
    (re.compile(r"[ \u00a0]*»"), FINE + "»"),
    (re.compile(r"(\d) h (\d\d)\b"), r"\1" + INSECABLE + "h" + INSECABLE + r"\2"),
    (re.compile(r"(\d) h\b"), r"\1" + INSECABLE + "h"),
    (re.compile(r"\b([nN]°) "), r"\1" + INSECABLE),
]


def typographie(texte: str) -> str:
    """A text set the French way."""
    for pattern, replacement in _REGLES:
        texte = pattern.sub(replacement, texte)
    return texte


_TEXTE_HTML = re.compile(r"(?s)(<(?:style|script)\b.*?</(?:style|script)>|<[^>]*>)|([^<]+)")


def typographie_html(html: str) -> str:
    """The HTML with every text node set the French way; tags, attributes and styles untouched."""

    def replace(match: re.Match) -> str:
        tag, text = match.group(1), match.group(2)
        if tag is not None:
            return tag
        # Jinja escapes an apostrophe of the data as `&#39;`; other entities stay as they are.
        return typographie(text.replace("&#39;", "'"))

    return _TEXTE_HTML.sub(replace, html)
