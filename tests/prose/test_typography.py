"""French number typography: thin thousands space, decimal comma, true minus, no-break spaces."""

from __future__ import annotations

import math

import numpy as np
import pytest

from digital_public_services.prose import typography as frformat
from digital_public_services.prose.typography import (
    NBSP,
    NNBSP,
    fr_interval,
    fr_number,
    fr_percent,
    fr_points,
    french_date,
    quoted,
)

MINUS = "\u2212"


def test_thousands_are_separated_by_a_narrow_no_break_space():
    assert fr_number(2185) == f"2{NNBSP}185"
    assert fr_number(1234567) == f"1{NNBSP}234{NNBSP}567"
    assert fr_number(999) == "999"


def test_decimals_use_a_comma_and_are_rounded_to_the_precision_asked():
    assert fr_number(0.5, 1) == "0,5"
    assert fr_number(1234.5678, 2) == f"1{NNBSP}234,57"
    assert "." not in fr_number(3.25, 2)


def test_negative_numbers_use_the_minus_sign_not_a_hyphen():
    text = fr_number(-1500.5, 1)
    assert text == f"{MINUS}1{NNBSP}500,5"
    assert "-" not in text


@pytest.mark.parametrize("missing", [math.nan, float("nan"), np.float64("nan"), None])
def test_missing_values_are_shown_as_not_available(missing):
    assert fr_number(missing) == "n.d."


def test_numpy_numbers_are_formatted_like_python_ones():
    assert fr_number(np.int64(12000)) == fr_number(12000)
    assert fr_number(np.float64(0.25), 2) == fr_number(0.25, 2)


def test_percent_has_a_no_break_space_before_the_sign():
    assert fr_percent(58) == f"58{NBSP}%"
    assert fr_percent(12.34, 1) == f"12,3{NBSP}%"


def test_points_are_signed_when_positive_only():
    assert fr_points(24) == f"+24{NBSP}points"
    assert fr_points(-3.5, 1) == f"{MINUS}3,5{NBSP}points"
    assert fr_points(0) == f"0{NBSP}points"
    assert fr_points(24, signed=False) == f"24{NBSP}points"


def test_interval_bounds_are_separated_by_a_semicolon_with_no_break_spaces():
    assert fr_interval(52, 64) == f"[52{NBSP};{NBSP}64]{NBSP}%"
    assert fr_interval(1.44, 2.56, 1, unit="points") == f"[1,4{NBSP};{NBSP}2,6]{NBSP}points"


def test_interval_without_unit_has_no_trailing_space():
    text = fr_interval(10, 20, unit="")
    assert text == f"[10{NBSP};{NBSP}20]"
    assert not text.endswith(NBSP)


def test_quoted_text_has_french_marks_with_no_break_spaces_inside():
    assert quoted("synthetic phrase") == f"«{NBSP}synthetic phrase{NBSP}»"


def test_french_date():
    assert french_date("2026-11-21") == f"21{NBSP}novembre 2026"
    assert french_date("2024-01-05") == f"5{NBSP}janvier 2024"
    assert french_date("2024-08-31") == f"31{NBSP}août 2024"


def test_french_date_leaves_an_unknown_date_as_it_is():
    assert french_date("unknown") == "unknown"


def test_amounts_in_one_style_at_the_largest_scale_reached():
    assert frformat.fr_amount(1.8e9) == f"1,8{NBSP}Md€"
    assert frformat.fr_amount(700e6) == f"700{NBSP}M€"
    assert frformat.fr_amount(3.7 * 1e9) == f"3,7{NBSP}Md€"  # float noise is not a digit
    assert frformat.fr_amount(1500e6) == f"1,5{NBSP}Md€"
    assert frformat.fr_amount(88e6) == f"88{NBSP}M€"
    assert frformat.fr_amount(950e3) == f"950{NBSP}k€"
    assert frformat.fr_amount(12.5) == f"12,5{NBSP}€"
