"""Value types of a dossier: dates, durations, vocabularies, SIRET, e-mail.

Each type reads the string the loader gives and either returns a typed value or raises an
error whose French message and fix the messages module prints as they are.

Every type is bounded (lengths of texts, numbers, durations, a window of dates): a value that
passes fits every document format (PDF, DOCX, iCalendar, file names) without overflowing any.
"""

from __future__ import annotations

import calendar
import difflib
import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from email_validator import EmailNotValidError, validate_email
from pydantic import BeforeValidator, Field, WithJsonSchema
from pydantic_core import PydanticCustomError
from stdnum.exceptions import InvalidChecksum, InvalidFormat, InvalidLength
from stdnum.fr import siret as stdnum_siret

from generator import vocabulaire
from generator.errors import apercu, chiffres

ERREUR = "bpp"


def erreur(message: str, correction: str) -> PydanticCustomError:
    """An error carrying its own French message and fix."""
    return PydanticCustomError(ERREUR, "{message}", {"message": message, "correction": correction})


_LONGUEUR_SIMPLE = 100  # characters of a date, a duration, a SIRET, an e-mail or a word of a vocabulary


def _simple(valeur: Any, attendu: str) -> str:
    """The value as stripped text, or an error when it is empty, far too long or not a single value."""
    if valeur is None or (isinstance(valeur, str) and not valeur.strip()):
        raise erreur("la valeur est vide", f"indiquez {attendu}")
    if isinstance(valeur, (dict, list)):
        raise erreur("une valeur simple est attendue ici, pas une liste ni des sous-clés", f"indiquez {attendu}")
    text = str(valeur).strip()
    if len(text) > _LONGUEUR_SIMPLE:
        raise erreur(
            f"la valeur « {apercu(text)} » est bien trop longue ({chiffres(len(text))} caractères)",
            f"indiquez {attendu}",
        )
    return text


_DATE_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DATE_FR = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_HEURE = re.compile(r"^(\d{1,2})\s*[:hH]\s*(\d{2})?$")
_DUREE_H = re.compile(r"^(\d+)\s*h\s*(\d{1,2})?$", re.IGNORECASE)
_DUREE_NOMBRE = re.compile(r"^\d+([.,]\d+)?$")


# Dates of a procedure (sending, consent, sessions, interviews) and of a career (taking up a post).
PERIODE_PROCEDURE = (date(2000, 1, 1), date(2099, 12, 31))
PERIODE_CARRIERE = (date(1950, 1, 1), date(2099, 12, 31))


def lire_date(valeur: Any, periode: tuple[date, date] = PERIODE_PROCEDURE) -> date:
    """`2026-02-03` or `03/02/2026` -> date within `periode`; an impossible date is explained."""
    if isinstance(valeur, datetime):
        valeur = valeur.date()
    if isinstance(valeur, date):
        return _dans_la_periode(valeur.isoformat(), valeur, periode)
    text = _simple(valeur, "une date, par exemple 2026-02-03")
    iso, fr = _DATE_ISO.match(text), _DATE_FR.match(text)
    if iso:
        year, month, day = (int(g) for g in iso.groups())
    elif fr:
        day, month, year = (int(g) for g in fr.groups())
    else:
        raise erreur(
            f"« {text} » n'est pas une date",
            "écrivez-la 2026-02-03 ou 03/02/2026",
        )
    if not periode[0].year <= year <= periode[1].year:  # before date(): year 0 or 9999 + 1 day overflow
        raise _hors_periode(text, periode)
    return _dans_la_periode(text, _date_existante(text, year, month, day), periode)


def _dans_la_periode(text: str, jour: date, periode: tuple[date, date]) -> date:
    if not periode[0] <= jour <= periode[1]:
        raise _hors_periode(text, periode)
    return jour


def _hors_periode(text: str, periode: tuple[date, date]) -> PydanticCustomError:
    first, last = (f"{'1er' if d.day == 1 else d.day} {MOIS[d.month - 1]} {d.year}" for d in periode)
    return erreur(f"la date « {text} » est hors de la période acceptée, du {first} au {last}", "vérifiez l'année")


