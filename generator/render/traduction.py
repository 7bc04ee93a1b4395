"""A Word template (`.docx` with docxtpl tags) translated into the Jinja HTML that WeasyPrint lays out.

The Word template is the only place where a document's wording lives: docxtpl renders it to the
DOCX, and this module turns the same template into HTML for the PDF, once per template version.
Paragraph styles become CSS classes (`Lieu et date` -> `lieu-et-date`), headings `h1`-`h3`, list
paragraphs bulleted paragraphs, tables `<table>` with their column widths; bold, italic,
underline, superscripts, line and page breaks are kept. docxtpl's tags keep their meaning:
`{%p %}` stands for its paragraph, `{%tr %}` for its row, `{%tc %}` for its cell, `{%r %}` for its
run; as in docxtpl, a tag may be split over several runs (Word's spell check and revision marks do
that) and curly quotes inside a tag are straight ones.

A paragraph that holds nothing but a call to a zone function (`{{ signature("cdg") }}`,
`{{ champ("s_1_1") }}`, `{{ champ_court("…") }}`) is left bare: the function draws the zone
(see `environment.ZONES`). A form field's call (`champ`, `champ_court`, and `champ_date` in the
line of its label) becomes a call block whose body is the field's label, the PDF field's tooltip:
what the template prints just before the field (the paragraph before it, the words before it in
its line, or its column's and row's headers in a table), after the numbered heading or label of
its section when those words have no number of their own ("2.5. Situation personnelle… – Éléments
d'ordre personnel…").

Each paragraph and table row is one line of the output, so that a Jinja syntax error's line number
names the paragraph where the broken tag is (`Traduction.lieux`).
"""

from __future__ import annotations

import html
import io
import re
import unicodedata
from dataclasses import dataclass

from docx import Document
from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

# docxtpl's tags: a paragraph, row, cell or run tag replaces its whole element.
BALISE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
_BALISE_ELEMENT = {kind: re.compile(r"\{%" + kind + r"\s(.*?)%\}", re.DOTALL) for kind in ("p", "tr", "tc", "r")}
_EXPRESSION_ELEMENT = re.compile(r"\{\{(p|r|tr|tc)\s")
_GUILLEMETS = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'"})
CHAMPS = ("champ", "champ_court", "champ_date")
ZONES = ("signature", *CHAMPS)
_ZONE_SEULE = re.compile(r"\s*(\{\{\s*(?:" + "|".join(ZONES) + r")\s*\(.*\)\s*\}\})\s*", re.DOTALL)
_APPEL_DE_CHAMP = re.compile(r"\{\{\s*((?:" + "|".join(CHAMPS) + r")\s*\(.*\))\s*\}\}", re.DOTALL)
_NUMERO = re.compile(r"\s*\d+\.(?:\d+\.)*\d*\s")  # "2.3.1. ", "1. ": a section's number
_ENTRE_INTITULES = " – "

# Characters that stand for non-text run content in the joined text of a paragraph.
_PAGE, _PAGES, _SAUT_DE_PAGE = "\ue000", "\ue001", "\ue002"
_CHAMPS = {"PAGE": _PAGE, "NUMPAGES": _PAGES, "SECTIONPAGES": _PAGES}
_ALIGNEMENTS = {"center": "centre", "right": "droite", "end": "droite", "both": "justifie", "distribute": "justifie"}
_TITRES = {"title": "h1", "heading 1": "h1", "heading 2": "h2", "heading 3": "h3", "heading 4": "h4"}
_TWIPS_PAR_MM = 56.6929


class TraductionImpossible(ValueError):
    """The file is not a Word document the translation can read."""


@dataclass(frozen=True)
class Traduction:
    """The Jinja HTML of a template; `lieux[n]` tells where line n + 1 comes from (« le paragraphe « Le CDG… » »)."""

    source: str
    lieux: list[str]
    textes: list[str]  # the whole text of the element each line comes from, tags as typed


