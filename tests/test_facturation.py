"""`facturation`: each CDG's invoicing rule, amounts worked out by hand, the statement's files, re-runs."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import openpyxl
import pytest
import yaml
from pypdf import PdfReader

from generator.dossier.loading import charger_yaml
from generator.profiles import DOSSIER_PROFILS
from tests.conftest import UNE_ERREUR, dossier_cdg31, ecrire_dossier, lancer, ligne_de

BOM = b"\xef\xbb\xbf"
EN_TETE = (
    "session;exercice;employeur;siret;code_service;engagement_juridique;agent;nature;fondement;base_de_calcul;"
    "echeance;motif;montant"
)


def profils(tmp_path: Path) -> Path:
    """The three profiles with the tariffs and invoicing rules of the tests, set here (not the shipped figures)."""
    folder = tmp_path / "profils"
    folder.mkdir(exist_ok=True)
    rules = {
        "cdg31": {
            "tarif": {
                "modele": "forfait_par_agent",
                "montants": {"affilie": 1310, "adherent": 1700, "non_affilie": 1700},
            },
            "facturation": {"delai_paiement_jours": 30, "a_l_interruption": True, "chorus_pro": True},
            "interruption": {"delai_jours": 15, "report_session_ulterieure": True},
        },
        "cdg33": {
            "tarif": {"modele": "taux_horaire", "taux": 52, "heures_min": "30h", "heures_max": "40h"},
            "facturation": {"delai_paiement_jours": 30},
        },
        "cdg46": {
            "tarif": {"modele": "taux_horaire", "taux": 50, "heures_min": "8h", "heures_max": "12h"},
            "facturation": {"delai_paiement_jours": 30, "prorata_31_decembre": True},
        },
    }
    for cdg, offer in rules.items():
        data = charger_yaml(DOSSIER_PROFILS / f"{cdg}.yaml").donnees
        data["offre"].update(offer)
        data["offre"].pop("interruption", None)
        data["offre"].update({k: v for k, v in offer.items() if k == "interruption"})
        data["a_verifier"] = []
        (folder / f"{cdg}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return folder


def espaces(texte: str) -> str:
    """Narrow and plain no-break spaces (amounts, French punctuation) as plain spaces."""
    return texte.replace("\u202f", " ").replace("\u00a0", " ")


def facturer(tmp_path: Path, fichier: Path, *options: str) -> tuple[int, str, str]:
    """Run `facturation` into `tmp_path/sortie` with the tests' profiles; output with plain spaces."""
    code, out, err = lancer(
        "facturation", fichier, "--sortie", tmp_path / "sortie", "--profils", profils(tmp_path), *options
    )
    return code, espaces(out), espaces(err)


def lignes_csv(tmp_path: Path, session: str) -> list[list[str]]:
    data = (tmp_path / "sortie" / session / "etat-de-facturation.csv").read_bytes().decode("utf-8-sig")
    return [
        [" ".join(c.replace("\u202f", " ").replace("\u00a0", " ").split()) for c in row]
        for row in list(csv.reader(io.StringIO(data), delimiter=";"))[1:]
    ]


def montants(tmp_path: Path, session: str) -> dict[str, tuple[str, str]]:
    """Agent -> (fiscal year, amount) of the CSV."""
    return {row[6]: (row[1], row[-1]) for row in lignes_csv(tmp_path, session)}


def texte_pdf(chemin: Path) -> str:
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(chemin.read_bytes())).pages)
    return " ".join(espaces(text).split())


def dossier_interrompu() -> dict:
    """CDG31: Awa (castanet, affiliated) stops on 10 March; Lucas (castanet) resumes on 20 March, within 15 days;
    Élodie (muret, adherent) resumes on 1 April, too late."""
    data = dossier_cdg31()
    data["agents"][0]["interruption"] = "2026-03-10"
    data["agents"][1].update({"interruption": "2026-03-10", "remobilisation": "2026-03-20"})
    data["agents"][2].update({"interruption": "10/03/2026", "remobilisation": "2026-04-01"})
    data["employeurs"][0].update({"code_service": "FACTURES", "engagement_juridique": "EJ-2026-0042"})
    return data


