"""Cross-checks of a dossier against itself and its CDG profile: errors, then warnings."""

from __future__ import annotations

import difflib
import itertools
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import holidays
from pydantic_core import PydanticCustomError

from generator import vocabulaire
from generator.dossier.loading import Arbre, Chemin
from generator.dossier.messages import probleme
from generator.dossier.model import Agent, Dossier
from generator.dossier.types import lire_duree
from generator.errors import Probleme, apercu
from generator.noms import dossier_agent, id_utilisable, nom_sur
from generator.profiles import Profil, TarifHoraire
from generator.render.filters import date_longue, de, heures

FORMES = (("employeurs", "employeur"), ("agents", "agent"))


def erreurs_de_structure(arbre: Arbre, profils: list[str]) -> list[Probleme]:
    """Checks that only need the raw data: profile, list or single forms, employer ids."""
    data = arbre.donnees
    found = list(_profil_inconnu(arbre, profils))
    for plural, single in FORMES:
        if plural in data and single in data:
            found.append(
                probleme(
                    arbre,
                    (single,),
                    f"« {plural} » et « {single} » sont tous deux présents",
                    f"gardez « {plural} » (une liste) ou « {single} » (un seul), pas les deux",
                )
            )
        elif plural in data or single in data:
            found.extend(_forme_vide(arbre, plural, single))
        else:
            found.append(
                probleme(arbre, (), f"la clé « {plural} » manque", f"ajoutez « {plural}: » avec au moins un élément")
            )
    found.extend(_references_employeurs(arbre))
    found.extend(_dossiers_agents_en_double(arbre))
    return found


def _forme_vide(arbre: Arbre, plural: str, single: str) -> Iterator[Probleme]:
    """`agents: ~` or `agent: ~`: a session with nobody would still write its calendar and proposals."""
    key = plural if plural in arbre.donnees else single
    if arbre.donnees[key] is None:
        yield probleme(
            arbre,
            (key,),
            f"la clé « {key} » est vide : une session a au moins un {single}",
            f"ajoutez en dessous chaque {single}, précédé de « - » (voir les exemples)"
            if key == plural
            else "décrivez-le en dessous, en retrait (voir les exemples)",
        )


def _profil_inconnu(arbre: Arbre, profils: list[str]) -> Iterator[Probleme]:
    cdg = arbre.donnees.get("cdg")
    if isinstance(cdg, str) and cdg.strip() and cdg.strip().lower() not in profils:
        close = difflib.get_close_matches(cdg.strip().lower(), profils, n=1)
        hint = f" (vouliez-vous dire « {close[0]} » ?)" if close else ""
        yield probleme(
            arbre,
            ("cdg",),
            f"le profil CDG « {apercu(cdg)} » n'existe pas{hint}",
            "profils connus : " + ", ".join(profils),
        )


def _employeurs_bruts(arbre: Arbre) -> list[tuple[Chemin, dict]]:
    data = arbre.donnees
    if isinstance(data.get("employeurs"), list):
        return [(("employeurs", i), e) for i, e in enumerate(data["employeurs"]) if isinstance(e, dict)]
    if isinstance(data.get("employeur"), dict):
        return [(("employeur",), data["employeur"])]
    return []


def _agents_bruts(arbre: Arbre) -> list[tuple[Chemin, dict]]:
    data = arbre.donnees
    if isinstance(data.get("agents"), list):
        return [(("agents", i), a) for i, a in enumerate(data["agents"]) if isinstance(a, dict)]
    if isinstance(data.get("agent"), dict):
        return [(("agent",), data["agent"])]
    return []


def _references_employeurs(arbre: Arbre) -> Iterator[Probleme]:
    seen: dict[str, Chemin] = {}
    folders: dict[str, tuple[str, Chemin]] = {}  # employer folders, named after the ids
    for chemin, employeur in _employeurs_bruts(arbre):
        ident = employeur.get("id")
        if not isinstance(ident, str):
            continue
        folder = nom_sur(ident)
        if ident in seen:
            yield probleme(
                arbre,
                (*chemin, "id"),
                f"l'identifiant d'employeur « {apercu(ident)} » est déjà utilisé "
                f"ligne {arbre.ligne((*seen[ident], 'id'))}",
                "donnez à chaque employeur un identifiant différent",
            )
        elif folder in folders:
            other, where = folders[folder]
            yield probleme(
                arbre,
                (*chemin, "id"),
                f"l'identifiant d'employeur « {apercu(ident)} » donnerait le même dossier de sortie que "
                f"« {apercu(other)} » (ligne {arbre.ligne((*where, 'id'))})",
                "donnez à chaque employeur un identifiant qui diffère par ses lettres ou ses chiffres",
            )
        seen.setdefault(ident, chemin)
        folders.setdefault(folder, (ident, chemin))
    if not seen:
        return
    for chemin, agent in _agents_bruts(arbre):
        ref = agent.get("employeur")
        if ref is None:
            if len(seen) > 1:
                yield probleme(
                    arbre,
                    chemin,
                    "l'employeur de l'agent n'est pas indiqué",
                    "ajoutez « employeur: » avec l'un des identifiants : " + ", ".join(seen),
                )
        elif isinstance(ref, str) and ref not in seen:
            close = difflib.get_close_matches(ref, list(seen), n=1)
            hint = f"vouliez-vous dire « {close[0]} » ?" if close else ""
            yield probleme(
                arbre,
                (*chemin, "employeur"),
                f"l'employeur « {apercu(ref)} » n'est pas déclaré dans le dossier",
                hint or "indiquez l'un des identifiants : " + ", ".join(seen),
            )