@dataclass(frozen=True)
class _Format:
    gras: bool = False
    italique: bool = False
    souligne: bool = False
    position: str = ""  # "sup" or "sub"

    def _elements(self) -> list[str]:
        tags = [t for t, on in (("strong", self.gras), ("em", self.italique), ("u", self.souligne)) if on]
        return tags + ([self.position] if self.position else [])

    def ouvrir(self) -> str:
        return "".join(f"<{t}>" for t in self._elements())

    def fermer(self) -> str:
        return "".join(f"</{t}>" for t in reversed(self._elements()))


def traduire(contenu: bytes) -> Traduction:
    """The Jinja HTML (extending `base.html.j2`) of a `.docx` template's bytes."""
    try:
        document = Document(io.BytesIO(contenu))
    except Exception as error:  # a damaged archive fails in many ways inside python-docx, zipfile and lxml
        raise TraductionImpossible(str(error)) from error
    traducteur = _Traducteur(_styles(document))
    traducteur.ligne('{% extends "base.html.j2" %}{% block corps %}', "")
    section = document.sections[0] if document.sections else None
    if section is not None:
        traducteur.ligne('<div class="entete">', "l'en-tête")
        traducteur.blocs(section.header._element, "l'en-tête")
        traducteur.ligne("</div>", "l'en-tête")
        traducteur.ligne('<div class="piedpage">', "le pied de page")
        traducteur.blocs(section.footer._element, "le pied de page")
        traducteur.ligne("</div>", "le pied de page")
    traducteur.ligne('<div class="corps">', "")
    traducteur.blocs(document.element.body)
    traducteur.ligne("</div>{% endblock %}", "")
    return Traduction("\n".join(traducteur.lignes) + "\n", traducteur.lieux, traducteur.textes)


def _styles(document) -> dict[str, _Style]:
    """Paragraph styles by id: their name and what they give a paragraph (alignment, bold, list)."""
    raw = {}
    for style in document.styles.element.findall(f"{W}style"):
        style_id = style.get(f"{W}styleId")
        name = style.find(f"{W}name")
        based = style.find(f"{W}basedOn")
        raw[style_id] = (
            (name.get(f"{W}val") if name is not None else style_id) or style_id,
            based.get(f"{W}val") if based is not None else None,
            style,
        )
    return {style_id: _Style.depuis(style_id, raw) for style_id in raw}


@dataclass(frozen=True)
class _Style:
    nom: str
    alignement: str | None
    gras: bool
    liste: bool

    @staticmethod
    def depuis(style_id: str, raw: dict) -> _Style:
        name, _, _ = raw[style_id]
        alignment, bold, listed = None, False, False
        seen = set()
        current = style_id
        while current in raw and current not in seen:  # the style, then what it is based on
            seen.add(current)
            _, based, element = raw[current]
            jc = element.find(f"{W}pPr/{W}jc")
            if alignment is None and jc is not None:
                alignment = _ALIGNEMENTS.get(jc.get(f"{W}val") or "", "gauche")
            bold = bold or _actif(element.find(f"{W}rPr/{W}b"))
            listed = listed or element.find(f"{W}pPr/{W}numPr") is not None
            current = based
        return _Style(name, alignment, bold, listed)


def _actif(toggle) -> bool:
    """A Word on/off property (`<w:b/>`, `<w:b w:val="0"/>`)."""
    return toggle is not None and (toggle.get(f"{W}val") or "true").lower() not in ("0", "false", "off")


def classe_de_style(nom: str) -> str:
    """The CSS class of a Word style: `Lieu et date` -> `lieu-et-date`."""
    flat = unicodedata.normalize("NFKD", nom).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", flat).strip("-")


@dataclass(frozen=True)
class _Intitule:
    """Words of a form field's label: as typed (to tell a section's number), and the Jinja HTML printing them."""

    texte: str
    html: str

    @staticmethod
    def litteral(texte: str) -> _Intitule | None:
        """The literal words of a text (its tags left out), or None when there are none."""
        words = " ".join(BALISE.sub(" ", texte).split())
        return _Intitule(words, html.escape(words, quote=False)) if words else None


