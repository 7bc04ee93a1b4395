"""The employer's print bundle: one PDF of everything sent to it, with a bookmark per document."""

from __future__ import annotations

import io

from pypdf import PdfReader, PdfWriter
from pypdf.errors import PyPdfError
from pypdf.generic import ArrayObject, DictionaryObject, NameObject


def liasse(documents: list[tuple[str, bytes]], titre: str, auteur: str) -> tuple[bytes, list[int]]:
    """Merge PDFs in order, a bookmark each; return the bundle and the positions of unreadable members.

    Empty signature fields are left out (the bundle is for printing, and several documents have a
    field of the same name); anything else on a page stays, so a signed document prints signed.
    A member that cannot be read (a file replaced by hand) is left out and reported, never fatal.
    """
    writer = PdfWriter()
    unreadable = []
    for position, (bookmark, pdf) in enumerate(documents):
        try:
            reader = PdfReader(io.BytesIO(pdf))
            if reader.is_encrypted:
                reader.decrypt("")  # a PDF protected against editing opens without a password
            for page in reader.pages:
                _sans_champs_de_signature_vides(page)
            writer.append(reader, outline_item=bookmark, excluded_fields=["/B"])
        except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, NotImplementedError):
            unreadable.append(position)
    writer.add_metadata({"/Title": titre, "/Author": auteur, "/Producer": "Générateur BPP"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue(), unreadable


def _sans_champs_de_signature_vides(page: DictionaryObject) -> None:
    annotations = page.get("/Annots")
    if annotations is None:
        return
    kept = ArrayObject(a for a in annotations.get_object() if not _signature_vide(a.get_object()))
    if kept:
        page[NameObject("/Annots")] = kept
    else:
        del page["/Annots"]


def _signature_vide(annotation: DictionaryObject) -> bool:
    field = annotation.get("/Parent", annotation).get_object() if "/FT" not in annotation else annotation
    return field.get("/FT") == "/Sig" and "/V" not in field
