"""Library entry point that the command line and the tests call."""

from __future__ import annotations

import difflib
from collections.abc import Callable
from pathlib import Path

from pydantic.json_schema import GenerateJsonSchema

from generator import execution, output
from generator.documents import DOCUMENTS
from generator.dossier.model import Dossier
from generator.dossier.validation import DossierValide, valider
from generator.errors import DossierInvalide, ErreurUtilisateur, Probleme
from generator.noms import nom_sur
from generator.plan import Plan, agent_par_nom, planifier
from generator.profiles import DOSSIER_PROFILS, TarifForfait, charger_profil, profils_connus
from generator.rapport import DOCUMENTS_CONNUS, Options, Rapport, pluriel
from generator.render.filters import heures, montant
from generator.render.gabarits import gabarit, verifier_gabarit


def valider_dossiers(
    fichiers: list[Path], strict: bool = False, profils: Path = DOSSIER_PROFILS, sortie: Path | None = None
) -> list[DossierValide]:
    """Validate every dossier; raise one `DossierInvalide` with all errors of all of them.

    With `strict`, warnings are errors too. With `sortie` (a generation), the agents' filled
    syntheses in that output folder are read as well.
    """
    if not profils.is_dir():
        raise ErreurUtilisateur(
            f"--profils : le dossier {profils} n'existe pas ; indiquez le dossier qui contient les profils CDG "
            "(par défaut dossiers/cdg/ du générateur)."
        )
    given = list(dict.fromkeys(fichiers))  # a file named twice is one dossier
    valides: list[DossierValide] = []
    problems: list[Probleme] = []
    wrong: set[Path] = set()  # the dossiers with a problem (which may lie in their profile)
    for fichier in given:
        try:
            valide = valider(fichier, profils, sortie)
        except DossierInvalide as invalid:
            problems += invalid.problemes
            wrong.add(fichier)
            continue
        valides.append(valide)
        if strict and valide.avertissements:
            problems += valide.avertissements
            wrong.add(fichier)
    for problem, valide in _references_en_double(valides):
        problems.append(problem)
        wrong.add(valide.fichier)
    if problems:
        fine = tuple(f.name for f in given if f not in wrong) if len(given) > 1 else ()
        raise DossierInvalide(problems, strict=strict, plusieurs=len(wrong) > 1, valides=fine)
    return valides


def _references_en_double(valides: list[DossierValide]) -> list[tuple[Probleme, DossierValide]]:
    """Two sessions whose references give the same output folder would overwrite each other."""
    seen: dict[str, DossierValide] = {}
    found = []
    for valide in valides:
        reference = valide.dossier.session.reference
        folder = nom_sur(reference)
        if folder in seen:
            other = seen[folder]
            if other.dossier.session.reference == reference:
                why = f"la référence de session « {reference} » est déjà celle de {other.fichier.name}"
            else:
                why = (
                    f"la référence de session « {reference} » donne le même dossier de sortie ({folder}) "
                    f"que « {other.dossier.session.reference} » ({other.fichier.name})"
                )
            found.append(
                (
                    Probleme(
                        valide.fichier,
                        None,
                        "session.reference",
                        why,
                        "donnez une référence différente à chaque session",
                    ),
                    valide,
                )
            )
        seen.setdefault(folder, valide)
    return found


# What an editor shows when hovering a part of the dossier (the models' docstrings are for developers).
DESCRIPTIONS_DU_SCHEMA = {
    "Dossier": "Un dossier : une session d'un CDG, avec ses employeurs et ses agents.",
    "Agent": "Un agent qui suit le bilan.",
    "Conseiller": "Le conseiller ou la conseillère du CDG qui conduit le bilan.",
    "Employeur": "Un employeur territorial dont des agents suivent le bilan.",
    "Entretien": "Un entretien individuel de l'agent.",
    "Representant": "La personne qui signe pour l'employeur.",
    "Seance": "Une séance collective, ou un temps de travail personnel entre deux séances (sans date).",
    "Session": "La session : dates, lieu et conseiller.",
    "SyntheseEmployeur": "L'accord de l'agent : les parties de son document de synthèse transmises à l'employeur.",
    "VisioTripartite": "L'entretien tripartite en visioconférence (agent, employeur, conseiller) qui précède le bilan.",
}


