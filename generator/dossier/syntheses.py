"""The agents' filled synthesis PDFs, read as an input of the run (issue 13).

The synthesis belongs to the agent (DGAFP guide); CDG33 sends the employer a summary of it and
CDG46 may give it "en tout ou partie" with the agent's agreement. When the synthesis PDF in the
agent's folder holds typed text, this module reads its form fields, before anything is planned or
written, so that the plan knows which employer summaries exist and the fingerprints of a re-run
see a changed text. Only the parts an agent agreed to share (`synthese_employeur.parties`) ever
leave this module towards an employer's document (`champs_transmis`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from pypdf import PdfReader

from generator import output, vocabulaire
from generator.dossier.loading import Arbre, Chemin, sans_caracteres_interdits
from generator.dossier.messages import probleme
from generator.dossier.model import Agent, Dossier
from generator.errors import ErreurUtilisateur, Probleme
from generator.noms import dossier_agent, nom_sur
from generator.profiles import Profil

# The fields of the DGAFP model by part: a field belongs to the part its name starts with. A field of
# no part (a CDG's own addition) is never transmitted.
PREFIXES = {
    "lancement": ("s_1_",),
    "analyse": ("s_2_",),
    "plan_action": ("s_3_", "plan_action_"),
    "conclusion": ("s_4_",),
}
# What may tell the agent's health: the material arrangements for the L. 5212-13 publics (1.2) and the
# personal situation, health included (2.5). They never reach an employer, whatever was agreed.
JAMAIS_TRANSMIS = frozenset({"s_1_2", "s_2_5"})
# Far beyond a "document de synthèse simple" (DGAFP): a field past it is not transmitted.
LONGUEUR_MAX = 20_000


@dataclass(frozen=True)
class SyntheseRemplie:
    """The typed text of an agent's filled synthesis: every field of a part, by name ("" when empty)."""

    chemin: PurePosixPath  # the synthesis PDF, relative to the session folder
    champs: dict[str, str]


def partie_du_champ(nom: str) -> str | None:
    """The part of the synthesis a field belongs to (`s_2_1_0` -> `analyse`), None for no part."""
    return next((part for part, starts in PREFIXES.items() if nom.startswith(starts)), None)


def chemin_synthese(dossier: Dossier, agent: Agent) -> PurePosixPath:
    """The agent's synthesis PDF, relative to the session folder (validation keeps agents' folders distinct)."""
    folder = dossier_agent(agent.nom, agent.prenom, agent.id)
    return PurePosixPath("agents", folder, f"synthese-{folder}.pdf")


def lire_syntheses(
    arbre: Arbre, dossier: Dossier, profil: Profil, sortie: Path
) -> tuple[dict[int, SyntheseRemplie], list[Probleme]]:
    """The filled syntheses of the dossier's agents under `sortie` (by agent index), and their warnings."""
    racine = sortie / nom_sur(dossier.session.reference)
    generated = _empreintes_generees(racine)
    found: dict[int, SyntheseRemplie] = {}
    warnings: list[Probleme] = []
    for index, agent in enumerate(dossier.liste_agents):
        relative = chemin_synthese(dossier, agent)
        chemin_agent: Chemin = ("agents", index) if dossier.agents is not None else ("agent",)
        fields, unreadable = _champs(racine / relative, generated.get(str(relative)))
        if unreadable:
            warnings.append(_illisible(arbre, chemin_agent, agent, relative))
            continue
        if fields is None or not any(text.strip() for text in fields.values()):
            continue
        found[index] = SyntheseRemplie(relative, fields)
        warnings += _avertissements(arbre, chemin_agent, agent, profil, found[index])
    return found, warnings


def _empreintes_generees(racine: Path) -> dict[str, str]:
    """The hash each file had when generated: a synthesis still as generated is blank, not worth parsing."""
    try:
        _, entries = output.lire_manifeste(racine)
    except ErreurUtilisateur:  # an unreadable manifest is reported by the run itself
        return {}
    return {path: entry.sha256 for path, entry in entries.items()}


