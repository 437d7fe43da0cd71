"""Survey estimates with honest uncertainty: intervals, differences, waves, themes.

The source report prints bare percentages for samples of very different sizes (55 département
actors, 325 mairies, 2 185 adults). Every function here works on the tidy results table
(columns of ``data/schemas/survey_results.json``) and returns a new DataFrame; nothing reads
or writes files.

Conventions, stated once:

* Intervals are Wilson score intervals computed on an *effective* sample size
  ``n_eff = base / (design effect × finite-population factor)``. A row whose base is already
  Kish's effective size (respondent-level input aggregated by ``survey.io``, recognised by
  :data:`EFFECTIVE_BASE_NOTE` at the start of its note) gets no further design effect.
* Differences between two shares use Newcombe's hybrid score interval (built from the same
  Wilson intervals) and a score test; p-values are corrected for multiple comparisons within
  each family (one wave × one question), by Holm or Benjamini–Hochberg.
* Each population gap also gets an *adjusted* interval (``adj_low``, ``adj_high``): Newcombe's
  interval at the level the correction gives that comparison, ``alpha × p / p_adjusted``.
  A gap is significant after correction exactly when its adjusted interval excludes zero, so
  a figure can draw one interval whose meaning matches the verdict.
* Multiple-answer questions are shares of respondents: each item is a yes/no per respondent,
  so the same binomial interval applies and the items of a question do not sum to 100.
"""

from __future__ import annotations

import gc
import warnings
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager

import numpy as np
import pandas as pd
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import (
    confint_proportions_2indep,
    proportion_confint,
    test_proportions_2indep,
)

from .io import EFFECTIVE_BASE_NOTE  # the tidy format's marker, defined with it

CORRECTIONS = ("holm", "fdr_bh")
OTHER_THEME = "autre"
ITEM_KEY = ["question_id", "item_id", "response"]


class SurveyWarning(UserWarning):
    """Something in the survey data the reader of the paper should know about."""


def _alpha(confidence: float) -> float:
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be between 0 and 1 (exclusive), got {confidence}")
    return 1 - confidence


def base_is_effective(results: pd.DataFrame) -> pd.Series:
    """Rows whose base already accounts for weighting (Kish), so no design effect applies."""
    if "note" not in results:
        return pd.Series(False, index=results.index)
    return results["note"].fillna("").astype(str).str.startswith(EFFECTIVE_BASE_NOTE)


def effective_size(
    results: pd.DataFrame,
    design_effect: Mapping[str, float] | None = None,
    population_size: Mapping[str, int] | None = None,
) -> pd.Series:
    """Effective sample size of each row: base shrunk by the design effect, grown by the FPC.

    The finite-population correction multiplies the variance by (N − n)/(N − 1); dividing
    the base by that factor gives the equivalent simple-random-sample size.
    """
    deff = pd.Series(1.0, index=results.index)
    for population, value in (design_effect or {}).items():
        if not value > 0:
            raise ValueError(f"design effect of '{population}' must be positive, got {value}")
        deff[results["population"] == population] = float(value)
    deff[base_is_effective(results)] = 1.0
    base = results["base"].astype(float)
    fpc = pd.Series(1.0, index=results.index)
    for population, size in (population_size or {}).items():
        rows = results["population"] == population
        too_small = rows & (base >= size)
        if too_small.any():
            raise ValueError(
                f"population size of '{population}' ({size}) must exceed its sample size "
                f"({base[too_small].max():g}) for a finite-population correction"
            )
        fpc[rows] = (size - base[rows]) / (size - 1)
    return base / (deff * fpc)


def add_intervals(
    results: pd.DataFrame,
    confidence: float = 0.95,
    design_effect: Mapping[str, float] | None = None,
    population_size: Mapping[str, int] | None = None,
) -> pd.DataFrame:
    """Add ``n_eff`` and a Wilson interval (``ci_low``, ``ci_high``, in percent) to each row.

    ``design_effect`` maps a population to its design effect (default 1); ``population_size``
    maps a population to its size N to apply a finite-population correction (default none).
    """
    alpha = _alpha(confidence)
    out = results.copy()
    out["n_eff"] = effective_size(results, design_effect, population_size)
    low, high = proportion_confint(
        out["pct"].to_numpy(float) / 100 * out["n_eff"].to_numpy(float),
        out["n_eff"].to_numpy(float),
        alpha=alpha,
        method="wilson",
    )
    out["ci_low"] = 100 * np.asarray(low)
    out["ci_high"] = 100 * np.asarray(high)
    return out