def test_cdg31_fifteen_days_after_an_interruption_the_bilan_is_due_in_full(tmp_path):
    fichier = ecrire_dossier(tmp_path, dossier_interrompu())
    # 10 March + 15 days = 25 March: on that day an agent may still be remobilised, nothing is due yet.
    code, out, _ = facturer(tmp_path, fichier, "--au", "2026-03-25")
    assert code == 0
    assert set(montants(tmp_path, "bppc-2026-01").values()) == {("", "0,00")}
    assert "Awa N'Diaye : 0,00 € (bilan interrompu le 10 mars 2026 : dû en totalité si l'agent n'est pas " in out
    # From 26 March: Awa (affiliated employer) owes 1 310 €, Élodie (adherent) 1 700 €; Lucas resumed in time.
    code, out, _ = facturer(tmp_path, fichier, "--au", "26/03/2026")
    assert code == 0
    amounts = montants(tmp_path, "bppc-2026-01")
    assert amounts["Awa N'Diaye"] == ("2026", "1310,00")
    assert amounts["Élodie Lefèvre"] == ("2026", "1700,00")
    assert amounts["Lucas Garcia"] == ("", "0,00")
    assert "  Commune de Castanet-Tolosan : 1 310,00 €" in out.splitlines()
    rows = {row[6]: row for row in lignes_csv(tmp_path, "bppc-2026-01")}
    assert rows["Awa N'Diaye"][10] == "2026-03-26"
    assert rows["Awa N'Diaye"][4:6] == ["FACTURES", "EJ-2026-0042"]
    assert rows["Lucas Garcia"][11] == (
        "bilan interrompu le 10 mars 2026, agent remobilisé le 20 mars 2026, dans le délai de 15 jours ; "
        "mission en cours : facturée à son issue, le 19 mai 2026"
    )


def test_cdg31_at_the_end_every_agent_is_invoiced_and_the_totals_match_the_proposals(tmp_path):
    fichier = ecrire_dossier(tmp_path, dossier_interrompu())
    code, out, err = facturer(tmp_path, fichier)  # by default: the day of the last appointment, 19 May 2026
    assert code == 0, err
    assert out.splitlines()[0] == "Session BPPC-2026-01, état au 19 mai 2026 :"
    assert out.splitlines()[-1] == "Terminé : 5 fichiers écrits, 0 inchangé, 0 conservé, 0 avertissement."
    amounts = montants(tmp_path, "bppc-2026-01")
    # castanet (affiliated): Awa, Lucas, Jérôme at 1 310 €; muret (adherent): Élodie, Karim, Nathalie at 1 700 €.
    assert amounts == {
        "Awa N'Diaye": ("2026", "1310,00"),
        "Lucas Garcia": ("2026", "1310,00"),
        "Élodie Lefèvre": ("2026", "1700,00"),
        "Karim Benali": ("2026", "1700,00"),
        "Nathalie Roux": ("2026", "1700,00"),
        "Jérôme Da Silva": ("2026", "1310,00"),
    }
    # 3 x 1 310 = 3 930 € for castanet, 3 x 1 700 = 5 100 € for muret: the proposals' totals.
    castanet = texte_pdf(tmp_path / "sortie/bppc-2026-01/employeurs/castanet/justificatif_facturation.pdf")
    assert "Montant dû à ce jour : 3 930,00 € (trois mille neuf cent trente euros)." in castanet
    assert (
        "proposition financière acceptée pour ces agents : 3 930,00 € (trois mille neuf cent trente euros)" in castanet
    )
    assert "code service FACTURES ; engagement juridique n° EJ-2026-0042" in castanet
    assert "à compter de la réception du titre de recettes." in castanet  # CDG31: a titre de recettes only
    assert "Karim" not in castanet  # only the employer's own agents
    muret = texte_pdf(tmp_path / "sortie/bppc-2026-01/employeurs/muret/justificatif_facturation.pdf")
    assert "Montant dû à ce jour : 5 100,00 € (cinq mille cent euros)." in muret
    assert "Chorus Pro :" not in muret  # no reference given for this employer


