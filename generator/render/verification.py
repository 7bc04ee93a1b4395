"""`python -m generator gabarits`: every Word template of every CDG checked, without writing a document.

For each profile, the templates its sessions would use (its own, else the defaults) are compiled
(broken tags), searched for their signatories' zones, checked for unknown variables against the
data of an example dossier of that CDG (with the closest known name), and rendered in both formats
from that example (what the PDF translation cannot lay out).
"""

from __future__ import annotations

import dataclasses
import difflib
import re
import typing
from pathlib import Path

from jinja2 import nodes

from generator import vocabulaire
from generator.documents import DOCUMENTS
from generator.dossier.model import SyntheseEmployeur
from generator.dossier.syntheses import SyntheseRemplie, chemin_synthese, partie_du_champ
from generator.dossier.validation import DossierValide, valider
from generator.errors import DossierInvalide, ErreurUtilisateur
from generator.plan import planifier
from generator.profiles import RACINE, charger_profil, gabarits_du_profil, profils_connus
from generator.render.documents import contexte, rendre
from generator.render.environment import environnement
from generator.render.gabarits import Gabarit, gabarit, traduction, verifier_gabarit

EXEMPLES = RACINE / "dossiers" / "exemples"


def verifier_les_gabarits(dossier_profils: Path) -> tuple[list[str], list[str]]:
    """Every problem of every template of every profile, and what was checked (one line per profile)."""
    problems: list[str] = []
    checked: list[str] = []
    for cdg in profils_connus(dossier_profils):
        try:
            charger_profil(cdg, dossier_profils)
        except DossierInvalide as error:
            problems += [p.texte for p in error.problemes]
            continue
        own = gabarits_du_profil(dossier_profils, cdg)
        problems += _fichiers_inconnus(own)
        example = _exemple(cdg, dossier_profils)
        for document in DOCUMENTS:
            data = _synthese_remplie(example, own) if document == "synthese_employeur" else example
            problems += _problemes_du_gabarit(gabarit(document, own), document, data)
        origin = (
            f"données de {example.fichier.name}"
            if example
            else "sans dossier d'exemple de ce CDG : variables non vérifiées"
        )
        checked.append(f"{cdg} : {len(DOCUMENTS)} gabarits ({_propres(own)}), {origin}")
    return list(dict.fromkeys(problems)), checked


def _propres(folder: Path) -> str:
    own = sorted(d for d in DOCUMENTS if (folder / f"{d}.docx").is_file())
    return f"propres au CDG : {', '.join(own)}" if own else "tous ceux par défaut"


def _fichiers_inconnus(folder: Path) -> list[str]:
    if not folder.is_dir():
        return []
    known = {f"{d}.docx" for d in DOCUMENTS}
    return [
        f"Le fichier {path} ne correspond à aucun document : il est ignoré ; nommez-le d'après le document "
        f"qu'il remplace ({', '.join(sorted(known))})."
        for path in sorted(folder.iterdir())
        if path.name not in known and not path.name.startswith((".", "~$"))
    ]


def _exemple(cdg: str, dossier_profils: Path) -> DossierValide | None:
    """An example dossier of this CDG, validated against these profiles (its data fill the templates)."""
    for path in sorted(EXEMPLES.glob("*.yaml")):
        try:
            valide = valider(path, dossier_profils)
        except ErreurUtilisateur:
            continue
        if valide.profil.id == cdg:
            return valide
    return None


_CHAMP = re.compile(r"""champ(?:_court)?\(\s*["']([^"']+)["']\s*\)""")


def _synthese_remplie(example: DossierValide | None, own: Path) -> DossierValide | None:
    """The example with its first agent's synthesis filled in and every part shared (issue 13).

    The employer's summary exists only once an agent has filled the synthesis in and agreed: the check
    makes one up, with the fields of the synthesis template this CDG uses, so that the summary's
    template is checked against them and rendered.
    """
    if example is None:
        return None
    names = sorted(set(_CHAMP.findall(traduction(gabarit("synthese", own)).source)))
    dossier = example.dossier
    agreement = SyntheseEmployeur(accord=dossier.session.date_envoi, parties=list(vocabulaire.PARTIES_SYNTHESE))
    agent = dossier.liste_agents[0].model_copy(update={"synthese_employeur": agreement})
    if dossier.agents is not None:
        dossier = dossier.model_copy(update={"agents": [agent, *dossier.agents[1:]]})
    else:
        dossier = dossier.model_copy(update={"agent": agent})
    filled = SyntheseRemplie(
        chemin_synthese(dossier, agent), {name: "Texte saisi" for name in names if partie_du_champ(name)}
    )
    return dataclasses.replace(example, dossier=dossier, syntheses={0: filled})


def _problemes_du_gabarit(modele: Gabarit, document: str, example: DossierValide | None) -> list[str]:
    try:
        verifier_gabarit(modele, DOCUMENTS[document].signataires)
    except ErreurUtilisateur as error:
        return [error.texte]
    if example is None:
        return []
    if DOCUMENTS[document].commande == "facturation":
        return _problemes_du_justificatif(modele, example)
    files = [f for f in planifier(example, documents=(document,)).documents if f.format in ("pdf", "docx")]
    if not files:
        return []
    problems = variables_inconnues(modele, contexte(files[0], example))
    if problems:
        return problems
    for fichier in {f.format: f for f in files}.values():  # one file per format
        try:
            rendre(fichier, example)
        except ErreurUtilisateur as error:
            return [error.texte]
    return []


