"""DOCX template of the session calendar."""

from outils.gabarits_docx.commun import LE_CONSEILLER, controle, nouveau_document, paragraphe, tableau_calendrier, titre


def construire():
    """The calendar template."""
    document = nouveau_document()
    titre(document, "Calendrier prévisionnel")
    paragraphe(
        document,
        "{{ offre.intitule | capitalize }} - {{ session.intitule }} ({{ session.reference }})",
        style="Sous-titre",
    )
    paragraphe(document, "Lieu : {{ session.lieu }}")
    paragraphe(
        document,
        '{{ conseiller | accord("Conseiller", "Conseillère") }} : {{ conseiller.prenom }} {{ conseiller.nom }}, '
        "{{ conseiller.email }}, {{ conseiller.telephone }}",
    )
    tableau_calendrier(document, "calendrier", [5.8, 5.1, 4.1, 2.0])
    controle(
        document,
        '{%p if calendrier | selectattr("collectif") | list and not (calendrier | rejectattr("collectif") | list) %}',
    )
    paragraphe(document, "Les dates des entretiens individuels sont communiquées à chaque agent.")
    controle(document, "{%p endif %}")
    paragraphe(document, f"Ce calendrier est prévisionnel : toute modification est communiquée par {LE_CONSEILLER}.")
    return document
