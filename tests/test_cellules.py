"""Spreadsheet cells from user text never start a formula (OWASP CSV injection)."""

import pytest

from generator.cellules import cellule_sure


@pytest.mark.parametrize(
    ("texte", "attendu"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+33 5 00 00 00 00", "'+33 5 00 00 00 00"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
    ],
)
def test_un_debut_de_formule_est_desarme(texte, attendu):
    assert cellule_sure(texte) == attendu


@pytest.mark.parametrize("texte", ["Commune de Castanet", "N'Diaye", "", "1 310,00 €", " =A1", "a=b"])
def test_un_texte_ordinaire_reste_tel_quel(texte):
    assert cellule_sure(texte) == texte
