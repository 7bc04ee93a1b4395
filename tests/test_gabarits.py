"""Word templates edited by staff: the new wording reaches both formats; a mistake is a French sentence."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from docx import Document

from generator.profiles import charger_profil
from generator.render import environment
from tests.conftest import dossier_cdg31, ecrire_dossier, lancer
from tests.documents_outils import (
    RACINE,
    en_tetes_de_tableaux,
    mots,
    normaliser,
    sans_en_tetes_repetes,
    sans_entete_ni_pied,
    texte_docx,
    texte_pdf,
)

CORRECTION_VARIABLE = "corrigez le nom de la variable dans le gabarit ou complétez le dossier."
CORRECTION_BALISE = (
    "corrigez la balise dans Word ou LibreOffice (chaque {{ doit avoir son }}, chaque {% if %} son {% endif %}, "
    "chaque {% for %} son {% endfor %}), ou reprenez la version d'origine du gabarit."
)
ANCIENNE = (
    "Les parties recherchent d'abord une solution amiable à tout litige né de l'exécution de la présente convention."
)
NOUVELLE = "Les parties s'efforcent de régler à l'amiable tout différend lié à la présente convention."
AJOUT = "Article 12 bis - Avenant : toute modification fait l'objet d'un avenant signé par les trois parties."


@pytest.fixture
def gabarits(tmp_path, monkeypatch) -> Path:
    """A copy of the default templates that the run uses instead of the bundled ones."""
    copy = tmp_path / "gabarits"
    shutil.copytree(RACINE / "gabarits", copy)
    monkeypatch.setattr(environment, "GABARITS", copy)
    environment.environnement.cache_clear()
    yield copy
    environment.environnement.cache_clear()


@pytest.fixture
def profils(tmp_path) -> Path:
    """A copy of the shipped CDG profiles, where a test puts a CDG's own templates."""
    copy = tmp_path / "profils"
    shutil.copytree(RACINE / "dossiers" / "cdg", copy)
    return copy


def _remplacer_dans_docx(path: Path, old: str, new: str) -> None:
    """Change the template's XML as a careless edit would (a tag typed wrong in Word)."""
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    assert old.encode() in parts["word/document.xml"]
    parts["word/document.xml"] = parts["word/document.xml"].replace(old.encode(), new.encode(), 1)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, content in parts.items():
            target.writestr(name, content)


def _modifier_comme_dans_word(source: Path, cible: Path) -> None:
    """A sentence of article 12 changed and a paragraph added after it, with python-docx."""
    document = Document(source)
    paragraph = next(p for p in document.paragraphs if p.text == ANCIENNE)
    for run in paragraph.runs[1:]:
        run._r.getparent().remove(run._r)
    paragraph.runs[0].text = NOUVELLE
    added = paragraph.insert_paragraph_before(AJOUT)
    paragraph._p.addnext(added._p)  # after the changed sentence
    document.save(cible)


def _generer(tmp_path: Path, *options: str, donnees: dict | None = None) -> tuple[int, str, str]:
    fichier = ecrire_dossier(tmp_path, donnees or dossier_cdg31())
    return lancer(fichier, "--sortie", tmp_path / "sortie", *options, "-q")


def _textes_convention(sortie: Path, agent: str = "*") -> tuple[str, str]:
    pdf = next(sortie.rglob(f"agents/{agent}/convention-*.pdf"))
    return normaliser(texte_pdf(pdf.read_bytes())), normaliser(texte_docx(pdf.with_suffix(".docx").read_bytes()))


def _rien_d_ecrit(tmp_path: Path) -> bool:
    sortie = tmp_path / "sortie"
    return not sortie.exists() or not [p for p in sortie.rglob("*") if p.is_file() and not p.name.startswith(".")]


def test_a_sentence_changed_and_a_paragraph_added_in_word_reach_both_formats(tmp_path, gabarits):
    _modifier_comme_dans_word(gabarits / "convention.docx", gabarits / "convention.docx")
    code, _, err = _generer(tmp_path, "--documents", "convention")
    assert (code, err) == (0, "")
    for text in _textes_convention(tmp_path / "sortie"):
        assert f"{NOUVELLE} {AJOUT}" in text
        assert "solution amiable" not in text


