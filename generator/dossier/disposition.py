"""The layout of a dossier workbook: its sheets, their columns, French headers, instructions, choices.

One place for the layout: the reader (`classeur`) finds the columns by these headers, the writer
(`generator.ecriture_classeur`) writes them, and the README describes them.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator import vocabulaire

# Kinds of column: how a cell is read and how it is formatted.
TEXTE, DATE, DATE_HEURE, DUREE, ENTIER, SIRET, OUI_NON, CHOIX = (
    "texte", "date", "date_heure", "duree", "entier", "siret", "oui_non", "choix",
)  # fmt: skip

# Lists that are not a fixed vocabulary: the CDG profiles, the employers' ids of the workbook.
LISTE_CDG, LISTE_EMPLOYEURS = "cdg", "employeurs"

OUI, NON = "Oui", "Non"

# The word a dropdown shows for a vocabulary key, where `key.replace("_", " ").capitalize()` is not it.
_LIBELLES_CHOIX = {
    "affilie": "Affilié",
    "adherent": "Adhérent",
    "non_affilie": "Non affilié",
    "plan_action": "Plan d'action",
    "M.": "M.",
    "Mme": "Mme",
}


def libelle_choix(cle: str) -> str:
    """What a dropdown shows for a vocabulary key: `non_affilie` -> `Non affilié`."""
    return _LIBELLES_CHOIX.get(cle) or cle.replace("_", " ").capitalize()


@dataclass(frozen=True, eq=False)  # each column is one of a kind: compared and hashed as itself
class Colonne:
    """One column of a sheet: where its value goes in an item of the dossier, and how it reads."""

    chemin: tuple[str, ...]  # inside the item: ("representant", "civilite")
    libelle: str  # the header a secretary reads
    consigne: str  # the instruction line under the header
    sorte: str = TEXTE
    obligatoire: bool = False
    vocabulaire: dict[str, str] | None = None  # for CHOIX
    liste: str = ""  # LISTE_CDG or LISTE_EMPLOYEURS: a dropdown that is not a vocabulary
    lien: bool = False  # names the agent an interview belongs to (sheet Entretiens)
    largeur: int = 18

    @property
    def choix(self) -> list[str]:
        """The words of its dropdown, for a vocabulary or yes/no column."""
        if self.sorte == OUI_NON:
            return [OUI, NON]
        return [libelle_choix(key) for key in self.vocabulaire or {}]


@dataclass(frozen=True, eq=False)
class Feuille:
    """One sheet: one row per item of a list of the dossier (or the single row of the session)."""

    nom: str
    chemin: tuple[str, ...]  # the list in the dossier; () for the sheet Session, whose row is the root
    element: str  # what a row describes, in French: « agent »
    colonnes: tuple[Colonne, ...]
    obligatoire: bool = False  # the sheet must be there with at least one row
    unique: bool = False  # exactly one row
    groupes_obligatoires: tuple[tuple[str, ...], ...] = ()  # sub-keys that exist even when all their cells are empty

    def colonne(self, cle: str) -> Colonne | None:
        """The column of a key of the item (`consentement`), preferring the item's own keys to a group's."""
        own = [c for c in self.colonnes if c.chemin == (cle,) and not c.lien]
        nested = [c for c in self.colonnes if c.chemin[-1] == cle and not c.lien]
        return (own or nested or [None])[0]


def _choix(chemin: tuple[str, ...], libelle: str, consigne: str, vocab: dict[str, str], **reste) -> Colonne:
    return Colonne(chemin, libelle, consigne, CHOIX, vocabulaire=vocab, largeur=16, **reste)


_DUREE = "4h, 2h30 ou 1,5 (en heures)"
_DEBUT = "Date et heure : 03/02/2026 09:00"

SESSION = Feuille(
    "Session",
    (),
    "session",
    (
        Colonne(("cdg",), "CDG", "Profil du centre de gestion", obligatoire=True, liste=LISTE_CDG, largeur=10),
        Colonne(("session", "reference"), "Référence", "Par exemple BPPC-2026-01", obligatoire=True),
        Colonne(
            ("session", "intitule"), "Intitulé", "Par exemple Session de printemps 2026", obligatoire=True, largeur=30
        ),
        Colonne(
            ("session", "date_envoi"), "Date d'envoi", "Date des propositions et courriers", DATE, True, largeur=14
        ),
        Colonne(("session", "lieu"), "Lieu", "Adresse complète des séances", obligatoire=True, largeur=40),
        _choix(
            ("session", "conseiller", "civilite"),
            "Civilité du conseiller",
            "Conseiller : facultatif si le profil CDG en a un",
            vocabulaire.CIVILITES,
        ),
        Colonne(("session", "conseiller", "prenom"), "Prénom du conseiller", "Prénom"),
        Colonne(("session", "conseiller", "nom"), "Nom du conseiller", "Nom"),
        Colonne(("session", "conseiller", "email"), "Courriel du conseiller", "nom@cdg.fr", largeur=26),
        Colonne(("session", "conseiller", "telephone"), "Téléphone du conseiller", "05 00 00 00 00"),
    ),
    obligatoire=True,
    unique=True,
    groupes_obligatoires=(("session",),),
)

SEANCES = Feuille(
    "Séances",
    ("session", "seances"),
    "séance",
    (
        Colonne(("intitule",), "Intitulé", "Titre affiché dans le calendrier", obligatoire=True, largeur=40),
        _choix(("phase",), "Phase", "Phase du bilan", vocabulaire.PHASES, obligatoire=True),
        _choix(
            ("modalite",), "Modalité", "Atelier, visio ou travail personnel", vocabulaire.MODALITES, obligatoire=True
        ),
        Colonne(("debut",), "Début", _DEBUT + " ; vide pour le travail personnel", DATE_HEURE, largeur=18),
        Colonne(("duree",), "Durée", _DUREE, DUREE, True, largeur=12),
        Colonne(("lieu",), "Lieu", "S'il diffère de celui de la session", largeur=30),
    ),
)

# Invoicing (issue 13): Chorus Pro's references of an employer, what actually happened for an agent.
_COLONNES_FACTURATION_EMPLOYEUR = (
    Colonne(("code_service",), "Code service", "Chorus Pro, si l'employeur en a un", largeur=16),
    Colonne(("engagement_juridique",), "Engagement juridique", "Chorus Pro, si l'employeur en donne un", largeur=18),
)
_COLONNES_FACTURATION_AGENT = (
    Colonne(("heures_realisees",), "Heures réalisées", "Pour la facture (taux horaire)", DUREE, largeur=12),
    Colonne(("interruption",), "Interruption", "Date à laquelle l'agent a interrompu", DATE, largeur=14),
    Colonne(("remobilisation",), "Remobilisation", "Date de reprise après l'interruption", DATE, largeur=14),
)

EMPLOYEURS = Feuille(
    "Employeurs",
    ("employeurs",),
    "employeur",
    (
        Colonne(("id",), "Identifiant", "Mot court, repris dans la feuille Agents", obligatoire=True, largeur=14),
        Colonne(("denomination",), "Dénomination", "Commune de …", obligatoire=True, largeur=34),
        Colonne(("adresse",), "Adresse", "Adresse postale complète", obligatoire=True, largeur=40),
        Colonne(("siret",), "SIRET", "14 chiffres", SIRET, True, largeur=17),
        _choix(("statut",), "Statut", "Vis-à-vis du CDG", vocabulaire.STATUTS_EMPLOYEUR, obligatoire=True),
        Colonne(
            ("effectif_fonctionnaires",),
            "Fonctionnaires",
            "Titulaires et stagiaires (nombre)",
            ENTIER,
            True,
            largeur=14,
        ),
        _choix(
            ("representant", "civilite"),
            "Civilité du représentant",
            "Qui signe",
            vocabulaire.CIVILITES,
            obligatoire=True,
        ),
        Colonne(("representant", "prenom"), "Prénom du représentant", "Prénom", obligatoire=True),
        Colonne(("representant", "nom"), "Nom du représentant", "Nom", obligatoire=True),
        Colonne(("representant", "qualite"), "Qualité du représentant", "Maire, Président…", obligatoire=True),
        Colonne(("pouvoirs",), "Pouvoirs", "Délibération n° … du …", obligatoire=True, largeur=40),
        *_COLONNES_FACTURATION_EMPLOYEUR,
    ),
    obligatoire=True,
    groupes_obligatoires=(("representant",),),
)

AGENTS = Feuille(
    "Agents",
    ("agents",),
    "agent",
    (
        _choix(("civilite",), "Civilité", "M. ou Mme", vocabulaire.CIVILITES, obligatoire=True),
        Colonne(("nom",), "Nom", "Nom de famille", obligatoire=True),
        Colonne(("prenom",), "Prénom", "Prénom usuel", obligatoire=True),
        Colonne(("id",), "Identifiant", "Seulement pour deux agents de même nom", largeur=12),
        Colonne(("employeur",), "Employeur", "Identifiant (feuille Employeurs)", liste=LISTE_EMPLOYEURS, largeur=14),
        Colonne(("fonction",), "Fonction", "Telle qu'imprimée dans les documents", obligatoire=True, largeur=30),
        _choix(("categorie",), "Catégorie", "A, B ou C", vocabulaire.CATEGORIES, obligatoire=True),
        _choix(
            ("statut",), "Statut", "Titulaire, stagiaire ou contractuel", vocabulaire.STATUTS_AGENT, obligatoire=True
        ),
        Colonne(("date_prise_fonction",), "Prise de fonction", "Date", DATE, True, largeur=14),
        Colonne(("consentement",), "Consentement", "Date du recueil du consentement", DATE, largeur=14),
        Colonne(("rqth",), "RQTH", "Oui : public de l'article L. 5212-13", OUI_NON, largeur=8),
        Colonne(("heures",), "Heures facturées", "Offre au taux horaire seulement", DUREE, largeur=12),
        Colonne(("email",), "Courriel", "Facultatif", largeur=26),
        Colonne(
            ("visio_tripartite", "debut"),
            "Visio tripartite",
            "Entretien tripartite en visio avant le bilan : " + _DEBUT,
            DATE_HEURE,
            largeur=18,
        ),
        Colonne(("visio_tripartite", "duree"), "Durée de la visio", "30 min si vide", DUREE, largeur=12),
        *_COLONNES_FACTURATION_AGENT,
        # Issue 13: the agent's agreement to share parts of the synthesis with the employer.
        Colonne(
            ("synthese_employeur", "accord"),
            "Accord synthèse",
            "Date de l'accord de l'agent pour transmettre sa synthèse",
            DATE,
            largeur=14,
        ),
        Colonne(
            ("synthese_employeur", "parties"),
            "Parties transmises",
            "Lancement, Analyse, Plan d'action, Conclusion : celles que l'agent accepte",
            largeur=30,
        ),
    ),
    obligatoire=True,
)

ENTRETIENS = Feuille(
    "Entretiens",
    ("agents", "entretiens"),  # each row goes to the `entretiens` of the agent it names
    "entretien",
    (
        Colonne(("nom",), "Nom de l'agent", "Comme dans la feuille Agents", obligatoire=True, lien=True),
        Colonne(("prenom",), "Prénom de l'agent", "Comme dans la feuille Agents", obligatoire=True, lien=True),
        Colonne(("id",), "Identifiant de l'agent", "Seulement s'il en a un", lien=True, largeur=12),
        Colonne(("intitule",), "Intitulé", "Titre affiché dans le calendrier", obligatoire=True, largeur=30),
        _choix(("phase",), "Phase", "Phase du bilan", vocabulaire.PHASES, obligatoire=True),
        _choix(("modalite",), "Modalité", "Entretien individuel si vide", vocabulaire.MODALITES),
        Colonne(("debut",), "Début", _DEBUT, DATE_HEURE, True, largeur=18),
        Colonne(("duree",), "Durée", _DUREE, DUREE, True, largeur=12),
    ),
)

FEUILLES = (SESSION, SEANCES, EMPLOYEURS, AGENTS, ENTRETIENS)
LIGNE_EN_TETES, LIGNE_CONSIGNES, PREMIERE_LIGNE = 1, 2, 3  # rows of the workbook we write


def lettre(index: int) -> str:
    """Spreadsheet column letters of a column counted from 0: 0 -> A, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters
