"""CSV cells cannot become formulas; the file opens in Excel with å, ä, ö intact."""

from __future__ import annotations

import pytest

from servicedesk.domain.reports.export import BOM, safe_cell, to_csv


@pytest.mark.parametrize("dangerous", ["=1+1", "+46", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_formula_starts_are_neutralised(dangerous):
    assert safe_cell(dangerous) == "'" + dangerous


def test_numbers_stay_numbers_with_decimal_comma():
    assert safe_cell(-3) == -3
    assert safe_cell(80.5) == "80,5"
    assert safe_cell(None) == ""


def test_bom_separator_and_quoting():
    text = to_csv(["Tjänst", "Andel"], [["Skolplattformen; äldre", 50.0], ["=cmd", 1]])
    assert text.startswith(BOM)
    lines = text[1:].split("\r\n")
    assert lines[0] == "Tjänst;Andel"
    assert lines[1] == '"Skolplattformen; äldre";50,0'
    assert lines[2] == "'=cmd;1"
    assert text.encode("utf-8").startswith(b"\xef\xbb\xbf")
