"""The session calendar: both formats carry the same text; the ICS files hold the right events."""

from icalendar import Calendar

from generator.dossier.validation import valider
from tests.conftest import dossier_cdg31, ecrire_dossier, ligne_de, refus
from tests.documents_outils import champs, ecarts_de_texte, exemple, rendre_document, texte_docx, texte_pdf


def test_calendar_pdf_and_docx_carry_the_same_words():
    only_pdf, only_docx = ecarts_de_texte(exemple("cohorte-cdg31.yaml"), "calendrier", agent=None)
    assert (only_pdf, only_docx) == ({}, {})


def test_calendar_lists_collective_sessions_with_french_dates():
    valide = exemple("cohorte-cdg31.yaml")
    for text in (
        texte_pdf(rendre_document(valide, "calendrier", "pdf", None)),
        texte_docx(rendre_document(valide, "calendrier", "docx", None)),
    ):
        flat = " ".join(text.split())
        assert "mardi 3 février 2026 à 9 h 00" in flat
        assert "Atelier plan d'action" in flat
        assert "Les dates des entretiens individuels sont communiquées à chaque agent." in flat


def test_calendar_pdf_has_no_signature_field():
    assert champs(rendre_document(exemple("cohorte-cdg31.yaml"), "calendrier", "pdf", None)) == {}


def test_agent_ics_holds_sessions_and_own_interviews():
    valide = exemple("cohorte-cdg31.yaml")
    calendar = Calendar.from_ical(rendre_document(valide, "calendrier", "ics", agent=0))
    summaries = [str(e["summary"]) for e in calendar.walk("VEVENT")]
    assert summaries == [
        "Entretien tripartite en visioconférence",
        "Atelier de lancement",
        "Atelier valeurs, motivations et savoir-être",
        "Atelier outils d'investigation et pitch",
        "Entretien d'analyse",
        "Atelier plan d'action",
        "Entretien de conclusion",
    ]


def test_a_session_elsewhere_shows_its_place_and_a_videoconference_has_no_address(tmp_path):
    data = dossier_cdg31()
    data["session"]["seances"][2]["lieu"] = "Mairie de Muret, salle du conseil"
    valide = valider(ecrire_dossier(tmp_path, data))
    for text in (
        texte_pdf(rendre_document(valide, "calendrier", "pdf", None)),
        texte_docx(rendre_document(valide, "calendrier", "docx", None)),
    ):
        assert "Atelier valeurs (Mairie de Muret, salle du conseil)" in " ".join(text.split())
    calendar = Calendar.from_ical(rendre_document(valide, "calendrier", "ics", None))
    places = {str(e["summary"]): str(e["location"]) for e in calendar.walk("VEVENT")}
    assert places == {
        "Atelier de lancement": "CDG31, 590 rue Buissonnière, 31670 Labège",
        "Atelier valeurs": "Mairie de Muret, salle du conseil",
        "Atelier pitch": "En visioconférence",
        "Atelier plan d'action": "CDG31, 590 rue Buissonnière, 31670 Labège",
    }


def test_the_adviser_is_named_in_agreement():
    valide = exemple("cohorte-cdg31.yaml")  # Claire Martin
    for text in (
        texte_pdf(rendre_document(valide, "calendrier", "pdf", None)),
        texte_docx(rendre_document(valide, "calendrier", "docx", None)),
    ):
        flat = " ".join(text.split())
        assert "Conseillère : Claire Martin, c.martin@cdg31.fr" in flat
        assert "toute modification est communiquée par la conseillère." in flat


def _copie(valide, format: str, agent: int | None = None, employeur: str | None = None) -> bytes:
    from generator.plan import planifier
    from generator.render.documents import rendre

    plan = planifier(valide, documents=("calendrier",), formats=(format,))
    return rendre(next(f for f in plan.fichiers if (f.agent, f.employeur) == (agent, employeur)), valide)


def test_agent_calendar_shows_the_agent_s_own_interviews_in_both_formats():
    valide = exemple("cohorte-cdg31.yaml")
    for text in (texte_pdf(_copie(valide, "pdf", agent=0)), texte_docx(_copie(valide, "docx", agent=0))):
        flat = " ".join(text.split())
        assert "mardi 24 mars 2026 à 9 h 00 Entretien d'analyse Entretien individuel 2 h" in flat
        assert "mardi 19 mai 2026 à 9 h 00 Entretien de conclusion" in flat
        assert "24 mars 2026 à 14 h 00" not in flat  # another agent's interview
        assert "Les dates des entretiens individuels sont communiquées à chaque agent." not in flat


