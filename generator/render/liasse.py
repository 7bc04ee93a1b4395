"""The employer's print bundle: one PDF of everything sent to it, with a bookmark per document."""

from __future__ import annotations

import contextlib
import io
import logging
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pypdf import PdfReader
    from pypdf.generic import DictionaryObject

# pypdf is imported where a bundle is made (0.1 s): a re-run that makes none does not load it.

_SANS_CHAMPS = ["/B"]  # article beads are of no use on paper


def liasse(
    documents: list[tuple[str, bytes]], titre: str, auteur: str, generes: frozenset[int] = frozenset()
) -> tuple[bytes, list[int]]:
    """Merge PDFs in order, a bookmark each; return the bundle and the positions of unreadable members.

    The bundle is for printing: empty signature fields are left out (every document has some, under
    the same names), and a signed field becomes a plain stamp of its appearance, so that a signed
    document prints signed without a signature that no longer matches its file. A member that cannot
    be read (a file replaced by hand) is left out and reported, never fatal; the members at the
    positions `generes` are as the generator wrote them, and are not tried first.
    """
    from pypdf import PdfWriter

    writer = PdfWriter()
    unreadable = []
    with _pypdf_silencieux():
        for position, (bookmark, pdf) in enumerate(documents):
            if position not in generes and not _lisible(pdf):
                unreadable.append(position)
                continue
            writer.append(_pour_impression(pdf), outline_item=bookmark, excluded_fields=_SANS_CHAMPS)
    writer.add_metadata({"/Title": titre, "/Author": auteur, "/Producer": "Générateur BPP"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue(), unreadable


def _lisible(pdf: bytes) -> bool:
    """Whether a member merges whole: tried on a scratch bundle, so a failure leaves no stray page."""
    from pypdf import PdfWriter

    try:
        PdfWriter().append(_pour_impression(pdf), excluded_fields=_SANS_CHAMPS)
    except Exception:  # whatever fails in a file replaced by hand, it is "unreadable"
        return False
    return True


def _pour_impression(pdf: bytes) -> PdfReader:
    from pypdf import PdfReader
    from pypdf.generic import ArrayObject, NameObject

    reader = PdfReader(io.BytesIO(pdf))
    if reader.is_encrypted:
        reader.decrypt("")  # a PDF protected against editing opens without a password
    if not reader.pages:
        raise ValueError("a PDF without pages")
    for page in reader.pages:
        annotations = page.get("/Annots")
        if annotations is None:
            continue
        kept = ArrayObject()
        for entry in annotations.get_object():
            annotation = entry.get_object()
            printed = _annotation_imprimee(annotation)
            if printed is not None:
                kept.append(entry if printed is annotation else printed)
        page[NameObject("/Annots")] = kept
    return reader


def _annotation_imprimee(annotation: DictionaryObject) -> DictionaryObject | None:
    """What of an annotation goes to paper: nothing for an empty signature field, a stamp for a signed one."""
    from pypdf.generic import DictionaryObject, NameObject, NumberObject

    field = annotation if "/FT" in annotation else annotation.get("/Parent", annotation).get_object()
    if field.get("/FT") != "/Sig":
        return annotation
    if "/V" not in field or "/AP" not in annotation:
        return None
    return DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Stamp"),
            NameObject("/Rect"): annotation["/Rect"],
            NameObject("/AP"): annotation["/AP"],
            NameObject("/F"): NumberObject(4),  # printed
        }
    )


@contextlib.contextmanager
def _pypdf_silencieux() -> Iterator[None]:
    """pypdf logs its repairs of damaged files in English: the user gets one French warning instead."""
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)