def test_a_template_saved_by_libreoffice_renders_the_same_way(tmp_path, gabarits):
    edited = tmp_path / "edite" / "convention.docx"
    edited.parent.mkdir()
    _modifier_comme_dans_word(gabarits / "convention.docx", edited)
    subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to",
         "docx:MS Word 2007 XML", "--outdir", str(gabarits), str(edited)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    code, _, err = _generer(tmp_path, "--documents", "convention")
    assert (code, err) == (0, "")
    pdf_text, docx_text = _textes_convention(tmp_path / "sortie")
    for text in (pdf_text, docx_text):
        assert f"{NOUVELLE} {AJOUT}" in text
    profil = charger_profil("cdg31")
    pied = f"Convention tripartite - {dossier_cdg31()['session']['reference']}"
    docx = next((tmp_path / "sortie").rglob("agents/*/convention-*.docx")).read_bytes()
    pdf_body = sans_entete_ni_pied(pdf_text, f"{profil.nom} - {profil.adresse}", pied)
    assert mots(sans_en_tetes_repetes(pdf_body, en_tetes_de_tableaux(docx))) == mots(docx_text)


def test_a_tag_split_by_word_and_curly_quotes_render_as_typed(tmp_path, gabarits):
    # Word splits a tag over runs (spell check) and types curly quotes: both formats read it as before.
    _remplacer_dans_docx(
        gabarits / "convention.docx",
        "<w:t>{{ agent.prenom }}</w:t>",
        '<w:t>{{ agent.pre</w:t></w:r><w:proofErr w:type="spellStart"/><w:r><w:t>nom }}</w:t>',
    )
    _remplacer_dans_docx(gabarits / "convention.docx", 'accord("dénommé", "dénommée")', "accord(“dénommé”, “dénommée”)")
    code, _, err = _generer(tmp_path, "--documents", "convention")
    assert (code, err) == (0, "")
    for text in _textes_convention(tmp_path / "sortie", "n-diaye-awa"):
        assert "Prénom : Awa" in text
        assert "ci-après dénommée « l'agente »" in text


def test_a_cdg_own_template_is_used_for_its_sessions_only(tmp_path, profils):
    own = profils / "cdg31" / "gabarits"
    own.mkdir(parents=True)
    _modifier_comme_dans_word(RACINE / "gabarits" / "convention.docx", own / "convention.docx")
    code, _, err = _generer(tmp_path, "--documents", "convention", "--profils", str(profils))
    assert (code, err) == (0, "")
    for text in _textes_convention(tmp_path / "sortie"):
        assert NOUVELLE in text
    other = tmp_path / "cdg33"
    other.mkdir()
    exemple = RACINE / "dossiers" / "exemples" / "individuel-cdg33.yaml"
    code, _, err = lancer(exemple, "--sortie", other, "--documents", "convention", "--profils", profils, "-q")
    assert (code, err) == (0, "")
    for text in _textes_convention(other):
        assert NOUVELLE not in text
        assert ANCIENNE in text


def test_an_unknown_attribute_names_template_and_attribute(tmp_path, gabarits):
    _remplacer_dans_docx(gabarits / "convention.docx", "{{ agent.prenom }}", "{{ agent.surnom }}")
    for format in ("pdf", "docx"):
        code, out, err = _generer(tmp_path, "--documents", "convention", "--format", format)
        assert (code, out) == (2, "")
        assert err == (
            "Le gabarit convention.docx utilise une donnée absente (« surnom » n'existe pas à cet endroit) ; "
            f"{CORRECTION_VARIABLE}\n"
        )


def test_an_unknown_variable_is_never_an_empty_string(tmp_path, gabarits):
    _remplacer_dans_docx(gabarits / "convention.docx", "{{ document.titre }}<", "{{ collectivite }}<")
    code, _, err = _generer(tmp_path, "--documents", "convention", "--format", "pdf")
    assert code == 2
    assert err == (
        "Le gabarit convention.docx utilise une donnée absente (la variable « collectivite » n'existe pas) ; "
        f"{CORRECTION_VARIABLE}\n"
    )


def test_a_broken_tag_names_template_paragraph_and_tag_and_nothing_is_written(tmp_path, gabarits):
    _remplacer_dans_docx(gabarits / "convention.docx", "{%p endif %}", "{%p endfi %}")
    code, out, err = _generer(tmp_path)
    assert (code, out) == (2, "")
    assert err == (
        "Le gabarit convention.docx a une balise mal formée dans le paragraphe « {%p endfi %} » : {%p endfi %} "
        f"(balise inconnue « endfi ») ; {CORRECTION_BALISE}\n"
    )
    assert _rien_d_ecrit(tmp_path)


