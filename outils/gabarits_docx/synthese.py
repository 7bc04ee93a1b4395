"""DOCX template of the synthesis document (DGAFP guide, annex 2): every sub-item is followed by an
empty framed paragraph where the agent and the adviser write."""

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from outils.gabarits_docx.commun import controle, nouveau_document, paragraphe, signatures_agent_et_conseiller, titre

L_AGENT = '{{ agent | accord("l\'agent", "l\'agente") }}'
PREMIERE = "{% if SLOTS %}{{ SLOTS[0].debut | date_longue }}{% else %}non planifiée{% endif %}"
TOUTES = (
    "{% for r in SLOTS %}{{ r.debut | date_longue }}{% if not loop.last %}, {% endif %}"
    "{% else %}non planifiées{% endfor %}"
)
ENTRETIEN = (
    "{% if jalons.QUEL %}{{ jalons.QUEL.debut | date_longue }}"
    "{% else %}pas d'entretien individuel dans cette phase{% endif %}"
)


def _zone(document) -> None:
    """An empty framed paragraph to write in (the PDF's text field)."""
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.space_after = Pt(8)
    borders = OxmlElement("w:pBdr")
    for side in ("top", "left", "bottom", "right"):
        border = OxmlElement(f"w:{side}")
        border.set(qn("w:val"), "single")
        border.set(qn("w:sz"), "4")
        border.set(qn("w:space"), "4")
        border.set(qn("w:color"), "999999")
        borders.append(border)
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), "F7F9FC")
    paragraph._p.get_or_add_pPr().append(borders)
    paragraph._p.get_or_add_pPr().append(shading)
    paragraph.paragraph_format.line_spacing = Pt(48)


def _champ(document, texte: str) -> None:
    paragraph = paragraphe(document, texte)
    paragraph.paragraph_format.keep_with_next = True
    paragraph.paragraph_format.space_before = Pt(6)
    _zone(document)


def _premiere(phase: str) -> str:
    return PREMIERE.replace("SLOTS", phase)


def _toutes(phase: str) -> str:
    return TOUTES.replace("SLOTS", phase)


def _entete(document) -> None:
    rows = [
        ("Agent", "{{ agent.prenom }} {{ agent.nom }}"),
        (
            "Date de lancement",
            "{% if jalons.lancement %}{{ jalons.lancement.debut | date_longue }}{% else %}non planifiée{% endif %}",
        ),
        ("Fonction", "{{ agent.fonction }}"),
        ("Date de prise de fonction", "{{ agent.date_prise_fonction | date_longue }}"),
        ("Catégorie", "{{ agent.categorie }}"),
        ("Employeur", "{{ employeur.denomination }}"),
        ("Conseiller", "{{ conseiller.prenom }} {{ conseiller.nom }} ({{ cdg.sigle }})"),
    ]
    table = document.add_table(rows=len(rows), cols=2)
    table.style = "Table Grid"
    for row, (label, value) in zip(table.rows, rows, strict=True):
        row.cells[0].paragraphs[0].add_run(label).bold = True
        row.cells[1].paragraphs[0].add_run(value)
        row.cells[0].width, row.cells[1].width = Cm(5.4), Cm(11.6)


def _plan_action(document) -> None:
    table = document.add_table(rows=3, cols=5)
    table.style = "Table Grid"
    for n in range(1, 5):
        table.rows[0].cells[n].paragraphs[0].add_run(f"Action {n}").bold = True
    table.rows[1].cells[0].paragraphs[0].add_run("Durée").bold = True
    table.rows[2].cells[0].paragraphs[0].add_run("Date de réalisation").bold = True
    for row in table.rows:
        row.height = Cm(0.9)
        for cell in row.cells:
            cell.width = Cm(3.4)


