"""`bilan-annuel`: a year of two sessions added up, from their invoicing statements."""

from __future__ import annotations

import json

import openpyxl

from generator import output
from tests.conftest import dossier_cdg31, ecrire_dossier, lancer
from tests.test_facturation import dossier_cdg46, espaces, facturer, texte_pdf


def test_the_year_of_two_sessions(tmp_path):
    assert facturer(tmp_path, ecrire_dossier(tmp_path, dossier_cdg31(), "cdg31.yaml"))[0] == 0
    assert facturer(tmp_path, ecrire_dossier(tmp_path, dossier_cdg46(), "cdg46.yaml"), "--au", "2026-12-31")[0] == 0
    sortie = tmp_path / "sortie"
    output.ecrire_manifestes(sortie / "bppc-2026-02", "BPPC-2026-02", [], [])  # generated, never invoiced
    code, out, err = lancer("bilan-annuel", sortie, "--annee", "2026")
    assert code == 0
    # CDG31: 6 agents, 17 h each (13 h of workshops, 2 interviews of 2 h), 3 x 1 310 € (castanet, affiliated)
    # + 3 x 1 700 € (muret, adherent) = 9 030 €; CDG46: 1 agent (non-affiliated), 4 h held in 2026 and the
    # 200 € pro rata at 31 December. Together: 7 agents, 3 employers, 102 + 4 = 106 h, 9 230 €.
    assert espaces(out).splitlines() == [
        "Bilan de l'année 2026 : 2 sessions, 7 agents, 3 employeurs (affilié : 1, adhérent : 1, non affilié : 1), "
        "106 h de rendez-vous, 9 230,00 € facturés sur l'exercice.",
        "  BPP-46-2026-09 (cdg46) : 1 agent, 1 employeur, 4 h, 200,00 € (état au 31/12/2026)",
        "  BPPC-2026-01 (cdg31) : 6 agents, 2 employeurs, 102 h, 9 030,00 € (état au 19/05/2026)",
        f"Écrit : {sortie / 'bilan-annuel-2026.xlsx'}",
        f"Écrit : {sortie / 'bilan-annuel-2026.pdf'}",
    ]
    assert err.splitlines() == [
        "Attention : La session « BPPC-2026-02 » (bppc-2026-02) n'a pas d'état de facturation : elle n'est pas "
        "comptée ; lancez python -m generator facturation avec son dossier et la même --sortie, puis relancez le bilan."
    ]
    workbook = openpyxl.load_workbook(sortie / "bilan-annuel-2026.xlsx")
    months = workbook["Agents par mois"]
    assert [c.value for c in months[1]][:4] == ["Mois", "affilié", "adhérent", "non affilié"]
    assert [c.value for c in months[3]][:4] == ["févr.", 3, 3, 0]  # the CDG31 workshops start on 3 February
    assert [c.value for c in months[12]][:4] == ["nov.", 0, 0, 1]  # the CDG46 framing meeting, 17 November
    assert len(months._charts) == 1
    summary = {row[0].value: row[1].value for row in workbook["Synthèse"].iter_rows(min_row=2)}
    assert summary["Heures de rendez-vous"] == 106 and summary["Montant facturé sur l'exercice (€)"] == 9230
    assert all(c.data_type != "f" for sheet in workbook for row in sheet.iter_rows() for c in row)
    pdf = texte_pdf(sortie / "bilan-annuel-2026.pdf")
    assert "9 230,00 € (neuf mille deux cent trente euros)" in pdf
    assert "févr." in pdf and "employeur non affilié" in pdf  # the chart's months and legend
    # 2027 holds the rest of the CDG46 mission: 6 h, nothing invoiced yet (the end is not invoiced).
    code, out, _ = lancer("bilan-annuel", sortie, "--annee", "2027", "-q")
    assert (code, out) == (0, "")
    assert json.loads((sortie / ".rapports.json").read_text(encoding="utf-8")).keys() == {
        "bilan-annuel-2026.pdf",
        "bilan-annuel-2026.xlsx",
        "bilan-annuel-2027.pdf",
        "bilan-annuel-2027.xlsx",
    }
    # A review changed by hand is kept (exit 3), and the same sessions give the same bytes.
    pdf_2026 = (sortie / "bilan-annuel-2026.pdf").read_bytes()
    (sortie / "bilan-annuel-2026.xlsx").write_bytes(b"retouche")
    code, out, _ = lancer("bilan-annuel", sortie, "--annee", "2026")
    assert code == 3
    assert (
        f"Conservé : {sortie / 'bilan-annuel-2026.xlsx'} (modifié depuis son écriture) ; relancez avec --forcer "
        "pour le remplacer." in out.splitlines()
    )
    assert f"Inchangé : {sortie / 'bilan-annuel-2026.pdf'}" in out.splitlines()
    assert (sortie / "bilan-annuel-2026.pdf").read_bytes() == pdf_2026


def test_a_folder_without_sessions_and_a_wrong_year_are_refused(tmp_path):
    code, out, err = lancer("bilan-annuel", tmp_path, "--annee", "2026")
    assert (code, out) == (2, "")
    assert err == (
        f"{tmp_path} ne contient aucune session (aucun manifeste.json dans ses sous-dossiers) ; indiquez le dossier "
        "donné à --sortie lors de la génération.\n"
    )
    code, out, err = lancer("bilan-annuel", tmp_path, "--annee", "26")
    assert (code, out) == (2, "")
    assert err.splitlines()[-1] == (
        "Erreur : --annee : « 26 » n'est pas une année ; indiquez-la sur quatre chiffres, par exemple 2026. "
        "Voir l'aide : python -m generator --help"
    )
