"""The employer's print bundle: one PDF of everything sent to it, with a bookmark per document."""

from __future__ import annotations

import io

from pypdf import PdfReader, PdfWriter


def liasse(documents: list[tuple[str, bytes]], titre: str, auteur: str) -> bytes:
    """Merge PDFs in order; each gets a bookmark; form fields are left out (the bundle is for printing)."""
    writer = PdfWriter()
    for bookmark, pdf in documents:
        writer.append(PdfReader(io.BytesIO(pdf)), outline_item=bookmark, excluded_fields=["/Annots", "/B"])
    writer.add_metadata({"/Title": titre, "/Author": auteur, "/Producer": "Générateur BPP"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
