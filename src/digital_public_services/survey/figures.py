"""Figures and accessible tables of the survey section, in the house style.

Each ``plot_*`` draws one figure from the estimates of :mod:`survey.estimates` and returns its axes;
each ``*_table`` gives the same numbers as a French table for the ``tbl-`` cell beside it.
Ordering is shared by both, so a reader finds a proposal at the same rank in each.
"""

from __future__ import annotations

import re

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns

from ..plotting.style import (
    DENSE_TEXT_PT,
    FIGURE_WIDTH_IN,
    POPULATION_COLOURS,
    POPULATION_LABELS,
    POPULATION_MARKERS,
    french_axis,
    wrap_to_width,
)
from ..prose.typography import NNBSP, fr_interval, fr_number, fr_points
from .wording import is_unworded, unworded_label

THEME_LABELS = {
    "handicap": "Handicap",
    "education": "Éducation",
    "sante": "Santé",
    "autonomie_personnes_agees": "Autonomie des personnes âgées",
    "democratie": "Démocratie",
    "autre": "Sans thème (item absent du questionnaire publié)",
}
PUBLIC = "grand_public"
STUDY_FR = {"quantitative": "quantitatif", "qualitative": "qualitatif"}
MODE_FR = {"telephone": "téléphone", "online": "en ligne"}
WEIGHTING_FR = {"not stated": "non indiqué", "not applicable": "sans objet"}
THRESHOLD = re.compile(r"more than ([0-9][0-9  ]*[0-9]) inhabitants")
AGE = re.compile(r"aged ([0-9]+) and over")
DODGE = 0.25  # vertical offset between populations, in rows
ROW_IN = 0.4  # height of an item row whose wording fits on one or two lines
ROW_PAD_IN = 0.08
LINE_SPACING = 1.2  # matplotlib's default, in units of the type size
ITEM_LABEL_PT = 235  # width of an item's wording beside the chart
X_LABEL_PT = 270  # the axis title stays within the data area
HEADING_ROWS = 0.75  # height of the row that opens a theme, in item rows
MARGIN_IN = 1.3  # legend above the chart, axis label below


def item_labels(items: pd.DataFrame, *, markdown: bool = False) -> pd.Series:
    """Item wording keyed by (question, item), as a figure draws it or (``markdown``) as a
    table shows it; an item nobody worded is named by :func:`wording.unworded_label`."""
    unworded = is_unworded(items).to_numpy()
    texts = [unworded_label(i, markdown=markdown) if blank else w for i, w, blank
             in zip(items["item_id"], items["wording"], unworded, strict=True)]
    return pd.Series(texts, index=pd.MultiIndex.from_frame(items[["question_id", "item_id"]]),
                     dtype=object)


def _label(frame: pd.DataFrame, items: pd.DataFrame, *, markdown: bool = False) -> pd.Series:
    """The label of each row's item (:func:`item_labels`); an item ``items`` lacks is
    unworded."""
    labels = item_labels(items, markdown=markdown)
    keys = zip(frame["question_id"], frame["item_id"], strict=True)
    return pd.Series([labels[key] if key in labels.index else
                      unworded_label(key[1], markdown=markdown) for key in keys],
                     index=frame.index, dtype=object)


def proposal_order(estimates: pd.DataFrame) -> pd.DataFrame:
    """Items grouped by theme, themes and items by the public's support (highest first).

    Items the public was not asked come last within their theme.
    """
    public = estimates[estimates["population"] == PUBLIC].set_index("item_id")["pct"]
    items = estimates[["item_id", "theme"]].drop_duplicates("item_id").copy()
    items["public"] = items["item_id"].map(public)
    best = items.groupby("theme", as_index=False)["public"].max()
    best = best.sort_values(["public", "theme"], ascending=[False, True], na_position="last")
    items["theme_rank"] = items["theme"].map({t: i for i, t in enumerate(best["theme"])})
    items = items.sort_values(["theme_rank", "public", "item_id"], ascending=[True, False, True],
                              na_position="last", kind="stable")
    items["rank"] = np.arange(len(items))
    return items[["item_id", "theme", "rank"]].reset_index(drop=True)


def _dodged(frame: pd.DataFrame, populations: list[str]) -> pd.Series:
    offsets = {p: (i - (len(populations) - 1) / 2) * DODGE for i, p in enumerate(populations)}
    return frame["row"] + frame["population"].map(offsets)


