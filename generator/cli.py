"""Command line: French arguments and help, one wrapper mapping user errors to messages and exit codes."""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TextIO

from generator import produce
from generator.errors import EXIT_INPUT, EXIT_INTERRUPTED, EXIT_OK, ErreurUtilisateur, Probleme, imprimable
from generator.profiles import DOSSIER_PROFILS

SOUS_COMMANDES = (
    "valider",
    "schema",
    "profils",
    "gabarits",
    "classeur",
    "signer",
    "suivi",
    # Issue 13: after the documents.
    "facturation",
    "bilan-annuel",
)

_ARGPARSE_MESSAGES = [
    (r"the following arguments are required: (.*)", "il manque : {0}"),
    (r"unrecognized arguments: (.*)", "option inconnue : {0}"),
    (
        r"argument (\S+): invalid choice: '?([^' ]*)'? \(choose from (.*)\)",
        "{0} : « {1} » n'est pas possible (choix : {2})",
    ),
    (r"argument (\S+): expected one argument", "{0} attend une valeur"),
    (r"argument (\S+): ignored explicit argument '(.*)'", "{0} ne prend pas de valeur"),
    (r"ambiguous option: (\S+) could match (.*)", "option ambiguë {0} : {1}"),
    (r"one of the arguments (\S+) (\S+) is required", "il faut {0} ou {1}"),
    (r"argument (\S+): not allowed with argument (\S+)", "{0} et {1} ne vont pas ensemble : choisissez l'un des deux"),
    (r"argument (\S+): (.*)", "{0} : {1}"),  # our own French checks of a value (`_dossier_nomme`, `--processus`)
]


