"""« Autres questions de l'enquête »: every question the text does not discuss is shown."""

from __future__ import annotations

import pandas as pd

from digital_public_services.inputs.loaders import load_survey_questions, load_survey_results
from digital_public_services.prose.typography import NBSP
from digital_public_services.survey import estimates as survey
from digital_public_services.survey import other as survey_other


def _with_new_question() -> pd.DataFrame:
    """Synthetic: the shipped table plus a two-item question put to two populations."""
    shipped = load_survey_results()
    rows = pd.DataFrame([{
        "wave": "2022", "population": population, "question_id": "channels",
        "item_id": item, "response": "cited", "question_type": "multiple_choice",
        "max_answers": 2, "pct": pct, "base": base}
        for population, base in (("communes", 300.0), ("grand_public", 2000.0))
        for item, pct in (("phone", 40.0), ("web", 60.0))])
    return pd.concat([shipped, rows.astype({"max_answers": "Int64"})], ignore_index=True)


def test_known_questions_leave_the_section_to_one_sentence(tmp_path, house_style):
    estimates = survey.add_intervals(load_survey_results())
    text, shown = survey_other.section(
        estimates, estimates, pd.DataFrame(columns=["question_id", "item_id", "wording"]),
        pd.DataFrame(columns=["question_id", "wording"]), "2022", confidence=0.95,
        correction="holm", folder=tmp_path / "other", link="../x")
    assert shown == [] and text == ""  # no section at all
    assert not (tmp_path / "other").exists()
    assert survey_other.statement([]) == ("Toutes les questions des données analysées sont "
                                          "discutées dans le texte.")


def test_a_new_question_gets_figure_table_and_summary(tmp_path, house_style):
    estimates = survey.add_intervals(_with_new_question())
    items = pd.DataFrame([{"question_id": "channels", "item_id": "web",
                           "wording": "Le site internet"},
                          {"question_id": "channels", "item_id": "phone",
                           "wording": "Le téléphone"}])
    questions = pd.DataFrame([{"question_id": "channels", "wording": "Quel canal ?"}])
    text, shown = survey_other.section(estimates, estimates, items, questions, "2022",
                                       confidence=0.95, correction="holm",
                                       folder=tmp_path / "other", link="../x")
    assert shown == ["channels"]
    assert (tmp_path / "other" / "channels.png").is_file()
    assert text.startswith("## Autres questions de l'enquête {#sec-survey-other}\n\nUne "
                           "question des données n'est pas discutée dans le texte")
    assert f"### Quel canal{NBSP}?" in text
    # a plain image with its caption below: no « Fig. 1 » counter of its own in the PDF
    assert "![](../x/channels.png){.generated-figure alt=\"Graphique en points" in text
    assert "\n\n*Part de répondants pour chaque item de la question" in text
    assert "Chez les acteurs communaux, l'item le plus fréquent est «\u00a0Le site internet" in text
    assert "| Le site internet | 60 [" in text  # table: shares with intervals, in order
    assert "Acteurs communaux − Grand public (points \\[IC\\])" in text  # escaped brackets
    assert "le seul" not in text and "des 2 écarts ne reste significatif" in text


def test_wording_from_the_file_is_text_in_the_generated_section(tmp_path, house_style):
    """Heading, summary, caption, alternative text and table hold the file's characters, never
    markup; a question nobody worded is its identifier as code, with the note."""
    from markdown_it import MarkdownIt

    estimates = survey.add_intervals(_with_new_question())
    script = "<script>document.title='XSS'</script> Le site"
    items = pd.DataFrame([{"question_id": "channels", "item_id": "web", "wording": script},
                          {"question_id": "channels", "item_id": "phone",
                           "wording": "[lien](javascript:alert(1)) **gras**"}])
    questions = pd.DataFrame([{"question_id": "channels",
                               "wording": "Quel <img src=x onerror=alert(1)> canal ?"}])
    text, _ = survey_other.section(estimates, estimates, items, questions, "2022",
                                   confidence=0.95, correction="holm",
                                   folder=tmp_path / "other", link="../x")
    assert f"### Quel \\<img src=x onerror=alert(1)\\> canal{NBSP}?" in text
    assert "l'item le plus fréquent est «\u00a0\\<script\\>document.title='XSS'" in text
    rendered = MarkdownIt("commonmark", {"html": True}).enable("table").render(text)
    assert "<script" not in rendered and "<img src=x" not in rendered
    assert 'href="javascript' not in rendered
    assert "&lt;script&gt;document.title='XSS'&lt;/script&gt; Le site" in rendered
    unworded = questions.assign(wording="channels", origin="identifiant")
    text, _ = survey_other.section(estimates, estimates, items, unworded, "2022",
                                   confidence=0.95, correction="holm",
                                   folder=tmp_path / "other", link="../x")
    assert "### `channels` (libellé absent du fichier)" in text


def test_waves_section_is_empty_with_one_wave_and_complete_with_two(tmp_path, house_style):
    """One wave: the article says nothing about evolution. Two: heading, computed sentence,
    figure, and the table of what a wave lacks."""
    from digital_public_services.inputs.loaders import load_survey_items
    from digital_public_services.survey import summary as survey_summary

    items = load_survey_items()
    one = survey.add_intervals(load_survey_results())
    changes, coverage = survey.compare_waves(one), survey.wave_coverage(one)
    clause = survey_summary.wave_figures(changes, coverage, ["2022"])[0].text
    assert survey_other.waves_section(changes, coverage, items, load_survey_questions(), clause,
                                      folder=tmp_path / "w", link="../x") == ""
    assert not (tmp_path / "w").exists()
    shipped = load_survey_results()
    later = shipped[shipped["population"] != "departements"].assign(wave="2026")
    later["pct"] = (later["pct"] - 8).clip(lower=0)
    results = pd.concat([shipped, later], ignore_index=True)
    two = survey.add_intervals(results)
    changes, coverage = survey.compare_waves(two), survey.wave_coverage(results)
    clause = survey_summary.wave_figures(changes, coverage, ["2022", "2026"])[0].text
    text = survey_other.waves_section(changes, coverage, items, load_survey_questions(), clause,
                                      folder=tmp_path / "w", link="../x")
    assert text.startswith("## D'une vague à l'autre {#sec-survey-waves}\n\nEntre les vagues "
                           "2022 et 2026, ")
    assert (tmp_path / "w" / "wave-evolution.png").is_file()
    assert ("![](../x/wave-evolution.png){.generated-figure alt=\"Graphique en points des "
            "évolutions") in text
    assert "| population entière | Acteurs départementaux |" in text
    assert "carnet" not in text
