"""The employer's summary of a filled synthesis, only with the agent's agreement (issue 13).

The agent fills the synthesis PDF in (its form fields, as a PDF reader saves them: here pypdf), the
secretariat records the agreement; the next run writes the summary into the employer's folder with the
agreed parts only. Nothing else of the synthesis may reach any file outside the agent's folder.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader, PdfWriter

from generator.dossier.validation import valider
from generator.ecriture_classeur import classeur_rempli
from generator.plan import planifier
from generator.profiles import profils_connus
from generator.render.documents import rendre
from tests.conftest import ecrire_dossier, lancer, ligne_de, refus
from tests.documents_outils import EXEMPLES, normaliser, texte_docx, texte_pdf

SESSION = "bp-2026-014"
AGENT = "agents/dubois-camille"
SYNTHESE = f"{AGENT}/synthese-dubois-camille.pdf"
RESUME = "employeurs/pessac/synthese_employeur-dubois-camille"
# One word per field, found nowhere else: where each part's text goes.
TEXTES = {
    "s_1_1": "Quetzallancement attend une mobilite",  # lancement
    "s_1_2": "Quetzalamenagement ecran adapte",  # lancement, but may tell the health status
    "s_2_2_2": "Quetzalanalyse piste bibliotheque",  # analyse
    "s_2_5": "Quetzalsante dos fragile",  # analyse, the personal situation
    "plan_action_1_duree": "Quetzalduree trois mois",  # plan_action
    "s_3_1_3": "Quetzaloutils reseau\nQuetzaldeuxieme ligne",  # plan_action, two lines
    "s_4_1": "Quetzalconclusion candidature",  # conclusion
}
TRANSMIS = ["Quetzallancement", "Quetzalduree", "Quetzaloutils", "Quetzaldeuxieme"]
GARDES = ["Quetzalamenagement", "Quetzalanalyse", "Quetzalsante", "Quetzalconclusion"]


def _donnees(accord: dict | None = None) -> dict:
    data = yaml.safe_load((EXEMPLES / "individuel-cdg33.yaml").read_text(encoding="utf-8"))
    if accord is not None:
        data["agent"]["synthese_employeur"] = accord
    return data


def remplir(pdf: Path, valeurs: dict[str, str]) -> None:
    """Fill form fields in as a PDF reader would, and save the file in place."""
    writer = PdfWriter(clone_from=PdfReader(pdf))
    writer.update_page_form_field_values(None, valeurs, auto_regenerate=False)
    buffer = io.BytesIO()
    writer.write(buffer)
    pdf.write_bytes(buffer.getvalue())


def _textes_du_fichier(nom: str, contenu: bytes) -> list[str]:
    """Every text a file holds, as a reader would find it: pages and form fields, Word parts, archive members."""
    if nom.endswith(".pdf"):
        reader = PdfReader(io.BytesIO(contenu))
        fields = [str(v) for v in (reader.get_form_text_fields() or {}).values() if v]
        return [normaliser(texte_pdf(contenu)), *fields]
    if nom.endswith((".zip", ".docx", ".xlsx")):
        with zipfile.ZipFile(io.BytesIO(contenu)) as archive:
            parts = [_textes_du_fichier(n, archive.read(n)) for n in archive.namelist()]
        extra = [normaliser(texte_docx(contenu))] if nom.endswith(".docx") else []
        return [text for part in parts for text in part] + extra
    return [contenu.decode("utf-8", errors="replace")]


def _hors_du_dossier_de_l_agent(racine: Path) -> dict[str, list[str]]:
    """The texts of every file of the session that is not in the agent's folder."""
    return {
        path.relative_to(racine).as_posix(): _textes_du_fichier(path.name, path.read_bytes())
        for path in sorted(racine.rglob("*"))
        if path.is_file() and not path.relative_to(racine).as_posix().startswith(f"{AGENT}/")
    }