def wave_labels(frame: pd.DataFrame, populations: list[str], column: str = "population"
                ) -> dict[str, str]:
    """Each population's name, with its wave (« Acteurs départementaux (vague 2022) ») when
    the rows drawn come from more than one wave: a figure never mixes waves unmarked."""
    waves = frame.groupby(column)["wave"].agg(lambda w: sorted(set(map(str, w))))
    marked = frame["wave"].nunique() > 1
    return {p: POPULATION_LABELS[p] + (f" (vague {', '.join(waves[p])})" if marked else "")
            for p in populations if p in waves.index}


def _population_legend(ax, labels: dict[str, str]) -> None:
    populations = list(labels)
    handles = [plt.Line2D([], [], marker=POPULATION_MARKERS[p], linestyle="",
                          color=POPULATION_COLOURS[p], label=labels[p])
               for p in populations]
    columns = len(populations) if len(populations) <= 3 else 2  # wider than the page else
    ax.figure.legend(handles=handles, loc="outside upper center",
                     ncol=columns, frameon=False, fontsize=DENSE_TEXT_PT + 0.5)


def _points_with_intervals(ax, frame: pd.DataFrame, x: str, low: str, high: str,
                           populations: list[str]) -> None:
    """One dot per row with its interval as a horizontal bar, dodged by population."""
    frame = frame.assign(y=_dodged(frame, populations))
    for population in populations:
        rows = frame[frame["population"] == population]
        ax.hlines(rows["y"], rows[low], rows[high], color=POPULATION_COLOURS[population],
                  linewidth=1.6, alpha=0.8)
    sns.scatterplot(data=frame, x=x, y="y", hue="population", style="population",
                    palette=POPULATION_COLOURS, markers=POPULATION_MARKERS, s=38, ax=ax,
                    legend=False, zorder=3)


def _item_axis(order: pd.DataFrame, labels, theme_headings: bool):
    """A figure with one row per item of ``order`` (``labels`` in the same order).

    A wording that runs to several lines gets a taller row, so that no label overlaps the
    next; with ``theme_headings``, each theme opens with a row holding its name. Returns the
    axes and ``order`` with the centre of each item's row (``row``).
    """
    wrapped = [wrap_to_width(str(t), ITEM_LABEL_PT, DENSE_TEXT_PT) for t in labels]
    lines = np.array([t.count("\n") + 1 for t in wrapped])
    heights = np.maximum(1.0, (lines * DENSE_TEXT_PT * LINE_SPACING / 72 + ROW_PAD_IN) / ROW_IN)
    placed = order.reset_index(drop=True)
    opens = np.zeros(len(placed), dtype=bool)
    if theme_headings:
        opens = (placed["theme"] != placed["theme"].shift()).to_numpy(dtype=bool,
                                                                       na_value=True)
    tops = np.cumsum(heights + opens * HEADING_ROWS) - heights
    placed = placed.assign(row=tops + heights / 2)
    bottom = tops[-1] + heights[-1] if len(tops) else 1.0
    _, ax = plt.subplots(figsize=(FIGURE_WIDTH_IN, bottom * ROW_IN + MARGIN_IN),
                         layout="constrained")
    ax.set_yticks(placed["row"], wrapped, fontsize=DENSE_TEXT_PT)
    ax.set_ylim(bottom, 0)
    for i in np.flatnonzero(opens):
        heading_top = tops[i] - HEADING_ROWS
        if i > 0:
            ax.axhline(heading_top, color="0.5", linewidth=0.8)
        theme = placed.loc[i, "theme"]
        ax.text(0.01, heading_top + HEADING_ROWS / 2, THEME_LABELS.get(theme, theme),
                va="center", ha="left", fontsize=DENSE_TEXT_PT + 0.5, fontweight="bold",
                transform=ax.get_yaxis_transform(), zorder=4,
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 1})
    return ax, placed


def _x_label(ax, text: str) -> None:
    """The axis title, broken into lines that fit under the narrow data area."""
    ax.set_xlabel(wrap_to_width(text, X_LABEL_PT, DENSE_TEXT_PT + 1.5),
                  fontsize=DENSE_TEXT_PT + 1.5)


def plot_proposals(estimates: pd.DataFrame, items: pd.DataFrame, populations: list[str]):
    """Dot plot: % favourable with interval, proposals × populations, grouped by theme."""
    order = proposal_order(estimates)
    frame = estimates[estimates["population"].isin(populations)]
    by_item = frame.drop_duplicates("item_id").set_index("item_id")
    labels = _label(by_item.reset_index(), items).set_axis(by_item.index)
    return _share_dots(frame, order, labels, populations, theme_headings=True,
                       xlabel="Répondants favorables (%), avec intervalle de confiance")