def _problemes_du_justificatif(modele: Gabarit, example: DossierValide) -> list[str]:
    """The invoicing justificatif, filled from the example's statement at its sending date (nothing due yet)."""
    from generator.facturation import employeurs_factures, etat_de_facturation
    from generator.render.justificatif import contexte_justificatif, rendre_justificatif

    etat = etat_de_facturation(example, example.dossier.session.date_envoi)
    employeur = employeurs_factures(etat)[0]
    problems = variables_inconnues(modele, contexte_justificatif(etat, employeur))
    if problems:
        return problems
    try:
        rendre_justificatif(etat, employeur)
    except ErreurUtilisateur as error:
        return [error.texte]
    return []


def variables_inconnues(modele: Gabarit, valeurs: dict) -> list[str]:
    """Names and attributes the template uses that the data do not have, with the closest known name."""
    translated = traduction(modele)
    env = environnement("html")
    tree = env.parse(translated.source)
    local = {n.name for n in tree.find_all(nodes.Name) if n.ctx in ("store", "param")} | {"loop"}
    known = set(valeurs) | set(env.globals) | local
    problems: list[str] = []

    def unknown(line: int, name: str, candidates: list[str], prefix: str = "") -> None:
        close = difflib.get_close_matches(name.rsplit(".", 1)[-1], candidates, n=1)
        suggestion = f"{prefix}{close[0]}" if close else None
        problems.append(_inconnue(modele, translated.lieux, line, name, suggestion))

    def visit(node: nodes.Node, scope: dict) -> None:
        if isinstance(node, nodes.For):
            visit(node.iter, scope)
            items = _valeur(node.iter, scope)
            inner = dict(scope)
            if isinstance(node.target, nodes.Name):  # the loop variable stands for the first item of its list
                inner[node.target.name] = items[0] if isinstance(items, list | tuple) and items else None
            for child in [*node.body, *([node.test] if node.test else [])]:
                visit(child, inner)
            for child in node.else_:
                visit(child, scope)
            return
        if isinstance(node, nodes.Name) and node.ctx == "load" and node.name not in known:
            unknown(node.lineno, node.name, sorted(known - local))
        if isinstance(node, nodes.Getattr):
            missing = _attribut_inconnu(node, scope)
            if missing:
                name, candidates, prefix = missing
                unknown(node.lineno, name, candidates, prefix)
                return
        for child in node.iter_child_nodes():
            visit(child, scope)

    visit(tree, dict(valeurs))
    return list(dict.fromkeys(problems))


def _attribut_inconnu(outer: nodes.Getattr, scope: dict) -> tuple[str, list[str], str] | None:
    """For `agent.nomm`: the unknown path, the attributes that exist there, and the path before it."""
    chain = []
    node: nodes.Node = outer
    while isinstance(node, nodes.Getattr):
        chain.append(node.attr)
        node = node.node
    if not isinstance(node, nodes.Name) or node.name not in scope:
        return None
    value, path, parent, field = scope[node.name], node.name, None, ""
    for attr in reversed(chain):
        if value is None or isinstance(value, list | tuple | str | int | float):
            return None  # nothing to tell: an absent value, or a list whose items are not known here
        candidates = sorted(value) if isinstance(value, dict) else _attributs(value)
        if attr not in candidates:
            if any(attr in _attributs(variant) for variant in _variantes(parent, field)):
                return None  # another kind of value has it (an hourly tariff where this CDG has a fixed one)
            return f"{path}.{attr}", candidates, f"{path}."
        parent, field = value, attr
        value = value[attr] if isinstance(value, dict) else getattr(value, attr)
        path = f"{path}.{attr}"
    return None


def _variantes(parent: object, field: str) -> list[type]:
    """The models a field of a pydantic model may hold (`TarifForfait | TarifHoraire`)."""
    declared = getattr(type(parent), "model_fields", {}).get(field)
    if declared is None:
        return []
    found, pending = [], [declared.annotation]
    while pending:
        annotation = pending.pop()
        if isinstance(annotation, type) and hasattr(annotation, "model_fields"):
            found.append(annotation)
        pending.extend(typing.get_args(annotation))
    return found


def _attributs(value: object) -> list[str]:
    """What a template may read of a value (a model's fields and properties, or those of its class)."""
    names = {a for a in dir(value) if not a.startswith("_") and not a.startswith("model_")}
    model = value if isinstance(value, type) else type(value)
    return sorted(names | set(getattr(model, "model_fields", {})))


def _valeur(node: nodes.Node, scope: dict) -> object:
    if isinstance(node, nodes.Name):
        return scope.get(node.name)
    if isinstance(node, nodes.Getattr):
        parent = _valeur(node.node, scope)
        if isinstance(parent, dict):
            return parent.get(node.attr)
        return getattr(parent, node.attr, None) if parent is not None else None
    return None


def _inconnue(modele: Gabarit, lieux: list[str], ligne: int, nom: str, proche: str | None) -> str:
    where = lieux[ligne - 1] if 0 < ligne <= len(lieux) and lieux[ligne - 1] else ""
    place = f", {where}" if where else ""
    hint = f" ; vouliez-vous dire {proche} ?" if proche else " ; corrigez le nom ou retirez la balise."
    return f"Le gabarit {modele.nom}{place} : {{{{ {nom} }}}} : variable inconnue{hint}"
