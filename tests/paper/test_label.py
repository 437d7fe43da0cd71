"""The label of a render: an edition when it quotes what its snapshot recorded, else a
working version named by the last edition and its commit."""

from __future__ import annotations

import pytest

from digital_public_services.paper import editions
from digital_public_services.paper.label import label, matches
from digital_public_services.prose.typography import NBSP

COMMIT = "abc1234def5678"
VALUE = {"text": "57 %", "value": 57, "low": 52, "high": 62, "unit": "%"}
INPUTS = {"data/survey/survey_results.csv": "f00d"}


def edition(version="0.1.0", date="2026-12-02", quoted=None, inputs=None):
    return editions.snapshot(version, date, "c0ffee", inputs or INPUTS,
                             quoted or {"survey.x": VALUE})


def quoted(**change):
    return {"survey.x": {**VALUE, "description": "prose of the current build", **change}}


def test_a_render_that_quotes_its_edition_is_that_edition():
    found = [edition()]
    shown = label("0.1.0", found, quoted(), INPUTS, COMMIT, "2026-12-06")
    assert shown.kind == "edition"
    assert shown.text == f"Édition 0.1.0 — 2{NBSP}décembre 2026"  # the edition's date
    assert shown.citation_version == "0.1.0"
    assert shown.date == "2026-12-02"
    assert shown.header == "Édition 0.1.0"


@pytest.mark.parametrize("values, inputs", [
    (quoted(value=58, text="58 %"), INPUTS),  # a quoted value moved
    (quoted(text="57 % environ"), INPUTS),  # same number, other text
    (quoted(), {**INPUTS, "data/survey/survey_results.csv": "beef"}),  # other input file
    ({**quoted(), "survey.y": VALUE}, INPUTS),  # one more value quoted
])
def test_a_render_that_differs_from_its_edition_is_a_working_version(values, inputs):
    shown = label("0.1.0", [edition()], values, inputs, COMMIT, "2026-12-06")
    assert shown.kind == "working"
    assert shown.text == (f"Version de travail (après l'édition 0.1.0), commit abc1234, "
                          f"6{NBSP}décembre 2026")
    assert shown.citation_version == "0.1.0+abc1234"
    assert shown.date == "2026-12-06"  # the commit's, not the edition's
    assert "0.1.0" in shown.header and "abc1234" in shown.header


def test_a_version_not_yet_released_is_a_working_version_after_the_last_edition():
    found = [edition("0.1.0"), edition("0.2.0", "2026-12-10")]
    shown = label("0.3.0", found, quoted(), INPUTS, COMMIT, "2026-12-12")
    assert shown.kind == "working"
    assert "après l'édition 0.2.0" in shown.text
    assert shown.citation_version == "0.2.0+abc1234"


def test_before_any_edition_the_label_says_so():
    shown = label("0.1.0", [], quoted(), INPUTS, COMMIT, "2026-12-01")
    assert shown.text.startswith("Version de travail (avant la première édition), commit abc1234")
    assert shown.citation_version == "0.1.0+abc1234"


def test_uncommitted_changes_are_never_an_edition_and_say_so():
    shown = label("0.1.0", [edition()], quoted(), INPUTS, COMMIT, "2026-12-06", clean=False)
    assert shown.kind == "working"
    assert "modifications non commitées" in shown.text
    assert shown.citation_version == "0.1.0+abc1234.dirty"


def test_matches_compares_as_the_changes_appendix_does():
    """The label and Annexe B agree: descriptions (current prose) are not compared."""
    snap = edition()
    assert matches(snap, quoted(description="other prose"), INPUTS)
    assert not matches(snap, quoted(value=57.5), INPUTS)
    assert not matches(snap, {}, INPUTS)