def _dossiers_agents_en_double(arbre: Arbre) -> Iterator[Probleme]:
    """Two agents must never share a folder: it would mix their documents, the confidential synthesis included."""
    seen: dict[str, Chemin] = {}
    for chemin, agent in _agents_bruts(arbre):
        nom, prenom, ident = agent.get("nom"), agent.get("prenom"), agent.get("id")
        if not (isinstance(nom, str) and isinstance(prenom, str) and isinstance(ident, str | None)):
            continue
        if ident is not None and not id_utilisable(ident):
            yield probleme(
                arbre,
                (*chemin, "id"),
                f"l'identifiant « {apercu(ident)} » ne contient ni lettre ni chiffre",
                "choisissez un identifiant court fait de lettres ou de chiffres (par exemple « 1 » ou « b »)",
            )
            continue
        folder = dossier_agent(nom, prenom, ident)
        if folder in seen:
            first = seen[folder]
            yield probleme(
                arbre,
                (*chemin, "id") if ident else chemin,
                f"cet agent aurait le même dossier de sortie que « {apercu(f'{prenom} {nom}')} » "
                f"({_lieu(arbre, first)})",
                "s'il s'agit de deux personnes, donnez à chacune une clé « id » différente (par exemple « id: 1 » "
                "et « id: 2 ») et ne la changez plus une fois les documents générés ; sinon retirez le doublon",
            )
        seen.setdefault(folder, chemin)


def _lieu(arbre: Arbre, chemin: Chemin) -> str:
    """`agents[1], ligne 61`: where an earlier element of the dossier is."""
    return arbre.lieu(chemin)


def _chemin_agent(dossier: Dossier, index: int) -> Chemin:
    return ("agents", index) if dossier.agents is not None else ("agent",)


def erreurs_avec_profil(arbre: Arbre, profil: Profil) -> list[Probleme]:
    """Checks against the profile: adviser, phases offered, billed hours.

    They read the raw data, so that they are reported together with the model's errors.
    """
    return [
        *_conseiller_manquant(arbre, profil),
        *_phases_hors_offre(arbre, profil),
        *_heures_hors_offre(arbre, profil),
    ]


def _conseiller_manquant(arbre: Arbre, profil: Profil) -> Iterator[Probleme]:
    session = arbre.donnees.get("session")
    if isinstance(session, dict) and session.get("conseiller") is None and profil.conseiller is None:
        yield probleme(
            arbre,
            ("session",),
            f"le conseiller de la session n'est pas indiqué et le profil {profil.id} n'en a pas par défaut",
            "ajoutez « conseiller: » (civilite, prenom, nom, email, telephone) dans « session »",
        )


def _creneaux_bruts(arbre: Arbre) -> Iterator[tuple[Chemin, dict]]:
    session = arbre.donnees.get("session")
    seances = session.get("seances") if isinstance(session, dict) else None
    if isinstance(seances, list):
        yield from ((("session", "seances", i), s) for i, s in enumerate(seances) if isinstance(s, dict))
    for chemin, agent in _agents_bruts(arbre):
        entretiens = agent.get("entretiens")
        if isinstance(entretiens, list):
            yield from (((*chemin, "entretiens", i), e) for i, e in enumerate(entretiens) if isinstance(e, dict))


def _phases_hors_offre(arbre: Arbre, profil: Profil) -> Iterator[Probleme]:
    offered = offered_in_order(profil)
    for chemin, slot in _creneaux_bruts(arbre):
        raw = slot.get("phase")
        phase = vocabulaire.reconnaitre(raw, vocabulaire.PHASES) if isinstance(raw, str) else None
        if phase is not None and phase not in offered:
            yield probleme(
                arbre,
                (*chemin, "phase"),
                f"la phase « {phase} » ne fait pas partie de l'offre du {profil.sigle}",
                f"choisissez parmi : {', '.join(offered)}",
            )