class _Traducteur:
    def __init__(self, styles: dict[str, _Style]) -> None:
        self.styles = styles
        plain = _Style("Normal", None, False, False)
        self.normal = next((s for s in styles.values() if s.nom.lower() == "normal"), plain)
        self.lignes: list[str] = []
        self.lieux: list[str] = []
        self.textes: list[str] = []
        self.section: _Intitule | None = None  # the last numbered paragraph ("2.5. Situation personnelle…")
        self.precedent: _Intitule | None = None  # the last paragraph with words

    def _retenir(self, intitule: _Intitule | None) -> None:
        if intitule is None:
            return
        self.precedent = intitule
        if _NUMERO.match(intitule.texte):
            self.section = intitule

    def _appel(self, balise: str, propre: _Intitule | None) -> str:
        """A field's call as a call block holding its label (see the module's docstring); other zones unchanged."""
        call = _APPEL_DE_CHAMP.fullmatch(balise)
        if call is None:
            return balise
        parts = [] if propre is None else [propre.html]
        if self.section is not None and (propre is None or not _NUMERO.match(propre.texte)):
            parts.insert(0, self.section.html)
        return "{% call " + call.group(1) + " %}" + _ENTRE_INTITULES.join(parts) + "{% endcall %}"

    def _appel_en_ligne(self, balise: str, avant: str) -> str:
        """A field's call in the line of its label: the words before it in its paragraph are its own."""
        return self._appel(balise, _Intitule.litteral(avant))

    def ligne(self, texte: str, lieu: str, original: str = "") -> None:
        # One output line per input element: a line number names the element.
        for part in texte.split("\n"):
            self.lignes.append(part)
            self.lieux.append(lieu)
            self.textes.append(original)

    def blocs(self, parent, lieu_parent: str = "") -> None:
        """Paragraphs and tables of a body, a cell, a header or a footer, in order."""
        for child in parent:
            if child.tag == f"{W}p":
                self.paragraphe(child, lieu_parent)
            elif child.tag == f"{W}tbl":
                self.tableau(child)
            elif child.tag == f"{W}sdt":  # a content control: its content counts
                content = child.find(f"{W}sdtContent")
                if content is not None:
                    self.blocs(content, lieu_parent)

    def paragraphe(self, p, lieu_parent: str = "") -> None:
        text, formats = _texte(p)
        lieu = (
            f"le paragraphe « {debut_de_paragraphe(text)} »" if text.strip() else (lieu_parent or "un paragraphe vide")
        )
        tag = _BALISE_ELEMENT["p"].search(text)
        if tag:
            self.ligne("{%" + tag.group(1).translate(_GUILLEMETS) + "%}", lieu, text)
            return
        zone = _ZONE_SEULE.fullmatch(text)
        if zone:
            self.ligne(self._appel(zone.group(1).translate(_GUILLEMETS), self.precedent), lieu, text)
            return
        style = self._style(p)
        element = _TITRES.get(style.nom.lower(), "p")
        classes = [] if element != "p" or style.nom.lower() in ("normal", "") else [classe_de_style(style.nom)]
        if style.liste or p.find(f"{W}pPr/{W}numPr") is not None:
            classes.append("puce")
        jc = p.find(f"{W}pPr/{W}jc")
        alignment = _ALIGNEMENTS.get(jc.get(f"{W}val") or "", "gauche") if jc is not None else style.alignement
        if alignment and element == "p":
            classes.append(alignment)
        if style.gras and element == "p":
            classes.append("gras")
        if p.find(f"{W}pPr/{W}pageBreakBefore") is not None or _SAUT_DE_PAGE in text:
            classes.append("saut-de-page")
        if p.find(f"{W}pPr/{W}keepNext") is not None:
            classes.append("avec-suivant")
        if p.find(f"{W}pPr/{W}keepLines") is not None:
            classes.append("lignes-ensemble")
        if not text.strip():
            classes.append("vide")
        attributes = f' class="{" ".join(classes)}"' if classes else ""
        style_attribute = _mise_en_page(p)
        if style_attribute:
            attributes += f' style="{style_attribute}"'
        inline = _en_ligne(text, formats, self._appel_en_ligne)
        self.ligne(f"<{element}{attributes}>{inline}</{element}>", lieu, text)
        if text.strip():
            # A block tag may open in one paragraph and close in another: such words count as typed.
            self._retenir(_Intitule(text, inline) if "{%" not in inline else _Intitule.litteral(text))

    def _style(self, p) -> _Style:
        style = p.find(f"{W}pPr/{W}pStyle")
        style_id = style.get(f"{W}val") if style is not None else None
        return self.styles.get(style_id, self.normal) if style_id else self.normal

    def tableau(self, tbl) -> None:
        style = tbl.find(f"{W}tblPr/{W}tblStyle")
        known = self.styles.get(style.get(f"{W}val")) if style is not None else None
        name = known.nom if known else ""
        widths = _largeurs(tbl)
        total = sum(widths) or 1
        klass = f' class="{classe_de_style(name)}"' if name else ""
        self.ligne(f"<table{klass}>", "un tableau")
        if widths:
            cols = "".join(f'<col style="width: {100 * w / total:.1f}%">' for w in widths)
            self.ligne(f"<colgroup>{cols}</colgroup>", "un tableau")
        rows = tbl.findall(f"{W}tr")
        header = 0
        while header < len(rows) and rows[header].find(f"{W}trPr/{W}tblHeader") is not None:
            header += 1
        # A field in a cell is labelled by its column's header and its row's first cell.
        headers = [_Intitule.litteral(_texte_de(tc)) for tc in rows[0].findall(f"{W}tc")] if rows else []
        if header:
            self.ligne("<thead>", "un tableau")
            for row in rows[:header]:
                self.rangee(row, "th", headers if row is not rows[0] else [])
            self.ligne("</thead>", "un tableau")
        self.ligne("<tbody>", "un tableau")
        for row in rows[header:]:
            self.rangee(row, "td", headers if row is not rows[0] else [])
        self.ligne("</tbody></table>", "un tableau")

    def _balise_d_element(self, element, kind: str, nom: str, vide: str) -> tuple[str, bool]:
        """The place of a row or a cell, and whether a `{%tr %}` / `{%tc %}` tag stands for it (then written)."""
        text = _texte_de(element)
        lieu = f"{nom} « {debut_de_paragraphe(text)} »" if text.strip() else vide
        tag = _BALISE_ELEMENT[kind].search(text)
        if tag:
            self.ligne("{%" + tag.group(1).translate(_GUILLEMETS) + "%}", lieu, text)
        return lieu, tag is not None

    def rangee(self, tr, cellule: str, entetes: list[_Intitule | None]) -> None:
        lieu, tagged = self._balise_d_element(tr, "tr", "la ligne de tableau", "une ligne de tableau vide")
        if tagged:
            return
        self.ligne("<tr>", lieu)
        cells = tr.findall(f"{W}tc")
        for index, tc in enumerate(cells):
            if index and index < len(entetes):
                words = [i for i in (entetes[index], _Intitule.litteral(_texte_de(cells[0]))) if i is not None]
                self.precedent = _Intitule(
                    _ENTRE_INTITULES.join(i.texte for i in words), _ENTRE_INTITULES.join(i.html for i in words)
                )
            self.cellule(tc, cellule)
        self.ligne("</tr>", lieu)

    def cellule(self, tc, cellule: str) -> None:
        lieu, tagged = self._balise_d_element(tc, "tc", "la cellule", "une cellule vide")
        if tagged:
            return
        attributes = ""
        span = tc.find(f"{W}tcPr/{W}gridSpan")
        if span is not None and (span.get(f"{W}val") or "1") != "1":
            attributes += f' colspan="{int(span.get(f"{W}val"))}"'
        fill = tc.find(f"{W}tcPr/{W}shd")
        colour = fill.get(f"{W}fill") if fill is not None else None
        if colour and re.fullmatch(r"[0-9A-Fa-f]{6}", colour):
            attributes += f' style="background: #{colour.upper()}"'
        self.ligne(f"<{cellule}{attributes}>", lieu)
        self.blocs(tc, lieu)
        self.ligne(f"</{cellule}>", lieu)


