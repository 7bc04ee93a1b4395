"""The synthesis' PDF form as the agent fills it: labelled fields that shrink their text rather than clip
it, an appearance of their own (no `/NeedAppearances`), phase dates filled in advance and editable."""

import io
import re
from functools import cache

from pypdf import PdfReader, PdfWriter

from tests.documents_outils import exemple, rendre_document, valeurs

MULTILIGNE = 1 << 12  # field flags (PDF 32000-1, table 228)
LECTURE_SEULE = 1
SANS_DEFILEMENT = 1 << 23
TAILLE_AUTOMATIQUE = re.compile(r"/a1\.0 gs 0\.066667 0\.066667 0\.066667 rg /[A-Z]{6} 0 Tf")

# Each field's tooltip: the label the synthesis prints before it, with its section when it has no number.
INFOBULLES = {
    "date_phase_1": "1. Phase de lancement – Date de la phase 1",
    "date_entretien_initial": "1. Phase de lancement – Date de l’entretien initial",
    "s_1_1": "1.1. Besoins et attentes\u202f: ce que l’agente attend du bilan, l’objectif ou le projet qui le motive",
    "s_1_2": "1.2. Forme du bilan (individuelle ou collective) et, s’il y a lieu, aménagements matériels pour les "
    "personnes relevant de l’article L. 5212-13 du code du travail",
    "s_1_3": "1.3. Confirmation de l’engagement dans la démarche (acte d’engagement et de confidentialité signé)",
    "date_phase_2": "2. Phase d’appui à l’analyse du parcours professionnel – Date de la phase 2",
    "dates_seances_phase_2": "2. Phase d’appui à l’analyse du parcours professionnel – Dates des séances",
    "s_2_1_0": "2.1.0. Vue d’ensemble du parcours professionnel",
    "s_2_1_1": "2.1.1. Domaines fonctionnels, missions et activités exercés",
    "s_2_1_2": "2.1.2. Expériences marquantes et réalisations significatives (travaux menés)",
    "s_2_2_1": "2.2.1. Démarches d’évolution professionnelle déjà engagées",
    "s_2_2_2": "2.2.2. Pistes d’évolution explorées",
    "s_2_2_3": "2.2.3. Motivations",
    "s_2_3_1": "2.3.1. Connaissances acquises (par exemple\u202f: règles des finances publiques, principes du "
    "management)",
    "s_2_3_2": "2.3.2. Savoir-faire (par exemple\u202f: conduire un projet, présenter un dossier)",
    "s_2_3_3": "2.3.3. Savoir-être (par exemple\u202f: autonomie, capacité d’adaptation)",
    "s_2_3_4": "2.3.4. Compétences à acquérir et à mettre en pratique",
    "s_2_4_1": "2.4.1. Synthèse du parcours tel que l’agente l’a présenté à l’oral",
    "s_2_4_2": "2.4.2. Emplois occupés qui ont permis une nette montée en compétences",
    "s_2_5": "2.5. Situation personnelle à prendre en compte – Éléments d’ordre personnel (santé, situation familiale "
    "ou financière…)",
    "date_phase_3": "3. Phase d’appui à la réalisation d’un plan d’action – Date de la phase 3",
    "dates_seances_phase_3": "3. Phase d’appui à la réalisation d’un plan d’action – Dates des séances",
    **{
        f"plan_action_{n}_{k}": f"3.1.1. Calendrier des actions – Action {n} – {libelle}"
        for k, libelle in (("duree", "Durée"), ("date", "Date de réalisation"))
        for n in range(1, 5)
    },
    **{
        f"s_3_1_2_etape_{e}_action_{a}": f"3.1.2. Mise en œuvre des actions, étape par étape – Étape {e}, action {a}"
        for e in range(1, 5)
        for a in range(1, 3)
    },
    "s_3_1_3": "3.1.3. Outils méthodologiques et dispositifs mobilisés",
    "date_phase_4": "4. Phase de conclusion – Date de la phase 4",
    "date_entretien_final": "4. Phase de conclusion – Date de l’entretien final",
    "s_4_1": "4.1. Points de conclusion de l’entretien individuel",
}
LONG = " ".join(["Accueil du public, gestion administrative et coordination d’équipe ; projet : assistante RH."] * 20)


@cache
def _pdf(nom: str = "cohorte-cdg31.yaml") -> bytes:
    return rendre_document(exemple(nom), "synthese", "pdf", 0)


def _widgets(pdf: bytes) -> dict[str, dict]:
    """Every field's widget (they are one object here), by name, in the order of the pages."""
    reader = PdfReader(io.BytesIO(pdf))
    return {str(a["/T"]): a for page in reader.pages for a in (x.get_object() for x in page.get("/Annots", []))}


def _texte(champs: dict) -> dict[str, dict]:
    return {name: a for name, a in champs.items() if a["/FT"] == "/Tx"}


