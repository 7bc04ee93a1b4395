"""The employer's model deliberation (issue 13): CDG33's "délibération de recours à la mission", CDG46's
offer of personalised support; planned where the profile asks, the same text in both formats."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator.dossier.validation import valider
from generator.plan import LIASSE, planifier
from generator.profiles import DOSSIER_PROFILS, charger_profil
from generator.render.documents import rendre
from tests.documents_outils import EXEMPLES, normaliser, sans_entete_ni_pied, texte_docx, texte_pdf

# The facts of the deliberation come from the profile: the tests give their own.
_DELIBERATION = {
    "visas": ["le premier texte", "le second texte"],
    "considerants": ["la raison est dite"],
    "convention": "la convention cadre du centre",
}
_TARIFS = {
    "cdg33": {"modele": "taux_horaire", "taux": 52, "heures_min": "30h", "heures_max": "40h"},
    "cdg46": {"modele": "taux_horaire", "taux": 50, "heures_min": "8h", "heures_max": "12h"},
}


@pytest.fixture(scope="module")
def profils(tmp_path_factory) -> Path:
    """The CDG33 and CDG46 profiles with the tests' own deliberation facts and tariffs, nothing to verify."""
    folder = tmp_path_factory.mktemp("profils")
    for cdg in ("cdg31", "cdg33", "cdg46"):
        data = yaml.safe_load((DOSSIER_PROFILS / f"{cdg}.yaml").read_text(encoding="utf-8"))
        data.pop("a_verifier", None)  # no draft mark across the text
        data.pop("deliberation_employeur", None)
        if cdg != "cdg31":
            data["deliberation_employeur"] = {**_DELIBERATION, "offre_accompagnement": cdg == "cdg46"}
            data["offre"]["tarif"] = _TARIFS[cdg]
            data["offre"]["fondement_tarif"] = "la délibération tarifaire du centre"
        (folder / f"{cdg}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return folder


def _textes(exemple: str, profils: Path) -> tuple[str, str]:
    valide = valider(EXEMPLES / exemple, profils)
    files = {f.format: f for f in planifier(valide, documents=("deliberation",)).documents}
    profil, reference = valide.profil, valide.dossier.session.reference
    pdf = sans_entete_ni_pied(
        texte_pdf(rendre(files["pdf"], valide)),
        f"{profil.nom} - {profil.adresse}",
        f"Modèle de délibération - {reference}",
    )
    return normaliser(pdf), normaliser(texte_docx(rendre(files["docx"], valide)))


_DEBUT = (
    "Modèle de délibération Recours à la mission « {intitule} » du {sigle} Modèle proposé par le {nom}, à "
    "soumettre à l'assemblée délibérante de la collectivité ou de l'établissement ci-dessous et à adapter à ses "
    "usages : les mentions en pointillés sont à compléter lors de la séance. Collectivité ou établissement "
    "{employeur} Séance du ........................ Délibération n° ........................ Membres en exercice "
    "........................ Présents ........................ Votants ........................ Objet : recours "
    "à la mission « {intitule} » du {sigle} L'assemblée délibérante, Vu le premier texte ; Vu le second texte ; "
    "Considérant que la raison est dite ; Après en avoir délibéré, décide : Article 1 - Recours à la mission La "
    "collectivité recourt à la mission « {intitule} » du {nom} ({sigle}) pour accompagner ses agents dans leur "
    "évolution professionnelle ; chaque bilan est engagé avec l'accord de l'agent concerné. "
)
_TARIF = (
    "Article 2 - Tarif Le bilan est facturé selon le temps que le conseiller du {sigle} consacre à "
    "l'accompagnement, comme le fixe la délibération tarifaire du centre : taux horaire de {taux}, de {bornes} par "
    "agent, soit de {montants} par agent ; la facture suit les heures réellement réalisées. Les crédits "
    "correspondants sont inscrits au budget de l'exercice ......................... "
)
_SIGNATURE = (
    "Article 3 - Signature de la convention {representant}, est {autorise} à signer la convention cadre du "
    "centre, ainsi que, pour chaque agent, la proposition du {sigle}, la convention tripartite et tout document "
    "nécessaire à la mise en œuvre de la présente délibération. Article 4 - Exécution {qualite} est {charge} de "
    "l'exécution de la présente délibération, dont une copie est adressée au {nom}. Fait et délibéré à "
    "........................, le ......................... {qualite}, {signataire}"
)
GIRONDE = "Centre de gestion de la fonction publique territoriale de la Gironde"
LOT = "Centre de gestion de la fonction publique territoriale du Lot"


_CDG33 = {"intitule": "bilan professionnel", "sigle": "CDG33", "nom": GIRONDE}
_CDG46 = {"intitule": "bilan de parcours professionnel", "sigle": "CDG46", "nom": LOT}
# CDG46's texts: the bilan must be part of the employer's offer of personalised support.
_OFFRE = (
    "Le bilan de parcours professionnel est inscrit à l'offre d'accompagnement personnalisé de la "
    "collectivité, qui fixe les modalités d'accès de ses agents à ce dispositif. "
)


@pytest.mark.parametrize(
    ("exemple", "cdg", "employeur", "offre", "tarif", "signature"),
    [
        (
            "individuel-cdg33.yaml",
            _CDG33,
            "Commune de Pessac-sur-Dune",
            "",
            ("52,00 €", "30 h à 40 h", "1 560,00 € à 2 080,00 €"),
            ("Madame Isabelle Darrieux, Maire", "autorisée", "La Maire", "chargée", "Isabelle Darrieux"),
        ),
        (
            "individuel-cdg46.yaml",
            _CDG46,
            "Communauté de communes du Haut-Quercy",
            _OFFRE,
            ("50,00 €", "8 h à 12 h", "400,00 € à 600,00 €"),
            ("Monsieur Didier Cayrol, Président", "autorisé", "Le Président", "chargé", "Didier Cayrol"),
        ),
    ],
)
def test_the_deliberation_word_for_word_in_both_formats(profils, exemple, cdg, employeur, offre, tarif, signature):
    taux, bornes, montants = tarif
    representant, autorise, qualite, charge, signataire = signature
    expected = (
        _DEBUT.format(employeur=employeur, **cdg)
        + offre
        + _TARIF.format(taux=taux, bornes=bornes, montants=montants, **cdg)
        + _SIGNATURE.format(
            representant=representant,
            autorise=autorise,
            qualite=qualite,
            charge=charge,
            signataire=signataire,
            **cdg,
        )
    )
    pdf, docx = _textes(exemple, profils)
    assert pdf == normaliser(expected)
    assert docx == normaliser(expected)


def test_one_per_employer_in_its_folder_and_bundle_only_where_the_profile_asks(profils):
    cohort = planifier(valider(EXEMPLES / "cohorte-cdg31.yaml", profils))
    assert [f for f in cohort.tous if f.document == "deliberation"] == []  # CDG31's texts have no such step
    plan = planifier(valider(EXEMPLES / "individuel-cdg46.yaml", profils))
    files = [f for f in plan.tous if f.document == "deliberation"]
    assert [(str(f.chemin), f.signataires, f.confidentiel) for f in files] == [
        ("employeurs/figeac/deliberation.pdf", (), False),
        ("employeurs/figeac/deliberation.docx", (), False),
    ]
    bundle = next(f for f in plan.tous if f.document == LIASSE)
    assert [m.document for m in plan.membres(bundle)][:2] == ["deliberation", "proposition_financiere"]


def test_the_shipped_profiles_of_cdg33_and_cdg46_ask_for_it_with_the_seeds_grounds():
    assert charger_profil("cdg31").deliberation_employeur is None
    cdg33, cdg46 = charger_profil("cdg33").deliberation_employeur, charger_profil("cdg46").deliberation_employeur
    assert any("13 décembre 2023" in visa for visa in cdg33.visas)
    assert cdg33.convention.startswith("la convention cadre de recours à la mission")
    assert any(visa.startswith("le décret n° 2022-1043 du 22 juillet 2022") for visa in cdg46.visas)
    assert cdg46.offre_accompagnement and not cdg33.offre_accompagnement
