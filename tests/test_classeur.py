"""Workbook dossiers: the blank model, the workbook of a YAML dossier, what secretaries type, errors at the cell."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from datetime import time
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet
from python_calamine import CalamineWorkbook

from generator import vocabulaire
from generator.dossier.disposition import CHOIX, FEUILLES, OUI_NON, libelle_choix
from generator.dossier.validation import valider
from generator.ecriture_classeur import LISTES, classeur_rempli
from generator.profiles import profils_connus
from tests.conftest import accepte, dossier_cdg31, ecrire_dossier, lancer, refus

RACINE = Path(__file__).resolve().parent.parent
EXEMPLES = RACINE / "dossiers" / "exemples"
COHORTE = EXEMPLES / "cohorte-cdg31.yaml"
GROUPE = (
    "Attention : cohorte.{ext}, feuille Agents : la session compte 12 agents, alors que l'offre du CDG31 prévoit "
    "entre 6 et 10 agents ; vérifiez la composition du groupe."
)


def ecrire_classeur(source: Path | None, cible: Path) -> Path:
    """`python -m generator classeur [source] cible`, which must succeed."""
    code, _, err = lancer("classeur", *([source] if source else []), cible)
    assert (code, err) == (0, ""), err
    return cible


def en_ods(classeurs: list[Path], dossier: Path) -> list[Path]:
    """The workbooks opened and saved as .ods by LibreOffice itself (one call for all, its own profile)."""
    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice (soffice) manque : lancez installer.sh"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={(dossier / 'profil-libreoffice').as_uri()}",
            "--headless",
            "--convert-to",
            "ods",
            "--outdir",
            str(dossier),
            *map(str, classeurs),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    converted = [dossier / f"{c.stem}.ods" for c in classeurs]
    assert all(c.exists() for c in converted)
    return converted


def colonne(ws: Worksheet, libelle: str) -> str:
    """The letter of the column whose header is `libelle`."""
    return next(c.column_letter for c in ws[1] if c.value == libelle)


def modifier(fichier: Path, changement) -> Path:
    """Open the workbook with openpyxl, let `changement(workbook)` edit it, save it in place."""
    workbook = load_workbook(fichier)
    changement(workbook)
    workbook.save(fichier)
    return fichier


@pytest.fixture(scope="module")
def cohorte_yaml():
    return valider(COHORTE)


# The blank model


def test_modele_vierge_feuilles_en_tetes_consignes_et_listes(tmp_path):
    code, out, err = lancer("classeur", tmp_path / "MODELE.xlsx")
    assert (code, err) == (0, "")
    assert out == "MODELE.xlsx : classeur vierge écrit, à remplir puis à donner au générateur comme un dossier.\n"
    workbook = load_workbook(tmp_path / "MODELE.xlsx")
    assert workbook.sheetnames == ["Session", "Séances", "Employeurs", "Agents", "Entretiens", LISTES]
    assert [ws.sheet_state for ws in workbook] == ["visible"] * 5 + ["hidden"]
    for feuille in FEUILLES:
        ws = workbook[feuille.nom]
        assert [c.value for c in ws[1]] == [c.libelle for c in feuille.colonnes]
        assert [c.value for c in ws[2]] == [c.consigne for c in feuille.colonnes]
        assert ws.max_row == 2  # nothing to fill in yet
        validations = {str(v.sqref): v.formula1 for v in ws.data_validations.dataValidation}
        for validation in ws.data_validations.dataValidation:  # an arrow to click (showDropDown hides it)
            assert not validation.showDropDown and validation.showErrorMessage and validation.errorStyle == "warning"
        for index, col in enumerate(feuille.colonnes):
            letter = ws.cell(1, index + 1).column_letter
            source = validations.get(f"{letter}3:{letter}502")
            if col.sorte in (CHOIX, OUI_NON):
                assert _mots(workbook, source) == col.choix, col.libelle
            elif col.liste == "cdg":
                assert _mots(workbook, source) == profils_connus() == ["cdg31", "cdg33", "cdg46"]
            elif col.liste == "employeurs":
                assert source == "Employeurs!$A$3:$A$502"  # the ids the sheet Employeurs holds
            else:
                assert source is None, col.libelle
    formats = {
        ("Agents", "Prise de fonction"): "DD/MM/YYYY",
        ("Séances", "Début"): "DD/MM/YYYY HH:MM",
        ("Entretiens", "Début"): "DD/MM/YYYY HH:MM",
        ("Employeurs", "SIRET"): "@",
        ("Session", "Téléphone du conseiller"): "@",
    }
    for (sheet, libelle), expected in formats.items():
        ws = workbook[sheet]
        assert ws.column_dimensions[colonne(ws, libelle)].number_format == expected


def _mots(workbook, source: str) -> list[str]:
    sheet, cells = source.split("!")
    first, last = cells.replace("$", "").split(":")
    return [c.value for (c,) in workbook[sheet][first:last]]


def test_chaque_mot_des_listes_se_lit_comme_sa_valeur():
    for feuille in FEUILLES:
        for col in feuille.colonnes:
            if col.sorte == CHOIX:
                for key in col.vocabulaire:
                    assert vocabulaire.reconnaitre(libelle_choix(key), col.vocabulaire) == key


def test_un_fichier_existant_n_est_jamais_remplace(tmp_path):
    cible = tmp_path / "cohorte.xlsx"
    cible.write_bytes(b"le classeur rempli du secretariat")
    assert lancer("classeur", COHORTE, cible) == (
        2,
        "",
        "cohorte.xlsx existe déjà et n'est pas remplacé (rien n'a été écrit) ; choisissez un autre nom, ou "
        "supprimez ce fichier s'il ne sert plus.\n",
    )
    assert cible.read_bytes() == b"le classeur rempli du secretariat"
    assert lancer("classeur", tmp_path / "modele.ods") == (
        2,
        "",
        "modele.ods : le classeur s'écrit au format Excel ; donnez-lui un nom en .xlsx (rien n'a été écrit).\n",
    )
    assert lancer("classeur", COHORTE, tmp_path / "a.xlsx", tmp_path / "b.xlsx")[0] == 2
    assert not (tmp_path / "modele.ods").exists()


def test_classeur_d_un_dossier_invalide_n_est_pas_ecrit(tmp_path):
    data = dossier_cdg31()
    data["employeurs"][0]["siret"] = "123"
    code, out, err = lancer("classeur", ecrire_dossier(tmp_path, data), tmp_path / "d.xlsx")
    assert (code, out) == (2, "")
    assert err.startswith("Le dossier contient 1 erreur ; rien n'a été écrit.\nd.yaml, ligne ")
    assert not (tmp_path / "d.xlsx").exists()


# From YAML to a workbook and back


def test_l_exemple_en_classeur_suit_le_yaml(cohorte_yaml):
    shipped = (EXEMPLES / "cohorte-cdg31.xlsx").read_bytes()
    assert shipped == classeur_rempli(cohorte_yaml.dossier, profils_connus()), (
        "régénérez-le : rm dossiers/exemples/cohorte-cdg31.xlsx && python -m generator classeur "
        "dossiers/exemples/cohorte-cdg31.yaml dossiers/exemples/cohorte-cdg31.xlsx"
    )


def test_le_classeur_a_les_memes_octets_d_une_fois_a_l_autre(tmp_path, cohorte_yaml):
    first = ecrire_classeur(COHORTE, tmp_path / "a.xlsx").read_bytes()
    assert first == ecrire_classeur(COHORTE, tmp_path / "b.xlsx").read_bytes()


def test_l_exemple_en_classeur_est_le_meme_dossier(cohorte_yaml):
    valide = valider(EXEMPLES / "cohorte-cdg31.xlsx")
    assert valide.dossier == cohorte_yaml.dossier
    assert [w.phrase() for w in valide.avertissements] == [
        GROUPE.format(ext="xlsx").removeprefix("Attention : ").replace("cohorte.", "cohorte-cdg31."),
    ]


def test_memes_documents_octet_pour_octet_depuis_le_yaml_et_le_classeur(tmp_path):
    source = EXEMPLES / "individuel-cdg33.yaml"  # a single agent (`agent:`): the workbook makes it a list of one
    classeur = ecrire_classeur(source, tmp_path / "individuel.xlsx")
    for dossier, sortie in ((source, "depuis-yaml"), (classeur, "depuis-classeur")):
        code, _, err = lancer(dossier, "--sortie", tmp_path / sortie, "--quiet")
        assert code == 0, err
    yaml_run, workbook_run = _fichiers(tmp_path / "depuis-yaml"), _fichiers(tmp_path / "depuis-classeur")
    assert len([p for p in yaml_run if p.suffix in (".pdf", ".docx")]) > 10
    assert yaml_run == workbook_run  # same files, same bytes: manifests, PDF, DOCX, .ics, bundles


def _fichiers(dossier: Path) -> dict[Path, bytes]:
    return {p.relative_to(dossier): p.read_bytes() for p in sorted(dossier.rglob("*")) if p.is_file()}


# What secretaries type, in Excel and in LibreOffice


def _comme_un_secretariat(workbook) -> None:
    employeurs, agents, seances, entretiens = (workbook[n] for n in ("Employeurs", "Agents", "Séances", "Entretiens"))
    employeurs[f"{colonne(employeurs, 'SIRET')}3"] = 21310113200016  # typed as a number
    employeurs[f"{colonne(employeurs, 'Statut')}3"] = "Affilié "
    employeurs[f"{colonne(employeurs, 'Statut')}5"] = "ADHERENT"
    employeurs[f"{colonne(employeurs, 'Fonctionnaires')}4"] = "310"  # a number typed as text
    agents[f"{colonne(agents, 'Statut')}3"] = "TITULAIRE"
    agents[f"{colonne(agents, 'Catégorie')}3"] = "c"
    agents[f"{colonne(agents, 'Civilité')}4"] = "Monsieur"
    agents[f"{colonne(agents, 'Prise de fonction')}3"] = "01/03/2019"  # a date typed as text
    agents[f"{colonne(agents, 'Consentement')}4"] = "2026-01-21"
    agents[f"{colonne(agents, 'RQTH')}4"] = True  # a yes/no cell
    seance_duree = seances[f"{colonne(seances, 'Durée')}3"]
    seance_duree.value, seance_duree.number_format = time(4, 0), "[h]:mm"  # a time cell
    seances[f"{colonne(seances, 'Durée')}4"] = "3:00"
    seances[f"{colonne(seances, 'Modalité')}3"] = "atelier collectif"
    entretiens[f"{colonne(entretiens, 'Début')}3"] = "24/03/2026 09:00"  # a date-time typed as text
    entretiens[f"{colonne(entretiens, 'Durée')}4"] = 2  # hours as a number
    entretiens["A3"] = "N'DIAYE"  # capitals in the agent's name
    for ws, row in ((agents, 6), (entretiens, 7), (employeurs, 4)):
        ws.insert_rows(row, amount=2)  # empty rows in the middle
    last = agents.max_row
    agents[f"A{last + 3}"], agents[f"B{last + 3}"] = "Récapitulatif", "Agents"  # an unrelated table below
    agents[f"A{last + 4}"], agents[f"B{last + 4}"] = "Total", 12
    agents.column_dimensions[colonne(agents, "Identifiant")].hidden = True
    agents.column_dimensions[colonne(agents, "Courriel")].hidden = True
    agents["P1"] = "Remarques"  # a column of the secretariat's own, after the model's
    agents["P3"] = "a rappelé le 12/01"


def test_ce_qu_un_secretariat_tape_en_xlsx_et_en_ods_donne_le_meme_dossier(tmp_path, cohorte_yaml):
    classeur = modifier(ecrire_classeur(COHORTE, tmp_path / "cohorte.xlsx"), _comme_un_secretariat)
    (ods,) = en_ods([classeur], tmp_path / "libreoffice")
    assert ods.read_bytes()[:2] == b"PK" and b"opendocument.spreadsheet" in ods.read_bytes()[:100]
    for fichier, ext in ((classeur, "xlsx"), (ods, "ods")):
        valide = valider(fichier)
        assert valide.dossier == cohorte_yaml.dossier, fichier
        last = 3 + 12 + 2 + 2  # 12 agents from row 3, two empty rows, then the other table after two more
        assert [w.phrase() for w in valide.avertissements] == [
            f"cohorte.{ext}, feuille Agents, ligne 1, colonne P : l'en-tête « Remarques » n'est pas une colonne "
            "du modèle, elle est ignorée ; si elle devait compter, donnez-lui l'en-tête d'une colonne du classeur "
            "modèle.",
            f"cohorte.{ext}, feuille Agents, ligne {last} : les lignes {last} à {last + 1}, séparées de la liste par "
            "une ligne vide, ne ressemblent pas à des agents et sont ignorées ; si elles font partie de la liste, "
            "complétez-les et retirez la ligne vide qui les sépare.",
            GROUPE.format(ext=ext).removeprefix("Attention : "),
        ]


# Errors point at the cell


def test_chaque_erreur_nomme_feuille_ligne_et_colonne_toutes_ensemble(tmp_path):
    def erreurs(workbook) -> None:
        session, seances, employeurs, agents, entretiens = (workbook[f.nom] for f in FEUILLES)
        session[colonne(session, "Date d'envoi") + "3"] = "31/02/2026"
        seances[f"{colonne(seances, 'Phase')}4"] = "analyze"
        seances[f"{colonne(seances, 'Début')}7"] = "24/02/2026 09:00"  # personal work has no start
        employeurs[f"{colonne(employeurs, 'SIRET')}4"] = "21310395500019"
        employeurs[f"{colonne(employeurs, 'Qualité du représentant')}5"] = None
        agents[f"{colonne(agents, 'Employeur')}5"] = "mur et"
        agents[f"{colonne(agents, 'RQTH')}6"] = "peut-être"
        entretiens[colonne(entretiens, "Nom de l'agent") + "5"] = "Garsia"
        entretiens[f"{colonne(entretiens, 'Durée')}6"] = "2h75"

    classeur = modifier(ecrire_classeur(COHORTE, tmp_path / "cohorte.xlsx"), erreurs)
    code, out, err = lancer(classeur, "--sortie", tmp_path / "sortie")
    assert (code, out) == (2, "")
    assert not (tmp_path / "sortie").exists()
    assert err.splitlines() == [
        "Le dossier contient 9 erreurs ; rien n'a été écrit.",
        "cohorte.xlsx, feuille Session, ligne 3, colonne D (Date d'envoi) : la date « 31/02/2026 » n'existe pas "
        "(février 2026 n'a que 28 jours) ; corrigez le jour.",
        "cohorte.xlsx, feuille Séances, ligne 4, colonne B (Phase) : « analyze » n'est pas une valeur possible "
        "(vouliez-vous dire « Analyse » ?) ; choisissez dans la liste : Cadrage, Lancement, Analyse, Plan d'action, "
        "Conclusion.",
        "cohorte.xlsx, feuille Séances, ligne 7 : le travail personnel n'a pas de date de début ; videz la colonne "
        "« Début » de cette séance.",
        "cohorte.xlsx, feuille Employeurs, ligne 4, colonne D (SIRET) : le SIRET « 21310395500019 » n'est pas valide "
        "(clé de contrôle fausse, sans doute une faute de frappe) ; vérifiez chaque chiffre sur l'avis de situation "
        "SIRENE.",
        "cohorte.xlsx, feuille Employeurs, ligne 5, colonne J (Qualité du représentant) : la cellule est vide ; "
        "remplissez-la.",
        "cohorte.xlsx, feuille Agents, ligne 5, colonne E (Employeur) : l'employeur « mur et » n'est pas déclaré dans "
        "le dossier ; vouliez-vous dire « muret » ?",
        "cohorte.xlsx, feuille Agents, ligne 6, colonne K (RQTH) : « peut-être » n'est ni oui ni non ; choisissez Oui "
        "ou Non.",
        "cohorte.xlsx, feuille Entretiens, ligne 5, colonne A (Nom de l'agent) : aucun agent « Lucas Garsia » dans la "
        "feuille Agents ; vouliez-vous dire « Lucas Garcia » ?",
        "cohorte.xlsx, feuille Entretiens, ligne 6, colonne H (Durée) : la durée « 2h75 » a plus de 59 minutes ; "
        "écrivez par exemple 2h30.",
    ]


def test_homonymes_sans_identifiant(tmp_path):
    def homonyme(workbook) -> None:
        agents = workbook["Agents"]
        for cell in agents[3]:  # Awa N'Diaye again, in a new row
            agents.cell(15, cell.column, cell.value)

    classeur = modifier(ecrire_classeur(COHORTE, tmp_path / "cohorte.xlsx"), homonyme)
    assert refus(classeur) == [
        "Le dossier contient 3 erreurs ; rien n'a été écrit.",
        "cohorte.xlsx, feuille Agents, ligne 15 : cet agent aurait le même dossier de sortie que « Awa N'Diaye » "
        "(feuille Agents, ligne 3) ; s'il s'agit de deux personnes, donnez à chacune un identifiant différent dans la "
        "colonne « Identifiant » (par exemple 1 et 2) et ne la changez plus une fois les documents générés ; sinon "
        "retirez le doublon.",
        *(
            f"cohorte.xlsx, feuille Entretiens, ligne {row}, colonne A (Nom de l'agent) : plusieurs agents "
            "s'appellent Awa N'Diaye ; indiquez dans « Identifiant de l'agent » celui de la feuille Agents."
            for row in (3, 4)
        ),
    ]


def test_en_tetes_et_feuilles_qui_ne_sont_pas_ceux_du_modele(tmp_path):
    def desordre(workbook) -> None:
        agents, employeurs = workbook["Agents"], workbook["Employeurs"]
        agents[f"{colonne(agents, 'Prise de fonction')}1"] = "Prise de fonctoin"
        agents[f"{colonne(agents, 'Catégorie')}1"] = "categori"
        agents.delete_cols(agents[f"{colonne(agents, 'Fonction')}1"].column)
        employeurs[f"{colonne(employeurs, 'Pouvoirs')}1"] = "SIRET"
        workbook["Session"].title = "Sesion"

    classeur = modifier(ecrire_classeur(COHORTE, tmp_path / "cohorte.xlsx"), desordre)
    assert refus(classeur) == [
        "Le dossier contient 6 erreurs ; rien n'a été écrit.",
        "cohorte.xlsx : la feuille « Session » manque ; renommez la feuille « Sesion » en « Session ».",
        "cohorte.xlsx, feuille Employeurs, ligne 1 : la colonne « Pouvoirs » manque ; ajoutez une colonne avec cet "
        "en-tête, à côté des autres.",
        "cohorte.xlsx, feuille Employeurs, ligne 1, colonne K : l'en-tête « SIRET » est déjà celui de la colonne D ; "
        "gardez une seule de ces deux colonnes.",
        "cohorte.xlsx, feuille Agents, ligne 1 : la colonne « Fonction » manque ; ajoutez une colonne avec cet "
        "en-tête, à côté des autres.",
        "cohorte.xlsx, feuille Agents, ligne 1, colonne F : l'en-tête « categori » n'est pas reconnu ; "
        "vouliez-vous dire « Catégorie » ?",
        "cohorte.xlsx, feuille Agents, ligne 1, colonne H : l'en-tête « Prise de fonctoin » n'est pas reconnu ; "
        "vouliez-vous dire « Prise de fonction » ?",
    ]


def test_une_seule_session_et_des_lignes_a_remplir(tmp_path):
    def deux_sessions(workbook) -> None:
        session = workbook["Session"]
        for cell in session[3]:
            session.cell(4, cell.column, cell.value)
        workbook["Employeurs"].delete_rows(3, 10)

    classeur = modifier(ecrire_classeur(COHORTE, tmp_path / "cohorte.xlsx"), deux_sessions)
    assert refus(classeur) == [
        "Le dossier contient 2 erreurs ; rien n'a été écrit.",
        "cohorte.xlsx, feuille Session, ligne 4 : la feuille décrit une seule session, et les lignes 3 et 4 sont "
        "remplies ; gardez une seule ligne (une autre session va dans un autre classeur).",
        "cohorte.xlsx, feuille Employeurs : aucune ligne n'est remplie ; à partir de la ligne 3, remplissez une ligne "
        "par employeur.",
    ]


def test_un_fichier_qui_n_est_pas_un_classeur(tmp_path):
    faux = tmp_path / "cohorte.xlsx"
    faux.write_text("cdg: cdg31\n", encoding="utf-8")
    assert refus(faux) == [
        "Le dossier contient 1 erreur ; rien n'a été écrit.",
        "cohorte.xlsx : le fichier n'est pas un classeur .xlsx lisible ; enregistrez-le depuis Excel ou LibreOffice "
        "au format .xlsx, ou repartez du classeur modèle (python -m generator classeur MODELE.xlsx).",
    ]
    assert refus(tmp_path / "absent.ods")[1] == "absent.ods : le fichier n'existe pas ; vérifiez son chemin."


# User data never runs as a formula


def test_un_texte_qui_commence_comme_une_formule_reste_du_texte(tmp_path):
    data = dossier_cdg31()
    pieges = ['=HYPERLINK("http://exemple.invalid","clic")', "+33 5 00 00 00 00", "-1", "@SOMME(A1)"]
    data["agents"][0]["fonction"] = pieges[0]
    data["session"]["conseiller"]["telephone"] = pieges[1]
    data["employeurs"][0]["pouvoirs"] = pieges[2]
    data["agents"][1]["fonction"] = pieges[3]
    classeur = ecrire_classeur(ecrire_dossier(tmp_path, data), tmp_path / "d.xlsx")
    workbook = load_workbook(classeur)
    cells = [
        workbook["Agents"][f"{colonne(workbook['Agents'], 'Fonction')}3"],
        workbook["Session"][f"{colonne(workbook['Session'], 'Téléphone du conseiller')}3"],
        workbook["Employeurs"][f"{colonne(workbook['Employeurs'], 'Pouvoirs')}3"],
        workbook["Agents"][f"{colonne(workbook['Agents'], 'Fonction')}4"],
    ]
    assert [(c.value, c.data_type, c.quotePrefix) for c in cells] == [(p, "s", True) for p in pieges]
    rows = CalamineWorkbook.from_path(str(classeur)).get_sheet_by_name("Agents").to_python(skip_empty_area=False)
    assert rows[2][5] == pieges[0]  # read back as the text it was
    dossier = valider(classeur).dossier
    assert [dossier.agents[0].fonction, dossier.session.conseiller.telephone] == pieges[:2]
    assert [dossier.employeurs[0].pouvoirs, dossier.agents[1].fonction] == pieges[2:]
    assert dossier == valider(ecrire_dossier(tmp_path, data, "e.yaml")).dossier
    (ods,) = en_ods([classeur], tmp_path / "libreoffice")  # LibreOffice opens it: text cells, no formula
    with zipfile.ZipFile(ods) as archive:
        content = archive.read("content.xml").decode("utf-8")
    assert "table:formula" not in content and "HYPERLINK(&quot;http" in content
    assert valider(ods).dossier == dossier


def test_les_exemples_individuels_donnent_le_meme_dossier_en_classeur(tmp_path):
    for exemple in ("individuel-cdg33.yaml", "individuel-cdg46.yaml"):
        depuis_yaml = valider(EXEMPLES / exemple).dossier
        depuis_classeur = valider(ecrire_classeur(EXEMPLES / exemple, tmp_path / f"{exemple}.xlsx")).dossier
        assert depuis_classeur.agents is not None and depuis_yaml.agent is not None  # a list of one, an item
        assert depuis_classeur.liste_agents == depuis_yaml.liste_agents
        assert depuis_classeur.liste_employeurs == depuis_yaml.liste_employeurs
        assert (depuis_classeur.cdg, depuis_classeur.session) == (depuis_yaml.cdg, depuis_yaml.session)


def test_sans_ligne_de_consignes_et_sous_un_titre(tmp_path, cohorte_yaml):
    def mise_en_page(workbook) -> None:
        workbook["Agents"].delete_rows(2)  # the instruction line removed: agents from row 2
        workbook["Employeurs"].insert_rows(1)  # a title above the headers
        workbook["Employeurs"]["A1"] = "Employeurs de la session de printemps"

    classeur = modifier(ecrire_classeur(COHORTE, tmp_path / "cohorte.xlsx"), mise_en_page)
    assert valider(classeur).dossier == cohorte_yaml.dossier


def test_une_feuille_demesuree_est_refusee_sans_etre_lue(tmp_path):
    def loin(workbook) -> None:
        workbook["Agents"]["C6000"] = "x"

    classeur = modifier(ecrire_classeur(COHORTE, tmp_path / "cohorte.xlsx"), loin)
    assert refus(classeur) == [
        "Le dossier contient 1 erreur ; rien n'a été écrit.",
        "cohorte.xlsx, feuille Agents : la feuille va jusqu'à la ligne 6000 et la colonne T, bien au-delà d'une "
        "session (au plus 5000 lignes et 200 colonnes) ; effacez les cellules remplies loin de la liste.",
    ]


def test_les_conseils_des_regles_nomment_les_colonnes(tmp_path):
    def oublis(workbook) -> None:
        agents, seances = workbook["Agents"], workbook["Séances"]
        agents[colonne(agents, "Consentement") + "4"] = None
        agents[colonne(agents, "Heures facturées") + "5"] = "20h"
        workbook["Entretiens"].delete_rows(3, 2)  # no interview left for Awa N'Diaye
        seances[colonne(seances, "Début") + "5"] = None

    classeur = modifier(ecrire_classeur(COHORTE, tmp_path / "cohorte.xlsx"), oublis)
    assert refus(classeur) == [
        "Le dossier contient 2 erreurs ; rien n'a été écrit.",
        "cohorte.xlsx, feuille Séances, ligne 5 : la date et l'heure de début de la séance manquent ; remplissez la "
        "colonne « Début », par exemple 03/02/2026 09:00.",
        "cohorte.xlsx, feuille Agents, ligne 5, colonne L (Heures facturées) : l'offre du CDG31 est un forfait par "
        "agent, sans nombre d'heures ; videz la colonne « Heures facturées ».",
    ]

    def corrections(workbook) -> None:
        agents, seances = workbook["Agents"], workbook["Séances"]
        agents[colonne(agents, "Heures facturées") + "5"] = None
        seances[colonne(seances, "Début") + "5"] = "24/02/2026 09:00"

    warnings = accepte(modifier(classeur, corrections))
    assert warnings[1:3] == [
        "Attention : cohorte.xlsx, feuille Agents, ligne 3 : les séances et entretiens d'Awa N'Diaye totalisent 13 h, "
        "alors que l'offre du CDG31 en prévoit 17 h (hors travail personnel) ; vérifiez les durées.",
        "Attention : cohorte.xlsx, feuille Agents, ligne 4 : la date de consentement de Lucas Garcia n'est pas "
        "indiquée ; remplissez la colonne « Consentement » avec la date de son recueil.",
    ]