def test_the_csv_imports_cleanly_and_the_workbook_holds_values_only(tmp_path):
    data = dossier_cdg31()
    data["agents"][0]["prenom"] = "=1+2"
    data["employeurs"][0]["code_service"] = "+33"
    code, _, err = facturer(tmp_path, ecrire_dossier(tmp_path, data))
    assert code == 0, err
    raw = (tmp_path / "sortie/bppc-2026-01/etat-de-facturation.csv").read_bytes()
    assert raw.startswith(BOM + EN_TETE.encode() + b"\r\n")
    lines = raw[len(BOM) :].decode("utf-8").split("\r\n")
    assert len(lines) == 1 + 6 + 1  # header, one row per agent, the final line break: no total row
    assert lines[1].endswith(";1310,00")
    assert ";'+33;" in lines[1] and ";'=1+2 N'Diaye;" in lines[1]  # a formula start is disarmed
    sheet = openpyxl.load_workbook(tmp_path / "sortie/bppc-2026-01/etat-de-facturation.xlsx").active
    cells = [c for row in sheet.iter_rows() for c in row if c.value is not None]
    assert all(c.data_type != "f" for c in cells)
    assert sheet.cell(2, 13).value == 1310 and sheet.cell(2, 13).data_type == "n"
    assert sheet.cell(2, 7).value == "=1+2 N'Diaye" and sheet.cell(2, 7).quotePrefix
    assert sheet.cell(2, 5).value == "+33" and sheet.cell(2, 5).quotePrefix
    assert [sheet.cell(1, i).value for i in (1, 4, 13)] == ["Session", "SIRET", "Montant (€)"]
    assert sheet.max_row == 7


def dossier_cdg46(heures_realisees: str | None = None) -> dict:
    """One CDG46 agent, 10 h estimated, five 2 h appointments: two in 2026, three in 2027."""
    data = dossier_cdg31()
    data["cdg"] = "cdg46"
    data["session"].update({"reference": "BPP-46-2026-09", "date_envoi": "2026-10-20"})
    data["session"]["seances"] = []
    employer = data["employeurs"][0]
    employer.update({"id": "quercy", "statut": "non_affilie", "siret": "28310002200021"})
    data["employeurs"] = [employer]
    agent = data["agents"][0]
    agent.update({"employeur": "quercy", "consentement": "2026-10-30", "heures": "10h"})
    if heures_realisees:
        agent["heures_realisees"] = heures_realisees
    days = [("cadrage", "2026-11-17"), ("analyse", "2026-12-08"), ("analyse", "2027-01-12")]
    days += [("plan_action", "2027-02-02"), ("conclusion", "2027-03-02")]
    agent["entretiens"] = [
        {"intitule": f"Rendez-vous {n}", "phase": phase, "debut": f"{day}T09:00", "duree": "2h"}
        for n, (phase, day) in enumerate(days, 1)
    ]
    data["agents"] = [agent]
    return data


def test_cdg46_a_mission_over_two_years_is_invoiced_pro_rata_at_31_december(tmp_path):
    fichier = ecrire_dossier(tmp_path, dossier_cdg46())
    code, out, err = facturer(tmp_path, fichier, "--au", "2026-12-31")
    assert code == 0, err
    # 10 h x 50 € = 500 €; 4 h of the 10 h of appointments held by 31 December: 500 x 4 / 10 = 200 €.
    assert montants(tmp_path, "bpp-46-2026-09") == {"Awa N'Diaye": ("2026", "200,00")}
    assert (
        "    Awa N'Diaye : 200,00 € (mission sur plusieurs exercices : prorata au 31 décembre 2026 de 4 h "
        "de rendez-vous tenus sur 10 h)"
    ) in out.splitlines()
    pdf = texte_pdf(tmp_path / "sortie/bpp-46-2026-09/employeurs/quercy/justificatif_facturation.pdf")
    assert "Montant dû à ce jour : 200,00 € (deux cents euros)." in pdf
    assert "Montant de la proposition d’intervention acceptée pour cet agent : 500,00 €" in pdf  # its own title
    # At the end, on the hours realised: 11 h x 50 € = 550 €, less the 200 € of 2026: 350 € on 2027.
    fichier = ecrire_dossier(tmp_path, dossier_cdg46("11h"))
    code, _, err = facturer(tmp_path, fichier)
    assert code == 0, err
    assert montants(tmp_path, "bpp-46-2026-09") == {"Awa N'Diaye": ("2027", "350,00")}
    pdf = texte_pdf(tmp_path / "sortie/bpp-46-2026-09/employeurs/quercy/justificatif_facturation.pdf")
    assert "Montant dû à ce jour : 350,00 € (trois cent cinquante euros)." in pdf
    assert (
        "Déjà facturé au titre d’un exercice précédent (prorata au 31 décembre) : 200,00 € (deux cents euros)." in pdf
    )
    record = json.loads((tmp_path / "sortie/bpp-46-2026-09/etat-de-facturation.json").read_text(encoding="utf-8"))
    assert [(f["exercice"], f["montant"]) for f in record["agents"][0]["factures"]] == [
        (2026, "200.00"),
        (2027, "350.00"),
    ]


