"""Survey estimates: intervals against textbook values, design effects, corrections, waves."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy.stats import norm

from digital_public_services.inputs.loaders import load_survey_items, load_survey_results
from digital_public_services.survey import estimates as survey


def synthetic_results(rows: list[tuple]) -> pd.DataFrame:
    """Tidy rows (wave, population, question, item, pct, base) of a synthetic survey."""
    frame = pd.DataFrame(rows, columns=["wave", "population", "question_id", "item_id", "pct",
                                        "base"])
    frame["response"] = "favorable"
    frame["question_type"] = "favourability"
    frame["max_answers"] = 1
    frame["note"] = "synthetic"
    return frame


def wilson_by_hand(successes: float, n: float, confidence: float = 0.95) -> tuple[float, float]:
    """Wilson's closed form, written out independently of statsmodels."""
    z = norm.ppf(1 - (1 - confidence) / 2)
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return 100 * (centre - half), 100 * (centre + half)


def test_wilson_matches_newcombe_textbook_cases():
    # Newcombe (1998), Statistics in Medicine 17: 857-872, Table I: 81/263 and 15/148.
    frame = synthetic_results([("2022", "a", "q", "i", 100 * 81 / 263, 263),
                               ("2022", "b", "q", "i", 100 * 15 / 148, 148)])
    out = survey.add_intervals(frame)
    assert out["ci_low"].round(2).tolist() == [25.53, 6.24]
    assert out["ci_high"].round(2).tolist() == [36.62, 16.05]


@pytest.mark.parametrize("successes,n,confidence", [(0, 55, 0.95), (55, 55, 0.95),
                                                   (30, 325, 0.9), (1200, 2185, 0.99)])
def test_wilson_matches_closed_form(successes, n, confidence):
    frame = synthetic_results([("2022", "a", "q", "i", 100 * successes / n, n)])
    out = survey.add_intervals(frame, confidence=confidence)
    low, high = wilson_by_hand(successes, n, confidence)
    assert out["ci_low"].iloc[0] == pytest.approx(low, abs=1e-9)
    assert out["ci_high"].iloc[0] == pytest.approx(high, abs=1e-9)


def test_design_effect_widens_interval_as_a_smaller_sample():
    frame = synthetic_results([("2022", "grand_public", "q", "i", 60, 2000),
                               ("2022", "communes", "q", "i", 60, 2000)])
    out = survey.add_intervals(frame, design_effect={"grand_public": 2.0})
    public, communes = out.iloc[0], out.iloc[1]
    assert public["n_eff"] == 1000 and communes["n_eff"] == 2000
    assert (public["ci_high"] - public["ci_low"]) > (communes["ci_high"] - communes["ci_low"])
    low, high = wilson_by_hand(600, 1000)
    assert (public["ci_low"], public["ci_high"]) == pytest.approx((low, high))


def test_finite_population_correction_narrows_interval():
    frame = synthetic_results([("2022", "departements", "q", "i", 50, 55)])
    plain = survey.add_intervals(frame).iloc[0]
    corrected = survey.add_intervals(frame, population_size={"departements": 101}).iloc[0]
    assert corrected["n_eff"] == pytest.approx(55 * 100 / 46)
    assert corrected["ci_high"] - corrected["ci_low"] < plain["ci_high"] - plain["ci_low"]
    with pytest.raises(ValueError, match="must exceed its sample size"):
        survey.add_intervals(frame, population_size={"departements": 55})


def test_kish_base_gets_no_second_design_effect():
    frame = synthetic_results([("2023", "grand_public", "q", "i", 40, 800),
                               ("2023", "grand_public", "q", "j", 40, 800)])
    frame.loc[0, "note"] = survey.EFFECTIVE_BASE_NOTE + "; weighted share"
    out = survey.add_intervals(frame, design_effect={"grand_public": 1.6})
    assert out["n_eff"].tolist() == [800, 500]


def test_bad_parameters_are_refused():
    frame = synthetic_results([("2022", "a", "q", "i", 40, 80)])
    with pytest.raises(ValueError, match="confidence"):
        survey.add_intervals(frame, confidence=95)
    with pytest.raises(ValueError, match="design effect"):
        survey.add_intervals(frame, design_effect={"a": 0})
    with pytest.raises(ValueError, match="holm"):
        survey.adjust_pvalues([0.1], "bonferroni")