def _trouves(textes: dict[str, list[str]], mots: list[str]) -> dict[str, list[str]]:
    return {word: [name for name, texts in textes.items() if any(word in t for t in texts)] for word in mots}


@pytest.fixture
def session_remplie(tmp_path) -> tuple[Path, Path]:
    """A CDG33 session whose agent filled in her synthesis (no agreement yet); its other documents come next."""
    fichier = ecrire_dossier(tmp_path, _donnees())
    sortie = tmp_path / "sortie"
    code, _, err = lancer(fichier, "--sortie", sortie, "--documents", "synthese", "--quiet")
    assert code == 0, err
    remplir(sortie / SESSION / SYNTHESE, TEXTES)
    return fichier, sortie


WARNING = (
    "le document de synthèse de Camille Dubois est rempli (agents/dubois-camille/synthese-dubois-camille.pdf), mais "
    "son accord pour en transmettre une synthèse à l'employeur n'est pas indiqué : les règles du CDG33 prévoient que "
    "l'employeur reçoive une synthèse du bilan, et rien n'en sortira du dossier de l'agent sans cet accord ; quand "
    "Camille Dubois a donné son accord, ajoutez à l'agent « synthese_employeur: » avec « accord: » (la date) et "
    "« parties: » (les parties acceptées : lancement, analyse, plan_action, conclusion)."
)


def test_without_agreement_nothing_leaves_the_agents_folder_and_a_warning_says_it_waits(session_remplie):
    fichier, sortie = session_remplie
    code, out, err = lancer(fichier, "--sortie", sortie)
    assert code == 0  # a synthesis the agent filled in is kept, as expected: nothing to force
    assert f"Attention : d.yaml, ligne {ligne_de(fichier, 'agent:')}, agent : {WARNING}" in err.splitlines()
    assert out.startswith("Terminé : 27 fichiers écrits, 1 inchangé, 1 conservé, 2 avertissements.")
    racine = sortie / SESSION
    assert not list(racine.rglob("synthese_employeur*"))
    outside = _hors_du_dossier_de_l_agent(racine)
    assert _trouves(outside, TRANSMIS + GARDES) == {word: [] for word in TRANSMIS + GARDES}
    # The scan does see the text where it is: in the agent's own synthesis.
    assert all(word in "".join(_textes_du_fichier("s.pdf", (racine / SYNTHESE).read_bytes())) for word in GARDES)


def test_with_two_parts_agreed_only_their_text_reaches_the_employer(session_remplie, tmp_path):
    fichier, sortie = session_remplie
    ecrire_dossier(tmp_path, _donnees({"accord": "2026-08-25", "parties": ["plan_action", "lancement"]}))
    filled = (sortie / SESSION / SYNTHESE).read_bytes()
    code, out, err = lancer(fichier, "--sortie", sortie)
    assert code == 0, err
    assert out.startswith("Terminé : 29 fichiers écrits, 1 inchangé, 1 conservé, 1 avertissement.")
    assert "synthèse" not in err  # the agreement is there: no warning about it
    racine = sortie / SESSION
    assert (racine / SYNTHESE).read_bytes() == filled  # the filled synthesis is never written over
    outside = _hors_du_dossier_de_l_agent(racine)
    found = _trouves(outside, TRANSMIS + GARDES)
    assert found == {
        **{word: [] for word in GARDES},
        **{word: [f"{RESUME}.docx", f"{RESUME}.pdf"] for word in TRANSMIS},
    }
    text = normaliser(texte_pdf((racine / f"{RESUME}.pdf").read_bytes()))
    assert "Document transmis à l'employeur avec l'accord de l'agente, donné le 25 août 2026." in text
    assert "Parties transmises Phase de lancement ; Phase d'appui à la réalisation d'un plan d'action" in text
    assert "Agente Camille Dubois" in text
    assert "Accord de l'agente 25 août 2026" in text
    assert (
        "1. Phase de lancement 1.1. Besoins et attentes : ce que l'agente attend du bilan, l'objectif ou le "
        "projet qui le motive Quetzallancement attend une mobilite 3. Phase d'appui à la réalisation d'un plan "
        "d'action 3.1.1. Calendrier des actions Action 1 : durée Quetzalduree trois mois ; date de réalisation "
        "non indiquée. 3.1.3. Outils méthodologiques et dispositifs mobilisés Quetzaloutils reseau "
        "Quetzaldeuxieme ligne Les autres parties du document de synthèse ne sont pas transmises : elles "
        "restent à l'agente."
    ) in text
    docx = normaliser(texte_docx((racine / f"{RESUME}.docx").read_bytes()))
    assert "Quetzaloutils reseau Quetzaldeuxieme ligne Les autres parties" in docx
    assert "Agente Camille Dubois" in docx
    assert "Accord de l'agente 25 août 2026" in docx
    manifest = json.loads((racine / "manifeste.json").read_text(encoding="utf-8"))
    went = {e["chemin"]: e.get("parties") for e in manifest["fichiers"] if e["document"] == "synthese_employeur"}
    assert went == {f"{RESUME}.docx": ["lancement", "plan_action"], f"{RESUME}.pdf": ["lancement", "plan_action"]}
    bundle = racine / "employeurs/pessac/dossier-complet-pessac.pdf"
    assert "Quetzallancement" not in normaliser(texte_pdf(bundle.read_bytes()))  # sent later, on its own


