"""DOCX template of the financial proposal sent to each employer."""

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from outils.gabarits_docx.commun import (
    BLEU,
    LE_CONSEILLER,
    controle,
    largeurs_colonnes,
    ligne_entete,
    nouveau_document,
    paragraphe,
    puce,
    signatures,
    tableau,
    tableau_calendrier,
    titre,
)


def en_tete_cdg(document) -> None:
    """The CDG's letterhead (name, service, address), as in the PDF macro `en_tete_cdg`."""
    first = paragraphe(document, "{{ cdg.nom }}", gras=True, style="En-tête CDG")
    first.runs[0].font.size = Pt(11)
    first.runs[0].font.color.rgb = BLEU
    paragraphe(document, "{{ cdg.service }}", style="En-tête CDG")
    paragraphe(document, "{{ cdg.adresse }}", style="En-tête CDG").paragraph_format.space_after = Pt(12)


def destinataire(document, lignes: list[tuple[str, bool]]) -> None:
    """The addressee block, indented to the right half of the page."""
    for text, bold in lignes:
        paragraphe(document, text, gras=bold, style="Destinataire")
    document.paragraphs[-1].paragraph_format.space_after = Pt(14)


def construire():
    """The financial proposal template."""
    document = nouveau_document()
    en_tete_cdg(document)
    destinataire(
        document,
        [
            ("{{ employeur.denomination }}", True),
            (
                "À l'attention de {{ employeur.representant | civilite_longue }} {{ employeur.representant.prenom }} "
                "{{ employeur.representant.nom }}, {{ employeur.representant.qualite }}",
                False,
            ),
            ("{{ employeur.adresse }}", False),
        ],
    )
    paragraphe(document, "À {{ cdg.ville_signature }}, le {{ date_envoi | date_longue }}", style="Lieu et date")
    paragraphe(
        document,
        "Objet : proposition financière pour un {{ offre.intitule }} ({{ lignes | length }} agent"
        "{% if lignes | length > 1 %}s{% endif %})",
        style="Objet",
    )
    paragraphe(document, "Référence : {{ session.reference }} - {{ session.intitule }}")

    titre(document, "Proposition financière")
    paragraphe(document, "{{ offre.intitule | capitalize }} - {{ employeur.denomination }}", style="Sous-titre")

    titre(document, "1. Contenu de la mission", 2)
    paragraphe(
        document,
        "Le {{ cdg.sigle }} vous propose d'accompagner "
        "{% if lignes | length > 1 %}les agents désignés{% else %}"
        '{{ lignes[0].agent | accord("l\'agent désigné", "l\'agente désignée") }}{% endif %} ci-dessous '
        "dans un {{ offre.intitule }}, au format {{ offre.format }}, sur le fondement de {{ cdg.fondement }}. "
        "Les tarifs sont ceux de la délibération n° {{ cdg.deliberation.numero }} du "
        "{{ cdg.deliberation.date | date_longue }}.",
        alignement="justifie",
    )
    paragraphe(
        document,
        "Le bilan permet à chaque agent d'analyser son parcours, ses compétences et ses motivations, puis de "
        "construire un projet d'évolution professionnelle et le plan d'action qui l'accompagne. Il se déroule "
        "en plusieurs phases :",
        alignement="justifie",
    )
    controle(document, "{%p for ligne in tableau %}")
    puce(document, '{{ ligne.libelle }} : {{ ligne.objectifs | join(" ; ") }}.')
    controle(document, "{%p endfor %}")
    paragraphe(document, "Lieu : {{ offre.lieu }} ({{ session.lieu }}).")

    titre(document, "2. Durée", 2)
    paragraphe(
        document,
        "Le bilan dure {% if offre.duree_mois.min == offre.duree_mois.max %}{{ offre.duree_mois.min }} mois"
        "{% else %}de {{ offre.duree_mois.min }} à {{ offre.duree_mois.max }} mois{% endif %} "
        "et représente {{ offre.heures_texte }}.",
    )

    titre(document, "3. Calendrier prévisionnel", 2)
    controle(document, "{%p if date_debut %}")
    paragraphe(
        document,
        "Le bilan se déroule du {{ date_debut | date_longue }} au {{ date_fin | date_longue }}, "
        "selon le calendrier suivant :",
    )
    controle(document, "{%p endif %}")
    tableau_calendrier(document, "calendrier", [5.8, 5.1, 4.1, 2.0])
    controle(document, '{%p if not (calendrier | rejectattr("collectif") | list) %}')
    paragraphe(document, "Entretiens individuels de vos agents :")
    _tableau_entretiens(document)
    controle(document, "{%p endif %}")
    paragraphe(
        document, f"Ce calendrier est prévisionnel : toute modification vous est communiquée par {LE_CONSEILLER}."
    )

    titre(document, "4. Agents concernés et prix", 2)
    controle(document, "{%p if forfait %}")
    paragraphe(
        document,
        "Le prix est un forfait par agent, fixé selon le statut de l'employeur. Votre statut "
        "(employeur {{ statuts[employeur.statut] }}) fixe le forfait à "
        "{{ lignes[0].prix.montant | montant }} par agent.",
        alignement="justifie",
    )
    controle(document, "{%p else %}")
    paragraphe(
        document,
        "Le prix est calculé au taux horaire de {{ offre.tarif.taux | montant }}, pour un volume compris entre "
        "{{ offre.tarif.heures_min | heures }} et {{ offre.tarif.heures_max | heures }} par agent.",
        alignement="justifie",
    )
    controle(document, "{%p endif %}")
    prix = tableau(
        document,
        ["Agent", "Fonction", "Catégorie", "Statut", "Prix"],
        [
            "{{ ligne.agent | civilite_longue }} {{ ligne.agent.nom_complet }}",
            "{{ ligne.agent.fonction }}",
            "{{ ligne.agent.categorie }}",
            "{{ statuts_agent[ligne.agent.statut] }}",
            "{% if forfait %}{{ ligne.prix.montant | montant }}{% elif ligne.prix.fourchette %}"
            "de {{ ligne.prix.heures_min | heures }} à {{ ligne.prix.heures_max | heures }}, soit de "
            "{{ ligne.prix.montant_min | montant }} à {{ ligne.prix.montant_max | montant }}{% else %}"
            "{{ ligne.prix.heures | heures }} × {{ ligne.prix.taux | montant }} = {{ ligne.prix.montant | montant }}"
            "{% endif %}",
        ],
        boucle="ligne in lignes",
        largeurs=[3.9, 3.9, 2.5, 2.4, 4.3],
    )
    prix.rows[2].cells[4].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    controle(document, "{%p if total is not none %}")
    total = document.add_paragraph(style="Encadré")
    total.add_run("Total : {{ total | montant }}").bold = True
    total.add_run(" ({{ total | montant_en_lettres }}).")
    controle(document, "{%p else %}")
    fourchette = document.add_paragraph(style="Encadré")
    fourchette.add_run("Total : de {{ total_min | montant }} à {{ total_max | montant }}").bold = True
    fourchette.add_run(
        " (de {{ total_min | montant_en_lettres }} à {{ total_max | montant_en_lettres }}), "
        "selon le nombre d'heures réalisées."
    )
    controle(document, "{%p endif %}")

    titre(document, "5. Facturation et paiement", 2)
    paragraphe(
        document,
        "La facturation intervient à l'issue de la mission{% if offre.facturation.a_l_interruption %} ou, si le "
        "bilan est interrompu, au moment de l'interruption{% endif %}.{% if offre.facturation.prorata_31_decembre %}"
        " Lorsque la mission s'étend sur deux exercices ou plus, une facture est émise au 31 décembre de chaque "
        "année, au prorata des jours ou des heures réalisés, même si la mission se poursuit l'année suivante."
        "{% endif %}",
        alignement="justifie",
    )
    controle(document, "{%p if offre.facturation.chorus_pro %}")
    paragraphe(
        document,
        "Le recouvrement n'a lieu qu'après service fait, par un titre de recettes notifié par le portail Chorus Pro"
        "{% if offre.facturation.comptable %} et transmis par {{ offre.facturation.comptable }}{% endif %}.",
        alignement="justifie",
    )
    controle(document, "{%p elif offre.facturation.comptable %}")
    paragraphe(document, "Le titre de recettes est transmis par {{ offre.facturation.comptable }}.")
    controle(document, "{%p endif %}")
    paragraphe(
        document,
        "L'employeur règle la somme due dans un délai de {{ offre.facturation.delai_paiement_jours }} jours à "
        "compter de la réception du titre de recettes ou de la facture.",
        alignement="justifie",
    )
    controle(document, "{%p if offre.interruption %}")
    titre(document, "6. Interruption du bilan", 2)
    paragraphe(
        document,
        "Si un agent interrompt son bilan, il revient à l'employeur de le remobiliser. Sans reprise dans un délai "
        "de {{ offre.interruption.delai_jours }} jours, la prestation est due en totalité, y compris en cas d'arrêt "
        "maladie.{% if offre.interruption.report_session_ulterieure %} Le {{ cdg.sigle }} propose alors "
        "d'inscrire l'agent à une session ultérieure.{% endif %}",
        alignement="justifie",
    )
    controle(document, "{%p endif %}")

    titre(document, "{% if offre.interruption %}7{% else %}6{% endif %}. Validité", 2)
    paragraphe(
        document,
        "La présente proposition est valable {{ offre.validite_proposition_jours }} jours à compter du "
        "{{ date_envoi | date_longue }}, soit jusqu'au {{ date_validite | date_longue }}. La mission commence dès "
        "que le {{ cdg.sigle }} a reçu cette proposition datée et signée par l'employeur.",
        alignement="justifie",
    )

    titre(document, "Bon pour accord", 2)
    # The agreement, the agents' consents and the signatures stay on one page.
    accord = paragraphe(
        document,
        "{{ employeur.representant | civilite_longue }} {{ employeur.representant.prenom }} "
        "{{ employeur.representant.nom }}, {{ employeur.representant.qualite }}, agissant pour "
        "l'employeur {{ employeur.denomination }} en vertu de : {{ employeur.pouvoirs }}, accepte la présente "
        "proposition"
        "{% if total is not none %} pour un montant de {{ total | montant }}{% endif %} et atteste que "
        "{% if lignes | length > 1 %}chacun des agents suivants a donné son consentement{% else %}"
        '{{ lignes[0].agent | accord("l\'agent suivant a donné son consentement", '
        '"l\'agente suivante a donné son consentement") }}{% endif %} à la réalisation du bilan :',
        alignement="justifie",
    )
    accord.paragraph_format.keep_with_next = True
    controle(document, "{%p for ligne in lignes %}")
    puce(
        document,
        "{{ ligne.agent.nom_complet }} : consentement recueilli le {% if ligne.agent.consentement %}"
        "{{ ligne.agent.consentement | date_longue }}{% else %}……………………{% endif %}.",
    )
    document.paragraphs[-1].paragraph_format.keep_with_next = True
    controle(document, "{%p endfor %}")
    signatures(
        document,
        [
            (
                "employeur",
                ["Bon pour accord - {{ employeur.denomination }}", "Le ……………………"],
                True,
                [
                    "{{ employeur.representant.qualite }}",
                    "{{ employeur.representant.prenom }} {{ employeur.representant.nom }}",
                ],
            ),
            (
                "cdg",
                ["Pour le {{ cdg.sigle }}", "À {{ cdg.ville_signature }}, le {{ date_envoi | date_longue }}"],
                False,
                ["{{ cdg.representant.qualite }}", "{{ cdg.representant.prenom }} {{ cdg.representant.nom }}"],
            ),
        ],
    )
    return document


def _tableau_entretiens(document) -> None:
    """The employer's agents' own interviews: one row per interview, for each agent."""
    table = document.add_table(rows=6, cols=4)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    ligne_entete(table.rows[0], ["Agent", "Entretien", "Date", "Durée"])
    table.rows[1].cells[0].paragraphs[0].add_run("{%tr for ligne in lignes %}")
    table.rows[2].cells[0].paragraphs[0].add_run("{%tr for e in ligne.agent.entretiens %}")
    cells = [
        "{{ ligne.agent.nom_complet }}",
        "{{ e.intitule }}",
        "{{ e.debut | date_heure }}",
        "{{ e.duree | heures }}",
    ]
    for cell, text in zip(table.rows[3].cells, cells, strict=True):
        cell.paragraphs[0].add_run(text)
    table.rows[4].cells[0].paragraphs[0].add_run("{%tr endfor %}")
    table.rows[5].cells[0].paragraphs[0].add_run("{%tr endfor %}")
    largeurs_colonnes(table, [4.4, 4.8, 5.8, 2.0])
