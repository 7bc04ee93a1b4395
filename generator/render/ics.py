"""iCalendar files of the session and of each agent, with stable UIDs and pinned stamps."""

from __future__ import annotations

import hashlib
from datetime import datetime
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from generator.render.context import RendezVous

FUSEAU = ZoneInfo("Europe/Paris")


def rendre_ics(nom: str, rendez_vous: list[RendezVous], lieu: str, horodatage: datetime, graine: str) -> bytes:
    """An .ics file with one event per dated slot; the same input gives the same bytes."""
    calendar = Calendar()
    calendar.add("prodid", "-//Générateur BPP//FR")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", nom)
    stamp = horodatage.replace(tzinfo=FUSEAU)
    for slot in rendez_vous:
        if slot.debut is None:
            continue
        event = Event()
        key = f"{graine}|{slot.intitule}|{slot.debut.isoformat()}"
        event.add("uid", hashlib.sha256(key.encode()).hexdigest()[:32] + "@bpp")
        event.add("dtstamp", stamp)
        event.add("dtstart", slot.debut.replace(tzinfo=FUSEAU))
        event.add("dtend", slot.fin.replace(tzinfo=FUSEAU))
        event.add("summary", slot.intitule)
        event.add("description", f"{slot.phase_libelle} - {slot.description}")
        event.add("location", "En visioconférence" if slot.en_visio else slot.lieu or lieu)
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
