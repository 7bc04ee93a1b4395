"""DOCX template of the tripartite convention (same text as gabarits/convention.html.j2)."""

from __future__ import annotations

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.shared import Cm, Pt

from outils.gabarits_docx.commun import (
    LE_CONSEILLER,
    controle,
    largeurs_colonnes,
    ligne_entete,
    nouveau_document,
    paragraphe,
    puce,
    signatures,
    titre,
)

LAGENT = "{{ lagent }}"


def _champ(document, libelle: str, valeur: str) -> None:
    """`Libellé : valeur`, the label in bold, indented (one run each)."""
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.left_indent = Cm(0.6)
    paragraph.paragraph_format.space_after = Pt(1)
    paragraph.add_run(libelle + " ").bold = True
    paragraph.add_run(valeur)


def _puces(document, items: list[str]) -> None:
    for item in items:
        puce(document, item)


def _cellule_liste(cell, boucle: str, item: str, vide: str | None = None) -> None:
    """A table cell holding a bulleted list repeated by `boucle`, and `vide` when the list is empty."""
    cell.paragraphs[0].add_run(f"{{%p for {boucle} %}}")
    cell.add_paragraph(style="List Bullet").add_run(item)
    cell.add_paragraph().add_run("{%p endfor %}")
    collection = boucle.split(" in ", 1)[1]
    cell.add_paragraph().add_run(f"{{%p if not {collection} %}}")
    cell.add_paragraph().add_run(vide or "")
    cell.add_paragraph().add_run("{%p endif %}")


def _tableau_liste(document, entetes: list[str], boucle: str, premiere: str, listes, largeurs) -> None:
    """A table with a header row and one row per item of `boucle`: a text cell, then list cells."""
    table = document.add_table(rows=4, cols=len(entetes))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    ligne_entete(table.rows[0], entetes)
    table.rows[1].cells[0].paragraphs[0].add_run(f"{{%tr for {boucle} %}}")
    table.rows[3].cells[0].paragraphs[0].add_run("{%tr endfor %}")
    row = table.rows[2].cells
    row[0].paragraphs[0].add_run(premiere)
    for cell, (sous_boucle, item, vide) in zip(row[1:], listes, strict=True):
        _cellule_liste(cell, sous_boucle, item, vide)
    largeurs_colonnes(table, largeurs)