def test_holm_and_benjamini_hochberg_on_a_hand_computed_case():
    p = [0.01, 0.04, 0.03, 0.005]
    # Holm: sorted 0.005·4, 0.01·3, 0.03·2, 0.04·1, then running maximum.
    assert survey.adjust_pvalues(p, "holm") == pytest.approx([0.03, 0.06, 0.06, 0.02])
    # BH: p·m/rank = 0.02, 0.02, 0.04, 0.04, then running minimum from the top.
    assert survey.adjust_pvalues(p, "fdr_bh") == pytest.approx([0.02, 0.04, 0.04, 0.02])


def test_population_gap_matches_newcombe_difference_example():
    # Newcombe (1998), Statistics in Medicine 17: 873-890: 56/70 − 48/80, method 10.
    frame = synthetic_results([("2022", "a", "q", "i", 100 * 56 / 70, 70),
                               ("2022", "b", "q", "i", 100 * 48 / 80, 80)])
    gaps = survey.compare_populations(survey.add_intervals(frame), [("a", "b")])
    row = gaps.iloc[0]
    assert row["diff"] == pytest.approx(20)
    assert (round(row["diff_low"], 2), round(row["diff_high"], 2)) == (5.24, 33.39)
    assert row["p_value"] < 0.05 and bool(row["significant"])


def test_gaps_are_corrected_within_each_question():
    rows = []
    for question, gap in (("q1", 1), ("q2", 15)):
        for k in range(4):
            rows += [("2022", "a", question, f"i{k}", 50 + gap, 300),
                     ("2022", "b", question, f"i{k}", 50, 300)]
    gaps = survey.compare_populations(survey.add_intervals(synthetic_results(rows)),
                                      [("a", "b")], correction="holm")
    for _, family in gaps.groupby("question_id"):
        expected = survey.adjust_pvalues(family["p_value"], "holm")
        assert family["p_adjusted"].to_numpy() == pytest.approx(expected)
    assert not gaps.loc[gaps.question_id == "q1", "significant"].any()
    assert gaps.loc[gaps.question_id == "q2", "significant"].all()


def test_identical_extreme_shares_are_not_a_difference():
    frame = synthetic_results([("2022", "a", "q", "i", 100, 55),
                               ("2022", "b", "q", "i", 100, 325)])
    gaps = survey.compare_populations(survey.add_intervals(frame), [("a", "b")])
    assert gaps["p_value"].iloc[0] == 1 and not gaps["significant"].iloc[0]


def test_items_not_asked_of_both_populations_are_not_compared():
    frame = synthetic_results([("2022", "a", "q", "i", 50, 100),
                               ("2022", "a", "q", "j", 50, 100),
                               ("2022", "b", "q", "i", 70, 100)])
    gaps = survey.compare_populations(survey.add_intervals(frame), [("a", "b")])
    assert gaps["item_id"].tolist() == ["i"]
    none = survey.compare_populations(survey.add_intervals(frame), [("a", "c")])
    assert none.empty and "significant" in none.columns


def synthetic_two_waves() -> pd.DataFrame:
    first = load_survey_results()
    second = first[first["population"] != "departements"].copy()
    second["wave"] = "2024"
    second["pct"] = (second["pct"] - 10).clip(lower=0)
    second = second[second["item_id"] != "video_lessons"]
    new_item = second.iloc[[0]].assign(item_id="synthetic_new_item")
    return pd.concat([first, second, new_item], ignore_index=True)


def test_two_wave_comparison_on_synthetic_second_wave():
    waves = synthetic_two_waves()
    table = survey.compare_waves(survey.add_intervals(waves))
    assert set(table["wave_before"]) == {"2022"} and set(table["wave"]) == {"2024"}
    assert (table["pct"] - table["pct_before"] == table["diff"]).all()
    assert (table["diff"] <= 0).all()
    assert "departements" not in set(table["population"])
    assert "video_lessons" not in set(table["item_id"])
    public = table[table["population"] == "grand_public"]
    assert public["significant"].all()  # −10 points on 2 185 respondents
    assert (table["diff_low"] <= table["diff"]).all()
    assert (table["diff"] <= table["diff_high"]).all()


def test_single_wave_gives_no_wave_comparison():
    table = survey.compare_waves(survey.add_intervals(load_survey_results()))
    assert table.empty and "diff" in table.columns
    assert survey.wave_coverage(load_survey_results()).empty


