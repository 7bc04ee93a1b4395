"""The typed model of a dossier: the single source of its validation and of its JSON Schema."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, NonNegativeInt, field_validator, model_validator

from generator.dossier.types import (
    Categorie,
    Civilite,
    Date,
    DateHeure,
    Duree,
    Email,
    Modalite,
    OuiNon,
    Phase,
    Siret,
    StatutAgent,
    StatutEmployeur,
    Texte,
    erreur,
)


class Modele(BaseModel):
    """Common settings: unknown keys are errors, values are stripped, objects are frozen."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class Personne(Modele):
    """Someone named in a document."""

    civilite: Civilite = Field(description="M. ou Mme")
    prenom: Texte = Field(description="Prénom")
    nom: Texte = Field(description="Nom de famille")

    @property
    def nom_complet(self) -> str:
        """`Awa N'Diaye`."""
        return f"{self.prenom} {self.nom}"


class Representant(Personne):
    """The person who signs for an employer or a CDG."""

    qualite: Texte = Field(description="Qualité du signataire : Maire, Président…")


class Conseiller(Personne):
    """The CDG's adviser who runs the bilan."""

    email: Email = Field(description="Adresse électronique du conseiller")
    telephone: Texte = Field(description="Téléphone du conseiller")


class Creneau(Modele):
    """A dated or undated piece of the calendar (session or interview)."""

    intitule: Texte = Field(description="Intitulé affiché dans le calendrier")
    phase: Phase
    duree: Duree


class Seance(Creneau):
    """A collective session, or personal work between sessions (undated)."""

    modalite: Modalite
    debut: DateHeure | None = Field(default=None, description="Date et heure de début (sauf travail personnel)")
    lieu: Texte | None = Field(default=None, description="Lieu, si autre que celui de la session")

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


class Session(Modele):
    """One session of the CDG's offer."""

    reference: Texte = Field(description="Référence de la session, par exemple BPPC-2026-01")
    intitule: Texte = Field(description="Intitulé de la session")
    date_envoi: Date = Field(description="Date imprimée sur les propositions et les courriers")
    lieu: Texte = Field(description="Lieu des séances")
    conseiller: Conseiller | None = Field(default=None, description="Conseiller (par défaut : celui du profil CDG)")
    seances: list[Seance] = Field(default_factory=list, description="Séances collectives, dans l'ordre")


class Employeur(Modele):
    """A local employer whose agents take part."""

    id: Texte = Field(description="Identifiant court utilisé par les agents")
    denomination: Texte = Field(description="Nom de la collectivité ou de l'établissement")
    adresse: Texte = Field(description="Adresse postale complète")
    siret: Siret
    statut: StatutEmployeur
    effectif_fonctionnaires: NonNegativeInt = Field(description="Fonctionnaires titulaires et stagiaires")
    representant: Representant = Field(description="Qui signe pour l'employeur, et en quelle qualité")
    pouvoirs: Texte = Field(description="Pouvoirs du représentant : délibération, arrêté…")


class Agent(Personne):
    """An agent who takes the bilan."""

    employeur: Texte | None = Field(
        default=None, description="Identifiant de l'employeur (facultatif s'il n'y en a qu'un)"
    )
    id: Texte | None = Field(
        default=None,
        description="Identifiant court, seulement pour distinguer deux agents de même nom ; ne plus le changer ensuite",
    )
    fonction: Texte = Field(description="Fonction de l'agent, telle qu'elle figure dans les documents")
    categorie: Categorie
    statut: StatutAgent
    date_prise_fonction: Date
    consentement: Date | None = Field(default=None, description="Date du recueil du consentement de l'agent")
    rqth: OuiNon = Field(default=False, description="Public de l'article L. 5212-13 du code du travail")
    entretiens: list[Entretien] = Field(default_factory=list, description="Entretiens individuels de l'agent")
    heures: Duree | None = Field(default=None, description="Heures facturées (offre au taux horaire)")
    email: Email | None = Field(default=None, description="Adresse électronique de l'agent (facultative)")


class Dossier(Modele):
    """A whole dossier: one session of one CDG with its employers and agents."""

    cdg: Texte = Field(description="Identifiant d'un profil de dossiers/cdg/ (cdg31, cdg33, cdg46)")
    session: Session = Field(description="La session : dates, lieu et conseiller")
    employeurs: list[Employeur] | None = Field(default=None, min_length=1, description="Les employeurs de la session")
    employeur: Employeur | None = Field(default=None, description="Employeur unique (au lieu de « employeurs »)")
    agents: list[Agent] | None = Field(default=None, min_length=1, description="Les agents de la session")
    agent: Agent | None = Field(default=None, description="Agent unique (au lieu de « agents »)")

    @property
    def liste_employeurs(self) -> list[Employeur]:
        """Employers, whichever form the dossier used."""
        return self.employeurs if self.employeurs is not None else [e for e in [self.employeur] if e]

    @property
    def liste_agents(self) -> list[Agent]:
        """Agents, whichever form the dossier used."""
        return self.agents if self.agents is not None else [a for a in [self.agent] if a]
