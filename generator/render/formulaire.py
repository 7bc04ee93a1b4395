"""The PDF form's fields as every reader shows them: an appearance of their own, no `/NeedAppearances`.

WeasyPrint makes a text field of each `<textarea>` and `<input>` and leaves its drawing to the
reader (`/NeedAppearances true`). That flag makes Acrobat hide the appearance of a signature made
later (pyHanko issue 416), and PDF/A forbids it. So, in WeasyPrint's finisher, the flag goes and
every field gets its own appearance stream (`/AP /N`): empty for a field to fill in or to sign,
the value for a field filled in advance (a phase date of the synthesis).

A text field's font size is automatic (`0 Tf`): the reader shrinks a text that does not fit the
box instead of clipping it, and a multi-line field scrolls (WeasyPrint never sets DoNotScroll).
The value written in advance keeps the stylesheet's size, smaller only when it would not fit.
"""

from __future__ import annotations

import functools
import io
import re

import pydyf

_TAILLE = re.compile(rb"(/[^\s/]+) (\d+(?:\.\d+)?) Tf")  # the font and size of a default appearance (`/DA`)
_MARGE = 2  # points between a field's border and its text, as readers leave it


def apparences(document, pdf) -> None:
    """WeasyPrint's finisher step: each field's appearance stream and automatic font size, no `/NeedAppearances`."""
    form = pdf.catalog.get("AcroForm")
    if form is None:
        return
    form.pop("NeedAppearances", None)
    for reference in form["Fields"]:
        field = pdf.objects[_numero(reference)]
        if field.get("FT") == "/Tx":
            _champ_de_texte(document, pdf, form, field)
        elif "AP" not in field:
            field["AP"] = pydyf.Dictionary({"N": _apparence(pdf, field, []).reference})  # a signature field


def _numero(reference: bytes) -> int:
    return int(reference.split()[0])  # pydyf writes a reference as `number 0 R`


def _champ_de_texte(document, pdf, form, field) -> None:
    appearance = field["DA"].string
    found = _TAILLE.search(appearance)
    font, size = found.group(1).decode()[1:], float(found.group(2))
    field["DA"] = pydyf.String(_TAILLE.sub(rb"\1 0 Tf", appearance))  # automatic size
    value = field.get("V")
    text = value.string if value is not None else ""
    content = [] if not text else _texte(document, field, appearance, font, size, text)
    stream = _apparence(pdf, field, [b"/Tx BMC", *content, b"EMC"], form.get("DR"))  # marked as variable text
    field["AP"] = pydyf.Dictionary({"N": stream.reference})


def _dimensions(field) -> tuple[float, float]:
    x0, y0, x1, y1 = field["Rect"]
    return abs(x1 - x0), abs(y1 - y0)


def _apparence(pdf, field, content: list[bytes], resources=None) -> pydyf.Stream:
    """The field's normal appearance, drawing `content` (nothing for an empty field)."""
    width, height = _dimensions(field)
    extra = {"Type": "/XObject", "Subtype": "/Form", "BBox": pydyf.Array([0, 0, round(width, 3), round(height, 3)])}
    if resources is not None:
        extra["Resources"] = resources  # the fonts and states of the default appearance (`/DR`)
    stream = pydyf.Stream(content, extra, compress=True)
    pdf.add_object(stream)
    return stream


def _texte(document, field, appearance: bytes, font: str, size: float, text: str) -> list[bytes]:
    """One line of text, left-aligned and centred vertically, clipped to the box, in the field's own font."""
    width, height = _dimensions(field)
    glyphs, advance, ascent, descent = _glyphes(document, font, text)
    size = min(size, (height - 2) * 1000 / (ascent - descent))  # the line fits the box's height
    if advance:
        size = min(size, (width - 2 * _MARGE) * 1000 / advance)  # and its width
    size = round(size, 2)
    baseline = (height - size * (ascent - descent) / 1000) / 2 - size * descent / 1000
    shown = _TAILLE.sub(rb"\1 " + f"{size:g}".encode() + rb" Tf", appearance)
    return [
        b"q",
        f"1 1 {width - 2:.3f} {height - 2:.3f} re W n".encode(),
        b"BT",
        shown,
        f"{_MARGE} {baseline:.3f} Td".encode(),
        b"<" + glyphs.hex().encode() + b"> Tj",
        b"ET",
        b"Q",
    ]


def _glyphes(document, font: str, text: str) -> tuple[bytes, float, float, float]:
    """The text as glyph numbers of WeasyPrint's font (`Identity-H`), its advance (per 1000), ascent and descent.

    The font of a form is embedded whole (WeasyPrint does not subset it), so its glyph numbers
    are the font file's own.
    """
    embedded = next(f for f in document.fonts.values() if f.hash == font)
    glyphs_of = _glyphes_de_la_police(embedded.file_content, embedded.index, embedded.upem)
    glyphs, advance = b"", 0.0
    for character in text:
        number, width = glyphs_of.get(ord(character), (0, 0.0))  # 0: the font's "missing glyph"
        glyphs += number.to_bytes(2, "big")
        advance += width
    return glyphs, advance, embedded.ascent, embedded.descent


@functools.lru_cache(maxsize=4)
def _glyphes_de_la_police(content: bytes, index: int, upem: int) -> dict[int, tuple[int, float]]:
    """Each character of a font file: its glyph number and advance (per 1000). Read once per font and process."""
    from fontTools.ttLib import TTFont

    ttfont = TTFont(io.BytesIO(content), fontNumber=index, lazy=True)
    metrics = ttfont["hmtx"]
    return {
        code: (ttfont.getGlyphID(name), metrics[name][0] * 1000 / upem) for code, name in ttfont.getBestCmap().items()
    }