def adjust_pvalues(pvalues: Sequence[float], method: str = "holm") -> np.ndarray:
    """Multiple-comparison adjusted p-values (Holm or Benjamini–Hochberg)."""
    if method not in CORRECTIONS:
        raise ValueError(f"multiple-comparison method must be one of {CORRECTIONS}, got {method!r}")
    p = np.asarray(pvalues, dtype=float)
    if p.size == 0:
        return p
    with _collection_of_new_objects_only():
        return multipletests(p, method=method)[1]


@contextmanager
def _collection_of_new_objects_only() -> Iterator[None]:
    """statsmodels' Holm branch calls ``gc.collect()`` on every call (0.14 and 0.15,
    statsmodels/statsmodels#8671), a full collection of every object the process holds:
    75 ms or more in a kernel with pandas and matplotlib loaded, for each family of
    comparisons. Objects that exist before the call are frozen for its duration (they are
    collected as usual afterwards), so that collection only sees the call's own; the
    p-values are the same."""
    if gc.get_freeze_count():  # someone else froze objects: leave their state alone
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _differences(
    first: pd.DataFrame, second: pd.DataFrame, alpha: float
) -> pd.DataFrame:
    """Difference first − second (points) with Newcombe interval and score-test p-value.

    ``first`` and ``second`` are aligned row by row and carry ``pct`` and ``n_eff``.
    """
    n1, n2 = first["n_eff"].to_numpy(float), second["n_eff"].to_numpy(float)
    c1, c2 = first["pct"].to_numpy(float) / 100 * n1, second["pct"].to_numpy(float) / 100 * n2
    with np.errstate(all="ignore"):
        low, high = confint_proportions_2indep(c1, n1, c2, n2, method="newcomb", alpha=alpha)
        pvalue = np.asarray(
            test_proportions_2indep(c1, n1, c2, n2, method="score").pvalue, dtype=float
        )
    # Both shares at 0 % or both at 100 %: the score statistic is 0/0; there is no evidence
    # of a difference, so the p-value is 1.
    pvalue = np.where(np.isnan(pvalue) & (c1 / n1 == c2 / n2), 1.0, pvalue)
    return pd.DataFrame(
        {
            "diff": first["pct"].to_numpy(float) - second["pct"].to_numpy(float),
            "diff_low": 100 * np.asarray(low, dtype=float),
            "diff_high": 100 * np.asarray(high, dtype=float),
            "p_value": pvalue,
        },
        index=first.index,
    )


def _correct(table: pd.DataFrame, family: list[str], alpha: float, method: str) -> pd.DataFrame:
    table = table.copy()
    table["p_adjusted"] = np.nan
    for _, rows in table.groupby(family, sort=False).groups.items():
        table.loc[rows, "p_adjusted"] = adjust_pvalues(table.loc[rows, "p_value"], method)
    table["significant"] = table["p_adjusted"] < alpha
    return table


def adjusted_levels(table: pd.DataFrame, alpha: float) -> pd.Series:
    """Per comparison, the error rate the correction leaves it: ``alpha × p / p_adjusted``.

    ``p < alpha × p / p_adjusted`` holds exactly when ``p_adjusted < alpha``, so an interval
    at confidence ``1 −`` this level excludes zero exactly when the corrected test rejects
    (up to the interval and the test being different statistics). A p-value of 0 (adjusted
    0 too) gets the Bonferroni level of its family.
    """
    p, adjusted = table["p_value"].astype(float), table["p_adjusted"].astype(float)
    family = table.groupby(["wave", "question_id"])["p_value"].transform("size")
    with np.errstate(all="ignore"):
        level = alpha * p / adjusted
    return level.where(adjusted > 0, alpha / family).clip(upper=alpha)