def _share_dots(frame: pd.DataFrame, order: pd.DataFrame, labels: pd.Series,
                populations: list[str], *, theme_headings: bool, xlabel: str):
    """Shares with intervals, one row per item in ``order``, dodged by population."""
    ax, placed = _item_axis(order, labels.reindex(order["item_id"]), theme_headings)
    frame = frame.merge(placed[["item_id", "row"]], on="item_id")
    _points_with_intervals(ax, frame, "pct", "ci_low", "ci_high", populations)
    ax.set_ylabel("")
    _x_label(ax, xlabel)
    french_axis(ax.xaxis)
    _population_legend(ax, wave_labels(frame, populations))
    return ax


def proposals_table(estimates: pd.DataFrame, items: pd.DataFrame,
                    populations: list[str]) -> pd.DataFrame:
    """% favourable and interval for each proposal and population, in the figure's order."""
    order = proposal_order(estimates)
    frame = estimates[estimates["population"].isin(populations)].merge(order, on=["item_id",
                                                                                  "theme"])
    frame["cell"] = [f"{fr_number(p)} {fr_interval(lo, hi)}" for p, lo, hi
                     in zip(frame["pct"], frame["ci_low"], frame["ci_high"], strict=True)]
    wide = frame.pivot_table(index=["rank", "theme", "question_id", "item_id"],
                             columns="population", values="cell", aggfunc="first")
    wide = wide.reindex(columns=populations).reset_index()
    table = pd.DataFrame({
        "Thème": wide["theme"].map(THEME_LABELS).fillna(wide["theme"]),
        "Proposition": _label(wide, items, markdown=True),
    })
    labels = wave_labels(frame, populations)
    for population in populations:
        table[f"{labels.get(population, POPULATION_LABELS[population])} (% [IC])"] = \
            wide[population].fillna("—")
    return table


def _verdict_dots(ax, frame: pd.DataFrame, populations: list[str]) -> None:
    """Differences at ``y`` with their adjusted intervals: filled when significant after
    correction (the interval then excludes 0), hollow otherwise."""
    ax.axvline(0, color="0.3", linewidth=1)
    for population in populations:
        rows = frame[frame["population"] == population]
        colour = POPULATION_COLOURS[population]
        ax.hlines(rows["y"], rows["adj_low"], rows["adj_high"], color=colour, linewidth=1.6)
        for significant, face in ((True, colour), (False, "white")):
            part = rows[rows["significant"].astype(bool) == significant]
            ax.scatter(part["diff"], part["y"], marker=POPULATION_MARKERS[population], s=40,
                       facecolors=face, edgecolors=colour, linewidths=1.4, zorder=3)


def verdict_handles(held: str, not_held: str) -> list:
    """Legend entries of the filled and hollow markers."""
    return [plt.Line2D([], [], marker="o", linestyle="", color="0.3", label=held),
            plt.Line2D([], [], marker="o", linestyle="", markerfacecolor="white", color="0.3",
                       label=not_held)]


def plot_gaps(gaps: pd.DataFrame, order: pd.DataFrame, items: pd.DataFrame):
    """Gap in points between each territorial population and the public, with the interval
    adjusted for multiple comparisons (``adj_low``, ``adj_high``).

    One encoding, one meaning: a gap is held after correction exactly when its adjusted
    interval excludes zero, and its marker is then filled; hollow otherwise.
    """
    populations = list(dict.fromkeys(gaps["population_a"]))
    labels = _label(order.assign(question_id=gaps["question_id"].iloc[0]), items)
    ax, placed = _item_axis(order, labels, theme_headings=True)
    frame = gaps.rename(columns={"population_a": "population"}).merge(
        placed[["item_id", "row"]], on="item_id")
    frame = frame.assign(y=_dodged(frame, populations))
    _verdict_dots(ax, frame, populations)
    _x_label(ax, "Écart avec le grand public (points), avec intervalle ajusté pour "
                 "comparaisons multiples")
    french_axis(ax.xaxis)
    named = wave_labels(gaps, populations, "population_a")
    handles = [plt.Line2D([], [], marker=POPULATION_MARKERS[p], linestyle="",
                          color=POPULATION_COLOURS[p],
                          label=named[p].replace(POPULATION_LABELS[p],
                                                 f"{POPULATION_LABELS[p]} − grand public"))
               for p in populations]
    handles += verdict_handles("significatif après correction (intervalle hors de 0)",
                               "non significatif (intervalle contenant 0)")
    ax.figure.legend(handles=handles, loc="outside upper center", ncol=2, frameon=False,
                     fontsize=DENSE_TEXT_PT)
    return ax


