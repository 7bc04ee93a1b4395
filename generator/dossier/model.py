"""The typed model of a dossier: the single source of its validation and of its JSON Schema."""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

from generator.dossier.types import (
    Adresse,
    Categorie,
    Civilite,
    CodeChorus,
    Date,
    DateCarriere,
    DateHeure,
    Duree,
    DureeFacturee,
    Effectif,
    Email,
    Identifiant,
    Intitule,
    Mention,
    Modalite,
    Nom,
    OuiNon,
    PartieSynthese,
    Phase,
    Siret,
    StatutAgent,
    StatutEmployeur,
    erreur,
)

# Bounds of the lists of a dossier: far above real sessions, low enough to render in reasonable time.
EMPLOYEURS_MAX = AGENTS_MAX = 1000
SEANCES_MAX = 100
ENTRETIENS_MAX = 50


class Modele(BaseModel):
    """Common settings: unknown keys are errors, values are stripped, objects are frozen."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class Personne(Modele):
    """Someone named in a document."""

    civilite: Civilite = Field(description="M. ou Mme")
    prenom: Nom = Field(description="Prénom")
    nom: Nom = Field(description="Nom de famille")

    @property
    def nom_complet(self) -> str:
        """`Awa N'Diaye`."""
        return f"{self.prenom} {self.nom}"


class Representant(Personne):
    """The person who signs for an employer or a CDG."""

    qualite: Intitule = Field(description="Qualité du signataire : Maire, Président…")


class Conseiller(Personne):
    """The CDG's adviser who runs the bilan."""

    email: Email = Field(description="Adresse électronique du conseiller")
    telephone: Identifiant = Field(description="Téléphone du conseiller")


class Creneau(Modele):
    """A dated or undated piece of the calendar (session or interview)."""

    intitule: Intitule = Field(description="Intitulé affiché dans le calendrier")
    phase: Phase
    duree: Duree


class Seance(Creneau):
    """A collective session, or personal work between sessions (undated)."""

    modalite: Modalite
    debut: DateHeure | None = Field(default=None, description="Date et heure de début (sauf travail personnel)")
    lieu: Adresse | None = Field(default=None, description="Lieu, si autre que celui de la session")

    @model_validator(mode="after")
    def _debut_selon_modalite(self) -> Seance:
        if self.modalite == "travail_personnel" and self.debut is not None:
            raise erreur(
                "le travail personnel n'a pas de date de début",
                "retirez « debut » de cette séance",
            )
        if self.modalite != "travail_personnel" and self.debut is None:
            raise erreur(
                "la date et l'heure de début de la séance manquent",
                "ajoutez par exemple « debut: 2026-02-03T09:00 »",
            )
        return self


class Entretien(Creneau):
    """One of the agent's own interviews."""

    modalite: Modalite = Field(default="entretien_individuel")
    debut: DateHeure

    @field_validator("modalite")
    @classmethod
    def _pas_de_travail_personnel(cls, modalite: str) -> str:
        if modalite == "travail_personnel":
            raise erreur(
                "un entretien ne peut pas être du travail personnel",
                "décrivez le travail personnel dans « session.seances »",
            )
        return modalite


class VisioTripartite(Modele):
    """The short video meeting of agent, employer and adviser before the course (CDG31: 30 min)."""

    debut: DateHeure
    duree: Duree = Field(default=30, description="Durée (30 min si vide)")

    @property
    def intitule(self) -> str:
        """What the calendars call it (the CDG31 model's « entretien tripartite en visio »)."""
        return "Entretien tripartite en visioconférence"


class Session(Modele):
    """One session of the CDG's offer."""

    reference: Identifiant = Field(description="Référence de la session, par exemple BPPC-2026-01")
    intitule: Intitule = Field(description="Intitulé de la session")
    date_envoi: Date = Field(description="Date imprimée sur les propositions et les courriers")
    lieu: Adresse = Field(description="Lieu des séances")
    conseiller: Conseiller | None = Field(default=None, description="Conseiller (par défaut : celui du profil CDG)")
    seances: list[Seance] = Field(
        default_factory=list, max_length=SEANCES_MAX, description="Séances collectives, dans l'ordre"
    )


class Employeur(Modele):
    """A local employer whose agents take part."""

    id: Identifiant = Field(description="Identifiant court utilisé par les agents")
    denomination: Intitule = Field(description="Nom de la collectivité ou de l'établissement")
    adresse: Adresse = Field(description="Adresse postale complète")
    siret: Siret
    statut: StatutEmployeur
    effectif_fonctionnaires: Effectif = Field(description="Fonctionnaires titulaires et stagiaires")
    representant: Representant = Field(description="Qui signe pour l'employeur, et en quelle qualité")
    pouvoirs: Mention = Field(description="Pouvoirs du représentant : délibération, arrêté…")
    # Invoicing (issue 13): what Chorus Pro asks of the employer's invoice, when the employer has it.
    code_service: CodeChorus | None = Field(default=None, description="Code service Chorus Pro (facultatif)")
    engagement_juridique: CodeChorus | None = Field(
        default=None, description="Numéro d'engagement juridique Chorus Pro (facultatif)"
    )