def _date_existante(text: str, year: int, month: int, day: int) -> date:
    if not 1 <= month <= 12:
        raise erreur(f"la date « {text} » n'existe pas (il n'y a pas de mois {month})", "corrigez le mois")
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        month_name = MOIS[month - 1]
        raise erreur(
            f"la date « {text} » n'existe pas ({month_name} {year} n'a que {last} jours)",
            "corrigez le jour",
        )
    return date(year, month, day)


MOIS = [
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
]  # fmt: skip


def lire_date_heure(valeur: Any) -> datetime:
    """`2026-02-03T09:00`, `2026-02-03 09:00` or `03/02/2026 9h00` -> datetime."""
    if isinstance(valeur, datetime):
        return valeur
    text = _simple(valeur, "une date et une heure, par exemple 2026-02-03T09:00")
    parts = re.split(r"[T\s]+", text, maxsplit=1)
    hour = _HEURE.match(parts[1].strip()) if len(parts) == 2 else None
    if hour is None:
        raise erreur(
            f"« {text} » n'est pas une date avec une heure",
            "écrivez-la 2026-02-03T09:00 ou 03/02/2026 09:00",
        )
    day = lire_date(parts[0])
    hours, minutes = int(hour.group(1)), int(hour.group(2) or 0)
    if hours > 23 or minutes > 59:
        raise erreur(f"l'heure de « {text} » n'existe pas", "indiquez une heure entre 00:00 et 23:59")
    return datetime(day.year, day.month, day.day, hours, minutes)


HEURES_SEANCE_MAX = 40  # a session, an interview or a stretch of personal work
HEURES_FACTUREES_MAX = 200  # hours billed for an agent, hours of an offer


def lire_duree(valeur: Any, heures_max: int = HEURES_FACTUREES_MAX) -> int:
    """`4h`, `2h30`, `1.5` or `1,5` (hours) -> minutes; never zero or negative, at most `heures_max` hours."""
    text = _simple(valeur, "une durée, par exemple 2h30")
    by_units = _DUREE_H.match(text)
    if by_units:
        minutes = int(by_units.group(1)) * 60 + int(by_units.group(2) or 0)
        if by_units.group(2) and int(by_units.group(2)) >= 60:
            raise erreur(f"la durée « {text} » a plus de 59 minutes", "écrivez par exemple 2h30")
    elif _DUREE_NOMBRE.match(text):
        hours = Decimal(text.replace(",", "."))
        minutes_exact = hours * 60
        if minutes_exact != minutes_exact.to_integral_value():
            raise erreur(f"la durée « {text} » ne tombe pas sur une minute entière", "écrivez par exemple 2h30")
        minutes = int(minutes_exact)
    else:
        raise erreur(
            f"« {text} » n'est pas une durée" + (" positive" if text.startswith("-") else ""),
            "écrivez-la 4h, 2h30 ou 1.5 (en heures)",
        )
    if minutes <= 0:
        raise erreur(f"la durée « {text} » est nulle", "indiquez une durée positive, par exemple 2h")
    if minutes > heures_max * 60:
        raise erreur(f"la durée « {text} » dépasse {heures_max} h", f"indiquez au plus {heures_max} h")
    return minutes


def lire_montant(valeur: Any) -> Decimal:
    """An amount in euros, `1310`, `1310.00` or `1 310,00`, positive, to the cent."""
    text = _simple(valeur, "un montant en euros").replace("\u202f", "").replace("\u00a0", "").replace(" ", "")
    text = text.removesuffix("€").replace(",", ".")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise erreur(f"« {valeur} » n'est pas un montant", "écrivez-le en euros, par exemple 1310 ou 52.50") from None
    if amount <= 0 or amount != amount.quantize(Decimal("0.01")):
        raise erreur(f"le montant « {valeur} » n'est pas valable", "indiquez un montant positif, au centime près")
    return amount.quantize(Decimal("0.01"))