def gaps_table(gaps: pd.DataFrame, order: pd.DataFrame, items: pd.DataFrame) -> pd.DataFrame:
    """Each gap with its interval, adjusted p-value and verdict, in the figure's order."""
    frame = gaps.merge(order[["item_id", "rank"]], on="item_id").sort_values(
        ["rank", "population_a", "population_b"], kind="stable")
    table = pd.DataFrame({
        "Proposition": _label(frame, items, markdown=True).to_numpy(),
        "Comparaison": [f"{POPULATION_LABELS[a]} − {POPULATION_LABELS[b]}"
                        for a, b in zip(frame["population_a"], frame["population_b"],
                                        strict=True)],
        "Écart [IC]": [f"{fr_points(d)} {fr_interval(lo, hi, unit='')}" for d, lo, hi
                       in zip(frame["diff"], frame["diff_low"], frame["diff_high"],
                              strict=True)],
        "IC ajusté": [fr_interval(lo, hi, unit="") for lo, hi
                      in zip(frame["adj_low"], frame["adj_high"], strict=True)],
        "p ajustée": [fr_number(p, 3) for p in frame["p_adjusted"]],
        "Significatif": np.where(frame["significant"], "oui", "non"),
    })
    if frame["wave"].nunique() > 1:  # pairs compared in different waves: each row dated
        table.insert(2, "Vague", frame["wave"].astype(str).to_numpy())
    return table


def share_order(estimates: pd.DataFrame, populations: list[str]) -> pd.DataFrame:
    """Items by decreasing share in the first listed population that answered (ties by
    identifier), then the items only other populations answered."""
    present = [p for p in populations if (estimates["population"] == p).any()]
    ranked = pd.concat([estimates.iloc[0:0], *(
        estimates[estimates["population"] == p].sort_values(
            ["pct", "item_id"], ascending=[False, True], kind="stable") for p in present)])
    item_ids = list(dict.fromkeys(ranked["item_id"]))
    return pd.DataFrame({"item_id": item_ids, "rank": np.arange(len(item_ids))})


def plot_shares(estimates: pd.DataFrame, items: pd.DataFrame, populations: list[str],
                xlabel: str):
    """Share of respondents giving each item, with interval, dodged by population."""
    populations = [p for p in populations if (estimates["population"] == p).any()]
    frame = estimates[estimates["population"].isin(populations)]
    order = share_order(frame, populations)
    keyed = frame.drop_duplicates("item_id").set_index("item_id").reindex(order["item_id"])
    labels = _label(keyed.reset_index(), items).set_axis(order["item_id"])
    return _share_dots(frame.merge(order, on="item_id"), order, labels, populations,
                       theme_headings=False, xlabel=xlabel)


def plot_obstacles(estimates: pd.DataFrame, items: pd.DataFrame, populations: list[str]):
    """Share of actors citing each obstacle (several answers allowed), with interval."""
    return plot_shares(estimates, items, populations,
                       "Répondants citant ce frein (%), avec intervalle de confiance")


def shares_table(estimates: pd.DataFrame, items: pd.DataFrame, populations: list[str],
                 first_column: str) -> pd.DataFrame:
    """Each item's share and interval per population, in :func:`share_order`."""
    frame = estimates[estimates["population"].isin(populations)]
    order = share_order(frame, populations)
    keyed = frame.drop_duplicates("item_id").set_index("item_id").reindex(order["item_id"])
    table = pd.DataFrame({first_column: _label(keyed.reset_index(), items, markdown=True)
                          .to_numpy()})
    labels = wave_labels(frame, populations)
    for population in populations:
        rows = frame[frame["population"] == population].set_index("item_id").reindex(
            order["item_id"])
        table[f"{labels.get(population, POPULATION_LABELS[population])} (% [IC])"] = [
            "—" if pd.isna(p) else f"{fr_number(p)} {fr_interval(lo, hi)}"
            for p, lo, hi in zip(rows["pct"], rows["ci_low"], rows["ci_high"], strict=True)]
    return table


def obstacles_table(estimates: pd.DataFrame, items: pd.DataFrame,
                    populations: list[str]) -> pd.DataFrame:
    return shares_table(estimates, items, populations, "Frein")