def _heures_hors_offre(arbre: Arbre, profil: Profil) -> Iterator[Probleme]:
    tarif = profil.offre.tarif
    for chemin, agent in _agents_bruts(arbre):
        if agent.get("heures") is None:
            continue
        try:
            billed = lire_duree(agent["heures"])
        except PydanticCustomError:
            continue  # reported by the model
        if not isinstance(tarif, TarifHoraire):
            yield probleme(
                arbre,
                (*chemin, "heures"),
                f"l'offre du {profil.sigle} est un forfait par agent, sans nombre d'heures",
                "retirez « heures »",
            )
        elif not tarif.heures_min <= billed <= tarif.heures_max:
            yield probleme(
                arbre,
                (*chemin, "heures"),
                f"{heures(billed)} est hors de l'offre du {profil.sigle}",
                f"indiquez entre {heures(tarif.heures_min)} et {heures(tarif.heures_max)}",
            )


def offered_in_order(profil: Profil) -> list[str]:
    """Phase keys of the profile, in the profile's order."""
    return [p.phase for p in profil.offre.phases]


def _creneaux(dossier: Dossier) -> Iterator[tuple[Chemin, object]]:
    for index, seance in enumerate(dossier.session.seances):
        yield ("session", "seances", index), seance
    for index, agent in enumerate(dossier.liste_agents):
        for number, entretien in enumerate(agent.entretiens):
            yield (*_chemin_agent(dossier, index), "entretiens", number), entretien
        if agent.visio_tripartite is not None:
            yield (*_chemin_agent(dossier, index), "visio_tripartite"), agent.visio_tripartite


def avertissements(arbre: Arbre, dossier: Dossier, profil: Profil, fichier_profil: Path) -> list[Probleme]:
    """Everything worth a look that does not stop the run."""
    return [
        *_jours_non_ouvres(arbre, dossier),
        *_taille_du_groupe(arbre, dossier, profil),
        *_total_des_heures(arbre, dossier, profil),
        *_consentements(arbre, dossier),
        *_sans_rendez_vous(arbre, dossier),
        *_ordre_des_phases(arbre, dossier),
        *_date_envoi(arbre, dossier),
        *_dates_eloignees(arbre, dossier),
        *_valeurs_a_verifier(profil, fichier_profil),
    ]


def _jours_non_ouvres(arbre: Arbre, dossier: Dossier) -> Iterator[Probleme]:
    dated = [(c, s) for c, s in _creneaux(dossier) if getattr(s, "debut", None) is not None]
    years = sorted({s.debut.year for _, s in dated})
    feries = holidays.country_holidays("FR", years=years, language="fr") if years else {}
    for chemin, slot in dated:
        day: date = slot.debut.date()
        name = feries.get(day)
        if name:
            why = f"tombe un jour férié ({name[:1].lower()}{name[1:]}, {date_longue(day)})"
        elif day.weekday() >= 5:
            why = f"tombe un {'samedi' if day.weekday() == 5 else 'dimanche'} ({date_longue(day)})"
        else:
            continue
        yield probleme(arbre, (*chemin, "debut"), f"« {slot.intitule} » {why}", "vérifiez la date")


def _taille_du_groupe(arbre: Arbre, dossier: Dossier, profil: Profil) -> Iterator[Probleme]:
    count, bounds = len(dossier.liste_agents), profil.offre.groupe
    if bounds.min <= count <= bounds.max:
        return
    expected = f"{bounds.min} agent" if bounds.min == bounds.max == 1 else f"entre {bounds.min} et {bounds.max} agents"
    plural = "s" if count > 1 else ""
    yield probleme(
        arbre,
        ("agents",) if dossier.agents is not None else ("agent",),
        f"la session compte {count} agent{plural}, alors que l'offre du {profil.sigle} prévoit {expected}",
        "vérifiez la composition du groupe",
    )


def _total_des_heures(arbre: Arbre, dossier: Dossier, profil: Profil) -> Iterator[Probleme]:
    expected = profil.offre.heures_seances_entretiens
    if expected is None:
        return
    collective = sum(s.duree for s in dossier.session.seances if s.modalite != "travail_personnel")
    for index, agent in enumerate(dossier.liste_agents):
        total = collective + sum(e.duree for e in agent.entretiens)
        if total != expected:
            yield probleme(
                arbre,
                _chemin_agent(dossier, index),
                f"les séances et entretiens {de(agent.nom_complet)} totalisent {heures(total)}, "
                f"alors que l'offre du {profil.sigle} en prévoit {heures(expected)} (hors travail personnel)",
                "vérifiez les durées",
            )


def premier_creneau(dossier: Dossier, agent: Agent) -> datetime | None:
    """The first dated session or interview of the agent."""
    starts = [s.debut for s in dossier.session.seances if s.debut] + [e.debut for e in agent.entretiens]
    return min(starts, default=None)


