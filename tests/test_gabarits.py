"""Templates edited by staff: a mistake stops the run with a French sentence naming the template."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest

from generator.render import environment
from tests.conftest import dossier_cdg31, ecrire_dossier, lancer
from tests.documents_outils import RACINE

CORRECTION_VARIABLE = "corrigez le nom de la variable dans le gabarit ou complétez le dossier."


@pytest.fixture
def gabarits(tmp_path, monkeypatch) -> Path:
    """A copy of the templates that the run uses instead of the bundled ones."""
    copy = tmp_path / "gabarits"
    shutil.copytree(RACINE / "gabarits", copy)
    monkeypatch.setattr(environment, "GABARITS", copy)
    environment.environnement.cache_clear()
    yield copy
    environment.environnement.cache_clear()


def _remplacer(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _remplacer_dans_docx(path: Path, old: str, new: str) -> None:
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    assert old.encode() in parts["word/document.xml"]
    parts["word/document.xml"] = parts["word/document.xml"].replace(old.encode(), new.encode(), 1)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, content in parts.items():
            target.writestr(name, content)


def _generer(tmp_path: Path, format: str) -> tuple[int, str, str]:
    fichier = ecrire_dossier(tmp_path, dossier_cdg31())
    return lancer(fichier, "--sortie", tmp_path / "sortie", "--documents", "convention", "--format", format, "-q")


@pytest.mark.parametrize(
    ("format", "gabarit", "remplacer"),
    [("pdf", "convention.html.j2", _remplacer), ("docx", "convention.docx", _remplacer_dans_docx)],
)
def test_an_unknown_attribute_names_template_and_attribute(tmp_path, gabarits, format, gabarit, remplacer):
    remplacer(gabarits / gabarit, "{{ agent.prenom }}", "{{ agent.surnom }}")
    code, out, err = _generer(tmp_path, format)
    assert (code, out) == (2, "")
    assert err == (
        f"Le gabarit {gabarit} utilise une donnée absente (« surnom » n'existe pas à cet endroit) ; "
        f"{CORRECTION_VARIABLE}\n"
    )


def test_an_unknown_variable_is_never_an_empty_string(tmp_path, gabarits):
    _remplacer(gabarits / "convention.html.j2", "<h1>", "<h1>{{ collectivite }}")
    code, _, err = _generer(tmp_path, "pdf")
    assert code == 2
    assert err == (
        "Le gabarit convention.html.j2 utilise une donnée absente (la variable « collectivite » n'existe pas) ; "
        f"{CORRECTION_VARIABLE}\n"
    )


def test_a_broken_tag_names_template_and_line(tmp_path, gabarits):
    _remplacer(gabarits / "convention.html.j2", "<h1>", "<h1>{% if agent.rqth %}")
    code, _, err = _generer(tmp_path, "pdf")
    assert code == 2
    assert err.startswith("Le gabarit convention.html.j2, ligne ")
    assert err.endswith(" ; corrigez-le ou reprenez la version d'origine.\n")


def test_a_template_without_a_signatory_block_says_which(tmp_path, gabarits):
    _remplacer(gabarits / "convention.html.j2", '{{ signature("employeur",', '{{ signature("maire",')
    code, _, err = _generer(tmp_path, "pdf")
    assert code == 2
    assert err == (
        "Le gabarit convention.html.j2 n'a pas de bloc de signature pour : employeur ; "
        "reprenez le bloc de signature de la version d'origine du gabarit.\n"
    )


@pytest.mark.parametrize(
    ("format", "gabarit", "abimer"),
    [
        ("docx", "convention.docx", lambda path: path.unlink()),
        ("docx", "convention.docx", lambda path: path.write_text("pas un document Word", encoding="utf-8")),
        ("pdf", "convention.html.j2", lambda path: path.unlink()),
        ("pdf", "base.html.j2", lambda path: path.unlink()),
    ],
)
def test_a_missing_or_broken_template_file_names_it(tmp_path, gabarits, format, gabarit, abimer):
    abimer(gabarits / gabarit)
    code, out, err = _generer(tmp_path, format)
    assert (code, out) == (2, "")
    assert err == (
        f"Le gabarit {gabarit} est introuvable dans {gabarits} ou illisible ; "
        "reprenez la version d'origine du gabarit (dossier gabarits/ du générateur).\n"
    )


@pytest.mark.parametrize("gabarit", sorted(p.name for p in (RACINE / "gabarits").glob("*.docx")))
def test_word_templates_are_in_french_for_spelling_and_hyphenation(gabarit):
    with zipfile.ZipFile(RACINE / "gabarits" / gabarit) as archive:
        styles = archive.read("word/styles.xml").decode("utf-8")
    assert re.findall(r'<w:lang w:val="([^"]+)"', styles) == ["fr-FR"]


def test_a_template_error_after_some_files_were_written_says_they_are_complete(tmp_path, gabarits):
    _remplacer(gabarits / "calendrier.html.j2", "<h1>", "<h1>{{ collectivite }}")  # the last document planned
    fichier = ecrire_dossier(tmp_path, dossier_cdg31())
    code, out, err = lancer(fichier, "--sortie", tmp_path / "sortie", "--documents", "engagement,calendrier", "-q")
    assert (code, out) == (2, "")
    written = [p for p in (tmp_path / "sortie").rglob("*") if p.is_file() and not p.name.startswith(".")]
    assert written
    assert err == (
        "Le gabarit calendrier.html.j2 utilise une donnée absente (la variable « collectivite » n'existe pas) ; "
        f"{CORRECTION_VARIABLE} Les {len(written)} fichiers écrits avant l'erreur sont complets : relancez la "
        "commande une fois le gabarit corrigé.\n"
    )