def plot_waves(changes: pd.DataFrame, items: pd.DataFrame, questions: pd.DataFrame):
    """Change between consecutive waves, item by item and population, grouped by question,
    with the interval the multiple-comparison correction leaves each change: a filled marker
    (interval clear of 0) is a change the text counts as significant, a hollow one is not."""
    populations = list(dict.fromkeys(changes["population"]))
    keys = (changes[["question_id", "item_id"]].drop_duplicates()
            .sort_values(["question_id", "item_id"]).reset_index(drop=True))
    named = questions.set_index("question_id")
    heading = named["label_fr"].where(named["label_fr"].fillna("") != "", named["locator_fr"])
    heading = heading.reindex(keys["question_id"]).fillna("").to_numpy()
    keys = keys.assign(theme=[h[:1].upper() + h[1:] if h else q for h, q
                              in zip(heading, keys["question_id"], strict=True)])
    ax, placed = _item_axis(keys, _label(keys, items), theme_headings=True)
    frame = changes.merge(placed, on=["question_id", "item_id"])
    frame = frame.assign(y=_dodged(frame, populations))
    _verdict_dots(ax, frame, populations)
    ax.set_ylabel("")
    _x_label(ax, "Évolution depuis la vague précédente (points), intervalle ajusté")
    french_axis(ax.xaxis)
    handles = [plt.Line2D([], [], marker=POPULATION_MARKERS[p], linestyle="",
                          color=POPULATION_COLOURS[p], label=POPULATION_LABELS[p])
               for p in populations]
    handles += verdict_handles("significative après correction", "non significative")
    ax.figure.legend(handles=handles, loc="outside upper center", ncol=2, frameon=False,
                     fontsize=DENSE_TEXT_PT)
    return ax


def waves_table(changes: pd.DataFrame, items: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "Item": _label(changes, items, markdown=True).to_numpy(),
        "Population": changes["population"].map(POPULATION_LABELS).to_numpy(),
        "Vagues": (changes["wave_before"] + " → " + changes["wave"]).to_numpy(),
        "Avant (%)": changes["pct_before"].to_numpy(),
        "Après (%)": changes["pct"].to_numpy(),
        "Évolution [IC]": [f"{fr_points(d)} {fr_interval(lo, hi, unit='')}" for d, lo, hi
                           in zip(changes["diff"], changes["diff_low"], changes["diff_high"],
                                  strict=True)],
        "Significatif": np.where(changes["significant"], "oui", "non"),
    })


def coverage_table(coverage: pd.DataFrame, items: pd.DataFrame) -> pd.DataFrame:
    """Populations and items missing from a wave, in French (see ``estimates.wave_coverage``)."""
    item = _label(coverage.fillna({"question_id": "", "item_id": ""}), items, markdown=True)
    return pd.DataFrame({
        "Absent": np.where(coverage["level"] == "population", "population entière",
                           "item").tolist(),
        "Population": coverage["population"].map(POPULATION_LABELS).fillna(
            coverage["population"]).to_numpy(),
        "Item": np.where(coverage["level"] == "population", "—", item.to_numpy()).tolist(),
        "Vagues où il figure": coverage["waves_present"].to_numpy(),
        "Vagues où il manque": coverage["waves_missing"].to_numpy(),
    })


def design_table(design: pd.DataFrame, populations: pd.DataFrame) -> pd.DataFrame:
    """The survey's samples in French: who, how, when, how many, and whether weighted.

    The commune-size threshold and the age limit are read from the sampling description,
    where the source states them, so the table shows each sample's field without retyping.
    """
    labels = populations.set_index("population")["label_fr"]

    def field(row: pd.Series) -> str:
        if found := THRESHOLD.search(row["sampling"]):
            size = re.sub(r"\s", NNBSP, found.group(1))
            return f"communes de plus de {size} habitants"
        if found := AGE.search(row["sampling"]):
            return f"personnes de {found.group(1)} ans et plus"
        return "—"

    return pd.DataFrame({
        "Population": design["population"].map(labels).to_numpy(),
        "Champ": design.apply(field, axis=1).to_numpy(),
        "Volet": design["study"].map(STUDY_FR).to_numpy(),
        "Mode": design["mode"].map(MODE_FR).to_numpy(),
        "Terrain": [f"du {a:%d/%m/%Y} au {b:%d/%m/%Y}" for a, b
                    in zip(design["fieldwork_start"], design["fieldwork_end"], strict=True)],
        "Répondants": design["sample_size"].to_numpy(),
        "Redressement": [WEIGHTING_FR.get(w, "quotas et redressement")
                         for w in design["weighting"]],
    })