class _Formateur(argparse.RawDescriptionHelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        return super().add_usage(usage, actions, groups, prefix or "Utilisation : ")


class _Analyseur(argparse.ArgumentParser):
    """ArgumentParser that speaks French."""

    def __init__(self, flux: tuple[TextIO, TextIO], **kwargs: object) -> None:
        super().__init__(formatter_class=_Formateur, add_help=False, **kwargs)
        self.sortie, self.erreurs = flux
        self._positionals.title = "arguments"
        self._optionals.title = "options"
        self.add_argument("-h", "--help", action="help", help="affiche cette aide et s'arrête")

    def _print_message(self, message: str, file: TextIO | None = None) -> None:
        """Write help to the caller's output and errors to the caller's error stream."""
        target = self.erreurs if file is sys.stderr else self.sortie
        if message:
            target.write(imprimable(message))

    def error(self, message: str) -> None:  # type: ignore[override]
        for english, french in _ARGPARSE_MESSAGES:
            match = re.fullmatch(english, message)
            if match:
                message = french.format(*match.groups())
                break
        self.print_usage(sys.stderr)
        self.exit(EXIT_INPUT, f"Erreur : {message}. Voir l'aide : python -m generator --help\n")


def _dossier_nomme(texte: str) -> Path:
    """A folder named on the command line: an empty name is refused (it would mean the current folder)."""
    if not texte.strip():
        raise argparse.ArgumentTypeError(
            "le nom du dossier est vide ; indiquez un chemin, ou retirez l'option pour garder le dossier par défaut"
        )
    return Path(texte)


def _options_communes(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "dossiers",
        nargs="+",
        type=Path,
        metavar="DOSSIER.yaml",
        help="un ou plusieurs dossiers : fichiers YAML ou classeurs (.xlsx, .ods)",
    )
    parser.add_argument("--strict", action="store_true", help="les avertissements deviennent des erreurs")
    parser.add_argument(
        "--profils",
        type=_dossier_nomme,
        default=DOSSIER_PROFILS,
        metavar="DOSSIER",
        help="dossier des profils CDG (par défaut : dossiers/cdg)",
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="n'affiche que les erreurs")


def _analyseur_principal(flux: tuple[TextIO, TextIO]) -> argparse.ArgumentParser:
    parser = _Analyseur(
        flux,
        prog="python -m generator",
        description=(
            "Génère les documents du bilan de parcours professionnel (PDF signables et DOCX\n"
            "modifiables) à partir d'un dossier YAML ou d'un classeur (.xlsx, .ods).\n\n"
            "Autres commandes :\n"
            "  python -m generator valider DOSSIER.yaml...   vérifie sans rien écrire\n"
            "  python -m generator schema                    affiche le schéma JSON d'un dossier\n"
            "  python -m generator profils                   liste les profils CDG et leur offre\n"
            "  python -m generator gabarits                  vérifie les gabarits Word de chaque CDG\n"
            "  python -m generator classeur MODELE.xlsx      écrit le classeur vierge à remplir\n"
            "  python -m generator classeur DOSSIER.yaml CLASSEUR.xlsx\n"
            "                                                écrit le classeur rempli d'un dossier\n"
            "  python -m generator signer SESSION ...        signe les champs du CDG de toute une session\n"
            "  python -m generator suivi SESSION             état de chaque signature, et suivi.csv\n"
            "  python -m generator facturation DOSSIER.yaml...  état de facturation de chaque session\n"
            "  python -m generator bilan-annuel SORTIE --annee 2026  bilan de l'année des sessions de SORTIE"
        ),
        epilog=(
            "Codes de sortie : 0 terminé, 1 anomalie du programme, 2 dossier à corriger (rien n'est écrit),\n"
            "3 des fichiers modifiés depuis leur génération ont été conservés."
        ),
    )
    _options_communes(parser)
    parser.add_argument(
        "--sortie", type=_dossier_nomme, default=Path("sortie"), metavar="DOSSIER", help="dossier de sortie"
    )
    parser.add_argument(
        "--verifier",
        action="store_true",
        help="vérifie et affiche ce qui serait écrit, sans rien écrire",
    )
    parser.add_argument(
        "--documents",
        metavar="LISTE",
        help="documents à produire, séparés par des virgules (par exemple convention,synthese)",
    )
    parser.add_argument("--agent", metavar="NOM", help="un seul agent de la cohorte (nom ou prénom nom)")
    parser.add_argument("--format", choices=["pdf", "docx"], help="un seul format (par défaut : les deux)")
    parser.add_argument(
        "--forcer",
        action="store_true",
        help="remplace aussi les fichiers modifiés depuis leur génération (une copie datée est gardée)",
    )
    parser.add_argument(
        "--tout",
        action="store_true",
        help="refait tous les fichiers, même ceux dont les données et les gabarits n'ont pas changé",
    )
    parser.add_argument(
        "--processus",
        type=_nombre_de_processus,
        metavar="N",
        help="nombre de processus de rendu (par défaut : un par cœur de la machine)",
    )
    return parser


def _nombre_de_processus(texte: str) -> int:
    if not texte.strip().isdigit() or int(texte) < 1:
        raise argparse.ArgumentTypeError(f"« {texte} » n'est pas un nombre ; indiquez un entier d'au moins 1")
    return int(texte)


def _analyseur_valider(flux: tuple[TextIO, TextIO]) -> argparse.ArgumentParser:
    parser = _Analyseur(
        flux,
        prog="python -m generator valider",
        description="Vérifie un ou plusieurs dossiers et affiche erreurs et avertissements, sans rien écrire.",
    )
    _options_communes(parser)
    return parser


def _analyseur_simple(
    flux: tuple[TextIO, TextIO], nom: str, description: str, **autres: object
) -> argparse.ArgumentParser:
    parser = _Analyseur(flux, prog=f"python -m generator {nom}", description=description, **autres)
    if nom in ("profils", "gabarits", "classeur"):
        parser.add_argument(
            "--profils", type=_dossier_nomme, default=DOSSIER_PROFILS, metavar="DOSSIER", help="dossier des profils CDG"
        )
    return parser


def _analyseur_de_session(flux: tuple[TextIO, TextIO], nom: str, **textes: str) -> argparse.ArgumentParser:
    """A command that works on a generated session folder."""
    parser = _Analyseur(flux, prog=f"python -m generator {nom}", **textes)
    parser.add_argument("session", type=Path, metavar="SESSION", help="dossier de la session (sortie/<référence>)")
    return parser


def analyseur_signer(flux: tuple[TextIO, TextIO]) -> argparse.ArgumentParser:
    """The options of `signer`."""
    parser = _analyseur_de_session(
        flux,
        "signer",
        description=(
            "Signe (PAdES) chaque champ de signature vide du CDG dans les PDF d'une session, sur la copie la plus\n"
            "signée de chaque document (celle qu'un employeur ou un agent a renvoyée, où qu'elle soit déposée).\n"
            "La phrase secrète (ou le code PIN) est demandée sans s'afficher, ou lue dans BPP_MOT_DE_PASSE."
        ),
    )
    key = parser.add_mutually_exclusive_group(required=True)
    key.add_argument("--certificat", type=Path, metavar="FICHIER.p12", help="certificat de signature (PKCS#12)")
    key.add_argument("--pkcs11", type=Path, metavar="MODULE.so", help="clé matérielle : bibliothèque PKCS#11")
    parser.add_argument("--jeton", metavar="NOM", help="avec --pkcs11 : le nom du jeton à utiliser")
    parser.add_argument(
        "--role", choices=["cdg", "conseiller"], default="cdg", help="champs à signer (par défaut : cdg)"
    )
    parser.add_argument("--horodatage", metavar="URL", help="serveur d'horodatage RFC 3161 (signature PAdES B-T)")
    parser.add_argument("--documents", metavar="LISTE", help="seulement ces documents (séparés par des virgules)")
    parser.add_argument("--agent", metavar="NOM", help="seulement les documents de cet agent")
    return parser


def analyseur_suivi(flux: tuple[TextIO, TextIO]) -> argparse.ArgumentParser:
    """The options of `suivi`."""
    parser = _analyseur_de_session(
        flux,
        "suivi",
        description="Affiche l'état de chaque champ de signature d'une session et l'écrit dans SESSION/suivi.csv.",
        epilog="Codes de sortie : 0 tout est signé et valide, 4 des signatures manquent, 2 des signatures invalides.",
    )
    parser.add_argument(
        "--racines", type=Path, metavar="DOSSIER", help="certificats racines de confiance (PEM ou DER) à vérifier"
    )
    return parser


# Issue 13: the invoicing statement and the yearly review.
def analyseur_facturation(flux: tuple[TextIO, TextIO]) -> argparse.ArgumentParser:
    """The options of `facturation`."""
    parser = _Analyseur(
        flux,
        prog="python -m generator facturation",
        description=(
            "Écrit l'état de facturation de chaque session (etat-de-facturation.csv et .xlsx dans le dossier de la\n"
            "session) et le justificatif de chaque employeur (dans son dossier), selon les règles du profil CDG."
        ),
        epilog="Codes de sortie : 0 terminé, 2 dossier à corriger (rien n'est écrit), 3 fichiers modifiés conservés.",
    )
    _options_communes(parser)
    parser.add_argument(
        "--au",
        type=_date_nommee,
        metavar="DATE",
        help="date de l'état, par exemple 2026-12-31 (par défaut : le dernier rendez-vous de la session)",
    )
    parser.add_argument(
        "--sortie", type=_dossier_nomme, default=Path("sortie"), metavar="DOSSIER", help="dossier de sortie"
    )
    parser.add_argument(
        "--forcer", action="store_true", help="remplace aussi les fichiers modifiés depuis leur écriture"
    )
    return parser


def analyseur_bilan_annuel(flux: tuple[TextIO, TextIO]) -> argparse.ArgumentParser:
    """The options of `bilan-annuel`."""
    parser = _Analyseur(
        flux,
        prog="python -m generator bilan-annuel",
        description=(
            "Bilan d'une année des sessions d'un dossier de sortie (d'après leurs manifestes et leurs états de\n"
            "facturation) : affiché, et écrit dans SORTIE/bilan-annuel-ANNEE.xlsx et .pdf."
        ),
    )
    parser.add_argument("sortie", type=_dossier_nomme, metavar="SORTIE", help="le dossier de sortie des sessions")
    parser.add_argument("--annee", type=_annee, required=True, metavar="ANNEE", help="l'année, par exemple 2026")
    parser.add_argument("--forcer", action="store_true", help="remplace aussi un bilan modifié depuis son écriture")
    parser.add_argument("-q", "--quiet", action="store_true", help="n'affiche que les erreurs")
    return parser


def _date_nommee(texte: str) -> date:
    from pydantic_core import PydanticCustomError

    from generator.dossier.types import lire_date

    try:
        return lire_date(texte)
    except PydanticCustomError:
        raise argparse.ArgumentTypeError(
            f"« {texte} » n'est pas une date ; écrivez-la 2026-12-31 ou 31/12/2026 (de 2000 à 2099)"
        ) from None


def _annee(texte: str) -> int:
    if not texte.strip().isdigit() or not 2000 <= int(texte) <= 2099:
        raise argparse.ArgumentTypeError(
            f"« {texte} » n'est pas une année ; indiquez-la sur quatre chiffres, par exemple 2026"
        )
    return int(texte)


def _analyseur_classeur(flux: tuple[TextIO, TextIO]) -> argparse.ArgumentParser:
    parser = _analyseur_simple(
        flux,
        "classeur",
        "Écrit le classeur à remplir dans Excel ou LibreOffice (une feuille par partie du dossier),\n"
        "vierge, ou rempli à partir d'un dossier existant. Un classeur rempli se donne au générateur\n"
        "comme un dossier YAML : python -m generator COHORTE.xlsx",
        usage="%(prog)s [--profils DOSSIER] [DOSSIER.yaml] CLASSEUR.xlsx",
    )
    parser.add_argument(
        "fichiers",
        nargs="+",
        type=Path,
        metavar="CLASSEUR.xlsx",
        help="le classeur à écrire (.xlsx), précédé s'il y a lieu du dossier qui le remplit (.yaml, .xlsx, .ods)",
    )
    return parser


def _classeur(args: argparse.Namespace, out: TextIO) -> int:
    if len(args.fichiers) > 2:
        raise ErreurUtilisateur(
            "classeur attend un ou deux fichiers : MODELE.xlsx, ou DOSSIER.yaml CLASSEUR.xlsx "
            "(voir python -m generator classeur --help)."
        )
    *source, cible = args.fichiers
    out.write(produce.ecrire_classeur(cible, source[0] if source else None, args.profils) + "\n")
    return EXIT_OK


def main(argv: Sequence[str] | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    """Run the command line; return the exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    out, err = stdout or sys.stdout, stderr or sys.stderr
    command = argv[0] if argv and argv[0] in SOUS_COMMANDES else None
    flux = (out, err)
    try:
        if command == "valider":
            return _valider(_analyseur_valider(flux).parse_args(argv[1:]), out, err)
        if command == "schema":
            _analyseur_simple(flux, "schema", "Affiche le schéma JSON d'un dossier.").parse_args(argv[1:])
            out.write(json.dumps(produce.schema_json(), ensure_ascii=False, indent=2) + "\n")
            return EXIT_OK
        if command == "classeur":
            return _classeur(_analyseur_classeur(flux).parse_args(argv[1:]), out)
        if command == "profils":
            args = _analyseur_simple(flux, "profils", "Liste les profils CDG et leur offre.").parse_args(argv[1:])
            out.write(produce.description_profils(args.profils))
            return EXIT_OK
        if command == "gabarits":
            description = "Vérifie les gabarits Word de chaque profil CDG (ceux du CDG, sinon ceux par défaut)."
            args = _analyseur_simple(flux, "gabarits", description).parse_args(argv[1:])
            return _gabarits(args.profils, out, err)
        if command in ("facturation", "bilan-annuel"):
            from generator import commandes_facturation  # WeasyPrint and openpyxl: only for these commands

        if command == "facturation":
            return commandes_facturation.facturation(analyseur_facturation(flux).parse_args(argv[1:]), out, err)
        if command == "bilan-annuel":
            return commandes_facturation.bilan_annuel(analyseur_bilan_annuel(flux).parse_args(argv[1:]), out, err)
        if command in ("signer", "suivi"):
            from generator.signature import commandes  # pyHanko loads in 0.5 s: only for these commands
        if command == "signer":
            return commandes.signer(analyseur_signer(flux).parse_args(argv[1:]), out, err)
        if command == "suivi":
            return commandes.suivi(analyseur_suivi(flux).parse_args(argv[1:]), out, err)
        return _produire(_analyseur_principal(flux).parse_args(argv), out, err)
    except SystemExit as stop:  # argparse after --help or a wrong option
        return stop.code if isinstance(stop.code, int) else EXIT_INPUT
    except ErreurUtilisateur as error:
        err.write(error.texte + "\n")
        return error.code_sortie
    except KeyboardInterrupt:
        err.write("Interrompu : les fichiers déjà écrits sont complets, relancez la commande pour terminer.\n")
        return EXIT_INTERRUPTED


def _gabarits(profils: Path, out: TextIO, err: TextIO) -> int:
    from generator.render.verification import verifier_les_gabarits

    if not profils.is_dir():
        raise ErreurUtilisateur(f"--profils : le dossier {profils} n'existe pas ; indiquez le dossier des profils CDG.")
    problems, checked = verifier_les_gabarits(profils)
    for line in checked:
        out.write(line + "\n")
    for problem in problems:
        err.write(problem + "\n")
    if problems:
        err.write(
            f"{produce.pluriel(len(problems), 'problème')} dans les gabarits : corrigez-les dans Word ou LibreOffice.\n"
        )
        return EXIT_INPUT
    out.write("Tous les gabarits sont corrects.\n")
    return EXIT_OK


def _avertir(avertissements: list[Probleme], err: TextIO) -> None:
    for warning in dict.fromkeys(avertissements):  # a profile shared by several dossiers warns once
        err.write(f"Attention : {warning.phrase()}\n")


def _valider(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    valides = produce.valider_dossiers(args.dossiers, strict=args.strict, profils=args.profils)
    warnings = [w for v in valides for w in v.avertissements]
    if not args.quiet:
        _avertir(warnings, err)
        for valide in valides:
            agents = produce.pluriel(len(valide.dossier.liste_agents), "agent")
            warned = produce.pluriel(len(valide.avertissements), "avertissement")
            out.write(imprimable(f"{valide.fichier.name} : dossier valide ({agents}, {warned}).\n"))
    return EXIT_OK


def _produire(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    options = produce.Options(
        sortie=args.sortie,
        strict=args.strict,
        profils=args.profils,
        verifier=args.verifier,
        documents=produce.lire_liste_documents(args.documents),
        agent=args.agent,
        formats=(args.format,) if args.format else ("pdf", "docx"),
        forcer=args.forcer,
        tout=args.tout,
        **({"processus": args.processus} if args.processus else {}),
    )
    progress = None if args.quiet or not err.isatty() else _barre_de_progression(err)
    report = produce.produce(args.dossiers, options, progression=progress)
    if not args.quiet:
        _avertir(report.avertissements, err)
        for line in report.lignes_detail():
            out.write(imprimable(line) + "\n")
        out.write(report.resume() + "\n")
    elif report.conserves:
        err.write(report.resume() + "\n")
    return report.code_sortie()


def _barre_de_progression(err: TextIO) -> Callable[[int], Callable[[], None]]:
    from tqdm import tqdm

    def start(total: int) -> Callable[[], None]:
        bar = tqdm(total=total, file=err, unit="fichier", desc="Génération", leave=False)
        return bar.update

    return start
