"""`python -m outils.docx_en_texte GABARIT.docx`: a Word template as text, to review a change with `git diff`.

One line per paragraph, `[Style] text` (tags as typed), tables as `| cell | cell |` rows, then the
header and the footer. Wired as a git `textconv` diff driver (see the README's developer section).
"""

from __future__ import annotations

import sys

from docx import Document
from docx.table import Table
from docx.text.paragraph import Paragraph


def lignes(chemin: str) -> list[str]:
    """The text lines of a `.docx` file."""
    document = Document(chemin)
    out = [*_blocs(document.element.body, document)]
    for section in document.sections:
        out += [f"[en-tête] {p.text}" for p in section.header.paragraphs if p.text]
        out += [f"[pied de page] {p.text}" for p in section.footer.paragraphs if p.text]
    return out


def _blocs(parent, document) -> list[str]:
    out = []
    for child in parent.iterchildren():
        if child.tag.endswith("}p"):
            paragraph = Paragraph(child, document)
            out.append(f"[{paragraph.style.name if paragraph.style is not None else ''}] {paragraph.text}")
        elif child.tag.endswith("}tbl"):
            for row in Table(child, document).rows:
                out.append(
                    "| " + " | ".join(" / ".join(p.text for p in c.paragraphs if p.text) for c in row.cells) + " |"
                )
    return out


if __name__ == "__main__":
    for path in sys.argv[1:]:
        sys.stdout.write("\n".join(lignes(path)) + "\n")
