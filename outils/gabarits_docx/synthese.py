"""DOCX template of the synthesis document (DGAFP guide, annex 2): every sub-item is followed by an
empty framed paragraph where the agent and the adviser write."""

from docx.shared import Cm

from outils.gabarits_docx.commun import (
    controle,
    fond,
    largeurs_colonnes,
    ligne_entete,
    nouveau_document,
    paragraphe,
    signatures_agent_et_conseiller,
    titre,
)

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


def _zone(document, nom: str) -> None:
    """An empty framed paragraph to write in; in the PDF, the text field `nom`."""
    paragraphe(document, f'{{{{ champ("{nom}") }}}}', style="Champ à remplir")


def _champ(document, nom: str, texte: str) -> None:
    paragraphe(document, texte, style="Intitulé de champ")
    _zone(document, nom)


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
        fond(row.cells[0], "E8EDF4")
        row.cells[1].paragraphs[0].add_run(value)
    largeurs_colonnes(table, [5.4, 11.6])


def _plan_action(document) -> None:
    table = document.add_table(rows=3, cols=5)
    table.style = "Table Grid"
    ligne_entete(table.rows[0], [""] + [f"Action {n}" for n in range(1, 5)])
    for row, (label, key) in zip(table.rows[1:], [("Durée", "duree"), ("Date de réalisation", "date")], strict=True):
        row.cells[0].paragraphs[0].add_run(label).bold = True
        fond(row.cells[0], "E8EDF4")
        for n in range(1, 5):
            row.cells[n].paragraphs[0].add_run(f'{{{{ champ_court("plan_action_{n}_{key}") }}}}')
        row.height = Cm(0.9)
    largeurs_colonnes(table, [3.4] * 5)


def construire():
    """The synthesis template."""
    document = nouveau_document()
    titre(document, "Document de synthèse")
    paragraphe(
        document,
        "{{ offre.intitule | capitalize }} ({{ session.reference }})",
        style="Sous-titre",
    )
    paragraphe(
        document,
        style="Confidentiel",
        texte=f"Document confidentiel. Ce document appartient à {L_AGENT} : il n'est communiqué à des tiers, "
        f"y compris à l'employeur, qu'avec son accord. Il est conservé par {L_AGENT} "
        '{{ conseiller | accord("et par le conseiller, auprès duquel", "et par la conseillère, auprès de laquelle") }} '
        f"{L_AGENT} peut en demander la destruction.",
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
        "s_1_1",
        f"1.1. Besoins et attentes : ce que {L_AGENT} attend du bilan, l'objectif ou le projet qui le motive",
    )
    _champ(
        document,
        "s_1_2",
        "1.2. Forme du bilan (individuelle ou collective) et, s'il y a lieu, aménagements matériels pour les "
        "personnes relevant de l'article L. 5212-13 du code du travail",
    )
    _champ(
        document,
        "s_1_3",
        "1.3. Confirmation de l'engagement dans la démarche (acte d'engagement et de confidentialité signé)",
    )

    titre(document, "2. Phase d'appui à l'analyse du parcours professionnel", 2)
    paragraphe(document, "Date de la phase 2 : " + _premiere("jalons.creneaux.analyse"))
    paragraphe(document, "Dates des séances : " + _toutes("jalons.creneaux.analyse"))
    titre(document, "2.1. Retour sur son parcours professionnel", 3)
    _champ(document, "s_2_1_0", "2.1.0. Vue d'ensemble du parcours professionnel")
    _champ(document, "s_2_1_1", "2.1.1. Domaines fonctionnels, missions et activités exercés")
    _champ(document, "s_2_1_2", "2.1.2. Expériences marquantes et réalisations significatives (travaux menés)")
    titre(document, "2.2. Réflexion sur son évolution professionnelle", 3)
    _champ(document, "s_2_2_1", "2.2.1. Démarches d'évolution professionnelle déjà engagées")
    _champ(document, "s_2_2_2", "2.2.2. Pistes d'évolution explorées")
    _champ(document, "s_2_2_3", "2.2.3. Motivations")
    titre(document, "2.3. Analyse des compétences", 3)
    _champ(
        document,
        "s_2_3_1",
        "2.3.1. Connaissances acquises (par exemple : règles des finances publiques, principes du management)",
    )
    _champ(document, "s_2_3_2", "2.3.2. Savoir-faire (par exemple : conduire un projet, présenter un dossier)")
    _champ(document, "s_2_3_3", "2.3.3. Savoir-être (par exemple : autonomie, capacité d'adaptation)")
    _champ(document, "s_2_3_4", "2.3.4. Compétences à acquérir et à mettre en pratique")
    titre(document, "2.4. Valorisation de son parcours professionnel", 3)
    _champ(document, "s_2_4_1", f"2.4.1. Synthèse du parcours tel que {L_AGENT} l'a présenté à l'oral")
    _champ(document, "s_2_4_2", "2.4.2. Emplois occupés qui ont permis une nette montée en compétences")
    titre(document, "2.5. Situation personnelle à prendre en compte", 3)
    _champ(document, "s_2_5", "Éléments d'ordre personnel (santé, situation familiale ou financière…)")

    titre(document, "3. Phase d'appui à la réalisation d'un plan d'action", 2)
    paragraphe(document, "Date de la phase 3 : " + _premiere("jalons.creneaux.plan_action"))
    paragraphe(document, "Dates des séances : " + _toutes("jalons.creneaux.plan_action"))
    titre(document, "3.1. Plan d'action", 3)
    paragraphe(document, "3.1.1. Calendrier des actions", style="Intitulé de champ")
    _plan_action(document)
    paragraphe(document, "3.1.2. Mise en œuvre des actions, étape par étape", style="Intitulé de champ")
    for etape in range(1, 5):
        for action in range(1, 3):
            paragraphe(document, f"Étape {etape}, action {action} :", style="Intitulé de champ")
            paragraphe(document, f'{{{{ champ_court("s_3_1_2_etape_{etape}_action_{action}") }}}}', style="Champ court")
    _champ(document, "s_3_1_3", "3.1.3. Outils méthodologiques et dispositifs mobilisés")

    titre(document, "4. Phase de conclusion", 2)
    paragraphe(document, "Date de la phase 4 : " + _premiere("jalons.creneaux.conclusion"))
    paragraphe(document, "Date de l'entretien final : " + ENTRETIEN.replace("QUEL", "entretien_final"))
    _champ(document, "s_4_1", "4.1. Points de conclusion de l'entretien individuel")

    titre(document, "Co-signature", 2)
    paragraphe(
        document,
        '{{ agent | accord("L\'agent", "L\'agente") }} et '
        '{{ conseiller | accord("le conseiller", "la conseillère") }} '
        "attestent que ce document a été élaboré ensemble.",
    )
    signatures_agent_et_conseiller(document)
    return document