class _SchemaSansTitresDeChamps(GenerateJsonSchema):
    """Field titles would be made from the keys (`Date Prise Fonction`): the descriptions say it better."""

    def field_title_should_be_set(self, schema) -> bool:
        return False


def schema_json() -> dict:
    """The JSON Schema of a dossier, generated from the typed model, with French descriptions."""
    schema = Dossier.model_json_schema(schema_generator=_SchemaSansTitresDeChamps)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Dossier de bilan de parcours professionnel"
    schema["description"] = DESCRIPTIONS_DU_SCHEMA["Dossier"]
    for name, definition in schema["$defs"].items():
        definition["description"] = DESCRIPTIONS_DU_SCHEMA[name]  # a new model needs its French description
    return schema


def description_profils(dossier: Path = DOSSIER_PROFILS) -> str:
    """One French paragraph per CDG profile: its offer in a few lines."""
    lines = []
    for identifiant in profils_connus(dossier):
        profil = charger_profil(identifiant, dossier)
        offre = profil.offre
        if isinstance(offre.tarif, TarifForfait):
            prices = offre.tarif.montants
            tarif = (
                f"forfait par agent : {montant(prices.affilie)} (affilié), {montant(prices.adherent)} (adhérent), "
                f"{montant(prices.non_affilie)} (non affilié)"
            )
        else:
            tarif = (
                f"{montant(offre.tarif.taux)} de l'heure, de {heures(offre.tarif.heures_min)} "
                f"à {heures(offre.tarif.heures_max)}"
            )
        months = offre.duree_mois
        duree = f"{months.min} mois" if months.min == months.max else f"{months.min} à {months.max} mois"
        groupe = "1 agent" if offre.groupe.max == 1 else f"{offre.groupe.min} à {offre.groupe.max} agents"
        lines += [
            f"{profil.id} - {profil.nom} ({profil.sigle})",
            f"  Offre : {offre.intitule}, format {offre.format}, {groupe}, {duree}",
            f"  Heures : {offre.heures_texte}",
            f"  Phases : {', '.join(p.phase for p in offre.phases)}",
            f"  Tarif : {tarif} ; paiement à {offre.facturation.delai_paiement_jours} jours",
        ]
        if profil.a_verifier:
            lines.append(f"  Valeurs d'exemple à remplacer : {', '.join(profil.a_verifier)}")
        lines.append("")
    return "\n".join(lines)


def lire_liste_documents(texte: str | None) -> tuple[str, ...]:
    """`convention,synthese` -> the documents, in the procedure's order; unknown names are an error."""
    if not texte:
        return DOCUMENTS_CONNUS
    wanted = [_document_nomme(name) for name in texte.split(",") if name.strip()]
    unknown = [name for name in wanted if name not in DOCUMENTS_CONNUS]
    if unknown or not wanted:
        close = [d for d in DOCUMENTS_CONNUS for name in unknown if d.startswith(name) and name]
        close += difflib.get_close_matches(unknown[0], list(DOCUMENTS_CONNUS), n=1) if unknown and not close else []
        hint = f"vouliez-vous dire « {close[0]} » ? " if close else ""
        raise ErreurUtilisateur(
            f"--documents : « {', '.join(unknown) or texte} » n'est pas un document connu ; "
            f"{hint}choisissez parmi : {', '.join(DOCUMENTS_CONNUS)}."
        )
    return tuple(d for d in DOCUMENTS_CONNUS if d in wanted)


def _document_nomme(texte: str) -> str:
    """`Proposition financière` -> `proposition_financiere`: as typed, capitals and accents aside."""
    return nom_sur(texte).replace("-", "_")