def test_a_changed_text_is_seen_by_the_next_run_and_forcer_keeps_the_filled_synthesis(session_remplie, tmp_path):
    fichier, sortie = session_remplie
    ecrire_dossier(tmp_path, _donnees({"accord": "25/08/2026", "parties": "Lancement"}))
    documents = ("--documents", "synthese,synthese_employeur", "--sortie", sortie)
    assert lancer(fichier, *documents)[0] == 0
    code, out, _ = lancer(fichier, *documents)
    assert (code, out.splitlines()[0]) == (0, "Terminé : 0 fichier écrit, 5 inchangés, 1 conservé, 1 avertissement.")
    remplir(sortie / SESSION / SYNTHESE, {"s_1_1": "Quetzalnouveau texte"})
    refilled = (sortie / SESSION / SYNTHESE).read_bytes()
    code, out, _ = lancer(fichier, *documents, "--forcer")
    assert (code, out.splitlines()[0]) == (0, "Terminé : 2 fichiers écrits, 3 inchangés, 1 conservé, 1 avertissement.")
    assert (sortie / SESSION / SYNTHESE).read_bytes() == refilled
    kept = sorted(p.name for p in (sortie / SESSION / AGENT).glob("synthese-*"))
    assert kept == ["synthese-dubois-camille.docx", "synthese-dubois-camille.pdf"]  # no dated copy either
    text = normaliser(texte_pdf((sortie / SESSION / f"{RESUME}.pdf").read_bytes()))
    assert "Quetzalnouveau texte" in text and "Quetzallancement" not in text
    # The same input gives the same bytes: what the incremental run wrote is what a fresh render gives.
    valide = valider(fichier, sortie=sortie)
    planned = next(f for f in planifier(valide).documents if str(f.chemin) == f"{RESUME}.pdf")
    assert rendre(planned, valide) == (sortie / SESSION / f"{RESUME}.pdf").read_bytes()


def test_the_agreement_as_a_workbook_gives_the_same_dossier(tmp_path):
    fichier = ecrire_dossier(tmp_path, _donnees({"accord": "2026-08-25", "parties": ["plan_action", "lancement"]}))
    valide = valider(fichier)
    workbook = tmp_path / "d.xlsx"
    workbook.write_bytes(classeur_rempli(valide.dossier, profils_connus()))
    assert valider(workbook).dossier.liste_agents == valide.dossier.liste_agents
    assert valide.dossier.agent.synthese_employeur.parties == ["plan_action", "lancement"]