def _consentements(arbre: Arbre, dossier: Dossier) -> Iterator[Probleme]:
    for index, agent in enumerate(dossier.liste_agents):
        chemin = _chemin_agent(dossier, index)
        first = premier_creneau(dossier, agent)
        if agent.consentement is None:
            yield probleme(
                arbre,
                chemin,
                f"la date de consentement {de(agent.nom_complet)} n'est pas indiquée",
                "ajoutez « consentement: » avec la date de son recueil",
            )
        elif first is not None and agent.consentement > first.date():
            yield probleme(
                arbre,
                (*chemin, "consentement"),
                f"le consentement {de(agent.nom_complet)} ({date_longue(agent.consentement)}) "
                f"est postérieur à la première séance ({date_longue(first.date())})",
                "vérifiez la date de consentement",
            )


def _sans_rendez_vous(arbre: Arbre, dossier: Dossier) -> Iterator[Probleme]:
    for index, agent in enumerate(dossier.liste_agents):
        if premier_creneau(dossier, agent) is None:
            yield probleme(
                arbre,
                _chemin_agent(dossier, index),
                f"aucun rendez-vous daté pour {agent.nom_complet} (ni séance collective ni entretien) : son "
                "courrier et son calendrier seraient vides",
                "ajoutez ses « entretiens » ou les « seances » de la session, avec leur date",
            )


def _ordre_des_phases(arbre: Arbre, dossier: Dossier) -> Iterator[Probleme]:
    collective = [(("session", "seances", i), s, False) for i, s in enumerate(dossier.session.seances) if s.debut]
    for index, agent in enumerate(dossier.liste_agents):
        chemin = _chemin_agent(dossier, index)
        own = [((*chemin, "entretiens", n), e, True) for n, e in enumerate(agent.entretiens)]
        timeline = sorted(collective + own, key=lambda item: item[1].debut)
        for before, after in itertools.pairwise(timeline):
            if not (before[2] or after[2]):
                continue
            if vocabulaire.ordre_phase(after[1].phase) < vocabulaire.ordre_phase(before[1].phase):
                where = after[0] if after[2] else before[0]
                yield probleme(
                    arbre,
                    (*where, "phase"),
                    f"« {after[1].intitule} » ({after[1].phase}) a lieu après « {before[1].intitule} » "
                    f"({before[1].phase}), une phase plus avancée",
                    "vérifiez l'ordre des entretiens",
                )
                break


def _date_envoi(arbre: Arbre, dossier: Dossier) -> Iterator[Probleme]:
    starts = [s.debut for s in dossier.session.seances if s.debut]
    starts += [e.debut for a in dossier.liste_agents for e in a.entretiens]
    if starts and dossier.session.date_envoi > min(starts).date():
        yield probleme(
            arbre,
            ("session", "date_envoi"),
            f"la date d'envoi ({date_longue(dossier.session.date_envoi)}) est postérieure "
            f"au premier rendez-vous ({date_longue(min(starts).date())})",
            "vérifiez la date d'envoi",
        )


ECART_MAX_JOURS = 366  # a bilan lasts a few months: a date a year away from the others is most likely a typo


def _dates_eloignees(arbre: Arbre, dossier: Dossier) -> Iterator[Probleme]:
    """Dates of the procedure more than a year from the middle of the others (`2062` for `2026`)."""
    dates: list[tuple[Chemin, date]] = [(("session", "date_envoi"), dossier.session.date_envoi)]
    dates += [((*chemin, "debut"), slot.debut.date()) for chemin, slot in _creneaux(dossier) if slot.debut]
    for index, agent in enumerate(dossier.liste_agents):
        if agent.consentement is not None:
            dates.append(((*_chemin_agent(dossier, index), "consentement"), agent.consentement))
    days = sorted(day for _, day in dates)
    middle = days[(len(days) - 1) // 2]  # the lower median: with two dates, the sending date is the reference
    for chemin, day in dates:
        if abs((day - middle).days) > ECART_MAX_JOURS:
            yield probleme(
                arbre,
                chemin,
                f"cette date ({date_longue(day)}) est à plus d'un an des autres dates de la session, "
                f"qui tournent autour du {date_longue(middle)}",
                "vérifiez l'année",
            )


def _valeurs_a_verifier(profil: Profil, fichier_profil: Path) -> Iterator[Probleme]:
    if profil.a_verifier:
        yield Probleme(
            fichier_profil,
            None,
            "a_verifier",
            f"le profil contient des valeurs d'exemple ({', '.join(profil.a_verifier)})",
            "remplacez-les par les vraies avant tout envoi, puis retirez-les de « a_verifier »",
        )