def produce(
    fichiers: list[Path], options: Options | None = None, progression: Callable[[int], Callable[[], None]] | None = None
) -> Rapport:
    """Validate every dossier, then render and write all their documents; return what was done."""
    options = options or Options()
    output.oublier_empreintes()
    valides = valider_dossiers(fichiers, strict=options.strict, profils=options.profils, sortie=options.sortie)
    plans = [_planifier(valide, options) for valide in valides]
    if options.agent is not None and not any(agent_par_nom(v.dossier, options.agent) for v in valides):
        raise ErreurUtilisateur(_agent_introuvable(options.agent, valides))
    for plan in plans:
        output.refuser_liens_sortants(options.sortie, options.sortie / plan.dossier_session)
        recorded, _ = output.lire_manifeste(options.sortie / plan.dossier_session)
        execution.controler_la_session(plan, recorded, options.sortie)  # before anything is written
    inputs = [execution.empreintes(plan) for plan in plans]
    for plan, own in zip(plans, inputs, strict=True):
        # Only the templates of documents to render again: a re-run without change compiles none.
        _verifier_les_gabarits(plan, execution.documents_a_rendre(plan, options, own))
    warnings = list(dict.fromkeys(w for v in valides for w in v.avertissements))  # a shared profile warns once
    report = Rapport(avertissements=warnings, verifier=options.verifier)
    for plan, own in zip(plans, inputs, strict=True):
        if not plan.fichiers:
            continue
        execution.executer(plan, options, report, progression, own)
    return report


def _verifier_les_gabarits(plan: Plan, documents: set[str]) -> None:
    """Every template of `documents` compiles and has its signature zones, before anything is written."""
    for document in dict.fromkeys(f.document for f in plan.documents if f.format in ("pdf", "docx")):
        if document not in documents:
            continue
        modele = gabarit(document, plan.valide.gabarits_cdg)
        verifier_gabarit(modele, DOCUMENTS[document].signataires)


def _planifier(valide: DossierValide, options: Options) -> Plan:
    agents = None
    if options.agent is not None:
        agents = set(agent_par_nom(valide.dossier, options.agent))
    return planifier(valide, options.documents, options.formats, agents)


def _agent_introuvable(recherche: str, valides: list[DossierValide]) -> str:
    names = [f"{a.prenom} {a.nom}" for v in valides for a in v.dossier.liste_agents]
    return (
        f"--agent : aucun agent ne s'appelle « {recherche} » ; "
        f"indiquez un nom ou « prénom nom » parmi : {', '.join(names)}."
    )


def ecrire_classeur(cible: Path, source: Path | None = None, profils: Path = DOSSIER_PROFILS) -> str:
    """Write the blank workbook (no `source`) or the workbook of the dossier `source`; return what was done.

    The dossier is validated first, and an existing file is never replaced: nothing is written otherwise.
    """
    from generator import ecriture_classeur  # openpyxl is only needed here

    if cible.suffix.lower() != ".xlsx":
        raise ErreurUtilisateur(
            f"{cible.name} : le classeur s'écrit au format Excel ; donnez-lui un nom en .xlsx (rien n'a été écrit)."
        )
    if cible.exists():
        raise ErreurUtilisateur(
            f"{cible.name} existe déjà et n'est pas remplacé (rien n'a été écrit) ; choisissez un autre nom, ou "
            "supprimez ce fichier s'il ne sert plus."
        )
    if source is None:
        contenu = ecriture_classeur.classeur_vierge(profils_connus(profils))
        done = f"{cible.name} : classeur vierge écrit, à remplir puis à donner au générateur comme un dossier."
    else:
        valide = valider_dossiers([source], profils=profils)[0]
        contenu = ecriture_classeur.classeur_rempli(valide.dossier, profils_connus(profils))
        counts = (
            f"{pluriel(len(valide.dossier.liste_agents), 'agent')}, "
            f"{pluriel(len(valide.dossier.liste_employeurs), 'employeur')}"
        )
        done = f"{cible.name} : classeur écrit à partir de {source.name} ({counts})."
    try:
        output.ecrire_atomique(cible, contenu)
    except OSError as error:
        raise output.traduire_erreur_os(error, cible) from None
    return done
