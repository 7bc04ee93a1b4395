"""CDG profiles (`dossiers/cdg/<id>.yaml`): what does not change between sessions."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, PositiveInt, ValidationError, field_validator, model_validator

from generator import vocabulaire
from generator.documents import DOCUMENTS
from generator.dossier import messages
from generator.dossier.loading import charger_yaml
from generator.dossier.model import Conseiller, Modele, Representant
from generator.dossier.types import (
    Adresse,
    DateCarriere,
    Duree,
    DureeFacturee,
    Email,
    FormatOffre,
    Identifiant,
    Intitule,
    Modalite,
    Montant,
    OuiNon,
    Phase,
    Siret,
    Texte,
    erreur,
)
from generator.errors import DossierInvalide

RACINE = Path(__file__).resolve().parent.parent
DOSSIER_PROFILS = RACINE / "dossiers" / "cdg"


class Deliberation(Modele):
    """The board deliberation that created the offer and set its tariffs."""

    numero: Texte
    date: DateCarriere


class Tribunal(Modele):
    """The administrative court competent for disputes."""

    nom: Texte
    adresse: Texte
    site: Texte | None = None


class Etape(Modele):
    """A step of a phase as the CDG's methodology table gives it: its objectives and their modality."""

    objectifs: list[Texte] = Field(min_length=1)
    modalite: Modalite
    duree: Duree
    duree_max: Duree | None = None  # a range: CDG31's personal work of 3 to 6 h

    @model_validator(mode="after")
    def _ordre(self) -> Etape:
        if self.duree_max is not None and self.duree_max <= self.duree:
            raise erreur("« duree_max » ne dépasse pas « duree »", "donnez une durée maximale plus longue")
        return self


class PhaseOffre(Modele):
    """One phase of the methodology table: its objectives, or its steps each with its own modality."""

    phase: Phase
    objectifs: list[Texte] = Field(default_factory=list)
    etapes: list[Etape] = Field(default_factory=list)

    @model_validator(mode="after")
    def _objectifs_ou_etapes(self) -> PhaseOffre:
        if bool(self.objectifs) == bool(self.etapes):
            raise erreur(
                "une phase donne soit ses « objectifs », soit ses « etapes »",
                "gardez l'une des deux listes, non vide",
            )
        return self

    @property
    def tous_objectifs(self) -> list[str]:
        """The phase's objectives, those of its steps in order."""
        return list(self.objectifs) or [o for e in self.etapes for o in e.objectifs]


def _marques_d_accord(texte: str) -> str:
    """A text whose every brace is a well-formed agreement mark (`{agent:l'agent|l'agente}`)."""
    rest = vocabulaire.MARQUE_ACCORD.sub("", texte)
    if "{" in rest or "}" in rest:
        raise erreur(
            f"« {texte} » a une accolade qui n'est pas une marque d'accord",
            "écrivez par exemple « {agent:l'agent|l'agente} » ou « {conseiller:le conseiller|la conseillère} »",
        )
    return texte


# A profile's text that agrees with the agent and the adviser through its marks.
TexteAccorde = Annotated[Texte, AfterValidator(_marques_d_accord)]


class Contact(Modele):
    """A contact before the course (first contact, tripartite meeting) and what follows it."""

    intitule: Texte
    objectifs: list[TexteAccorde] = Field(min_length=1)
    retour: list[TexteAccorde] = Field(default_factory=list)


class Bornes(Modele):
    """An inclusive range."""

    min: PositiveInt
    max: PositiveInt

    @model_validator(mode="after")
    def _ordre(self) -> Bornes:
        if self.min > self.max:
            raise erreur(f"le minimum ({self.min}) dépasse le maximum ({self.max})", "inversez-les")
        return self


class MontantsParStatut(Modele):
    """Amount per agent for each employer status."""

    affilie: Montant
    adherent: Montant
    non_affilie: Montant


class TarifForfait(Modele):
    """A fixed amount per agent, by employer status (CDG31)."""

    modele: Literal["forfait_par_agent"]
    montants: MontantsParStatut


class TarifHoraire(Modele):
    """An hourly rate times a number of hours within bounds (CDG33)."""

    modele: Literal["taux_horaire"]
    taux: Montant
    heures_min: DureeFacturee
    heures_max: DureeFacturee

    @model_validator(mode="after")
    def _ordre(self) -> TarifHoraire:
        if self.heures_min > self.heures_max:
            raise erreur("« heures_min » dépasse « heures_max »", "inversez-les")
        return self


Tarif = Annotated[TarifForfait | TarifHoraire, Field(discriminator="modele")]


class Facturation(Modele):
    """When and how the employer is invoiced and pays."""

    delai_paiement_jours: PositiveInt
    a_l_interruption: OuiNon = False
    prorata_31_decembre: OuiNon = False
    chorus_pro: OuiNon = False
    comptable: Texte | None = None


class Interruption(Modele):
    """What happens when the agent stops the course."""

    delai_jours: PositiveInt
    report_session_ulterieure: OuiNon = False