def _rempli(pdf: bytes, valeurs_: dict[str, str]) -> bytes:
    """The PDF as an agent's reader fills it (pypdf writes each field's new appearance)."""
    writer = PdfWriter(clone_from=io.BytesIO(pdf))
    writer.update_page_form_field_values(None, valeurs_, auto_regenerate=False)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_each_text_field_is_labelled_by_its_section_and_sizes_its_text_automatically():
    fields = _texte(_widgets(_pdf()))
    assert {name: str(a["/TU"]) for name, a in fields.items()} == INFOBULLES
    assert all(TAILLE_AUTOMATIQUE.fullmatch(str(a["/DA"])) for a in fields.values())
    flags = {name: a.get("/Ff", 0) for name, a in fields.items()}
    sections = {n for n in INFOBULLES if re.fullmatch(r"s_\d_\d(_\d)?", n)}
    assert flags == {name: MULTILIGNE if name in sections else 0 for name in INFOBULLES}  # scrolling allowed


def test_no_need_appearances_and_every_field_has_its_own_appearance():
    pdf = _pdf()
    assert "/NeedAppearances" not in PdfReader(io.BytesIO(pdf)).trailer["/Root"]["/AcroForm"]
    fields = _widgets(pdf)
    assert len(fields) == len(INFOBULLES) + 2  # the agent's and the adviser's signatures
    for name, widget in fields.items():
        assert list(widget["/AP"]) == ["/N"], name  # only the normal appearance, as PDF/A asks
        appearance = widget["/AP"]["/N"].get_object()
        x0, y0, x1, y1 = (float(v) for v in widget["/Rect"])
        assert [float(v) for v in appearance["/BBox"]] == [0, 0, round(abs(x1 - x0), 3), round(abs(y1 - y0), 3)]
        assert widget["/F"] == 4, name  # printed
    empty = {n: fields[n]["/AP"]["/N"].get_object().get_data() for n in ("s_1_1", "plan_action_1_date")}
    assert empty == {"s_1_1": b"/Tx BMC\nEMC", "plan_action_1_date": b"/Tx BMC\nEMC"}
    assert fields["signature_agent"]["/AP"]["/N"].get_object().get_data() == b""


def test_a_document_with_signature_fields_only_has_no_need_appearances_either():
    pdf = rendre_document(exemple("individuel-cdg46.yaml"), "convention", "pdf", 0)
    form = PdfReader(io.BytesIO(pdf)).trailer["/Root"]["/AcroForm"]
    assert "/NeedAppearances" not in form
    fields = _widgets(pdf)
    assert {name: (str(a["/FT"]), list(a["/AP"])) for name, a in fields.items()} == {
        f"signature_{role}": ("/Sig", ["/N"]) for role in ("agent", "employeur", "cdg")
    }


def test_phase_dates_are_filled_in_advance_drawn_and_editable():
    pdf = _pdf()
    fields = _widgets(pdf)
    assert valeurs(pdf)["date_phase_1"] == "3 février 2026"
    assert not fields["date_phase_1"].get("/Ff", 0) & LECTURE_SEULE
    drawn = fields["date_phase_1"]["/AP"]["/N"].get_object()
    content = drawn.get_data().decode()
    assert re.fullmatch(
        r"/Tx BMC\nq\n1 1 [\d.]+ [\d.]+ re W n\nBT\n.* /[A-Z]{6} [\d.]+ Tf\n2 [\d.]+ Td\n<[0-9a-f]+> Tj\nET\nQ\nEMC",
        content,
    )
    glyphs = re.search(r"<([0-9a-f]+)> Tj", content).group(1)
    assert len(glyphs) == 4 * len("3 février 2026")  # one two-byte glyph per character
    assert "/Font" in drawn["/Resources"]

    corrected = _rempli(pdf, {"date_phase_1": "5 février 2026"})
    assert valeurs(corrected)["date_phase_1"] == "5 février 2026"
    redrawn = _widgets(corrected)["date_phase_1"]["/AP"]["/N"].get_object().get_data()
    assert re.search(rb"<[0-9a-f]+> Tj", redrawn)


def _lignes(appearance: bytes) -> tuple[float, list[float]]:
    """The font size and each line's baseline height in an appearance stream written by pypdf."""
    size = float(re.search(rb"([\d.]+) Tf", appearance).group(1))
    heights, y = [], 0.0
    for match in re.finditer(rb"[-\d.]+ ([-\d.]+) Td\n<[0-9a-f]*> Tj", appearance):
        y += float(match.group(1))
        heights.append(y)
    return size, heights


def test_a_long_text_filled_in_shrinks_to_fit_its_box_instead_of_being_clipped():
    filled = _rempli(_pdf(), {"s_2_1_0": LONG, "s_2_5": "Aucun élément."})
    fields = _widgets(filled)
    assert valeurs(filled)["s_2_1_0"] == LONG.replace("’", "'")
    long_size, long_lines = _lignes(fields["s_2_1_0"]["/AP"]["/N"].get_object().get_data())
    short_size, short_lines = _lignes(fields["s_2_5"]["/AP"]["/N"].get_object().get_data())
    assert (short_size, len(short_lines)) == (12.0, 1)  # the reader's own size for a short text
    assert 4 <= long_size < 6 and len(long_lines) > 7  # more lines than the seventh, all smaller
    assert min(long_lines) > 0  # the last line is still above the bottom of the box
    # The other fields keep their appearance (the dates are still drawn).
    assert re.search(rb"> Tj", fields["date_phase_2"]["/AP"]["/N"].get_object().get_data())


def test_the_form_is_the_same_bytes_each_time():
    assert rendre_document(exemple("individuel-cdg46.yaml"), "synthese", "pdf", 0) == rendre_document(
        exemple("individuel-cdg46.yaml"), "synthese", "pdf", 0
    )