def lire_siret(valeur: Any) -> str:
    """A SIRET checked by python-stdnum (14 digits and Luhn key), spaces removed."""
    text = _simple(valeur, "le SIRET (14 chiffres)")
    try:
        return stdnum_siret.validate(text)
    except InvalidLength:
        digits = len(re.sub(r"\D", "", text))
        raise erreur(
            f"le SIRET « {text} » a {digits} chiffres au lieu de 14",
            "recopiez-le depuis l'avis de situation SIRENE ou annuaire-entreprises.data.gouv.fr",
        ) from None
    except InvalidFormat:
        raise erreur(f"le SIRET « {text} » ne doit contenir que des chiffres", "retirez lettres et signes") from None
    except InvalidChecksum:
        raise erreur(
            f"le SIRET « {text} » n'est pas valide (clé de contrôle fausse, sans doute une faute de frappe)",
            "vérifiez chaque chiffre sur l'avis de situation SIRENE",
        ) from None


def lire_email(valeur: Any) -> str:
    """An e-mail address checked for syntax (not for existence)."""
    text = _simple(valeur, "une adresse électronique")
    try:
        return validate_email(text, check_deliverability=False).normalized
    except EmailNotValidError:
        raise erreur(f"« {text} » n'est pas une adresse électronique", "écrivez-la nom@domaine.fr") from None


_OUI = {"oui", "o", "true", "vrai", "yes", "1"}
_NON = {"non", "n", "false", "faux", "no", "0"}


def lire_oui_non(valeur: Any) -> bool:
    """`oui`/`non` (or `true`/`false`) -> bool."""
    if isinstance(valeur, bool):
        return valeur
    text = vocabulaire.normaliser(_simple(valeur, "true (oui) ou false (non)"))
    if text in _OUI:
        return True
    if text in _NON:
        return False
    raise erreur(f"« {valeur} » n'est ni oui ni non", "écrivez true (oui) ou false (non)")


def lecteur_vocabulaire(vocab: dict[str, str]):
    """A validator accepting any spelling of a key of `vocab` (case, accents, spaces)."""

    def lire(valeur: Any) -> str:
        text = _simple(valeur, "une valeur parmi : " + ", ".join(vocab))
        key = vocabulaire.reconnaitre(text, vocab)
        if key is not None:
            return key
        close = difflib.get_close_matches(vocabulaire.normaliser(text), list(vocab), n=1, cutoff=0.6)
        hint = f" (vouliez-vous dire « {close[0]} » ?)" if close else ""
        raise erreur(
            f"« {text} » n'est pas une valeur possible{hint}",
            "choisissez parmi : " + ", ".join(vocab),
        )

    return lire


def _schema_vocabulaire(vocab: dict[str, str], description: str) -> dict:
    spellings = list(dict.fromkeys([*vocab, *(k.replace("_", " ") for k in vocab)]))
    return {"type": "string", "enum": spellings, "description": description}


def _vocab(vocab: dict[str, str], description: str):
    return Annotated[
        str,
        BeforeValidator(lecteur_vocabulaire(vocab)),
        WithJsonSchema(_schema_vocabulaire(vocab, description + " (majuscules et accents indifférents)")),
    ]


def lecteur_texte(longueur_max: int, adresse: bool = False):
    """A validator of free text: stripped, at most `longueur_max` characters, on one line.

    Line breaks (a YAML block `|`, a `\\n` escape) would end an iCalendar line or vanish in a title:
    they become a space, or in an address a comma, `29 avenue de Toulouse, 31320 Castanet-Tolosan`.
    """

    def lire(valeur: Any) -> Any:
        if not isinstance(valeur, str):
            return valeur  # the model says what is wrong with a list, sub-keys or nothing
        lines = [line.strip() for line in _FINS_DE_LIGNE.split(valeur.strip())]
        if adresse:
            text = ", ".join(line.rstrip(",") for line in lines if line)
        else:
            text = " ".join(line for line in lines if line)
        if not text:
            raise erreur("la valeur est vide", "indiquez une valeur après les deux-points")
        if len(text) > longueur_max:
            raise erreur(
                f"le texte fait {chiffres(len(text))} caractères, plus que les {longueur_max} acceptés ici",
                f"raccourcissez-le (« {apercu(text, 30)} »)",
            )
        return text

    return lire


_FINS_DE_LIGNE = re.compile("\r\n|[\n\r\u2028\u2029]")


def _texte(longueur_max: int, adresse: bool = False):
    return Annotated[
        str,
        BeforeValidator(lecteur_texte(longueur_max, adresse)),
        Field(json_schema_extra={"minLength": 1, "maxLength": longueur_max}),
    ]


