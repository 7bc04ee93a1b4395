"""Where each document's Word template is (the CDG's own, else the default), and its forms compiled once.

A CDG's own template `<profils>/<cdg>/gabarits/<document>.docx` replaces the default
`gabarits/<document>.docx` for its sessions. The PDF's HTML is translated from the template and
compiled once per template version (keyed by the template's bytes) and process, never per document.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import jinja2
from docx.opc.exceptions import PackageNotFoundError
from docxtpl import DocxTemplate

from generator.render import environment
from generator.render.environment import ErreurGabarit, environnement, gabarit_illisible
from generator.render.traduction import BALISE, Traduction, TraductionImpossible, debut_de_paragraphe, traduire


@dataclass(frozen=True)
class Gabarit:
    """The Word template a document of a session is made from."""

    document: str
    chemin: Path
    nom: str  # as messages name it: `convention.docx`, or the path of a CDG's own template

    def contenu(self) -> bytes:
        """The template's bytes; a French error when it is missing or unreadable."""
        try:
            return self.chemin.read_bytes()
        except OSError:
            raise gabarit_illisible(self.nom) from None


def gabarit(document: str, gabarits_cdg: Path | None = None) -> Gabarit:
    """The template of `document`: the CDG's own one in `gabarits_cdg` when there is one, else the default."""
    if gabarits_cdg is not None:
        own = gabarits_cdg / f"{document}.docx"
        if own.is_file():
            return Gabarit(document, own, str(own))
    return Gabarit(document, environment.GABARITS / f"{document}.docx", f"{document}.docx")


_TRADUCTIONS: dict[str, Traduction] = {}
_XML_COMPILES: dict[tuple[int, str], jinja2.Template] = {}
_MODELES_HTML: dict[tuple[int, str], jinja2.Template] = {}
_VERIFIES: set[tuple[int, int, str, tuple[str, ...]]] = set()


def _lire(modele: Gabarit) -> tuple[bytes, str]:
    """The template's bytes and their SHA-256: the key of every form made from this version."""
    content = modele.contenu()
    return content, hashlib.sha256(content).hexdigest()


def traduction(modele: Gabarit) -> Traduction:
    """The template translated into Jinja HTML (cached by the template's bytes)."""
    return _traduction(modele, *_lire(modele))


def _traduction(modele: Gabarit, content: bytes, key: str) -> Traduction:
    if key not in _TRADUCTIONS:
        try:
            _TRADUCTIONS[key] = traduire(content)
        except TraductionImpossible:
            raise gabarit_illisible(modele.nom) from None
    return _TRADUCTIONS[key]


def modele_html(modele: Gabarit) -> jinja2.Template:
    """The compiled HTML template of the PDF (cached by the template's bytes)."""
    return _modele_html(modele, *_lire(modele))


def _modele_html(modele: Gabarit, content: bytes, sha: str) -> jinja2.Template:
    env = environnement("html")
    key = (id(env), sha)  # a template is bound to the environment it was compiled in
    if key not in _MODELES_HTML:
        translated = _traduction(modele, content, sha)
        try:
            _MODELES_HTML[key] = env.from_string(translated.source)
        except jinja2.TemplateSyntaxError as error:
            raise erreur_de_balise(modele.nom, translated, error) from None
    return _MODELES_HTML[key]


def xml_compile(env: jinja2.Environment, source: str) -> jinja2.Template:
    """docxtpl's XML of a template part compiled in `env`, once per process (it is the same for every document).

    The check of a template compiles it before the workers are forked: they inherit the compiled form.
    """
    key = (id(env), source)
    if key not in _XML_COMPILES:
        _XML_COMPILES[key] = env.from_string(source)
    return _XML_COMPILES[key]


_ZONE_DE_SIGNATURE = re.compile(r"""\{\{\s*signature\(\s*["']([^"']+)["']\s*\)\s*\}\}""")