def _parties_en_liste(valeur: Any) -> Any:
    """A workbook cell (or a hurried YAML line) gives the parts as one text: `Lancement, Analyse`."""
    if isinstance(valeur, str):
        return [part for part in re.split(r"[,;]", valeur) if part.strip()]
    return valeur


class SyntheseEmployeur(Modele):
    """The agent's agreement to share parts of the filled synthesis with the employer (CDG33, CDG46)."""

    accord: Date = Field(description="Date de l'accord de l'agent")
    parties: Annotated[list[PartieSynthese], BeforeValidator(_parties_en_liste)] = Field(
        min_length=1,
        description="Parties du document de synthèse que l'agent accepte de transmettre : "
        "lancement, analyse, plan_action, conclusion",
        json_schema_extra={"maxItems": 4, "uniqueItems": True},
    )

    @field_validator("parties")
    @classmethod
    def _chaque_partie_une_fois(cls, parties: list[str]) -> list[str]:
        repeated = [p for index, p in enumerate(parties) if p in parties[:index]]
        if repeated:
            raise erreur(
                f"la partie « {repeated[0]} » est citée deux fois",
                "ne citez chaque partie qu'une fois (lancement, analyse, plan_action, conclusion)",
            )
        return parties


class Agent(Personne):
    """An agent who takes the bilan."""

    employeur: Identifiant | None = Field(
        default=None, description="Identifiant de l'employeur (facultatif s'il n'y en a qu'un)"
    )
    id: Identifiant | None = Field(
        default=None,
        description="Identifiant court, seulement pour distinguer deux agents de même nom ; ne plus le changer ensuite",
    )
    fonction: Intitule = Field(description="Fonction de l'agent, telle qu'elle figure dans les documents")
    categorie: Categorie
    statut: StatutAgent
    date_prise_fonction: DateCarriere
    consentement: Date | None = Field(default=None, description="Date du recueil du consentement de l'agent")
    rqth: OuiNon = Field(default=False, description="Public de l'article L. 5212-13 du code du travail")
    entretiens: list[Entretien] = Field(
        default_factory=list, max_length=ENTRETIENS_MAX, description="Entretiens individuels de l'agent"
    )
    heures: DureeFacturee | None = Field(default=None, description="Heures facturées (offre au taux horaire)")
    visio_tripartite: VisioTripartite | None = Field(
        default=None,
        description="Entretien tripartite en visioconférence qui précède le bilan, s'il est daté",
    )
    email: Email | None = Field(default=None, description="Adresse électronique de l'agent (facultative)")
    # Invoicing (issue 13): what actually happened, read by `facturation`.
    heures_realisees: DureeFacturee | None = Field(
        default=None, description="Heures réellement réalisées (offre au taux horaire), pour la facture"
    )
    interruption: Date | None = Field(default=None, description="Date à laquelle l'agent a interrompu le bilan")
    remobilisation: Date | None = Field(
        default=None, description="Date à laquelle l'agent a repris le bilan après son interruption"
    )
    # Issue 13: the employer's summary of the synthesis, only with the agent's agreement.
    synthese_employeur: SyntheseEmployeur | None = Field(
        default=None,
        description="Accord de l'agent pour transmettre à l'employeur des parties de son document de synthèse",
    )


class Dossier(Modele):
    """A whole dossier: one session of one CDG with its employers and agents."""

    cdg: Identifiant = Field(description="Identifiant d'un profil de dossiers/cdg/ (cdg31, cdg33, cdg46)")
    session: Session = Field(description="La session : dates, lieu et conseiller")
    employeurs: list[Employeur] | None = Field(
        default=None, min_length=1, max_length=EMPLOYEURS_MAX, description="Les employeurs de la session"
    )
    employeur: Employeur | None = Field(default=None, description="Employeur unique (au lieu de « employeurs »)")
    agents: list[Agent] | None = Field(
        default=None, min_length=1, max_length=AGENTS_MAX, description="Les agents de la session"
    )
    agent: Agent | None = Field(default=None, description="Agent unique (au lieu de « agents »)")

    @property
    def liste_employeurs(self) -> list[Employeur]:
        """Employers, whichever form the dossier used."""
        return self.employeurs if self.employeurs is not None else [e for e in [self.employeur] if e]

    @property
    def liste_agents(self) -> list[Agent]:
        """Agents, whichever form the dossier used."""
        return self.agents if self.agents is not None else [a for a in [self.agent] if a]