def _texte_de(element) -> str:
    """The text of every paragraph of a row or a cell, joined."""
    return "".join(_texte(p)[0] for p in element.iter(f"{W}p"))


def _largeurs(tbl) -> list[int]:
    """Column widths: the first row's cell widths where Word gives them all, else the table's grid."""
    first = tbl.find(f"{W}tr")
    cells = [] if first is None else first.findall(f"{W}tc")
    widths = []
    for cell in cells:
        width = cell.find(f"{W}tcPr/{W}tcW")
        span = cell.find(f"{W}tcPr/{W}gridSpan")
        if width is None or width.get(f"{W}type") != "dxa" or span is not None:
            break
        widths.append(int(width.get(f"{W}w") or 0))
    grid = [int(c.get(f"{W}w") or 0) for c in tbl.findall(f"{W}tblGrid/{W}gridCol")]
    return widths if cells and len(widths) == len(grid) and all(widths) else grid


def debut_de_paragraphe(texte: str) -> str:
    """A paragraph named by its first words, as staff see it in Word."""
    words = " ".join(texte.replace(_PAGE, "").replace(_PAGES, "").replace(_SAUT_DE_PAGE, "").split())
    return words if len(words) <= 60 else words[:60].rsplit(" ", 1)[0] + "…"


def _mise_en_page(p) -> str:
    """A paragraph's own left indent and spacing before and after (Word's twips), as CSS."""
    rules = []
    indent = p.find(f"{W}pPr/{W}ind")
    left = _millimetres(None if indent is None else (indent.get(f"{W}left") or indent.get(f"{W}start")))
    if left:
        rules.append(f"margin-left: {left}mm")
    spacing = p.find(f"{W}pPr/{W}spacing")
    for side, css in (("before", "margin-top"), ("after", "margin-bottom")):
        value = _millimetres(None if spacing is None else spacing.get(f"{W}{side}"))
        if value is not None:
            rules.append(f"{css}: {value}mm")
    return "; ".join(rules)


def _millimetres(twips: str | None) -> float | None:
    if twips is None or not re.fullmatch(r"\d+", twips):
        return None
    return round(int(twips) / _TWIPS_PAR_MM, 1)


def _texte(p) -> tuple[str, list[_Format]]:
    """The text of a paragraph (runs joined, as docxtpl sees it) and the format of each character."""
    chars: list[str] = []
    formats: list[_Format] = []
    field: list[str] | None = None  # the instruction of a complex field being read
    in_result = False
    for run in _runs(p):
        fmt = _format(run)
        for child in run:
            local = child.tag
            if local == f"{W}fldChar":
                kind = child.get(f"{W}fldCharType")
                if kind == "begin":
                    field, in_result = [], False
                elif kind == "separate":
                    in_result = True
                elif kind == "end" and field is not None:
                    marker = _CHAMPS.get("".join(field).strip().split(" ")[0].upper())
                    if marker:
                        chars.append(marker)
                        formats.append(fmt)
                    field, in_result = None, False
            elif local == f"{W}instrText" and field is not None:
                field.append(child.text or "")
            elif field is not None and not in_result:
                continue
            elif in_result:
                continue  # the field's last computed value: the PDF computes its own
            elif local == f"{W}t":
                chars.extend(child.text or "")
                formats.extend([fmt] * len(child.text or ""))
            elif local == f"{W}tab":
                chars.append("\t")
                formats.append(fmt)
            elif local in (f"{W}br", f"{W}cr"):
                chars.append(_SAUT_DE_PAGE if child.get(f"{W}type") == "page" else "\n")
                formats.append(fmt)
            elif local == f"{W}noBreakHyphen":
                chars.append("\u2011")
                formats.append(fmt)
    return "".join(chars), formats