# Lengths are in characters. A document title joins a document's name, the session reference and a
# name or a denomination: with these bounds it stays under the 255 characters of a DOCX title.
Texte = _texte(1000)  # a profile's paragraphs
Identifiant = _texte(40)  # ids, the session reference, the profile, a telephone number
Nom = _texte(80)  # a first name, a surname
Intitule = _texte(150)  # titles, functions, a representative's title, an employer's legal name (SIRENE: 120)
Adresse = _texte(300, adresse=True)  # a postal address or a place, on one or several lines
Mention = _texte(300)  # the powers of a representative
CodeChorus = _texte(100)  # Chorus Pro: an employer's service code (100 characters), its legal commitment (50)
Phase = _vocab(vocabulaire.PHASES, "Phase du bilan")
PartieSynthese = _vocab(vocabulaire.PARTIES_SYNTHESE, "Partie du document de synthèse")
Modalite = _vocab(vocabulaire.MODALITES, "Modalité de la séance ou de l'entretien")
StatutEmployeur = _vocab(vocabulaire.STATUTS_EMPLOYEUR, "Statut de l'employeur vis-à-vis du CDG")
StatutAgent = _vocab(vocabulaire.STATUTS_AGENT, "Statut de l'agent")
Categorie = _vocab(vocabulaire.CATEGORIES, "Catégorie de l'agent")
Civilite = Annotated[
    str,
    BeforeValidator(lecteur_vocabulaire(vocabulaire.CIVILITES)),
    WithJsonSchema({"type": "string", "enum": ["M.", "Mme"], "description": "Civilité"}),
]
FormatOffre = _vocab(vocabulaire.FORMATS_OFFRE, "Format de l'offre")


def _date(periode: tuple[date, date], description: str):
    return Annotated[
        date,
        BeforeValidator(lambda valeur: lire_date(valeur, periode)),
        WithJsonSchema({"type": "string", "description": description, "examples": ["2026-02-03"]}),
    ]


Date = _date(PERIODE_PROCEDURE, "Date : 2026-02-03 ou 03/02/2026 (de 2000 à 2099)")
DateCarriere = _date(PERIODE_CARRIERE, "Date : 2026-02-03 ou 03/02/2026 (de 1950 à 2099)")
DateHeure = Annotated[
    datetime,
    BeforeValidator(lire_date_heure),
    WithJsonSchema(
        {
            "type": "string",
            "description": "Date et heure : 2026-02-03T09:00 ou 03/02/2026 09:00 (de 2000 à 2099)",
            "examples": ["2026-02-03T09:00"],
        }
    ),
]


def _duree(heures_max: int):
    return Annotated[
        int,
        BeforeValidator(lambda valeur: lire_duree(valeur, heures_max)),
        WithJsonSchema(
            {
                "type": ["string", "number"],
                "description": f"Durée : 4h, 2h30 ou un nombre d'heures (1.5), au plus {heures_max} h",
                "examples": ["2h", "2h30"],
            }
        ),
    ]


Duree = _duree(HEURES_SEANCE_MAX)
DureeFacturee = _duree(HEURES_FACTUREES_MAX)
EFFECTIF_MAX = 500_000
Effectif = Annotated[
    int,
    BeforeValidator(lambda valeur: _simple(valeur, "un nombre entier") if isinstance(valeur, str) else valeur),
    Field(ge=0, le=EFFECTIF_MAX),
]
Montant = Annotated[
    Decimal,
    BeforeValidator(lire_montant),
    WithJsonSchema({"type": ["number", "string"], "description": "Montant en euros", "examples": [1310]}),
]
Siret = Annotated[
    str,
    BeforeValidator(lire_siret),
    WithJsonSchema({"type": "string", "pattern": "^[0-9 ]{14,17}$", "description": "SIRET (14 chiffres)"}),
]
Email = Annotated[
    str,
    BeforeValidator(lire_email),
    WithJsonSchema({"type": "string", "format": "email", "description": "Adresse électronique"}),
]
OuiNon = Annotated[
    bool,
    BeforeValidator(lire_oui_non),
    WithJsonSchema({"type": ["boolean", "string"], "description": "true (oui) ou false (non)"}),
]