def construire():
    """The convention template."""
    document = nouveau_document()
    controle(document, '{%p set lagent = agent | accord("l\'agent", "l\'agente") %}')
    controle(document, '{%p set il = agent | accord("il", "elle") %}')
    titre(document, "Convention tripartite")
    titre(document, "{{ offre.intitule | capitalize }}")
    paragraphe(
        document,
        "Accompagnement personnalisé à l'évolution professionnelle - {{ session.intitule }} ({{ session.reference }})",
        style="Sous-titre",
    )

    titre(document, "I. Les parties à la convention", 2)
    paragraphe(
        document,
        "D'une part, le {{ cdg.nom }}, {{ cdg.adresse }}, numéro SIRET {{ cdg.siret }}, représenté par "
        "{{ cdg.representant.civilite }} {{ cdg.representant.prenom }} {{ cdg.representant.nom }}, "
        "{{ cdg.representant.qualite }}, en application de {{ cdg.fondement }}, et de la délibération "
        "n° {{ cdg.deliberation.numero }} du {{ cdg.deliberation.date | date_longue }},",
        alignement="justifie",
    )
    paragraphe(document, "ci-après dénommé « le {{ cdg.sigle }} »,")
    paragraphe(document, "d'autre part, l'employeur territorial suivant :")
    _champ(document, "Dénomination :", "{{ employeur.denomination }}")
    _champ(document, "Adresse postale :", "{{ employeur.adresse }}")
    _champ(document, "Numéro SIRET :", "{{ employeur.siret }}")
    _champ(document, "Statut vis-à-vis du {{ cdg.sigle }} :", "{{ statuts[employeur.statut] }}")
    _champ(
        document,
        "Effectif déclaré de fonctionnaires (titulaires et stagiaires) :",
        "{{ employeur.effectif_fonctionnaires | nombre }} agents",
    )
    _champ(
        document,
        "Représenté par :",
        "{{ employeur.representant.civilite }} {{ employeur.representant.prenom }} "
        "{{ employeur.representant.nom }}, {{ employeur.representant.qualite }}",
    )
    _champ(document, "En vertu des pouvoirs conférés par :", "{{ employeur.pouvoirs }}")
    paragraphe(document, "ci-après dénommé « l'employeur »,")
    paragraphe(
        document,
        'et, enfin, {{ agent | accord("l\'agent territorial", "l\'agente territoriale") }} :',
    )
    _champ(document, "Nom :", "{{ agent.nom }}")
    _champ(document, "Prénom :", "{{ agent.prenom }}")
    _champ(document, "Fonction :", "{{ agent.fonction }}")
    _champ(document, "Catégorie :", "{{ agent.categorie }}")
    _champ(document, "Statut :", "{{ statuts_agent[agent.statut] }}")
    paragraphe(document, 'ci-après {{ agent | accord("dénommé", "dénommée") }} « {{ lagent }} ».')

    titre(document, "II. Préambule", 2)
    paragraphe(
        document,
        "Créé par le décret n° 2022-1043 du 22 juillet 2022, le bilan de parcours professionnel garantit aux "
        "agents publics un accompagnement personnalisé pour réfléchir à leur mobilité, mettre en valeur leur "
        "parcours et bâtir un projet d'évolution professionnelle.",
        alignement="justifie",
    )
    paragraphe(
        document,
        "Il aide l'agent à prendre du recul sur son parcours et à mieux se connaître. Il lui permet notamment :",
    )
    _puces(
        document,
        [
            "de mettre en valeur son parcours ;",
            "de se projeter professionnellement en définissant un plan d'action ;",
            "de mesurer l'écart entre les compétences qu'il détient et celles qui sont attendues ;",
            "d'identifier clairement ses besoins en matière d'évolution professionnelle ou de mobilité.",
        ],
    )
    controle(document, '{%p if offre.format == "collectif" %}')
    paragraphe(
        document,
        "Le {{ cdg.sigle }} conduit cette mission en format collectif, pour que chaque participant profite de "
        "la dynamique du groupe.",
    )
    controle(document, "{%p else %}")
    paragraphe(
        document,
        "Le {{ cdg.sigle }} conduit cette mission en format individuel, au plus près de la situation de l'agent.",
    )
    controle(document, "{%p endif %}")

    titre(document, "III. Objet de la convention", 2)
    titre(document, "Article 1 - Périmètre", 3)
    paragraphe(
        document,
        "Le {{ cdg.sigle }} réalise la mission décrite par la présente convention dans son ressort territorial "
        "départemental, au bénéfice de l'employeur signataire et de {{ lagent }} "
        'concerné{{ agent | accord("", "e") }}.',
        alignement="justifie",
    )
    titre(document, "Article 2 - Objet", 3)
    paragraphe(
        document,
        "La présente convention a pour objet de permettre à {{ lagent }}, en accord avec son employeur, de "
        "bénéficier d'un accompagnement personnalisé pour engager une évolution professionnelle.",
        alignement="justifie",
    )
    titre(document, "Article 3 - Méthodologie et documents remis à {{ lagent }}", 3)
    paragraphe(
        document,
        "L'accompagnement repose sur une relation de confiance entre {{ lagent }}, l'employeur et "
        f"{LE_CONSEILLER} en évolution professionnelle. Il se déroule comme suit.",
        alignement="justifie",
    )
    largeurs = [4.1, 7.1, 5.8]
    controle(document, "{%p if offre.contacts %}")
    _tableau_liste(
        document,
        ["Modalité de contact", "Objectifs", "Suite donnée"],
        "c in offre.contacts",
        "{{ c.intitule }}",
        [("o in c.objectifs", "{{ o }}", None), ("o in c.retour", "{{ o }}", None)],
        largeurs,
    )
    controle(document, "{%p endif %}")
    paragraphe(document, "")
    _tableau_liste(
        document,
        ["Étape", "Objectifs", "Modalités et dates"],
        "ligne in tableau",
        "{{ ligne.libelle }}",
        [
            ("o in ligne.objectifs", "{{ o }}", None),
            (
                "r in ligne.rendez_vous",
                "{{ r.description }}{% if r.debut %}, {{ r.debut | date_heure }}{% endif %}",
                f"Date fixée avec {LE_CONSEILLER}",
            ),
        ],
        largeurs,
    )
    paragraphe(document, "{{ offre.synthese_employeur }}", alignement="justifie")
    paragraphe(document, f"Au cours de l'accompagnement, {LE_CONSEILLER} peut notamment utiliser :")
    _puces(document, ["des questionnaires d'intérêts professionnels ;", "des tests d'orientation professionnelle."])

    titre(document, "Article 4 - Déroulement de la prestation", 3)
    paragraphe(
        document,
        "L'accompagnement de {{ lagent }} est assuré par {{ conseiller.civilite }} {{ conseiller.prenom }} "
        '{{ conseiller.nom }}, {{ conseiller | accord("conseiller", "conseillère") }} en évolution '
        "professionnelle du {{ cdg.sigle }} ({{ conseiller.email }}, {{ conseiller.telephone }}).",
        alignement="justifie",
    )
    paragraphe(
        document,
        "Le {{ offre.intitule }} représente {{ offre.heures_texte }}. Il s'étale sur une durée "
        "{% if offre.duree_mois.min == offre.duree_mois.max %}moyenne de {{ offre.duree_mois.min }} mois"
        "{% else %}de {{ offre.duree_mois.min }} à {{ offre.duree_mois.max }} mois{% endif %}"
        '{% if offre.format == "collectif" %}, pour un groupe de {{ offre.groupe.min }} à '
        "{{ offre.groupe.max }} personnes{% endif %}.",
        alignement="justifie",
    )
    paragraphe(
        document,
        "Le calendrier de {{ lagent }} comprend {{ heures_agent | heures }} d'ateliers et d'entretiens"
        "{% if heures_travail_personnel %}, auxquelles s'ajoutent {{ heures_travail_personnel | heures }} de "
        "travail personnel entre les séances{% endif %}{% if date_debut %}, du {{ date_debut | date_longue }} "
        "au {{ date_fin | date_longue }}{% endif %}.",
        alignement="justifie",
    )
    paragraphe(
        document,
        "Les ateliers et entretiens se déroulent {{ offre.lieu }}. Lieu de la session : {{ session.lieu }}.",
        alignement="justifie",
    )

    titre(document, "Article 5 - Conditions de réalisation et engagements des parties", 3)
    paragraphe(document, "La réussite de l'accompagnement suppose que chaque partie tienne son rôle.")
    paragraphe(document, "L'employeur :", gras=True)
    _puces(
        document,
        [
            "transmet au {{ cdg.sigle }} les fiches des postes occupés par {{ lagent }} ;",
            "signale toute possibilité ou impossibilité de mobilité en son sein ;",
            "permet à {{ lagent }} de se rendre aux ateliers et entretiens pendant toute la démarche, sur son "
            "temps de travail, et prend en charge ses frais de déplacement ;",
        ],
    )
    controle(document, '{%p if calendrier_agent | selectattr("modalite", "equalto", "entretien_tripartite") | list %}')
    puce(document, "s'assure de la présence de son représentant aux entretiens tripartites ;")
    controle(document, "{%p endif %}")
    puce(
        document,
        "transmet, le cas échéant, les informations utiles à la compréhension de la situation professionnelle "
        "de {{ lagent }}.",
    )
    paragraphe(document, '{{ agent | accord("L\'agent", "L\'agente") }} :', gras=True)
    _puces(
        document,
        [
            "respecte le calendrier des ateliers et des entretiens prévus ;",
            f"prévient {LE_CONSEILLER}, par tout moyen, de toute impossibilité de se rendre à un atelier ou à un "
            "entretien ;",
            "réalise le travail personnel demandé à chaque étape, dans les délais et selon les consignes fixés "
            f"par {LE_CONSEILLER} ;",
            f"informe {LE_CONSEILLER} des candidatures, internes ou externes, "
            "qu'{{ il }} a déposées avant le bilan "
            "et pour lesquelles {{ il }} attend une réponse, ainsi que de celles qu'{{ il }} dépose pendant "
            "l'accompagnement.",
        ],
    )
    paragraphe(document, "Le {{ cdg.sigle }} :", gras=True)
    _puces(
        document,
        [
            "respecte les règles de confidentialité propres à la déontologie de l'accompagnement ;",
            "ne communique à des tiers une information confiée par {{ lagent }}, utile à la construction et à la "
            "sécurisation de son parcours, qu'avec son accord ;",
            "informe l'employeur de toute absence de {{ lagent }} à un atelier ou à un entretien, et de toute "
            "difficulté susceptible de compromettre le bon déroulement de la mission.",
        ],
    )

    titre(document, "IV. Conditions financières", 2)
    titre(document, "Article 6 - Conditions applicables", 3)
    paragraphe(
        document,
        "L'accompagnement donne lieu à une participation financière de l'employeur, fixée par la délibération "
        "n° {{ cdg.deliberation.numero }} du {{ cdg.deliberation.date | date_longue }}.",
        alignement="justifie",
    )
    controle(document, "{%p if prix.fourchette %}")
    paragraphe(
        document,
        "Le {{ cdg.sigle }} facture le temps d'accompagnement au taux horaire de {{ prix.taux | montant }}, "
        "pour une durée comprise entre {{ prix.heures_min | heures }} et {{ prix.heures_max | heures }}, soit "
        "un montant compris entre {{ prix.montant_min | montant }} ({{ prix.montant_min | montant_en_lettres }}) "
        "et {{ prix.montant_max | montant }} ({{ prix.montant_max | montant_en_lettres }}). Le montant dû est "
        "calculé sur les heures réalisées.",
        gras=True,
        alignement="justifie",
    )
    controle(document, "{%p elif prix.taux %}")
    paragraphe(
        document,
        "Le {{ cdg.sigle }} facture le temps d'accompagnement au taux horaire de {{ prix.taux | montant }}. "
        "Pour {{ prix.heures | heures }} d'accompagnement, le montant dû par l'employeur au titre de "
        "{{ lagent }} s'élève à {{ prix.montant | montant }} ({{ prix.montant | montant_en_lettres }}).",
        gras=True,
        alignement="justifie",
    )
    controle(document, "{%p else %}")
    paragraphe(
        document,
        "Pour un employeur {{ statuts[employeur.statut] }}, le montant forfaitaire dû au titre de {{ lagent }} "
        "s'élève à {{ prix.montant | montant }} ({{ prix.montant | montant_en_lettres }}).",
        gras=True,
        alignement="justifie",
    )
    controle(document, "{%p endif %}")
    controle(document, "{%p if offre.interruption %}")
    paragraphe(
        document,
        "Si {{ lagent }} interrompt le parcours, il revient à l'employeur de "
        '{{ agent | accord("le", "la") }} remobiliser. Faute de reprise au-delà d\'un délai de '
        "{{ offre.interruption.delai_jours }} jours, la prestation est due dans son intégralité, y compris en "
        "cas d'arrêt maladie.{% if offre.interruption.report_session_ulterieure %} Le {{ cdg.sigle }} propose "
        "alors à l'employeur d'inscrire {{ lagent }} à une session ultérieure.{% endif %}",
        alignement="justifie",
    )
    controle(document, "{%p endif %}")

    titre(document, "Article 7 - Recouvrement", 3)
    paragraphe(
        document,
        "La facturation intervient à l'issue de la prestation{% if offre.facturation.a_l_interruption %} ou, "
        "le cas échéant, au moment de son interruption{% endif %}.{% if offre.facturation.prorata_31_decembre %}"
        " Lorsque la prestation s'étend sur plusieurs exercices, une facture est émise au 31 décembre de chaque "
        "année, au prorata des heures réalisées, même si la mission se poursuit l'année suivante.{% endif %}",
        alignement="justifie",
    )
    controle(document, "{%p if offre.facturation.chorus_pro %}")
    paragraphe(
        document,
        "Le {{ cdg.sigle }} ne recouvre les sommes dues qu'après service fait, par un titre de recettes notifié "
        "sur le portail Chorus Pro.",
        alignement="justifie",
    )
    controle(document, "{%p endif %}")
    paragraphe(
        document,
        "L'employeur respecte le délai de paiement des personnes publiques : il règle la somme due dans les "
        "{{ offre.facturation.delai_paiement_jours }} jours qui suivent la réception "
        "{% if offre.facturation.chorus_pro %}du titre de recettes{% else %}de la facture{% endif %}"
        "{% if offre.facturation.comptable %}, transmis par {{ offre.facturation.comptable }}{% endif %}.",
        alignement="justifie",
    )
    paragraphe(
        document,
        "Tout retard de paiement fait courir de plein droit des intérêts moratoires, au taux appliqué par la "
        "Banque centrale européenne à ses opérations principales de refinancement les plus récentes, en vigueur "
        "au premier jour du semestre de l'année civile au cours duquel ils ont commencé à courir, majoré de huit "
        "points de pourcentage, conformément au décret n° 2013-269 du 29 mars 2013 relatif à la lutte contre les "
        "retards de paiement dans les contrats de la commande publique.",
        alignement="justifie",
    )

    titre(document, "V. Conditions administratives", 2)
    titre(document, "Article 8 - Durée de la convention", 3)
    paragraphe(
        document,
        "La présente convention prend effet à la date de sa signature. Elle est conclue pour la durée de "
        "l'accompagnement, soit {% if offre.duree_mois.min == offre.duree_mois.max %}{{ offre.duree_mois.min }} "
        "mois{% else %}{{ offre.duree_mois.min }} à {{ offre.duree_mois.max }} mois{% endif %} selon le "
        "calendrier prévisionnel établi.",
        alignement="justifie",
    )
    titre(document, "Article 9 - Résiliation", 3)
    paragraphe(
        document,
        "Si l'une des parties ne respecte pas ses engagements, la convention peut être résiliée à tout moment, "
        "sans préavis, après une mise en demeure adressée à la partie défaillante par lettre recommandée avec "
        "avis de réception et restée sans effet. La résiliation ne fait pas obstacle à des poursuites au titre "
        "des engagements non respectés qui ont causé un préjudice.",
        alignement="justifie",
    )
    titre(document, "Article 10 - Responsabilité et assurances", 3)
    paragraphe(
        document,
        "Le {{ cdg.sigle }} vérifie la qualité des informations que l'employeur et {{ lagent }} lui fournissent "
        "sous leur responsabilité. Sa responsabilité ne peut être engagée lorsque ces informations manquent ou "
        "sont insuffisantes pour réaliser la mission.",
        alignement="justifie",
    )
    paragraphe(
        document,
        "Aucune partie ne répond des incidents techniques survenant sur des réseaux de télécommunication dont "
        "elle n'a pas la maîtrise.",
        alignement="justifie",
    )
    paragraphe(
        document,
        "Le {{ cdg.sigle }} est assuré en responsabilité civile pour l'ensemble de ses missions. L'employeur "
        "assume toutes les responsabilités attachées à sa qualité d'employeur du fait de la participation de "
        "{{ lagent }} à la démarche.",
        alignement="justifie",
    )
    titre(document, "Article 11 - Protection des données personnelles", 3)
    paragraphe(
        document,
        "Les informations et documents échangés restent confidentiels, sauf ceux que la loi ou le règlement "
        "oblige à divulguer.",
        alignement="justifie",
    )
    paragraphe(
        document,
        "Pour exécuter la présente convention, le {{ cdg.sigle }} reçoit ces informations et documents et "
        "collecte des données personnelles ; il est responsable des traitements qu'il met en œuvre à cette fin. "
        "Il respecte la réglementation applicable aux données à caractère personnel, en particulier la loi "
        "n° 78-17 du 6 janvier 1978 relative à l'informatique, aux fichiers et aux libertés et le règlement (UE) "
        "2016/679 du 27 avril 2016 (RGPD). Il s'engage à ce que :",
        alignement="justifie",
    )
    _puces(
        document,
        [
            "les données soient traitées conformément aux textes applicables et pour les seules finalités prévues ;",
            "des mesures techniques et organisationnelles appropriées, réexaminées et actualisées si nécessaire, "
            "garantissent et permettent de démontrer la conformité du traitement au RGPD.",
        ],
    )
    paragraphe(
        document,
        "Le délégué à la protection des données du {{ cdg.sigle }} peut être joint à l'adresse {{ cdg.dpo_email }}.",
    )
    paragraphe(
        document,
        "L'employeur, responsable des traitements liés à la gestion administrative de ses agents, offre les "
        "mêmes garanties et transmet au {{ cdg.sigle }} de manière sécurisée les données personnelles "
        "nécessaires à la mission.",
        alignement="justifie",
    )
    titre(document, "Article 12 - Litiges", 3)
    paragraphe(
        document,
        "Les parties recherchent d'abord une solution amiable à tout litige né de l'exécution de la présente "
        "convention.",
        alignement="justifie",
    )
    paragraphe(
        document,
        "À défaut d'accord, le litige est porté devant le {{ cdg.tribunal.nom }}, {{ cdg.tribunal.adresse }}"
        "{% if cdg.tribunal.site %}, qui peut être saisi par l'application Télérecours "
        "({{ cdg.tribunal.site | sans_coupure }}){% endif %}.",
        alignement="justifie",
    )

    paragraphe(document, "")
    fait = paragraphe(document, "Fait en 3 exemplaires à {{ cdg.ville_signature }}, le ……………………")
    fait.paragraph_format.keep_with_next = True
    signatures(
        document,
        [
            (
                "agent",
                ['{{ agent | accord("L\'agent", "L\'agente") }}', "Le ……………………"],
                True,
                ["{{ agent.prenom }} {{ agent.nom }}"],
            ),
            (
                "employeur",
                ["L'employeur", "Le ……………………"],
                True,
                [
                    "{{ employeur.representant.qualite }}",
                    "{{ employeur.representant.prenom }} {{ employeur.representant.nom }}",
                ],
            ),
            (
                "cdg",
                ["Le {{ cdg.sigle }}", "Le ……………………"],
                True,
                ["{{ cdg.representant.qualite }}", "{{ cdg.representant.prenom }} {{ cdg.representant.nom }}"],
            ),
        ],
    )
    return document