def test_wave_coverage_reports_what_one_wave_lacks():
    coverage = survey.wave_coverage(synthetic_two_waves())
    populations = coverage[coverage["level"] == "population"]
    assert populations[["population", "waves_missing"]].values.tolist() == [
        ["departements", "2024"]]
    items = coverage[coverage["level"] == "item"]
    assert set(items["item_id"]) == {"video_lessons", "synthetic_new_item"}
    assert "departements" not in set(items["population"])
    new = items[items["item_id"] == "synthetic_new_item"].iloc[0]
    assert (new["waves_present"], new["waves_missing"]) == ("2024", "2022")


def test_item_without_theme_goes_to_autre_with_a_warning():
    results = synthetic_two_waves()
    with pytest.warns(survey.SurveyWarning, match="synthetic_new_item"):
        themed = survey.attach_themes(results, load_survey_items())
    assert set(themed.loc[themed["item_id"] == "synthetic_new_item", "theme"]) == {"autre"}
    obstacles = themed[themed["question_id"] == "main_obstacles"]
    assert obstacles["theme"].isna().all()  # an unthemed question stays unthemed
    assert len(themed) == len(results)


def test_multiple_answer_totals_are_shares_of_respondents():
    totals = survey.answer_totals(load_survey_results())
    obstacles = totals[totals["question_id"] == "main_obstacles"].set_index("population")
    assert obstacles.loc["communes", "total"] == 196
    assert (obstacles["ceiling"] == 200).all()
    assert (obstacles["total"] > 100).all()


def test_sensitivity_to_the_design_effect_is_monotone():
    table = survey.significance_sensitivity(
        load_survey_results(), [("communes", "grand_public")], "grand_public", [1, 2, 8, 50])
    assert table["design_effect"].tolist() == [1, 2, 8, 50]
    assert np.all(np.diff(table["significant"]) <= 0)
    assert table["significant"].iloc[0] > table["significant"].iloc[-1]


def _waves() -> pd.DataFrame:
    """Synthetic: q1 asked of both populations in 2022 and 2026, q2 of « b » in 2022 only."""
    rows = [("2022", "a", "q1", 40.0), ("2022", "b", "q1", 50.0), ("2026", "a", "q1", 45.0),
            ("2026", "b", "q1", 55.0), ("2022", "b", "q2", 60.0), ("2024", "a", "q2", 30.0)]
    return pd.DataFrame([{"wave": w, "population": p, "question_id": q, "item_id": "i",
                          "response": "cited", "pct": pct, "base": 100.0}
                         for w, p, q, pct in rows])


def test_focus_wave_defaults_to_the_latest_and_refuses_an_unknown_wave():
    frame = _waves()
    assert survey.focus_wave(frame) == "2026"
    assert survey.focus_wave(frame, "2022") == "2022"
    with pytest.raises(ValueError, match="2022, 2024, 2026"):
        survey.focus_wave(frame, "2030")


def test_at_focus_takes_the_focus_wave_else_the_latest_earlier_else_the_latest():
    frame = _waves()
    got = survey.at_focus(frame, "2026").set_index(["population", "question_id"])["wave"]
    assert got.to_dict() == {("a", "q1"): "2026", ("b", "q1"): "2026", ("a", "q2"): "2024",
                             ("b", "q2"): "2022"}
    early = survey.at_focus(frame, "2022").set_index(["population", "question_id"])["wave"]
    assert early[("a", "q2")] == "2024"  # nothing at or before 2022: the latest that has it


def test_compare_at_focus_compares_within_a_wave_both_populations_answered():
    frame = survey.add_intervals(_waves())
    gaps = survey.compare_at_focus(frame, [("a", "b")], "2026")
    assert gaps.set_index("question_id")["wave"].to_dict() == {"q1": "2026"}  # q2: no common
    assert gaps["diff"].tolist() == [-10.0]


def test_holm_collects_only_the_objects_of_its_own_call(monkeypatch) -> None:
    """statsmodels runs a full ``gc.collect()`` in every Holm adjustment; the objects that
    existed before the call are frozen meanwhile, and thawed afterwards."""
    import gc

    seen: list[int] = []
    collect = gc.collect
    monkeypatch.setattr(gc, "collect", lambda *a: (seen.append(gc.get_freeze_count()),
                                                   collect(*a))[1])
    assert gc.get_freeze_count() == 0
    assert survey.adjust_pvalues([0.01, 0.04, 0.03, 0.005], "holm") == pytest.approx(
        [0.03, 0.06, 0.06, 0.02])
    assert seen and all(count > 0 for count in seen)
    assert gc.get_freeze_count() == 0


def test_objects_frozen_by_someone_else_stay_frozen() -> None:
    import gc

    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        survey.adjust_pvalues([0.01, 0.04], "holm")
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()
