"""Readability rules of `dps check`: each fires on what it targets and leaves good prose alone."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from digital_public_services.paper import readability
from digital_public_services.plotting.style import POPULATION_LABELS
from digital_public_services.prose import glossary

ROOT = Path(__file__).resolve().parents[2]
NBSP = "\u00a0"
ITEMS = [readability._normal(w) for w in (
    "Développer la pratique de la téléconsultation", "Equiper les élèves en tablettes",
    "Mettre en place le vote électronique", "Développer les cours en visioconférence")]


def _problems(text: str, body: bool = True) -> list[str]:
    paragraph = readability.Paragraph(Path("x.qmd"), 3, text,
                                      readability._reader_text(text, {}), body)
    return [p.message for p in readability.paragraph_problems(paragraph, ITEMS)]


def test_good_prose_passes() -> None:
    text = (f"Les acteurs communaux soutiennent la téléconsultation à 65{NBSP}% "
            f"[63{NBSP};{NBSP}67] ; un écart sur dix-neuf résiste à la correction.")
    assert _problems(text.replace("65\u00a0%", "{{< meta v.x >}}")) == []


@pytest.mark.parametrize("text", ["1 écart(s) sur 19", "résiste(nt) à la correction"])
def test_template_plurals_fire(text: str) -> None:
    assert any("template plural" in m for m in _problems(text))


@pytest.mark.parametrize("interval", [
    "[63 % ; 67 %]", "[63 ; 67] %", "(IC 63-67)", "[63–67]", "[63, 67]", "± 2"])
def test_other_interval_formats_fire(interval: str) -> None:
    text = f"Une part de {{{{< meta v.x >}}}} 65 % {interval} chez les acteurs communaux."
    assert any("interval" in m for m in _problems(text))


def test_a_percentage_typed_by_hand_fires_but_not_one_from_a_value() -> None:
    assert any("typed by hand" in m for m in _problems("Une part de 58 % au niveau local."))
    assert _problems("Une part de {{< meta v.survey.local >}} au niveau local.") == []


def test_more_than_three_items_in_a_sentence_fire() -> None:
    four = ("Le public soutient « Développer la pratique de la téléconsultation », « Equiper "
            "les élèves en tablettes », « Mettre en place le vote électronique » et "
            "« Développer les cours en visioconférence ».")
    assert any("4 survey items" in m for m in _problems(four))
    assert _problems(four.replace(" et « Développer les cours en visioconférence »", "")) == []


def test_a_variant_fires_unless_the_sentence_gives_the_label() -> None:
    assert any("names levers.leadership" in m
               for m in _problems("Le policy paper veut impulser le changement."))
    assert _problems("Les 325 mairies sont les acteurs communaux de l'enquête.") == []
    assert _problems("Le policy paper en parle [@eppp2022pp7, Impulser la dynamique].") == []


def test_pipeline_words_fire_in_the_body_only() -> None:
    text = "Le carnet recompte les écarts."
    assert any("pipeline vocabulary" in m for m in _problems(text))
    assert _problems(text, body=False) == []
    assert _problems("La moyenne cache des écarts.") == []


def test_two_values_for_one_quantity_fail(tmp_path: Path) -> None:
    path = tmp_path / "values.json"
    entries = {
        "levers.n_indicators_pp7": {"value": 2, "text": "2", "quantity": "excerpts:pp7:ind"},
        "survey.n_indicators": {"value": 0, "text": "0", "quantity": "excerpts:pp7:ind"},
        "survey.other": {"value": 0, "text": "0", "quantity": ""},
    }
    path.write_text(json.dumps(entries), encoding="utf-8")
    problems = readability.quantity_problems(path)
    assert [p.field for p in problems] == ["survey.n_indicators"]
    assert "two values for one quantity" in str(problems[0])
    entries["survey.n_indicators"]["value"] = 2
    path.write_text(json.dumps(entries), encoding="utf-8")
    assert readability.quantity_problems(path) == []


def test_glossary_labels_are_the_data_labels() -> None:
    levers = pd.read_csv(ROOT / "data" / "levers" / "levers.csv")
    for row in levers.itertuples():
        assert glossary.label_of(row.lever_code) == row.label_fr
    codebook = pd.read_csv(ROOT / "data" / "interviews" / "codebook.csv").set_index("code")
    for row in levers.itertuples():
        assert codebook.loc[row.lever_code, "label_fr"] == row.label_fr
    for population in ("communes", "departements"):
        assert glossary.label_of(population).lower() == POPULATION_LABELS[population].lower()
    with pytest.raises(KeyError, match="glossary"):
        glossary.label_of("nothing")


def test_sections_are_walked_in_order_and_appendices_are_not_body(tmp_path: Path) -> None:
    (tmp_path / "s.qmd").write_text("Le carnet inclus.\n", encoding="utf-8")
    article = tmp_path / "index.qmd"
    article.write_text("---\ntitle: T\n---\n\nCorps {{< meta v.a >}}.\n\n"
                       "{{< include s.qmd >}}\n\n# Annexe {.appendix}\n\nLe carnet.\n",
                       encoding="utf-8")
    found = readability.paragraphs(article, {"v.a": "un"})
    assert [(p.path.name, p.line, p.text, p.body) for p in found] == [
        ("index.qmd", 5, "Corps un.", True), ("s.qmd", 1, "Le carnet inclus.", True),
        ("index.qmd", 11, "Le carnet.", False)]


def test_a_sentence_written_twice_in_the_body_fires_at_its_second_place(tmp_path: Path) -> None:
    """Typed or quoted from a value, a body sentence of eight words or more is said once;
    case and punctuation do not hide a repeat, and short or appendix sentences may recur."""
    (tmp_path / "s.qmd").write_text(
        "Autre texte. Les acteurs communaux citent au coude-à-coude le coût et l'accès !\n"
        "Voir la figure. Court rappel ici.\n", encoding="utf-8")
    article = tmp_path / "index.qmd"
    article.write_text(
        "---\ntitle: T\n---\n\n{{< meta v.a >}} Voir la figure. Court rappel ici.\n\n"
        "{{< include s.qmd >}}\n\n# Références\n\n"
        "Les acteurs communaux citent au coude-à-coude le coût et l'accès.\n",
        encoding="utf-8")
    value = {"v.a": "les acteurs communaux citent au coude-à-coude le coût et l'accès."}
    found = readability.repeated_problems(readability.paragraphs(article, value))
    assert len(found) == 1
    assert (found[0].path.name, found[0].line) == ("s.qmd", 1)
    assert "index.qmd, line 5" in str(found[0])
    assert not readability.repeated_problems(readability.paragraphs(article, {"v.a": ""}))