def _adjusted_intervals(table: pd.DataFrame, n_a: pd.Series, n_b: pd.Series,
                        alpha: float) -> pd.DataFrame:
    """Newcombe intervals of each gap at its :func:`adjusted_levels` confidence."""
    table = table.copy()
    table["adj_level"] = adjusted_levels(table, alpha)
    low, high = [], []
    for row, na, nb in zip(table.itertuples(index=False), n_a, n_b, strict=True):
        with np.errstate(all="ignore"):
            lo, hi = confint_proportions_2indep(row.pct_a / 100 * na, na, row.pct_b / 100 * nb,
                                                nb, method="newcomb", alpha=row.adj_level)
        low.append(100 * float(lo))
        high.append(100 * float(hi))
    return table.assign(adj_low=low, adj_high=high)


def compare_populations(
    estimates: pd.DataFrame,
    pairs: Iterable[tuple[str, str]],
    confidence: float = 0.95,
    correction: str = "holm",
) -> pd.DataFrame:
    """Item by item, the gap between two populations (first − second) in points.

    ``estimates`` is the output of :func:`add_intervals`. Items not asked of both populations
    are left out. The correction family is one wave × one question, all pairs together.
    """
    alpha = _alpha(confidence)
    keys = ["wave", *ITEM_KEY]
    parts = []
    for first, second in pairs:
        a = estimates[estimates["population"] == first]
        b = estimates[estimates["population"] == second]
        both = a.merge(b, on=keys, suffixes=("_a", "_b"))
        if both.empty:
            continue
        diff = _differences(
            both[["pct_a", "n_eff_a"]].set_axis(["pct", "n_eff"], axis=1),
            both[["pct_b", "n_eff_b"]].set_axis(["pct", "n_eff"], axis=1),
            alpha,
        )
        parts.append(
            pd.concat(
                [both[[*keys, "population_a", "population_b", "pct_a", "pct_b", "n_eff_a",
                       "n_eff_b"]], diff], axis=1
            )
        )
    if not parts:
        return pd.DataFrame(
            columns=[*keys, "population_a", "population_b", "pct_a", "pct_b", "diff",
                     "diff_low", "diff_high", "p_value", "p_adjusted", "significant",
                     "adj_level", "adj_low", "adj_high"]
        )
    table = pd.concat(parts, ignore_index=True)
    sizes = table.pop("n_eff_a"), table.pop("n_eff_b")
    table = _correct(table, ["wave", "question_id"], alpha, correction)
    return _adjusted_intervals(table, *sizes, alpha)


def compare_waves(
    estimates: pd.DataFrame, confidence: float = 0.95, correction: str = "holm"
) -> pd.DataFrame:
    """Each item in each population, wave against the previous wave that has it (later − earlier).

    Empty when there is a single wave. The correction family is one pair of waves × one
    question.
    """
    alpha = _alpha(confidence)
    keys = ["population", *ITEM_KEY]
    ordered = estimates.sort_values(["wave", *keys], kind="stable")
    previous = ordered.groupby(keys, sort=False)["wave"].shift(1)
    later = ordered[previous.notna()].assign(wave_before=previous[previous.notna()])
    columns = ["wave_before", "wave", *keys, "pct_before", "pct", "diff", "diff_low",
               "diff_high", "p_value", "p_adjusted", "significant"]
    if later.empty:
        return pd.DataFrame(columns=[*columns, "adj_low", "adj_high"])
    earlier = later[["wave_before", *keys]].merge(
        estimates, left_on=["wave_before", *keys], right_on=["wave", *keys], how="left"
    )
    earlier.index = later.index
    diff = _differences(later, earlier, alpha)
    table = pd.concat(
        [later[["wave_before", "wave", *keys, "pct"]], earlier["pct"].rename("pct_before"), diff],
        axis=1,
    ).reset_index(drop=True)
    table = _correct(table, ["wave_before", "wave", "question_id"], alpha, correction)
    # Intervals at the level the correction leaves each change, as for population gaps: a
    # change is significant after correction exactly when its adjusted interval excludes 0.
    sized = table.assign(pct_a=table["pct"], pct_b=table["pct_before"])
    sized = _adjusted_intervals(sized, later["n_eff"].reset_index(drop=True),
                                earlier["n_eff"].reset_index(drop=True), alpha)
    table = table.assign(adj_low=sized["adj_low"], adj_high=sized["adj_high"])
    return table[[*columns, "adj_low", "adj_high"]].sort_values(
        ["wave", "population", *ITEM_KEY], ignore_index=True, kind="stable")


