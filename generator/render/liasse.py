"""The employer's print bundle: one PDF of everything sent to it, with a bookmark per document.

It prints double-sided: each document starts on an odd page, after a page marked as left blank
where the previous one ends on an odd page.
"""

from __future__ import annotations

import contextlib
import io
import logging
from collections.abc import Iterator

from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, ContentStream, DictionaryObject, NameObject, NumberObject

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
    writer = PdfWriter()
    unreadable = []
    with _pypdf_silencieux():
        for position, (bookmark, pdf) in enumerate(documents):
            if position not in generes and not _lisible(pdf):
                unreadable.append(position)
                continue
            if len(writer.pages) % 2:  # the next document starts on the back of the last page: skip it
                _page_blanche(writer)
            writer.append(_pour_impression(pdf), outline_item=bookmark, excluded_fields=_SANS_CHAMPS)
    writer.add_metadata({"/Title": titre, "/Author": auteur, "/Producer": "Générateur BPP"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue(), unreadable


BLANCHE = "Page laissée blanche"
_TAILLE = 9  # points
_LARGEUR = 9505 * _TAILLE / 1000  # of BLANCHE in Helvetica (its standard metrics), to centre it


def _page_blanche(writer: PdfWriter) -> None:
    """A page the size of the last one, that says it was left blank (a standard font: nothing embedded)."""
    last = writer.pages[-1].mediabox
    page = writer.add_blank_page(float(last.width), float(last.height))
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
            NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
        }
    )
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})}
    )
    x, y = (float(last.width) - _LARGEUR) / 2, float(last.height) / 2
    content = ContentStream(None, None)
    content.set_data(b"BT /F1 %d Tf 0.45 g %.2f %.2f Td (" % (_TAILLE, x, y) + BLANCHE.encode("cp1252") + b") Tj ET")
    page.replace_contents(content)


def _lisible(pdf: bytes) -> bool:
    """Whether a member merges whole: tried on a scratch bundle, so a failure leaves no stray page."""
    try:
        PdfWriter().append(_pour_impression(pdf), excluded_fields=_SANS_CHAMPS)
    except Exception:  # whatever fails in a file replaced by hand, it is "unreadable"
        return False
    return True


def _pour_impression(pdf: bytes) -> PdfReader:
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
