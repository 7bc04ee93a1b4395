"""The PROJET draft mark: on every page of every document while the profile lists values to verify, else nowhere."""

from __future__ import annotations

import io
import zipfile
from functools import cache
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from generator.dossier.validation import DossierValide, valider
from generator.plan import planifier
from generator.profiles import DOSSIER_PROFILS
from generator.render.documents import rendre
from tests.documents_outils import EXEMPLES, exemple, normaliser

MENTION_CDG46 = (
    "PROJET - valeurs d'exemple à vérifier avant tout envoi : adresse du centre de gestion, SIRET, signataire du "
    "centre de gestion, lieu de signature, contact du délégué à la protection des données, tribunal administratif, "
    "tarif, délai de paiement, durée de validité de la proposition"
)


@cache
def rendus(nom: str) -> dict[str, bytes]:
    """One copy (the first agent's, or the first planned) of every document of an example, in both formats."""
    valide = exemple(nom)
    return _rendus(valide)


def _rendus(valide: DossierValide) -> dict[str, bytes]:
    chosen = {}
    for fichier in planifier(valide).fichiers:
        if fichier.format != "ics" and not fichier.assemble:  # bundles and archives are made of documents
            chosen.setdefault(f"{fichier.document}.{fichier.format}", fichier)
    return {name: rendre(fichier, valide) for name, fichier in chosen.items()}


def _pages_pdf(pdf: bytes) -> list[str]:
    return [normaliser(page.extract_text()) for page in PdfReader(io.BytesIO(pdf)).pages]


def _entetes_docx(docx: bytes) -> list[str]:
    """Text of every header part of the DOCX."""
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        names = [n for n in archive.namelist() if n.startswith("word/header")]
        return [normaliser(" ".join(_textes(archive.read(n)))) for n in names]


def _textes(xml: bytes) -> list[str]:
    from xml.etree import ElementTree

    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    return [t.text or "" for t in ElementTree.fromstring(xml).iter(f"{w}t")]


@pytest.mark.parametrize("nom", ["individuel-cdg33.yaml", "individuel-cdg46.yaml"])
def test_every_page_of_every_document_says_projet(nom):
    files = rendus(nom)
    documents = {name.split(".")[0] for name in files}
    assert {"convention", "proposition_financiere", "courrier_information", "synthese", "engagement"} <= documents
    for name, content in files.items():
        if name.endswith(".pdf"):
            pages = _pages_pdf(content)
            assert pages and all("PROJET - valeurs d'exemple à vérifier" in page for page in pages), name
        else:
            headers = _entetes_docx(content)
            assert headers and all(h.startswith("PROJET - valeurs d'exemple à vérifier") for h in headers), name


def test_the_mark_says_what_is_to_be_verified():
    files = rendus("individuel-cdg46.yaml")
    assert all(MENTION_CDG46 in page for page in _pages_pdf(files["convention.pdf"]))
    assert _entetes_docx(files["convention.docx"])[0].startswith(MENTION_CDG46)
    assert "information_referent_handicap.pdf" in files
    assert MENTION_CDG46 in _pages_pdf(files["information_referent_handicap.pdf"])[0]


def test_no_mark_for_a_profile_with_nothing_to_verify():
    for name, content in rendus("cohorte-cdg31.yaml").items():
        if name.endswith(".pdf"):
            assert not [p for p in _pages_pdf(content) if "PROJET" in p], name
        else:
            assert not [h for h in _entetes_docx(content) if "PROJET" in h], name


def test_mark_goes_once_the_list_is_emptied(tmp_path: Path):
    profiles = tmp_path / "profils"
    profiles.mkdir()
    data = yaml.safe_load((DOSSIER_PROFILS / "cdg33.yaml").read_text(encoding="utf-8"))
    data.pop("a_verifier")
    (profiles / "cdg33.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    valide = valider(EXEMPLES / "individuel-cdg33.yaml", profiles)
    pdf = rendre(next(f for f in planifier(valide, documents=("convention",), formats=("pdf",)).fichiers), valide)
    assert not [p for p in _pages_pdf(pdf) if "PROJET" in p]
    assert valide.avertissements == []