def wave_coverage(results: pd.DataFrame) -> pd.DataFrame:
    """Populations and items present in some waves only, so none is dropped silently.

    One row per population (``level == "population"``) missing from at least one wave, and
    per population × item missing from a wave in which its population was surveyed
    (``level == "item"``), with the waves it has and those it lacks. Empty with one wave.
    """
    waves = sorted(results["wave"].unique())
    surveyed = results.groupby("population")["wave"].agg(set)
    rows = [
        {"level": "population", "population": population}
        | _presence(have, [w for w in waves if w not in have])
        for population, have in surveyed.items()
        if len(have) < len(waves)
    ]
    items = results.groupby(["population", *ITEM_KEY])["wave"].agg(set)
    for key, have in items.items():
        missing = [w for w in sorted(surveyed[key[0]]) if w not in have]
        if missing:
            rows.append({"level": "item", **dict(zip(["population", *ITEM_KEY], key,
                                                     strict=True))} | _presence(have, missing))
    columns = ["level", "population", *ITEM_KEY, "waves_present", "waves_missing"]
    return pd.DataFrame(rows, columns=columns)


def _presence(have: set[str], missing: list[str]) -> dict[str, str]:
    return {"waves_present": " ".join(sorted(have)), "waves_missing": " ".join(missing)}


def attach_themes(results: pd.DataFrame, items: pd.DataFrame) -> pd.DataFrame:
    """Add each item's ``theme``; an item of a themed question without one gets « autre ».

    A question is themed when the instrument gives a theme to at least one of its items
    (the proposals). A new item with no theme is kept, under « autre », with a warning.
    """
    themes = items[["question_id", "item_id", "theme"]]
    out = results.merge(themes, on=["question_id", "item_id"], how="left")
    themed_questions = set(items.loc[items["theme"].notna(), "question_id"])
    lacking = out["question_id"].isin(themed_questions) & out["theme"].isna()
    if lacking.any():
        names = sorted(set(out.loc[lacking, "question_id"] + "/" + out.loc[lacking, "item_id"]))
        warnings.warn(
            f"{len(names)} item(s) have no theme in the instrument (survey_items.csv) and are "
            f"shown under « {OTHER_THEME} »: {', '.join(names)}",
            SurveyWarning,
            stacklevel=2,
        )
        out.loc[lacking, "theme"] = OTHER_THEME
    return out


def answer_totals(results: pd.DataFrame) -> pd.DataFrame:
    """Sum of the item shares per wave × population × question, against its ceiling.

    For a question allowing k answers the shares of respondents sum to at most 100·k; the
    sum says how many answers respondents gave on average (×100).
    """
    choice = results[results["question_type"].isin(["single_choice", "multiple_choice"])]
    table = (
        choice.groupby(["wave", "population", "question_id"], as_index=False)
        .agg(total=("pct", "sum"), max_answers=("max_answers", "max"), items=("pct", "size"))
    )
    table["ceiling"] = 100 * table["max_answers"].astype(float)
    return table


def significance_sensitivity(
    results: pd.DataFrame,
    pairs: Iterable[tuple[str, str]],
    population: str,
    design_effects: Sequence[float],
    confidence: float = 0.95,
    correction: str = "holm",
) -> pd.DataFrame:
    """How many gaps stay significant when the design effect of one population varies."""
    pairs = list(pairs)
    rows = []
    for deff in design_effects:
        estimates = add_intervals(results, confidence, design_effect={population: deff})
        gaps = compare_populations(estimates, pairs, confidence, correction)
        rows.append({"design_effect": float(deff), "comparisons": len(gaps),
                     "significant": int(gaps["significant"].sum())})
    return pd.DataFrame(rows)