def dossier_cdg33(heures_realisees: str | None) -> dict:
    data = dossier_cdg46(heures_realisees)
    data["cdg"] = "cdg33"
    data["session"]["reference"] = "BP-2026-014"
    data["agents"][0]["heures"] = "35h"
    for entretien, day in zip(
        data["agents"][0]["entretiens"],
        ["2026-02-17", "2026-03-03", "2026-03-24", "2026-04-21", "2026-06-02"],
        strict=True,
    ):
        entretien["debut"] = f"{day}T09:30"
    return data


def test_cdg33_invoices_the_hours_actually_spent(tmp_path):
    code, _, err = facturer(tmp_path, ecrire_dossier(tmp_path, dossier_cdg33("34h30")))
    assert code == 0, err
    # 34,5 h x 52 € = 1 794 €.
    assert montants(tmp_path, "bp-2026-014") == {"Awa N'Diaye": ("2026", "1794,00")}
    row = lignes_csv(tmp_path, "bp-2026-014")[0]
    assert row[9] == "34 h 30 réalisées × 52,00 € de l'heure = 1 794,00 €"
    pdf = texte_pdf(tmp_path / "sortie/bp-2026-014/employeurs/quercy/justificatif_facturation.pdf")
    assert "Montant dû à ce jour : 1 794,00 € (mille sept cent quatre-vingt-quatorze euros)." in pdf
    # The proposal estimated 35 h x 52 € = 1 820 €: both are shown.
    assert "proposition financière acceptée pour cet agent : 1 820,00 €" in pdf
    assert "réalisé par le CDG33 pour l’agent ci-dessous," in pdf
    assert "à compter de la réception du titre de recettes ou de la facture." in pdf  # no Chorus Pro rule


def test_cdg33_hours_outside_the_offer_or_missing_are_refused_with_line_and_fix(tmp_path):
    fichier = ecrire_dossier(tmp_path, dossier_cdg33("41h"))
    code, out, err = facturer(tmp_path, fichier)
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        UNE_ERREUR,
        f"d.yaml, ligne {ligne_de(fichier, 'heures_realisees')}, agents[1].heures_realisees : 41 h est hors de "
        "l'offre du CDG33 ; indiquez entre 30 h et 40 h.",
    ]
    fichier = ecrire_dossier(tmp_path, dossier_cdg33(None))
    code, out, err = facturer(tmp_path, fichier)
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        UNE_ERREUR,
        f"d.yaml, ligne {ligne_de(fichier, '- civilite: Mme')}, agents[1] : la facture de fin de mission d'Awa "
        "N'Diaye se calcule sur ses heures réellement réalisées, qui ne sont pas indiquées ; ajoutez par exemple "
        "« heures_realisees: 40h » (entre 30 h et 40 h).",
    ]
    assert not (tmp_path / "sortie").exists()


def test_interruption_keys_are_checked_against_the_profile(tmp_path):
    data = dossier_cdg33("34h")
    data["agents"][0]["interruption"] = "2026-03-10"
    fichier = ecrire_dossier(tmp_path, data)
    code, _, err = lancer("valider", fichier, "--profils", profils(tmp_path))
    assert code == 2
    assert err.splitlines()[1] == (
        f"d.yaml, ligne {ligne_de(fichier, 'interruption')}, agents[1].interruption : le profil du CDG33 ne prévoit "
        "pas de règle d'interruption (offre.interruption) ; retirez « interruption » (au taux horaire, "
        "« heures_realisees » dit ce qui a été fait), ou ajoutez la règle au profil."
    )
    data = dossier_cdg31()
    data["agents"][1].update({"interruption": "2026-03-10", "remobilisation": "2026-03-01"})
    data["agents"][2]["remobilisation"] = "2026-03-01"
    fichier = ecrire_dossier(tmp_path, data)
    code, _, err = lancer("valider", fichier, "--profils", profils(tmp_path))
    assert code == 2
    assert err.splitlines()[1:] == [
        f"d.yaml, ligne {ligne_de(fichier, 'remobilisation')}, agents[2].remobilisation : la remobilisation du "
        "1er mars 2026 précède l'interruption du 10 mars 2026 ; corrigez l'une des deux dates.",
        f"d.yaml, ligne {ligne_de(fichier, 'remobilisation', 2)}, agents[3].remobilisation : une remobilisation suit "
        "une interruption, qui n'est pas indiquée ; ajoutez « interruption: » avec la date de l'interruption, ou "
        "retirez « remobilisation ».",
    ]