class Engagements(Modele):
    """What each party commits to, in the CDG's own text (a party the text gives nothing for: empty list).

    A text agrees with the agent and the adviser through its marks: `{agent:l'agent|l'agente}`.
    """

    employeur: list[TexteAccorde] = Field(min_length=1)
    agent: list[TexteAccorde] = Field(min_length=1)
    cdg: list[TexteAccorde] = Field(default_factory=list)


class Offre(Modele):
    """The CDG's offer: format, hours, months, group, phases, tariff."""

    intitule: Intitule  # the DOCX subject (255 characters at most)
    # What the convention's subtitle calls the accompaniment (CDG31: its model's own title).
    accompagnement: Texte = "accompagnement personnalisé à l'évolution professionnelle"
    format: FormatOffre
    heures_seances_entretiens: DureeFacturee | None = None
    heures_texte: Texte
    duree_mois: Bornes
    groupe: Bornes
    lieu: TexteAccorde
    phases: list[PhaseOffre] = Field(min_length=1)
    contacts: list[Contact] = Field(default_factory=list)
    tarif: Tarif
    # The text that sets the tariff, as the documents cite it (« la délibération n° 2025-19 du … »).
    fondement_tarif: Texte
    facturation: Facturation
    interruption: Interruption | None = None
    validite_proposition_jours: PositiveInt | None = None  # None: the CDG's texts set no validity
    synthese_employeur: TexteAccorde
    # The investigation tools the CDG's text names (CDG31's model: its questionnaires and tests).
    outils: list[Texte] = Field(default_factory=list)
    # The CDG's text says it is insured for civil liability for its missions (CDG31's model, article 10).
    assurance_responsabilite_civile: OuiNon = False
    # The employer declares its number of civil servants in the convention (CDG31's model, its parties).
    effectif_dans_la_convention: OuiNon = False
    # Issue 13: the CDG's rule has the employer receive a summary of the synthesis (CDG33), so that a
    # filled synthesis without the agent's agreement is worth a warning.
    synthese_employeur_attendue: OuiNon = False
    engagements: Engagements


class DeliberationEmployeur(Modele):
    """Issue 13: the facts of the employer's model deliberation to use the CDG's mission (from the CDG's texts)."""

    visas: list[Texte] = Field(min_length=1)  # « Vu … » : the legal grounds
    considerants: list[Texte] = Field(min_length=1)  # « Considérant que … »
    convention: Texte  # the convention the employer's representative is given authority to sign
    # CDG46: the BPP must be part of the employer's offer of personalised support (décret n° 2022-1043).
    offre_accompagnement: OuiNon = False


class Profil(Modele):
    """Everything about one CDG that documents print."""

    id: Identifiant
    nom: Intitule  # the author of every PDF and DOCX
    sigle: Identifiant
    adresse: Adresse
    siret: Siret
    telephone: Texte | None = None
    email: Email | None = None
    site: Texte | None = None
    representant: Representant
    fondement: Texte
    deliberation: Deliberation
    ville_signature: Texte
    dpo_email: Email
    tribunal: Tribunal
    service: Texte
    conseiller: Conseiller | None = None
    offre: Offre
    # The CDG's own name of a document, where it differs from the registry's (CDG46: « Proposition
    # d'intervention »): printed as its title, in footers and in the PDF's metadata.
    titres: dict[Texte, Texte] = Field(default_factory=dict)
    a_verifier: list[Texte] = Field(default_factory=list)
    # Issue 13: with it, each employer of a session gets a model deliberation for its assembly.
    deliberation_employeur: DeliberationEmployeur | None = None

    @field_validator("titres")
    @classmethod
    def _titres_de_documents_connus(cls, titres: dict[str, str]) -> dict[str, str]:
        unknown = sorted(set(titres) - set(DOCUMENTS))
        if unknown:
            raise erreur(f"« {unknown[0]} » n'est pas un document connu", f"choisissez parmi : {', '.join(DOCUMENTS)}")
        return titres

    def titre(self, document: str) -> str:
        """The title of a document for this CDG."""
        return self.titres.get(document, DOCUMENTS[document].titre)


def gabarits_du_profil(dossier: Path, identifiant: str) -> Path:
    """The folder of a CDG's own Word templates, which replace the defaults for its sessions (it may not exist)."""
    return dossier / identifiant / "gabarits"


def profils_connus(dossier: Path = DOSSIER_PROFILS) -> list[str]:
    """Ids of the profiles in `dossier`, sorted."""
    return sorted(p.stem for p in dossier.glob("*.yaml"))


def charger_profil(identifiant: str, dossier: Path = DOSSIER_PROFILS) -> Profil:
    """Load and check one profile; raise `DossierInvalide` with every problem found."""
    fichier = dossier / f"{identifiant}.yaml"
    arbre = charger_yaml(fichier)
    try:
        profil = Profil.model_validate(arbre.donnees)
    except ValidationError as errors:
        raise DossierInvalide(messages.traduire(errors, arbre, Profil)) from None
    if profil.id != identifiant:
        raise DossierInvalide(
            [
                messages.probleme(
                    arbre,
                    ("id",),
                    f"l'identifiant « {profil.id} » ne correspond pas au nom du fichier",
                    f"écrivez « id: {identifiant} »",
                )
            ]
        )
    return profil
