"""The fixed vocabularies of a dossier, with the French labels the documents print.

One place for each word: the model validates against these keys, the templates print these
labels, the JSON Schema lists these spellings.
"""

from __future__ import annotations

import re
import unicodedata

PHASES = {
    "cadrage": "Phase de cadrage",
    "lancement": "Phase de lancement",
    "analyse": "Phase d'appui à l'analyse du parcours professionnel",
    "plan_action": "Phase d'appui à la réalisation d'un plan d'action",
    "conclusion": "Phase de conclusion",
}

# The parts of the DGAFP synthesis, one per phase of the bilan (framing has none): what an agent may
# agree to share with the employer (`synthese_employeur.parties`).
PARTIES_SYNTHESE = {phase: PHASES[phase] for phase in ("lancement", "analyse", "plan_action", "conclusion")}

MODALITES = {
    "atelier_collectif": "Atelier collectif",
    "atelier_visio": "Atelier collectif en visioconférence",
    "travail_personnel": "Travail personnel en intersession",
    "entretien_individuel": "Entretien individuel",
    "entretien_tripartite": "Entretien tripartite",
    "entretien_visio": "Entretien en visioconférence",
}

STATUTS_EMPLOYEUR = {
    "affilie": "affilié",
    "adherent": "adhérent à l'ensemble de missions (article L. 452-39 du CGFP)",
    "non_affilie": "non affilié et non adhérent",
}

STATUTS_AGENT = {
    "titulaire": "titulaire",
    "stagiaire": "stagiaire",
    "contractuel": "contractuel",
}

# The feminine of a status where it differs (`contractuelle`).
STATUTS_AGENT_FEMININ = {"contractuel": "contractuelle"}

CATEGORIES = {"A": "A", "B": "B", "C": "C"}

CIVILITES = {"M.": "Monsieur", "Mme": "Madame"}

FORMATS_OFFRE = {"collectif": "collectif", "individuel": "individuel"}

# Other spellings staff type, mapped to the key (after `normaliser`).
SYNONYMES = {
    "m": "M.",
    "mr": "M.",
    "monsieur": "M.",
    "mme": "Mme",
    "madame": "Mme",
    "plan_d_action": "plan_action",
    "plan_d_actions": "plan_action",
    "plan_actions": "plan_action",
    "non_affilie_et_non_adherent": "non_affilie",
}


def normaliser(texte: str) -> str:
    """Fold case, accents, spaces, hyphens and apostrophes: `Non affilié` -> `non_affilie`."""
    decomposed = unicodedata.normalize("NFKD", texte.strip())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    for separator in (" ", "-", "'", "’", "."):
        bare = bare.replace(separator, "_")
    while "__" in bare:
        bare = bare.replace("__", "_")
    return bare.strip("_")


def reconnaitre(texte: str, vocabulaire: dict[str, str]) -> str | None:
    """The key of `vocabulaire` that `texte` means, or None."""
    wanted = normaliser(texte)
    for key in vocabulaire:
        if normaliser(key) == wanted:
            return key
    synonym = SYNONYMES.get(wanted)
    return synonym if synonym in vocabulaire else None


def ordre_phase(phase: str) -> int:
    """Position of a phase in the course of a bilan (cadrage first, conclusion last)."""
    return list(PHASES).index(phase)


# An agreement mark in a profile's text: `{agent:l'agent|l'agente}`, `{conseiller:le conseiller|la conseillère}`:
# the masculine and the feminine form, chosen by the agent's or the adviser's civility.
MARQUE_ACCORD = re.compile(r"\{(agent|conseiller):([^{}|]*)\|([^{}|]*)\}")