def construire():
    """The synthesis template."""
    document = nouveau_document()
    titre(document, "Document de synthèse")
    paragraphe(
        document,
        "{{ offre.intitule | capitalize }} ({{ session.reference }})",
        alignement="centre",
    )
    paragraphe(
        document,
        f"Document confidentiel. Ce document appartient à {L_AGENT} : il n'est communiqué à des tiers, "
        f"y compris à l'employeur, qu'avec son accord. Il est conservé par {L_AGENT} "
        '{{ conseiller | accord("et par le conseiller, auprès duquel", "et par la conseillère, auprès de laquelle") }} '
        f"{L_AGENT} peut en demander la destruction.",
        gras=True,
    )
    _entete(document)

    titre(document, "1. Phase de lancement", 2)
    controle(document, "{%p if jalons.creneaux.cadrage %}")
    paragraphe(document, "Réunion de cadrage : " + _toutes("jalons.creneaux.cadrage"))
    controle(document, "{%p endif %}")
    paragraphe(document, "Date de la phase 1 : " + _premiere("jalons.creneaux[jalons.phase_initiale]"))
    paragraphe(document, "Date de l'entretien initial : " + ENTRETIEN.replace("QUEL", "entretien_initial"))
    _champ(
        document,
        f"1.1. Besoins et attentes : ce que {L_AGENT} attend du bilan, l'objectif ou le projet qui le motive",
    )
    _champ(
        document,
        "1.2. Forme du bilan (individuelle ou collective) et, s'il y a lieu, aménagements matériels pour les "
        "personnes relevant de l'article L. 5212-13 du code du travail",
    )
    _champ(
        document,
        "1.3. Confirmation de l'engagement dans la démarche (acte d'engagement et de confidentialité signé)",
    )

    titre(document, "2. Phase d'appui à l'analyse du parcours professionnel", 2)
    paragraphe(document, "Date de la phase 2 : " + _premiere("jalons.creneaux.analyse"))
    paragraphe(document, "Dates des séances : " + _toutes("jalons.creneaux.analyse"))
    titre(document, "2.1. Retour sur son parcours professionnel", 3)
    _champ(document, "2.1.0. Vue d'ensemble du parcours professionnel")
    _champ(document, "2.1.1. Domaines fonctionnels, missions et activités exercés")
    _champ(document, "2.1.2. Expériences marquantes et réalisations significatives (travaux menés)")
    titre(document, "2.2. Réflexion sur son évolution professionnelle", 3)
    _champ(document, "2.2.1. Démarches d'évolution professionnelle déjà engagées")
    _champ(document, "2.2.2. Pistes d'évolution explorées")
    _champ(document, "2.2.3. Motivations")
    titre(document, "2.3. Analyse des compétences", 3)
    _champ(
        document, "2.3.1. Connaissances acquises (par exemple : règles des finances publiques, principes du management)"
    )
    _champ(document, "2.3.2. Savoir-faire (par exemple : conduire un projet, présenter un dossier)")
    _champ(document, "2.3.3. Savoir-être (par exemple : autonomie, capacité d'adaptation)")
    _champ(document, "2.3.4. Compétences à acquérir et à mettre en pratique")
    titre(document, "2.4. Valorisation de son parcours professionnel", 3)
    _champ(document, f"2.4.1. Synthèse du parcours tel que {L_AGENT} l'a présenté à l'oral")
    _champ(document, "2.4.2. Emplois occupés qui ont permis une nette montée en compétences")
    titre(document, "2.5. Situation personnelle à prendre en compte", 3)
    _champ(document, "Éléments d'ordre personnel (santé, situation familiale ou financière…)")

    titre(document, "3. Phase d'appui à la réalisation d'un plan d'action", 2)
    paragraphe(document, "Date de la phase 3 : " + _premiere("jalons.creneaux.plan_action"))
    paragraphe(document, "Dates des séances : " + _toutes("jalons.creneaux.plan_action"))
    titre(document, "3.1. Plan d'action", 3)
    paragraphe(document, "3.1.1. Calendrier des actions")
    _plan_action(document)
    paragraphe(document, "3.1.2. Mise en œuvre des actions, étape par étape")
    for etape in range(1, 5):
        for action in range(1, 3):
            paragraphe(document, f"Étape {etape}, action {action} :").paragraph_format.keep_with_next = True
            _zone(document)
    _champ(document, "3.1.3. Outils méthodologiques et dispositifs mobilisés")

    titre(document, "4. Phase de conclusion", 2)
    paragraphe(document, "Date de la phase 4 : " + _premiere("jalons.creneaux.conclusion"))
    paragraphe(document, "Date de l'entretien final : " + ENTRETIEN.replace("QUEL", "entretien_final"))
    _champ(document, "4.1. Points de conclusion de l'entretien individuel")

    titre(document, "Co-signature", 2)
    paragraphe(
        document,
        '{{ agent | accord("L\'agent", "L\'agente") }} et '
        '{{ conseiller | accord("le conseiller", "la conseillère") }} '
        "attestent que ce document a été élaboré ensemble.",
    )
    signatures_agent_et_conseiller(document)
    return document
