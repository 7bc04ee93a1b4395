"""The one registry of the procedure's documents (SPEC, "Documents"): every fact about a document lives here.

The plan (who gets which copy), the contexts (the title printed in footers), the employer's print
bundle (its order) and the template check all read this list.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Document:
    """One document of the procedure and its rules."""

    id: str
    titre: str  # French title, printed in footers, bookmarks and PDF metadata
    par: str  # one per "agent", "employeur" or "session"
    signataires: tuple[str, ...]  # signatory roles: one signature zone each in the template
    confidentiel: bool  # never in an employer's folder or bundle
    vers_employeur: bool
    vers_agent: bool
    rang_liasse: int | None  # place in the employer's print bundle; None: not in it
    # Only for the agents of the L. 5212-13 publics (`rqth`), in this folder of the session instead
    # of the agent's: the référent handicap's notice, which names the agent's health status.
    dossier_propre: str | None = None
    # Made by another command than the generation (`facturation`): never planned by a generation run,
    # whose manifest keeps its files as they are (neither rewritten nor reported as obsolete).
    commande: str | None = None
    # Planned only where a condition holds (see `generator.plan`): "profil" for the employer's model
    # deliberation (the CDG's profile asks for it), "accord" for the employer's summary of a synthesis
    # (the agent filled it in and agreed to share parts of it).
    condition: str | None = None


DOCUMENTS: dict[str, Document] = {
    d.id: d
    for d in [
        Document("convention", "Convention tripartite", "agent", ("agent", "employeur", "cdg"), False, True, True, 2),
        Document(
            "proposition_financiere", "Proposition financière", "employeur", ("employeur", "cdg"), False, True, False, 1
        ),
        Document("courrier_information", "Courrier d'information", "agent", ("cdg",), False, True, True, 3),
        Document("synthese", "Document de synthèse", "agent", ("agent", "conseiller"), True, False, True, None),
        Document(
            "engagement",
            "Acte d'engagement et de confidentialité",
            "agent",
            ("agent", "conseiller"),
            False,
            True,
            True,
            4,
        ),
        Document("calendrier", "Calendrier prévisionnel", "session", (), False, True, True, 5),
        Document(
            "information_referent_handicap",
            "Information du référent handicap",
            "agent",
            ("cdg",),
            True,
            False,
            False,
            None,
            dossier_propre="referent-handicap",
        ),
        # Issue 13: the employer's model deliberation and its summary of the agent's synthesis.
        Document("deliberation", "Modèle de délibération", "employeur", (), False, True, False, 0, condition="profil"),
        # Written into the employer's folder only, later than the bundle was sent: not in the bundle.
        Document(
            "synthese_employeur",
            "Synthèse transmise à l'employeur",
            "agent",
            (),
            False,
            True,
            False,
            None,
            condition="accord",
        ),
        # Invoicing (issue 13): one per employer, written by `python -m generator facturation`.
        Document(
            "justificatif_facturation",
            "Justificatif de facturation",
            "employeur",
            (),
            False,
            True,
            False,
            None,
            commande="facturation",
        ),
    ]
}
