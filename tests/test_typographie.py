"""French typography in every output, the dossier's data included (raw extracted text, not normalised)."""

from __future__ import annotations

from functools import cache

import pytest

from generator.render.filters import adresse_postale
from generator.render.typographie import typographie, typographie_html
from tests.documents_outils import exemple, rendre_document, texte_docx, texte_pdf

FINE, INSECABLE = "\u202f", "\u00a0"


@pytest.mark.parametrize(
    ("texte", "attendu"),
    [
        ("Objet : la convention ; voir ! Vraiment ?", f"Objet{FINE}: la convention{FINE}; voir{FINE}! Vraiment{FINE}?"),
        ("« le CDG31 »", f"«{FINE}le CDG31{FINE}»"),
        ("l'agente d'accueil", "l’agente d’accueil"),
        ("à 9 h 00, 1 h 30 puis 4 h", f"à 9{INSECABLE}h{INSECABLE}00, 1{INSECABLE}h{INSECABLE}30 puis 4{INSECABLE}h"),
        ("délibération n° 2025-19", f"délibération n°{INSECABLE}2025-19"),
        ("https://www.telerecours.fr", "https://www.telerecours.fr"),
        ("2 heures", "2 heures"),
    ],
)
def test_typographie(texte, attendu):
    assert typographie(texte) == attendu


def test_html_text_only_tags_and_styles_untouched():
    source = '<p class="a b" title="x : y">N&#39;Diaye : oui</p><style>p::before { content: "a : b"; }</style>'
    assert typographie_html(source) == (
        f'<p class="a b" title="x : y">N’Diaye{FINE}: oui</p><style>p::before {{ content: "a : b"; }}</style>'
    )


@cache
def _textes(document: str) -> tuple[str, str]:
    valide = exemple("cohorte-cdg31.yaml")
    return (
        texte_pdf(rendre_document(valide, document, "pdf", 0), brut=True),
        texte_docx(rendre_document(valide, document, "docx", 0), brut=True),
    )


@pytest.mark.parametrize("document", ["courrier_information", "convention"])
def test_documents_are_set_the_french_way_data_included(document):
    for text in _textes(document):
        assert "Awa N’Diaye" in text  # the dossier's data
        assert "'" not in text
        assert "ﬁ" not in text and "ﬀ" not in text and "ﬂ" not in text
        assert f"n°{INSECABLE}" in text and "n° " not in text
        assert f"9{INSECABLE}h{INSECABLE}00" in text
        assert f"{FINE}:" in text and " :" not in text and " ;" not in text


def test_the_letter_s_object_and_quotes():
    for text in _textes("courrier_information"):
        assert f"Objet{FINE}: votre bilan de parcours professionnel collectif" in text
    for text in _textes("convention"):
        assert f"«{FINE}le CDG31{FINE}»" in text


@pytest.mark.parametrize(
    ("adresse", "lignes"),
    [
        ("29 avenue de Toulouse, 31320 Castanet-Tolosan", ["29 avenue de Toulouse", "31320 Castanet-Tolosan"]),
        (
            "590 rue Buissonnière, CS 37666, 31676 Labège Cedex",
            ["590 rue Buissonnière", "CS 37666", "31676 Labège Cedex"],
        ),
        ("Hôtel de ville, place du 8 mai 1945", ["Hôtel de ville, place du 8 mai 1945"]),
    ],
)
def test_addresses_as_la_poste_writes_them(adresse, lignes):
    assert adresse_postale(adresse) == lignes


def test_the_postcode_and_city_line_never_breaks_in_the_pdf():
    letter = texte_pdf(rendre_document(exemple("individuel-cdg33.yaml"), "courrier_information", "pdf", 0))
    lines = [line.strip() for line in letter.splitlines()]
    assert "Place de la Ve République" in lines and "33600 Pessac-sur-Dune" in lines
