"""The financial proposal: amounts by status and tariff model, invoicing terms, consent, signature fields, parity."""

from functools import cache
from pathlib import Path

import pytest

from generator.dossier.validation import valider
from generator.render.documents import rendre
from generator.render.filters import A_COMPLETER
from tests import documents_outils
from tests.conftest import ecrire_dossier
from tests.documents_outils import EXEMPLES, champs, ecarts_de_texte, exemple, fichiers, texte_docx, texte_pdf

DOC = "proposition_financiere"
POINTILLES = documents_outils.normaliser(A_COMPLETER)  # the dotted line, as the extracted text gives it


@cache
def _valide(source: str):
    return exemple(source) if "/" not in source else valider(Path(source))


@cache
def rendu(source: str, employeur: str, format: str) -> bytes:
    """One employer's proposal from an example (or a dossier path)."""
    valide = _valide(source)
    fichier = next(f for f in fichiers(valide, DOC, format) if f.employeur == employeur)
    return rendre(fichier, valide)


def textes(source: str, employeur: str) -> list[str]:
    """The flattened text of the PDF and of the DOCX."""
    pdf = texte_pdf(rendu(source, employeur, "pdf"))
    docx = texte_docx(rendu(source, employeur, "docx"))
    return [" ".join(documents_outils.normaliser(t).split()) for t in (pdf, docx)]


def test_cohort_affiliated_employer_pays_the_affiliated_fee_per_agent():
    for text in textes("cohorte-cdg31.yaml", "castanet"):
        assert "Commune de Castanet-Tolosan" in text
        assert "À l'attention de Monsieur Jean Dupuis, Maire" in text
        assert "employeur affilié" in text
        assert text.count("1 310,00 €") >= 3  # the fee, then each of the two agents
        assert "Total : 2 620,00 € (deux mille six cent vingt euros)." in text
        assert "Madame Awa N'Diaye" in text and "Monsieur Lucas Garcia" in text
        assert "Agente d'accueil" in text and "titulaire" in text
        # Consents collected after the proposal's date (12 January) are left for the employer to fill in.
        assert f"Awa N'Diaye : consentement recueilli le {POINTILLES}." in text
        assert f"Lucas Garcia : consentement recueilli le {POINTILLES}." in text
        assert "À Labège, le 12 janvier 2026" in text
        assert "Le tarif est celui fixé par la délibération n° 2025-19 du conseil d'administration du 2 juillet" in text
        assert "Phase de lancement" in text and "Co-construction de la synthèse" in text
        assert "du 3 février 2026 au 19 mai 2026" in text  # through this employer's agents' last interview
        assert "valable" not in text  # the CDG31's texts set no validity
        assert "La mission commence dès que le CDG31 a reçu cette proposition datée et signée" in text
        assert "Chorus Pro" in text and "la Paierie départementale" in text and "30 jours" in text
        assert "Sans reprise dans un délai de 15 jours" in text
        assert "31 décembre" not in text
        assert "Marie-Claude Castex" not in text  # another employer's agent


def test_cohort_non_affiliated_employer_pays_the_higher_fee():
    for text in textes("cohorte-cdg31.yaml", "metropole"):
        assert "employeur non affilié et non adhérent" in text
        assert text.count("1 700,00 €") >= 5
        assert "Total : 6 800,00 € (six mille huit cents euros)." in text
        assert f"Sean O'Connor : consentement recueilli le {POINTILLES}." in text
        assert "mardi 7 avril 2026 à 14 h 00" in text  # the agents' own interviews


def test_hourly_offer_with_fixed_hours_multiplies_rate_by_hours():
    for text in textes("individuel-cdg33.yaml", "pessac"):
        assert "taux horaire de 52,00 €" in text
        assert "35 h × 52,00 € = 1 820,00 €" in text
        assert "Total estimé : 1 820,00 € (mille huit cent vingt euros), la facture suivant les heures" in text
        assert "Chorus Pro" not in text and "Interruption" not in text