@pytest.mark.parametrize(
    ("accord", "ligne", "champ", "message"),
    [
        (
            {"accord": "2026-08-25", "parties": ["lancement", "bilan"]},
            "- bilan",
            "agent.synthese_employeur.parties[2]",
            "« bilan » n'est pas une valeur possible ; choisissez parmi : lancement, analyse, plan_action, conclusion.",
        ),
        (
            {"accord": "2026-08-25", "parties": ["analyse", "Analyse"]},
            "parties:",
            "agent.synthese_employeur.parties",
            "la partie « analyse » est citée deux fois ; ne citez chaque partie qu'une fois (lancement, analyse, "
            "plan_action, conclusion).",
        ),
        (
            {"accord": "2026-02-30", "parties": ["analyse"]},
            "accord:",
            "agent.synthese_employeur.accord",
            "la date « 2026-02-30 » n'existe pas (février 2026 n'a que 28 jours) ; corrigez le jour.",
        ),
        (
            {"accord": "2026-08-25"},
            "synthese_employeur:",
            "agent.synthese_employeur.parties",
            "la clé « parties » manque ; ajoutez « parties: … ».",
        ),
    ],
)
def test_a_wrong_agreement_is_refused_in_french_with_its_line(tmp_path, accord, ligne, champ, message):
    fichier = ecrire_dossier(tmp_path, _donnees(accord))
    assert refus(fichier) == [
        "Le dossier contient 1 erreur ; rien n'a été écrit.",
        f"d.yaml, ligne {ligne_de(fichier, ligne)}, {champ} : {message}",
    ]


def _synthese_rendue(valide, sortie: Path) -> Path:
    """The agent's blank synthesis PDF put where a run writes it (rendered in memory, without a run)."""
    planned = next(f for f in planifier(valide, documents=("synthese",), formats=("pdf",)).documents)
    target = sortie / valide.dossier.session.reference.lower() / planned.chemin
    target.parent.mkdir(parents=True)
    target.write_bytes(rendre(planned, valide))
    return target


def test_where_the_cdg_only_allows_a_summary_a_filled_synthesis_waits_silently(tmp_path):
    data = yaml.safe_load((EXEMPLES / "individuel-cdg46.yaml").read_text(encoding="utf-8"))
    fichier = ecrire_dossier(tmp_path, data)
    sortie = tmp_path / "sortie"
    synthesis = _synthese_rendue(valider(fichier), sortie)
    remplir(synthesis, {"s_4_1": "Quetzalconclusion"})
    valide = valider(fichier, sortie=sortie)
    assert list(valide.syntheses) == [0] and valide.syntheses[0].champs["s_4_1"] == "Quetzalconclusion"
    assert not [w for w in valide.avertissements if "synthèse" in w.message]  # CDG46: « peut être remise »
    assert [f for f in planifier(valide).tous if f.document == "synthese_employeur"] == []


def test_an_unreadable_synthesis_is_told_and_nothing_of_it_goes(tmp_path):
    fichier = ecrire_dossier(tmp_path, _donnees({"accord": "2026-08-25", "parties": ["conclusion"]}))
    target = tmp_path / "sortie" / SESSION / SYNTHESE
    target.parent.mkdir(parents=True)
    target.write_bytes(b"%PDF-1.7\nce n'est pas un PDF")
    valide = valider(fichier, sortie=tmp_path / "sortie")
    assert valide.syntheses == {}
    assert [w.phrase() for w in valide.avertissements if "synthèse" in w.message] == [
        f"d.yaml, ligne {ligne_de(fichier, 'agent:')}, agent : le document de synthèse de Camille Dubois "
        "(agents/dubois-camille/synthese-dubois-camille.pdf) n'est pas un PDF lisible : rien n'en est transmis à "
        "l'employeur ; remettez dans le dossier de l'agent le PDF rempli tel que son lecteur PDF l'a enregistré, puis "
        "relancez."
    ]
