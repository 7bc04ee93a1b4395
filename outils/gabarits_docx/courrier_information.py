"""DOCX template of the information letter from the CDG to each agent."""

from docx.oxml import OxmlElement

from outils.gabarits_docx.commun import (
    LE_CONSEILLER,
    VOTRE_CONSEILLER,
    bloc_signature,
    controle,
    largeurs_colonnes,
    nouveau_document,
    paragraphe,
    puce,
    tableau_calendrier,
    titre,
)
from outils.gabarits_docx.proposition_financiere import destinataire, en_tete_cdg

COLLECTIF = '{% if offre.format == "collectif" %}'


def construire():
    """The information letter template."""
    document = nouveau_document()
    en_tete_cdg(document)
    destinataire(
        document,
        [
            ("{{ agent | civilite_longue }} {{ agent.prenom }} {{ agent.nom }}", True),
            ("{{ agent.fonction }}", False),
            ("c/o {{ employeur.denomination }}", False),
            ("{{ employeur.adresse }}", False),
        ],
    )
    paragraphe(document, "À {{ cdg.ville_signature }}, le {{ date_envoi | date_longue }}", style="Lieu et date")
    paragraphe(document, "Objet : votre {{ offre.intitule }}", style="Objet")
    paragraphe(document, "Référence : {{ session.reference }} - {{ session.intitule }}")
    paragraphe(document, "Copie : {{ employeur.denomination }}")

    paragraphe(document, "{{ agent | civilite_longue }},")
    paragraphe(
        document,
        "En accord avec votre employeur, {{ employeur.denomination }}, vous allez bénéficier d'un "
        "{{ offre.intitule }} conduit par le {{ cdg.sigle }}. Ce courrier vous présente la démarche, votre "
        "calendrier et les engagements de chacun.",
        alignement="justifie",
    )

    titre(document, "Qu'est-ce que le bilan de parcours professionnel ?", 2)
    paragraphe(
        document,
        "Le bilan de parcours professionnel est un accompagnement personnalisé ouvert aux agents publics, créé par "
        "le décret n° 2022-1043 du 22 juillet 2022 relatif à la formation et à l'accompagnement personnalisé des "
        "agents publics en vue de favoriser leur évolution professionnelle, et précisé par l'arrêté du 1er août "
        "2023. Il est conduit par un conseiller en évolution professionnelle et se déroule sur votre temps de "
        "service.",
        alignement="justifie",
    )

    titre(document, "Ses objectifs", 2)
    for text in (
        "Prendre du recul sur votre parcours et en dégager le fil conducteur.",
        "Mettre en valeur vos expériences, vos compétences, vos savoir-faire et vos savoir-être.",
        "Mieux connaître vos motivations, vos centres d'intérêt et vos valeurs professionnelles.",
        "Construire un projet d'évolution professionnelle réaliste et le plan d'action qui permettra de le mettre "
        "en œuvre.",
    ):
        puce(document, text)

    titre(document, "Son déroulement", 2)
    controle(document, '{%p if offre.format == "collectif" %}')
    paragraphe(
        document,
        "Le bilan est collectif : il réunit un groupe de {{ offre.groupe.min }} à {{ offre.groupe.max }} agents "
        f"lors d'ateliers animés par {LE_CONSEILLER}, complétés par des entretiens individuels. Le groupe permet de "
        "s'appuyer sur l'expérience et le regard des autres participants.",
        alignement="justifie",
    )
    controle(document, "{%p else %}")
    paragraphe(
        document,
        f"Le bilan est individuel : il se déroule lors de rendez-vous entre vous et {VOTRE_CONSEILLER}"
        '{% if calendrier_agent | selectattr("modalite", "equalto", "entretien_tripartite") | list %}, certains '
        "en présence de votre employeur{% endif %}.",
        alignement="justifie",
    )
    controle(document, "{%p endif %}")
    paragraphe(document, "Il comprend les phases suivantes :")
    controle(document, "{%p for ligne in tableau %}")
    puce(document, '{{ ligne.libelle }} : {{ ligne.objectifs | join(" ; ") }}.')
    controle(document, "{%p endfor %}")
    paragraphe(
        document,
        "Votre bilan représente {{ heures_agent | heures }} de " + COLLECTIF + "séances et d'entretiens{% else %}"
        "rendez-vous{% endif %}{% if heures_travail_personnel %}, auxquelles s'ajoutent environ "
        "{{ heures_travail_personnel | heures }} de travail personnel entre les séances, soit "
        "{{ (heures_agent + heures_travail_personnel) | heures }} au total{% endif %}{% if date_debut %}, du "
        "{{ date_debut | date_longue }} au {{ date_fin | date_longue }}{% endif %}.",
        alignement="justifie",
    )

    titre(document, "Votre calendrier", 2)
    tableau_calendrier(document, "calendrier_agent", [5.6, 5.3, 4.1, 2.0])
    paragraphe(
        document,
        "Lieu : {{ session.lieu }}. Ce calendrier est prévisionnel : toute modification vous sera communiquée "
        f"par {VOTRE_CONSEILLER}.",
        alignement="justifie",
    )

    titre(document, "Confidentialité", 2)
    paragraphe(
        document,
        '{{ conseiller | accord("Votre conseiller est tenu", "Votre conseillère est tenue") }} au secret et à la '
        'discrétion professionnels. Vos échanges avec {{ conseiller | accord("lui", "elle") }}, vos '
        "documents de travail et les résultats des questionnaires sont strictement personnels." + COLLECTIF + " "
        "Chaque participant s'engage à ne rien divulguer de ce qui est dit au sein du groupe.{% endif %}",
        alignement="justifie",
    )
    paragraphe(
        document,
        f"Le document de synthèse que vous rédigerez avec {VOTRE_CONSEILLER} vous appartient. "
        "{{ offre.synthese_employeur }}",
        alignement="justifie",
    )

    titre(document, "Votre engagement", 2)
    paragraphe(
        document,
        "Vous vous engagez à participer à " + COLLECTIF + "l'ensemble des ateliers et des entretiens{% else %}"
        "l'ensemble des rendez-vous{% endif %} prévus{% if heures_travail_personnel %} et à réaliser le travail "
        "personnel demandé entre les séances{% endif %}. En cas d'empêchement, prévenez au plus tôt "
        f"{VOTRE_CONSEILLER} et votre employeur : {LE_CONSEILLER} informe votre employeur de toute absence. Un acte "
        "d'engagement et de confidentialité vous sera remis pour signature au début du bilan.",
        alignement="justifie",
    )
    controle(document, "{%p if agent.rqth %}")
    titre(document, "Référent handicap", 2)
    paragraphe(
        document,
        "Vous relevez de l'article L. 5212-13 du code du travail : comme le prévoit la réglementation, le "
        "référent handicap est informé de votre bilan. Si vous le souhaitez, il peut être associé à son "
        "déroulement, notamment pour l'accessibilité du bilan et du lieu où il se déroule. Il vous suffit d'en "
        "parler à votre conseiller.",
        alignement="justifie",
    )
    controle(document, "{%p endif %}")

    titre(document, "Votre contact", 2)
    paragraphe(
        document,
        "{{ conseiller | civilite_longue }} {{ conseiller.prenom }} {{ conseiller.nom }}, "
        '{{ conseiller | accord("conseiller", "conseillère") }} en évolution professionnelle, {{ cdg.service }} : '
        "{{ conseiller.email }}, {{ conseiller.telephone }}.",
    )
    closing = paragraphe(
        document,
        "Je vous prie d'agréer, {{ agent | civilite_longue }}, l'expression de mes salutations distinguées.",
        alignement="justifie",
    )
    # The closing formula, the signer and the signature space stay on the same page as the name.
    closing.paragraph_format.keep_with_next = True
    # The signer's block in the right half of the page, as in a letter.
    table = document.add_table(rows=1, cols=2)
    table.style = "Signatures"
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    largeurs_colonnes(table, [8.5, 8.5])
    qualite = '{{ cdg.representant | accord("Le", "La") }} {{ cdg.representant.qualite }} du {{ cdg.sigle }}'
    bloc_signature(
        table.rows[0].cells[1], "cdg", [qualite], False, ["{{ cdg.representant.prenom }} {{ cdg.representant.nom }}"]
    )
    return document