def test_an_unclosed_expression_names_its_paragraph(tmp_path, gabarits):
    _remplacer_dans_docx(gabarits / "convention.docx", "{{ agent.prenom }}", "{{ agent.prenom }")
    code, _, err = _generer(tmp_path)
    assert code == 2
    assert err.startswith(
        "Le gabarit convention.docx a une balise mal formée dans le paragraphe « Prénom : {{ agent.prenom } » : "
        "{{ agent.prenom } ("
    )
    assert err.endswith(f" ; {CORRECTION_BALISE}\n")
    assert _rien_d_ecrit(tmp_path)


def test_a_template_without_a_signatory_zone_says_which_before_writing(tmp_path, gabarits):
    _remplacer_dans_docx(gabarits / "convention.docx", '{{ signature("employeur") }}', '{{ signature("maire") }}')
    code, _, err = _generer(tmp_path)
    assert code == 2
    assert err == (
        "Le gabarit convention.docx n'a pas de zone de signature pour : employeur ; ajoutez dans le bloc de "
        'signature un paragraphe qui ne contient que {{ signature("employeur") }}, ou reprenez la version '
        "d'origine du gabarit.\n"
    )
    assert _rien_d_ecrit(tmp_path)


@pytest.mark.parametrize(
    ("format", "gabarit", "abimer"),
    [
        ("docx", "convention.docx", lambda path: path.unlink()),
        ("pdf", "convention.docx", lambda path: path.write_text("pas un document Word", encoding="utf-8")),
        ("pdf", "convention.docx", lambda path: path.write_bytes(b"PK\x03\x04 abime")),
    ],
)
def test_a_missing_or_broken_template_file_names_it(tmp_path, gabarits, format, gabarit, abimer):
    abimer(gabarits / gabarit)
    code, out, err = _generer(tmp_path, "--documents", "convention", "--format", format)
    assert (code, out) == (2, "")
    assert err == (
        f"Le gabarit {gabarit} est introuvable ou illisible ; "
        "reprenez la version d'origine du gabarit (dossier gabarits/ du générateur).\n"
    )


@pytest.mark.parametrize("gabarit", sorted(p.name for p in (RACINE / "gabarits").glob("*.docx")))
def test_word_templates_are_in_french_for_spelling_and_hyphenation(gabarit):
    with zipfile.ZipFile(RACINE / "gabarits" / gabarit) as archive:
        styles = archive.read("word/styles.xml").decode("utf-8")
    assert re.findall(r'<w:lang w:val="([^"]+)"', styles) == ["fr-FR"]


def test_a_template_error_after_some_files_were_written_says_they_are_complete(tmp_path, gabarits):
    _remplacer_dans_docx(gabarits / "calendrier.docx", "{{ document.titre }}<", "{{ collectivite }}<")
    fichier = ecrire_dossier(tmp_path, dossier_cdg31())
    code, out, err = lancer(fichier, "--sortie", tmp_path / "sortie", "--documents", "engagement,calendrier", "-q")
    assert (code, out) == (2, "")
    written = [p for p in (tmp_path / "sortie").rglob("*") if p.is_file() and not p.name.startswith(".")]
    assert written
    assert err == (
        "Le gabarit calendrier.docx utilise une donnée absente (la variable « collectivite » n'existe pas) ; "
        f"{CORRECTION_VARIABLE} Les {len(written)} fichiers écrits avant l'erreur sont complets : relancez la "
        "commande une fois le gabarit corrigé.\n"
    )


def test_the_template_check_passes_on_the_shipped_templates():
    code, out, err = lancer("gabarits")
    assert (code, err) == (0, "")
    assert out == (
        "cdg31 : 10 gabarits (tous ceux par défaut), données de cohorte-cdg31.yaml\n"
        "cdg33 : 10 gabarits (tous ceux par défaut), données de individuel-cdg33.yaml\n"
        "cdg46 : 10 gabarits (tous ceux par défaut), données de individuel-cdg46.yaml\n"
        "Tous les gabarits sont corrects.\n"
    )