@pytest.mark.parametrize("valeur", ["2026-13-01", "demain"])
def test_a_wrong_date_is_refused(tmp_path, valeur):
    code, out, err = facturer(tmp_path, ecrire_dossier(tmp_path, dossier_cdg31()), "--au", valeur)
    assert (code, out) == (2, "")
    assert err.splitlines()[-1] == (
        f"Erreur : --au : « {valeur} » n'est pas une date ; écrivez-la 2026-12-31 ou 31/12/2026 (de 2000 à 2099). "
        "Voir l'aide : python -m generator --help"
    )


def test_a_statement_changed_by_hand_is_kept_and_a_generation_leaves_the_statement_alone(tmp_path):
    fichier = ecrire_dossier(tmp_path, dossier_cdg31())
    assert facturer(tmp_path, fichier)[0] == 0
    session = tmp_path / "sortie" / "bppc-2026-01"
    workbook = session / "etat-de-facturation.xlsx"
    workbook.write_bytes(workbook.read_bytes() + b"retouche")
    code, out, _ = facturer(tmp_path, fichier)
    assert code == 3
    assert f"Conservé : {workbook} (modifié depuis son écriture)" in out.splitlines()
    # The same dossier gives the same bytes: every other file is found unchanged.
    assert out.splitlines()[-1].startswith("Terminé : 0 fichier écrit, 4 inchangés, 1 conservé, 0 avertissement.")
    assert workbook.read_bytes().endswith(b"retouche")
    # A generation (of one document, to be quick) neither reports the statement's files nor forgets them.
    code, out, err = lancer(
        fichier,
        "--sortie",
        tmp_path / "sortie",
        "--profils",
        profils(tmp_path),
        "--documents",
        "calendrier",
        "--format",
        "docx",
    )
    assert code == 0, err
    assert "Plus dans le dossier" not in out
    manifest = json.loads((session / "manifeste.json").read_text(encoding="utf-8"))
    listed = {e["chemin"]: e["document"] for e in manifest["fichiers"]}
    assert listed["etat-de-facturation.csv"] == "etat_facturation"
    assert listed["employeurs/muret/justificatif_facturation.pdf"] == "justificatif_facturation"
    assert facturer(tmp_path, fichier)[0] == 3  # the workbook is still known as changed
    assert facturer(tmp_path, fichier, "--forcer")[0] == 0
    assert not workbook.read_bytes().endswith(b"retouche")
    assert len(list(session.glob("etat-de-facturation.*.xlsx"))) == 1  # the dated copy of the changed one


def test_the_template_check_fills_the_justificatif_of_a_cdg(tmp_path):
    from docx import Document

    from generator.documents import DOCUMENTS
    from generator.render.environment import GABARITS

    folder = profils(tmp_path)
    for other in ("cdg33", "cdg46"):
        (folder / f"{other}.yaml").unlink()
    own = folder / "cdg31" / "gabarits"
    own.mkdir(parents=True)
    template = Document(GABARITS / "justificatif_facturation.docx")
    paragraph = next(p for p in template.paragraphs if p.text.startswith("Montant dû"))
    paragraph.runs[0].text = paragraph.runs[0].text.replace("facturation.total", "facturation.totl", 1)
    template.save(own / "justificatif_facturation.docx")
    code, out, err = lancer("gabarits", "--profils", folder)
    assert code == 2
    assert out.splitlines()[0].startswith(
        f"cdg31 : {len(DOCUMENTS)} gabarits (propres au CDG : justificatif_facturation)"
    )
    assert err.splitlines()[0] == (
        f"Le gabarit {own / 'justificatif_facturation.docx'}, le paragraphe « Montant dû à ce jour : "
        "{{ facturation.totl | montant }} ({{… » : {{ facturation.totl }} : variable inconnue ; vouliez-vous dire "
        "facturation.total ?"
    )


def test_the_justificatif_does_not_tell_an_agent_s_health_status(tmp_path):
    copies = []
    for rqth in (False, True):
        data = dossier_cdg31()
        data["agents"][0]["rqth"] = rqth
        folder = tmp_path / str(rqth)
        folder.mkdir()
        assert facturer(folder, ecrire_dossier(folder, data))[0] == 0
        copies.append((folder / "sortie/bppc-2026-01/employeurs/castanet/justificatif_facturation.pdf").read_bytes())
    assert copies[0] == copies[1]