def verifier_gabarit(modele: Gabarit, signataires: tuple[str, ...]) -> None:
    """Compile both forms of a template (HTML for the PDF, docxtpl's XML for the DOCX) without rendering.

    A broken tag, or a signatory without a zone, is found here, before anything is written; a
    version found right is not checked again in the same process.
    """
    content, sha = _lire(modele)
    done = (id(environnement("html")), id(environnement("docx")), sha, signataires)
    if done in _VERIFIES:
        return
    _modele_html(modele, content, sha)
    drawn = set(re.findall(_ZONE_DE_SIGNATURE, _traduction(modele, content, sha).source))
    missing = set(signataires) - drawn
    if missing:
        raise zones_manquantes(modele.nom, missing)
    template = DocxTemplate(io.BytesIO(content))
    try:
        template.init_docx()
        parts = [template.get_xml(), *_xml_entetes_et_pieds(template)]
    except (OSError, zipfile.BadZipFile, KeyError, ValueError, PackageNotFoundError):
        raise gabarit_illisible(modele.nom) from None
    for xml in parts:
        source = re.sub(r"<w:p([ >])", r"\n<w:p\1", template.patch_xml(xml))  # as docxtpl gives it to Jinja
        try:
            xml_compile(environnement("docx"), source)
        except jinja2.TemplateSyntaxError as error:
            lines = source.splitlines()
            where = re.sub(r"<[^>]+>", "", lines[error.lineno - 1]) if 0 < error.lineno <= len(lines) else ""
            raise ErreurGabarit(
                f"Le gabarit {modele.nom} a une balise mal formée dans le paragraphe « {debut_de_paragraphe(where)} » "
                f"({_explication(error)}) ; {CORRECTION_BALISE}"
            ) from None
    _VERIFIES.add(done)


def _xml_entetes_et_pieds(template: DocxTemplate) -> list[str]:
    xml = []
    for section in template.docx.sections:
        for part in (section.header, section.footer):
            if not part.is_linked_to_previous:
                xml.append(template.xml_to_string(part._element))
    return xml


def zones_manquantes(nom: str, roles: set[str]) -> ErreurGabarit:
    """A template without the signature zone of some of its document's signatories."""
    zones = ", ".join(f'{{{{ signature("{role}") }}}}' for role in sorted(roles))
    return ErreurGabarit(
        f"Le gabarit {nom} n'a pas de zone de signature pour : {', '.join(sorted(roles))} ; "
        f"ajoutez dans le bloc de signature un paragraphe qui ne contient que {zones}, "
        "ou reprenez la version d'origine du gabarit."
    )


CORRECTION_BALISE = (
    "corrigez la balise dans Word ou LibreOffice (chaque {{ doit avoir son }}, chaque {% if %} son {% endif %}, "
    "chaque {% for %} son {% endfor %}), ou reprenez la version d'origine du gabarit."
)


def erreur_de_balise(nom: str, translated: Traduction, error: jinja2.TemplateSyntaxError) -> ErreurGabarit:
    """A broken tag: the template, the paragraph (its first words) and the tag, in French."""
    line = error.lineno or 0
    at_end = "end of template" in (error.message or "")
    if at_end or not 0 < line <= len(translated.lieux) or not translated.lieux[line - 1]:
        return ErreurGabarit(f"Le gabarit {nom} a une balise mal formée ({_explication(error)}) ; {CORRECTION_BALISE}")
    tag = _balise_fautive(translated.textes[line - 1], error.message or "")
    shown = f" : {tag}" if tag else ""
    return ErreurGabarit(
        f"Le gabarit {nom} a une balise mal formée dans {translated.lieux[line - 1]}{shown} "
        f"({_explication(error)}) ; {CORRECTION_BALISE}"
    )


_CANDIDATES = re.compile(r"\{[{%#].*?(?:[}%#]\}|(?=\{[{%#])|$)")


def _balise_fautive(texte: str, message: str) -> str:
    """The tag of a paragraph that Jinja refused: the one naming the unknown word, else the first that fails alone."""
    candidates = [m.group(0).strip() for m in _CANDIDATES.finditer(texte)]
    named = re.search(r"'([^']+)'", message)
    for candidate in candidates:
        if named and named.group(1) in candidate and not candidate.startswith("{{"):
            return candidate
    for candidate in candidates:
        if candidate.startswith("{{") or not BALISE.fullmatch(candidate):
            try:
                jinja2.Environment().parse(candidate)
            except jinja2.TemplateSyntaxError:
                return candidate
    return candidates[0] if candidates else ""


def _explication(error: jinja2.TemplateSyntaxError) -> str:
    """Jinja's reason, in French for the usual ones."""
    message = error.message or ""
    unknown = re.match(r"Encountered unknown tag '([^']+)'", message)
    if unknown:
        return f"balise inconnue « {unknown.group(1)} »"
    unclosed = re.search(r"innermost block that needs to be closed is '([^']+)'", message)
    if "end of template" in message and unclosed:
        return f"un bloc « {unclosed.group(1)} » n'est jamais fermé : il manque {{% end{unclosed.group(1)} %}}"
    unexpected = re.match(r"unexpected '(.+)'", message)
    if unexpected:
        return f"« {unexpected.group(1)} » inattendu"
    expected = re.match(r"expected token '([^']+)', got '([^']+)'", message)
    if expected:
        return f"« {expected.group(2)} » inattendu"
    return message
