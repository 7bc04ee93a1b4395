"""DOCX template of the agent's commitment and confidentiality agreement."""

from docx.shared import Cm, Pt

from outils.gabarits_docx.commun import (
    LE_CONSEILLER,
    controle,
    nouveau_document,
    paragraphe,
    puce,
    signatures_agent_et_conseiller,
    tableau_calendrier,
    titre,
)


def _ligne(document, etiquette: str, valeur: str | None = None):
    """A line of the parties block: a bold label and its value, or an indented value line."""
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.space_after = Pt(1)
    if valeur is None:
        paragraph.paragraph_format.left_indent = Cm(0.6)
        paragraph.add_run(etiquette)
    else:
        paragraph.add_run(etiquette).bold = True
        paragraph.add_run(valeur)
    return paragraph


def _parties(document) -> None:
    _ligne(
        document,
        '{{ agent | accord("L\'agent", "L\'agente") }} :',
        " {{ agent.prenom }} {{ agent.nom }}, {{ agent.fonction }}, catégorie {{ agent.categorie }}, "
        "statut : {{ statuts_agent[agent.statut] }}",
    )
    _ligne(document, "Employeur :", " {{ employeur.denomination }}")
    _ligne(document, "{{ employeur.adresse }}")
    _ligne(document, "Centre de gestion :", " {{ cdg.sigle }}")
    _ligne(document, "{{ cdg.nom }}")
    _ligne(document, "{{ cdg.adresse }}")
    _ligne(
        document,
        '{{ conseiller | accord("Conseiller", "Conseillère") }} :',
        " {{ conseiller.prenom }} {{ conseiller.nom }}, {{ conseiller.email }}, {{ conseiller.telephone }}",
    )


def construire():
    """The commitment template."""
    document = nouveau_document()
    titre(document, "Acte d'engagement et de confidentialité")
    paragraphe(document, "{{ offre.intitule | capitalize }} ({{ session.reference }})", style="Sous-titre")

    titre(document, "Les personnes concernées", 2)
    _parties(document)

    titre(document, "1. L'accompagnement", 2)
    paragraphe(document, "Mon employeur et le {{ cdg.sigle }} me proposent un {{ offre.intitule }}.")
    puce(document, "Volume : {{ offre.heures_texte }}.")
    puce(
        document,
        "Période : {% if offre.duree_mois.min == offre.duree_mois.max %}{{ offre.duree_mois.min }}"
        "{% else %}{{ offre.duree_mois.min }} à {{ offre.duree_mois.max }}{% endif %} mois.",
    )
    puce(document, "Lieu, sauf indication contraire : {{ session.lieu }}.")
    puce(document, "Les rendez-vous ont lieu sur le temps de travail.")
    paragraphe(
        document,
        "Ce bilan m'aide à faire le point sur mon parcours, mes compétences et mes motivations, et à construire "
        "un plan d'action pour mon évolution professionnelle. Sa réussite repose d'abord sur ma participation : "
        'j\'en suis {{ agent | accord("l\'acteur", "l\'actrice") }}.',
        alignement="justifie",
    )

    titre(document, "2. Mon calendrier", 2)
    paragraphe(document, "Les rendez-vous prévus pour moi sont les suivants :")
    tableau_calendrier(document, "calendrier_agent", [5.6, 5.3, 4.1, 2.0])

    titre(document, "3. Mes engagements", 2)
    paragraphe(
        document,
        '{{ agent | accord("Je soussigné", "Je soussignée") }}, {{ agent.prenom }} {{ agent.nom }}, m\'engage à :',
    )
    puce(
        document,
        "assister à chacun des rendez-vous de mon calendrier, "
        '{% if offre.format == "collectif" %}séances collectives comme entretiens individuels, {% endif %}'
        "et en respecter les horaires ;",
    )
    puce(
        document,
        "réaliser le travail personnel demandé entre les rendez-vous"
        "{% if heures_travail_personnel %} (environ {{ heures_travail_personnel | heures }} au total){% endif %}, "
        'et le remettre dans les délais et selon les consignes {{ conseiller | accord("du conseiller", '
        '"de la conseillère") }} ;',
    )
    puce(document, f"prévenir {LE_CONSEILLER} au plus tôt, par tout moyen, de toute absence ou de tout empêchement ;")
    puce(
        document,
        f"informer {LE_CONSEILLER} des candidatures, internes ou externes, que j'ai déposées avant le bilan et "
        "pour lesquelles j'attends une réponse, ainsi que de celles que je déposerai pendant le bilan.",
    )

    titre(document, "4. Confidentialité", 2)
    controle(document, '{%p if offre.format == "collectif" %}')
    paragraphe(
        document,
        "Ce qui se dit dans le groupe reste dans le groupe. Je m'engage à ne rien révéler, en dehors des séances, "
        "de ce que les autres participants y partagent : leurs noms, leurs coordonnées (adresse, courriel, "
        "téléphone) et le récit de leurs expériences personnelles ou professionnelles. Je ne divulgue pas non "
        "plus les informations et documents dont j'ai connaissance pendant le bilan.",
        alignement="justifie",
    )
    controle(document, "{%p else %}")
    paragraphe(
        document,
        "Les échanges au cours des rendez-vous restent confidentiels. De mon côté, je ne divulgue pas les "
        "informations ou documents concernant d'autres personnes (noms, coordonnées, expériences personnelles) "
        "dont j'ai connaissance pendant le bilan.",
        alignement="justifie",
    )
    controle(document, "{%p endif %}")
    paragraphe(
        document,
        '{{ conseiller | accord("Le conseiller", "La conseillère") }} est tenu{{ conseiller | accord("", "e") }} '
        "au secret et à la discrétion professionnels : les informations et les échanges restent confidentiels, "
        "et rien de ce que je confie n'est communiqué à un tiers, employeur compris, sans mon accord.",
        alignement="justifie",
    )
    paragraphe(
        document,
        "Le document de synthèse m'appartient. {{ offre.synthese_employeur }}",
        alignement="justifie",
    )

    titre(document, "5. Données personnelles", 2)
    paragraphe(
        document,
        "Le {{ cdg.sigle }} traite les données qui me concernent dans le seul but d'organiser et de conduire ce "
        "bilan, et ne les conserve que le temps nécessaire. Je peux exercer mes droits d'accès, de rectification, "
        "d'effacement, de limitation et d'opposition (règlement général sur la protection des données et loi du "
        "6 janvier 1978) auprès du délégué à la protection des données du {{ cdg.sigle }} : {{ cdg.dpo_email }}.",
        alignement="justifie",
    )

    paragraphe(document, "Fait à {{ cdg.ville_signature }}, le ……………………", alignement="droite")
    signatures_agent_et_conseiller(document)
    return document
