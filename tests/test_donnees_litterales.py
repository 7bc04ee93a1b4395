"""Data is data: template syntax, HTML and XML in any field come out literally in both formats,
and names with path tricks give safe, distinct file names."""

import pytest

from generator.dossier.validation import valider
from generator.produce import Options, produce
from tests.conftest import dossier_cdg31, ecrire_dossier
from tests.documents_outils import normaliser, rendre_document, texte_docx, texte_pdf

PIEGES = {
    "nom": "{{ 7*7 }}",
    "prenom": "</w:t>&amp;",
    "fonction": "<b>Chef</b> & <script>x</script>",
}
EMPLOYEUR = "Mairie {% if 1 %}oui{% endif %} <i>&</i>"
POUVOIRS = "]]><!-- x --> {# rien #}"


@pytest.fixture(scope="module")
def piege(tmp_path_factory):
    data = dossier_cdg31()
    data["agents"][0].update(PIEGES)
    data["employeurs"][0]["denomination"] = EMPLOYEUR
    data["employeurs"][0]["pouvoirs"] = POUVOIRS
    data["session"]["intitule"] = "Session ${x} %(y)s {{ session }}"
    return valider(ecrire_dossier(tmp_path_factory.mktemp("piege"), data))


@pytest.mark.parametrize("format", ["pdf", "docx"])
@pytest.mark.parametrize("document", ["convention", "courrier_information", "synthese", "engagement"])
def test_fields_come_out_literally(piege, document, format):
    content = rendre_document(piege, document, format, agent=0)
    text = normaliser(texte_pdf(content) if format == "pdf" else texte_docx(content))
    assert normaliser(f"{PIEGES['prenom']} {PIEGES['nom']}") in text
    assert "49" not in text.split(PIEGES["nom"])[0][-5:]
    if document in ("convention", "engagement", "synthese"):
        assert PIEGES["fonction"] in text


@pytest.mark.parametrize("format", ["pdf", "docx"])
def test_employer_fields_come_out_literally(piege, format):
    content = rendre_document(piege, "convention", format, agent=0)
    text = normaliser(texte_pdf(content) if format == "pdf" else texte_docx(content))
    assert EMPLOYEUR in text
    assert normaliser(POUVOIRS) in text
    assert "Session ${x} %(y)s {{ session }}" in text


def test_path_tricks_and_homonyms_give_safe_distinct_folders(tmp_path):
    data = dossier_cdg31()
    data["session"]["reference"] = "../../BPP/2026"
    tricks = [("../..", "CON"), ("a/b\\c", "Zoé d'Arc"), ("a/b\\c", "Zoé d'Arc"), ("A B C", "Zoe d Arc")]
    for agent, (nom, prenom) in zip(data["agents"], tricks, strict=False):
        agent["nom"], agent["prenom"] = nom, prenom
    data["agents"][2]["id"], data["agents"][3]["id"] = "../2", "3"  # homonyms told apart, even with a path trick
    output = tmp_path / "sortie"
    report = produce(
        [ecrire_dossier(tmp_path, data)],
        Options(sortie=output, documents=("courrier_information",), formats=("docx",), processus=1),
    )
    written = [p for p in output.rglob("*") if p.is_file()]
    assert written and all(p.resolve().is_relative_to(output.resolve()) for p in written)
    assert all(p.name.isascii() and ".." not in p.relative_to(output).parts for p in written)
    folders = sorted(p.name for p in (output / "bpp-2026" / "agents").iterdir())
    assert folders[:4] == ["a-b-c-zoe-d-arc", "a-b-c-zoe-d-arc-2", "a-b-c-zoe-d-arc-3", "con-"]
    assert report.code_sortie() == 0
    assert all(d[0].is_relative_to(output / "bpp-2026") for d in report.decisions)
