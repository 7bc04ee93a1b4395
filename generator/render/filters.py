"""French formatting of dates, durations, amounts and agreement: registered once, used by every
format (PDF, DOCX, ICS) and by the messages."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from decimal import Decimal

from babel.dates import format_date
from babel.numbers import format_currency, format_decimal
from num2words import num2words

from generator import vocabulaire

LOCALE = "fr_FR"


def date_longue(jour: date | datetime) -> str:
    """`3 février 2026`, `1er mars 2026`."""
    if isinstance(jour, datetime):
        jour = jour.date()
    text = format_date(jour, format="d MMMM y", locale=LOCALE)
    return "1er" + text[1:] if jour.day == 1 else text


A_COMPLETER = "……………………"  # a dotted line for the signatory to fill in


def date_si_passee(jour: date | None, date_du_document: date) -> str:
    """`20 janvier 2026` when that day is not after the document's own date, else a dotted line to fill in.

    A document never states what has not happened yet: a consent collected after the proposal's
    date is printed once the proposal is regenerated after it.
    """
    if jour is None or jour > date_du_document:
        return A_COMPLETER
    return date_longue(jour)


_COUPURE_ADRESSE = re.compile(r",\s*(?=(?:CS|BP|TSA)\s+\d|\d{5}\s)")


def adresse_postale(adresse: str) -> list[str]:
    """The lines of an address as La Poste writes them: `29 avenue de Toulouse`, `31320 Castanet-Tolosan`.

    A line starts at each comma followed by a postcode or a postal box (`CS 37666`, `BP 70007`);
    an address without any stays on one line.
    """
    return [line.strip() for line in _COUPURE_ADRESSE.split(adresse) if line.strip()]


def date_courte(jour: date | datetime) -> str:
    """`03/02/2026`."""
    return format_date(jour, format="dd/MM/y", locale=LOCALE)


def jour_semaine(jour: date | datetime) -> str:
    """`mardi 3 février 2026`."""
    return f"{format_date(jour, format='EEEE', locale=LOCALE)} {date_longue(jour)}"


def heure(moment: datetime) -> str:
    """`9 h 00`."""
    return f"{moment.hour} h {moment.minute:02d}"


def date_heure(moment: datetime) -> str:
    """`mardi 3 février 2026 à 9 h 00`."""
    return f"{jour_semaine(moment)} à {heure(moment)}"


def heures(minutes: int) -> str:
    """A duration in minutes, the French way: `17 h`, `2 h 30`, `30 min`."""
    hours, rest = divmod(int(minutes), 60)
    if hours == 0:
        return f"{rest} min"
    return f"{hours} h {rest:02d}" if rest else f"{hours} h"


def nombre(valeur: Decimal | int | float) -> str:
    """`1 310,5`: French digit grouping and decimal comma."""
    return format_decimal(valeur, locale=LOCALE)


def montant(valeur: Decimal | int) -> str:
    """`1 310,00 €`."""
    return format_currency(Decimal(valeur), "EUR", locale=LOCALE)


def montant_en_lettres(valeur: Decimal | int) -> str:
    """`mille trois cent dix euros`, `deux millions d'euros`, `cinquante-deux euros et cinquante centimes`."""
    amount = Decimal(valeur).quantize(Decimal("0.01"))
    euros, cents = int(amount), int((amount - int(amount)) * 100)
    words = num2words(euros, lang="fr")
    if euros in (0, 1):
        unit = " euro"
    elif words.endswith(("million", "millions", "milliard", "milliards")):
        unit = " d'euros"
    else:
        unit = " euros"
    text = words + unit
    if cents:
        text += f" et {num2words(cents, lang='fr')} centime" + ("s" if cents > 1 else "")
    return text


_VOYELLES = "aàâäeéèêëiîïoôöuùûüyœæ"


def de(texte: str) -> str:
    """`de Karim Benali`, `d'Awa N'Diaye`: the preposition elided before a vowel."""
    return f"d'{texte}" if texte[:1].lower() in _VOYELLES else f"de {texte}"


def accord(personne: object, masculin: str, feminin: str) -> str:
    """The feminine form for `Mme`, the masculine otherwise: `l'agent` / `l'agente`."""
    return feminin if getattr(personne, "civilite", None) == "Mme" else masculin


def statut_agent(agent: object) -> str:
    """`titulaire`, `contractuel` / `contractuelle`: an agent's status in agreement."""
    status = agent.statut
    masculine = vocabulaire.STATUTS_AGENT[status]
    return accord(agent, masculine, vocabulaire.STATUTS_AGENT_FEMININ.get(status, masculine))


def accorder(texte: str, agent: object, conseiller: object) -> str:
    """A profile's text with its agreement marks resolved: `{agent:l'agent|l'agente}` -> `l'agente` for Mme."""
    people = {"agent": agent, "conseiller": conseiller}
    return vocabulaire.MARQUE_ACCORD.sub(lambda m: accord(people[m.group(1)], m.group(2), m.group(3)), texte)


# The article of an employer's name by its first word (`la Commune de Muret`); a name that starts
# otherwise (an acronym, a proper name) is printed without one.
_ARTICLES = {
    "commune": "la ",
    "communaute": "la ",
    "metropole": "la ",
    "region": "la ",
    "ville": "la ",
    "mairie": "la ",
    "collectivite": "la ",
    "regie": "la ",
    "syndicat": "le ",
    "centre": "le ",
    "conseil": "le ",
    "departement": "le ",
    "groupement": "le ",
    "pole": "le ",
    "service": "le ",
    "sivom": "le ",
    "sivu": "le ",
    "ccas": "le ",
    "cias": "le ",
    "sdis": "le ",
    "etablissement": "l'",
    "office": "l'",
    "institution": "l'",
    "agence": "l'",
}


def avec_article(denomination: str) -> str:
    """`la Commune de Muret`, `le Syndicat intercommunal…`, `l'Établissement public…`."""
    first = re.split(r"[\s'’-]", denomination.strip(), maxsplit=1)[0]
    key = unicodedata.normalize("NFKD", first).encode("ascii", "ignore").decode().lower()
    return _ARTICLES.get(key, "") + denomination


def civilite_longue(personne: object) -> str:
    """`Madame` or `Monsieur`."""
    return "Madame" if getattr(personne, "civilite", None) == "Mme" else "Monsieur"


FILTRES = {
    "date_longue": date_longue,
    "date_courte": date_courte,
    "adresse_postale": adresse_postale,
    "date_si_passee": date_si_passee,
    "jour_semaine": jour_semaine,
    "heure": heure,
    "date_heure": date_heure,
    "heures": heures,
    "nombre": nombre,
    "montant": montant,
    "montant_en_lettres": montant_en_lettres,
    "accord": accord,
    "de": de,
    "civilite_longue": civilite_longue,
    "statut_agent": statut_agent,
    "accorder": accorder,
    "avec_article": avec_article,
}