def test_hourly_offer_without_hours_shows_the_range(tmp_path):
    source = (EXEMPLES / "individuel-cdg33.yaml").read_text(encoding="utf-8")
    assert "  heures: 35h\n" in source
    dossier = tmp_path / "sans-heures.yaml"
    dossier.write_text(source.replace("  heures: 35h\n", ""), encoding="utf-8")
    for text in textes(str(dossier), "pessac"):
        assert "de 30 h à 40 h, soit de 1 560,00 € à 2 080,00 €" in text
        assert "Total : de 1 560,00 € à 2 080,00 €" in text
        assert "de mille cinq cent soixante euros à deux mille quatre-vingts euros" in text


def test_cdg46_invoices_pro_rata_at_31_december():
    for text in textes("individuel-cdg46.yaml", "figeac"):
        assert "au 31 décembre de chaque année, au prorata des jours ou des heures réalisés" in text
        assert "10 h × 50,00 € = 500,00 €" in text
        assert "(cinq cents euros)" in text
        assert "Proposition d'intervention Bilan de parcours professionnel - Communauté de communes" in text
        assert "Objet : proposition d'intervention pour un bilan de parcours professionnel (1 agent)" in text
        assert "Le tarif est celui fixé par l'article 4.2 de la convention cadre d'adhésion" in text
        assert "délibération n° 681" not in text
        assert "valable 60 jours à compter du 2 mars 2026, soit jusqu'au 1er mai 2026" in text
        assert f"Antoine Vidal : consentement recueilli le {POINTILLES}." in text


def test_signature_fields_of_employer_and_cdg():
    assert champs(rendu("cohorte-cdg31.yaml", "castanet", "pdf")) == {
        "signature_employeur": "/Sig",
        "signature_cdg": "/Sig",
    }


@pytest.mark.parametrize("nom", ["cohorte-cdg31.yaml", "individuel-cdg33.yaml", "individuel-cdg46.yaml"])
def test_pdf_and_docx_carry_the_same_words(nom):
    assert ecarts_de_texte(exemple(nom), DOC, agent=None) == ({}, {})


def test_wording_agrees_with_the_number_of_agents_and_names_the_employer():
    for text in textes("cohorte-cdg31.yaml", "castanet"):
        assert "vous propose d'accompagner les agents désignés ci-dessous" in text
        assert "agissant pour la Commune de Castanet-Tolosan en vertu de" in text
        assert "atteste que chacun des agents suivants a donné son consentement" in text
        assert "toute modification vous est communiquée par la conseillère." in text  # Claire Martin
    employer_33 = _valide("individuel-cdg33.yaml").dossier.liste_employeurs[0].id
    for text in textes("individuel-cdg33.yaml", employer_33):  # one agente
        assert "vous propose d'accompagner l'agente désignée ci-dessous" in text
        assert "atteste que l'agente suivante a donné son consentement à la réalisation du bilan" in text
    employer_46 = _valide("individuel-cdg46.yaml").dossier.liste_employeurs[0].id
    for text in textes("individuel-cdg46.yaml", employer_46):  # one agent
        assert "atteste que l'agent suivant a donné son consentement" in text


def test_a_consent_is_printed_once_the_proposal_is_dated_after_it(tmp_path, dossier):
    dossier["session"]["date_envoi"] = "2026-01-20"
    dossier["agents"][1]["consentement"] = "2026-01-21"
    valide = valider(ecrire_dossier(tmp_path, dossier))
    fichier = next(f for f in fichiers(valide, DOC, "pdf") if f.employeur == "castanet")
    text = documents_outils.normaliser(texte_pdf(rendre(fichier, valide)))
    assert "Awa N'Diaye : consentement recueilli le 20 janvier 2026." in text
    assert f"Lucas Garcia : consentement recueilli le {POINTILLES}." in text