def _champs(chemin: Path, generee: str | None) -> tuple[dict[str, str] | None, bool]:
    """The text fields of a part of the synthesis (None: no file, or as generated), and whether it is unreadable."""
    if chemin.is_symlink() or not chemin.is_file():
        return None, False  # a link is refused by the run before anything is written
    if generee is not None and output.empreinte_fichier(chemin) == generee:  # the run's hash: read once
        return None, False
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.ERROR)  # pypdf logs repairs of damaged files; a damaged form is ours to tell
    try:
        fields = PdfReader(chemin).get_form_text_fields()
    except Exception:  # a file someone else saved: whatever pypdf trips on, it is unreadable
        return None, True
    finally:
        logger.setLevel(level)
    return {
        name: sans_caracteres_interdits(str(value or "")).strip()
        for name, value in sorted(fields.items())
        if partie_du_champ(name) is not None
    }, False


def parties_transmises(agent: Agent, remplie: SyntheseRemplie | None) -> tuple[str, ...]:
    """The parts that go to the employer: agreed by the agent, of a filled synthesis, in the synthesis' order."""
    if remplie is None or agent.synthese_employeur is None or _trop_long(agent, remplie):
        return ()
    agreed = agent.synthese_employeur.parties
    return tuple(part for part in vocabulaire.PARTIES_SYNTHESE if part in agreed)


class Champs(dict):
    """The fields of a synthesis by name; a field the agent's PDF lacks (made by an older template) is None.

    (`python -m generator gabarits` still names a field the summary's template asks for and the
    synthesis template does not have: it checks the template against the keys.)
    """

    def __missing__(self, nom: str) -> None:
        return None


def champs_transmis(agent: Agent, remplie: SyntheseRemplie) -> Champs:
    """Every field of the synthesis by name: its lines when its part goes to the employer, else None.

    The one place that lets text of a synthesis out of the agent's folder.
    """
    parts = parties_transmises(agent, remplie)
    shared = Champs()
    for name, text in remplie.champs.items():
        lines = [line.strip() for line in text.split("\n") if line.strip()]
        allowed = partie_du_champ(name) in parts and name not in JAMAIS_TRANSMIS
        shared[name] = lines if allowed and lines else None
    return shared


def _trop_long(agent: Agent, remplie: SyntheseRemplie) -> bool:
    agreed = agent.synthese_employeur.parties if agent.synthese_employeur else []
    return any(len(text) > LONGUEUR_MAX for name, text in remplie.champs.items() if partie_du_champ(name) in agreed)


def _avertissements(
    arbre: Arbre, chemin: Chemin, agent: Agent, profil: Profil, remplie: SyntheseRemplie
) -> list[Probleme]:
    if agent.synthese_employeur is None and profil.offre.synthese_employeur_attendue:
        return [
            probleme(
                arbre,
                chemin,
                f"le document de synthèse de {agent.nom_complet} est rempli ({remplie.chemin}), mais son accord pour "
                f"en transmettre une synthèse à l'employeur n'est pas indiqué : les règles du {profil.sigle} prévoient "
                "que l'employeur reçoive une synthèse du bilan, et rien n'en sortira du dossier de l'agent sans cet "
                "accord",
                f"quand {agent.nom_complet} a donné son accord, ajoutez à l'agent « synthese_employeur: » avec "
                "« accord: » (la date) et « parties: » (les parties acceptées : lancement, analyse, plan_action, "
                "conclusion)",
            )
        ]
    if _trop_long(agent, remplie):
        return [
            probleme(
                arbre,
                (*chemin, "synthese_employeur"),
                f"un champ du document de synthèse de {agent.nom_complet} dépasse {LONGUEUR_MAX} caractères : la "
                "synthèse transmise à l'employeur n'est pas écrite",
                "raccourcissez ce champ dans le document de synthèse, puis relancez",
            )
        ]
    return []


def _illisible(arbre: Arbre, chemin: Chemin, agent: Agent, relative: PurePosixPath) -> Probleme:
    return probleme(
        arbre,
        chemin,
        f"le document de synthèse de {agent.nom_complet} ({relative}) n'est pas un PDF lisible : rien n'en est "
        "transmis à l'employeur",
        "remettez dans le dossier de l'agent le PDF rempli tel que son lecteur PDF l'a enregistré, puis relancez",
    )