def test_the_template_check_lists_every_problem_of_a_cdg_own_templates(profils):
    own = profils / "cdg33" / "gabarits"
    own.mkdir(parents=True)
    for document, old, new in [
        ("convention", "{{ agent.nom }}", "{{ agent.nomm }}"),
        ("engagement", "{%p endif %}", "{%p endfi %}"),
        ("proposition_financiere", '{{ signature("employeur") }}', "{{ employeur.denomination }}"),
        ("courrier_information", "{{ conseiller.email }}", "{{ conseilleur.email }}"),
    ]:
        shutil.copy(RACINE / "gabarits" / f"{document}.docx", own / f"{document}.docx")
        _remplacer_dans_docx(own / f"{document}.docx", old, new)
    (own / "convension.docx").write_bytes((RACINE / "gabarits" / "convention.docx").read_bytes())
    code, out, err = lancer("gabarits", "--profils", profils)
    assert code == 2
    assert (
        "cdg33 : 10 gabarits (propres au CDG : convention, courrier_information, engagement, proposition_financiere)"
        in out
    )
    lines = err.splitlines()
    assert (
        f"Le fichier {own / 'convension.docx'} ne correspond à aucun document : il est ignoré ; nommez-le d'après "
        in err
    )
    assert (
        f"Le gabarit {own / 'convention.docx'}, le paragraphe « Nom : {{{{ agent.nomm }}}} » : "
        "{{ agent.nomm }} : variable inconnue ; vouliez-vous dire agent.nom ?"
    ) in lines
    assert any(
        line.startswith(f"Le gabarit {own / 'courrier_information.docx'}, le paragraphe « {{{{ conseiller |")
        and line.endswith("{{ conseilleur }} : variable inconnue ; vouliez-vous dire conseiller ?")
        for line in lines
    )
    assert (
        f"Le gabarit {own / 'engagement.docx'} a une balise mal formée dans le paragraphe « {{%p endfi %}} » : "
        f"{{%p endfi %}} (balise inconnue « endfi ») ; {CORRECTION_BALISE}"
    ) in lines
    assert (
        f"Le gabarit {own / 'proposition_financiere.docx'} n'a pas de zone de signature pour : employeur ; "
        'ajoutez dans le bloc de signature un paragraphe qui ne contient que {{ signature("employeur") }}, '
        "ou reprenez la version d'origine du gabarit."
    ) in lines
    assert lines[-1] == "5 problèmes dans les gabarits : corrigez-les dans Word ou LibreOffice."
    assert "cdg31 : 10 gabarits (tous ceux par défaut)" in out  # other CDGs keep the defaults, which are fine


def _segments_de_texte(paragraphe: str) -> list[str]:
    """The literal text of a template paragraph, between its tags."""
    return [s.strip() for s in re.split(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", paragraphe) if len(s.strip()) >= 25]


def test_no_sentence_of_a_document_stands_in_another_file():
    others = {
        path: normaliser(path.read_text(encoding="utf-8"))
        for folder in ("gabarits", "generator", "outils")
        for path in (RACINE / folder).rglob("*")
        if path.is_file() and path.suffix in (".py", ".j2", ".css", ".html", ".txt", ".md")
    }
    found = []
    for template in sorted((RACINE / "gabarits").glob("*.docx")):
        document = Document(template)
        paragraphs = [p.text for p in document.paragraphs]
        paragraphs += [p.text for t in document.tables for row in t.rows for c in row.cells for p in c.paragraphs]
        for segment in {s for p in paragraphs for s in _segments_de_texte(p)}:
            found += [
                (template.name, segment, path.name) for path, text in others.items() if normaliser(segment) in text
            ]
    assert found == []


def test_the_text_of_a_template_can_be_read_for_a_review():
    result = subprocess.run(
        [sys.executable, "-m", "outils.docx_en_texte", "gabarits/convention.docx"],
        cwd=RACINE, capture_output=True, text=True, check=True,
    )  # fmt: skip
    lines = result.stdout.splitlines()
    assert "[Heading 1] {{ document.titre }}" in lines
    assert f"[Normal] {ANCIENNE}" in lines
    assert any(line.startswith("| Étape | Objectifs | Modalités et dates |") for line in lines)


def test_the_translation_of_a_template_is_made_once_per_version(gabarits):
    from generator.render.gabarits import gabarit, modele_html

    first = modele_html(gabarit("calendrier"))
    assert modele_html(gabarit("calendrier")) is first
    document = Document(gabarits / "calendrier.docx")
    document.add_paragraph("Un paragraphe de plus.")
    buffer = io.BytesIO()
    document.save(buffer)
    (gabarits / "calendrier.docx").write_bytes(buffer.getvalue())
    assert modele_html(gabarit("calendrier")) is not first