def focus_wave(results: pd.DataFrame, requested: str | None = None) -> str:
    """The wave the paper quotes: ``requested`` (the ``focus_wave`` parameter) or the latest.

    A requested wave the data does not hold is an error naming the waves it does hold.
    """
    waves = sorted(str(w) for w in results["wave"].unique())
    if requested is None or str(requested).strip() in ("", "None", "null"):
        return waves[-1]
    wanted = str(requested).strip()
    if wanted not in waves:
        raise ValueError(f"focus_wave {wanted!r} is not a wave of the survey data; "
                         f"its waves are {', '.join(waves)}")
    return wanted


def _chosen_wave(have: set[str], focus: str) -> str:
    """The focus wave if present; else the latest earlier wave; else the latest wave."""
    if focus in have:
        return focus
    earlier = [w for w in have if w < focus]
    return max(earlier) if earlier else max(have)


def at_focus(estimates: pd.DataFrame, focus: str) -> pd.DataFrame:
    """For each population × question, the rows of the focus wave, or (where that wave lacks
    them) of the latest earlier wave that has them, else of the latest wave that has them.

    An older wave keeps only the items the focus wave still asks (when it asks the question
    at all): an item dropped from the focus wave is shown for no population rather than for
    the one population that was not surveyed again. The ``wave`` column says which wave each
    row comes from; sentences quote the focus rows (:func:`in_focus`) and give older ones
    only in a sentence that says they are older.
    """
    key = ["population", "question_id"]
    have = estimates.groupby(key)["wave"].agg(lambda w: set(map(str, w)))
    chosen = have.map(lambda waves: _chosen_wave(waves, focus)).rename("chosen")
    out = estimates.merge(chosen.reset_index(), on=key, how="left")
    out = out[out["wave"].astype(str) == out["chosen"]].drop(columns="chosen")
    now = out[out["wave"].astype(str) == focus]
    asked = now.groupby("question_id")["item_id"].agg(set)
    still = [row.wave == focus or row.question_id not in asked.index
             or row.item_id in asked[row.question_id] for row in out.itertuples()]
    return out[still].sort_values(["question_id", "item_id", "population"], ignore_index=True)


def in_focus(rows: pd.DataFrame, focus: str) -> pd.DataFrame:
    """The rows of the focus wave: what a statement about « the » survey may quote."""
    return rows[rows["wave"].astype(str) == focus]


def older_than_focus(rows: pd.DataFrame, focus: str) -> pd.DataFrame:
    """The rows :func:`at_focus` took from an older wave (populations the focus wave lacks)."""
    return rows[rows["wave"].astype(str) != focus]


def pair_waves(gaps: pd.DataFrame, focus: str) -> pd.DataFrame:
    """For each pair and question, the comparisons of one wave: the focus wave if the pair
    was compared in it, else the latest wave before it, else the latest wave.

    The comparisons are made over every wave first (:func:`compare_populations`), so each
    keeps the correction family of its own wave whatever another wave holds.
    """
    if gaps.empty:
        return gaps
    key = ["population_a", "population_b", "question_id"]
    have = gaps.groupby(key)["wave"].agg(lambda w: set(map(str, w)))
    chosen = have.map(lambda waves: _chosen_wave(waves, focus)).rename("chosen")
    out = gaps.merge(chosen.reset_index(), on=key, how="left")
    out = out[out["wave"].astype(str) == out["chosen"]].drop(columns="chosen")
    return out.sort_values(["question_id", "population_a", "item_id"], ignore_index=True)


def common_wave(gaps: pd.DataFrame, populations: Iterable[str], focus: str) -> str | None:
    """The wave in which every one of ``populations`` was compared (focus wave first, then
    the latest earlier one, then the latest): the one wave a count across them may use."""
    waves = [set(map(str, gaps.loc[gaps["population_a"] == p, "wave"])) for p in populations]
    shared = set.intersection(*waves) if waves else set()
    return _chosen_wave(shared, focus) if shared else None


def compare_at_focus(
    estimates: pd.DataFrame,
    pairs: Iterable[tuple[str, str]],
    focus: str,
    confidence: float = 0.95,
    correction: str = "holm",
) -> pd.DataFrame:
    """:func:`compare_populations` over every wave, then :func:`pair_waves`: each pair compared
    within one wave, under the correction family of that wave."""
    return pair_waves(compare_populations(estimates, list(pairs), confidence, correction),
                      focus)