def test_employer_calendar_and_ics_hold_its_agents_interviews_named_by_agent():
    valide = exemple("cohorte-cdg31.yaml")
    castanet = [a.nom_complet for a in valide.dossier.liste_agents if a.employeur == "castanet"]
    others = [a.nom_complet for a in valide.dossier.liste_agents if a.employeur != "castanet"]
    calendar = Calendar.from_ical(_copie(valide, "ics", employeur="castanet"))
    summaries = [str(e["summary"]) for e in calendar.walk("VEVENT")]
    assert "Atelier de lancement" in summaries
    for name in castanet:
        assert f"Entretien d'analyse - {name}" in summaries and f"Entretien de conclusion - {name}" in summaries
    assert not [s for s in summaries for name in others if name in s]
    flat = " ".join(texte_pdf(_copie(valide, "pdf", employeur="castanet")).split())
    assert f"Entretien d'analyse - {castanet[0]}" in flat
    session = " ".join(texte_pdf(_copie(valide, "pdf")).split())
    assert "Entretien d'analyse" not in session  # the session's own calendar keeps to the collective slots


def test_the_dated_tripartite_video_meeting_is_in_the_agent_s_and_the_employer_s_calendars():
    valide = exemple("cohorte-cdg31.yaml")  # Awa N'Diaye: 20 January at 10:00, Lucas Garcia: 21 January
    line = "mardi 20 janvier 2026 à 10 h 00 Entretien tripartite en visioconférence Entretien en visioconférence 30 min"
    for text in (texte_pdf(_copie(valide, "pdf", agent=0)), texte_docx(_copie(valide, "docx", agent=0))):
        flat = " ".join(text.split())
        assert line in flat
        assert "21 janvier" not in flat  # another agent's meeting
    (agent,) = [
        e for e in Calendar.from_ical(_copie(valide, "ics", agent=0)).walk("VEVENT") if "tripartite" in e["summary"]
    ]
    assert (agent.decoded("dtstart").isoformat(), agent.decoded("dtend").isoformat(), str(agent["location"])) == (
        "2026-01-20T10:00:00+01:00",
        "2026-01-20T10:30:00+01:00",
        "En visioconférence",
    )
    employer = Calendar.from_ical(_copie(valide, "ics", employeur="castanet")).walk("VEVENT")
    assert [str(e["summary"]) for e in employer if "tripartite" in e["summary"]] == [
        "Entretien tripartite en visioconférence - Awa N'Diaye",
        "Entretien tripartite en visioconférence - Lucas Garcia",
    ]
    for text in (
        texte_pdf(_copie(valide, "pdf", employeur="castanet")),
        texte_docx(_copie(valide, "docx", employeur="castanet")),
    ):
        flat = " ".join(text.split())
        assert "mardi 20 janvier 2026 à 10 h 00 Entretien tripartite en visioconférence - Awa N'Diaye" in flat
        assert "mercredi 21 janvier 2026 à 10 h 00 Entretien tripartite en visioconférence - Lucas Garcia" in flat


def test_the_tripartite_video_meeting_is_not_in_the_course_s_hours_nor_its_dates():
    valide = exemple("cohorte-cdg31.yaml")
    for fmt in ("pdf", "docx"):
        text = rendre_document(valide, "convention", fmt, 0)
        flat = " ".join((texte_pdf(text) if fmt == "pdf" else texte_docx(text)).split())
        assert "Le calendrier de l'agente comprend 17 h d'ateliers et d'entretiens" in flat
        assert "du 3 février 2026 au 19 mai 2026" in flat


def test_a_tripartite_video_meeting_without_its_start_is_refused(tmp_path):
    data = dossier_cdg31()
    data["agents"][0]["visio_tripartite"] = {"duree": "30min"}
    fichier = ecrire_dossier(tmp_path, data)
    assert refus(fichier)[1] == (
        f"d.yaml, ligne {ligne_de(fichier, 'visio_tripartite:')}, "
        "agents[1].visio_tripartite.debut : la clé « debut » manque ; ajoutez « debut: … »."
    )