def _runs(parent):
    """The runs of a paragraph in reading order: inside links, insertions, smart tags, simple fields;
    deleted text (tracked changes) is left out."""
    for child in parent:
        if child.tag == f"{W}r":
            yield child
        elif child.tag == f"{W}fldSimple":
            marker = _CHAMPS.get((child.get(f"{W}instr") or "").strip().split(" ")[0].upper())
            if marker:
                yield _run_marqueur(marker)
            else:
                yield from _runs(child)
        elif child.tag in (f"{W}hyperlink", f"{W}ins", f"{W}smartTag", f"{W}customXml", f"{W}moveTo"):
            yield from _runs(child)
        elif child.tag == f"{W}sdt":
            content = child.find(f"{W}sdtContent")
            if content is not None:
                yield from _runs(content)


def _run_marqueur(marker: str):
    """A run standing for a simple field (`PAGE`), so that it reads like a complex one."""
    run = etree.Element(f"{W}r")
    text = etree.SubElement(run, f"{W}t")
    text.text = marker
    return run


def _format(run) -> _Format:
    properties = run.find(f"{W}rPr")
    if properties is None:
        return _Format()
    underline = properties.find(f"{W}u")
    position = properties.find(f"{W}vertAlign")
    align = position.get(f"{W}val") if position is not None else ""
    return _Format(
        gras=_actif(properties.find(f"{W}b")),
        italique=_actif(properties.find(f"{W}i")),
        souligne=underline is not None and underline.get(f"{W}val") not in (None, "none"),
        position={"superscript": "sup", "subscript": "sub"}.get(align or "", ""),
    )


def _en_ligne(texte: str, formats: list[_Format], appel=None) -> str:
    """The inline HTML of a paragraph's text: literal text escaped, tags kept, block tags outside any format.

    A `{% %}` tag never sits inside `<strong>`: `<strong>{% if x %}</strong>` would leave an open
    element when the condition is false. `appel(tag, text before it)` rewrites a zone's call.
    """
    pieces: list[tuple[_Format | None, str]] = []
    position = 0
    for match in BALISE.finditer(texte):
        pieces += _litteral(texte, formats, position, match.start())
        tag = match.group(0)
        run_tag = _BALISE_ELEMENT["r"].fullmatch(tag)
        if run_tag:
            tag = "{%" + run_tag.group(1) + "%}"
        tag = _EXPRESSION_ELEMENT.sub("{{ ", tag).translate(_GUILLEMETS)
        if appel is not None:
            tag = appel(tag, texte[: match.start()])
        pieces.append((formats[match.start()] if tag.startswith("{{") else None, tag))
        position = match.end()
    pieces += _litteral(texte, formats, position, len(texte))
    out = []
    for fmt, piece in _fusion(pieces):
        out.append(piece if fmt is None else f"{fmt.ouvrir()}{piece}{fmt.fermer()}")
    return "".join(out)


def _litteral(texte: str, formats: list[_Format], start: int, end: int) -> list[tuple[_Format, str]]:
    pieces = []
    for index in range(start, end):
        pieces.append((formats[index], _caractere(texte[index])))
    return pieces


def _caractere(char: str) -> str:
    if char == "\n":
        return "<br>"
    if char == "\t":
        return " "
    if char == _PAGE:
        return '<span class="numero-page"></span>'
    if char == _PAGES:
        return '<span class="nombre-pages"></span>'
    if char == _SAUT_DE_PAGE:
        return ""
    return html.escape(char, quote=False)


def _fusion(pieces: list[tuple[_Format | None, str]]) -> list[tuple[_Format | None, str]]:
    """Neighbouring pieces of the same format as one."""
    merged: list[tuple[_Format | None, str]] = []
    for fmt, piece in pieces:
        if merged and merged[-1][0] == fmt and fmt is not None:
            merged[-1] = (fmt, merged[-1][1] + piece)
        else:
            merged.append((fmt, piece))
    return merged
