"""The survey numbers the paper's prose quotes, each with its French text and interval.

The survey section writes no number by hand: it quotes these figures through the values
file. Each function reads computed tables (from :mod:`survey.estimates`) and returns
:class:`KeyFigure` records whose names do not depend on which items the data holds, so an
updated survey file updates the sentences instead of breaking them.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from ..plotting.style import POPULATION_LABELS
from ..prose.key_figure import KeyFigure, unavailable
from ..prose.phrasing import EVOLUTION, agree, count_verb, french_list, wave_note
from ..prose.typography import fr_interval, fr_number, fr_percent, fr_points, quoted
from .naming import item_names, label, share_text
from .other import statement
from .ranking import leaders
from .wording import UNWORDED_NOTE

MOVED = ("est significative", "sont significatives")
CORRECTION_FR = {"holm": "de Holm", "fdr_bh": "de Benjamini-Hochberg"}
POP_FR = {"communes": "acteurs communaux", "departements": "acteurs départementaux",
          "grand_public": "grand public"}  # in value descriptions
END_FR = {"top": "fort", "bottom": "faible"}


def provenance(row: pd.Series | dict) -> dict:
    """What a survey share is: wave, population, question/item, base, source."""
    return {"wave": str(row["wave"]), "population": str(row["population"]),
            "item": f"{row['question_id']}/{row['item_id']}", "base": float(row["base"]),
            "source": str(row["source_id"])}


def _share(name: str, row: pd.Series, description: str, focus: str | None = None
           ) -> KeyFigure:
    """A share with its interval, dated when it is not of the focus wave."""
    interval = fr_interval(row["ci_low"], row["ci_high"], unit="")
    note = wave_note(str(row["wave"]), focus or str(row["wave"]))
    return KeyFigure(name, float(row["pct"]), f"{fr_percent(row['pct'])} {interval}{note}",
                     float(row["ci_low"]), float(row["ci_high"]), description,
                     **provenance(row))


def gap_bounds(row: pd.Series | dict) -> tuple[float, float]:
    """The interval a gap is quoted with: the one adjusted for multiple comparisons when the
    comparison has it (population gaps), else the plain one (changes between waves)."""
    if "adj_low" in row and pd.notna(row["adj_low"]):
        return float(row["adj_low"]), float(row["adj_high"])
    return float(row["diff_low"]), float(row["diff_high"])


def gap_interval(row: pd.Series | dict) -> str:
    """``[13 ; 30]``; a bound that is not zero never prints as « 0 » (``[0,01 ; 17]``), so
    an interval that excludes zero never seems to touch it."""
    low, high = gap_bounds(row)
    for decimals in (0, 1, 2):
        shown = [round(b, decimals) for b in (low, high)]
        if all(s != 0 or b == 0 for s, b in zip(shown, (low, high), strict=True)):
            break
    return fr_interval(low, high, decimals, unit="")


def _gap(name: str, row: pd.Series, description: str) -> KeyFigure:
    low, high = gap_bounds(row)
    return KeyFigure(name, float(row["diff"]), f"{fr_points(row['diff'])} {gap_interval(row)}",
                     low, high, description)


def method_figures(estimates: pd.DataFrame, *, confidence: float, design_effect_public: float,
                   departements_population: int | None, correction: str,
                   focus: str | None = None) -> list[KeyFigure]:
    """Sample sizes, confidence level, design effect, correction: what the method section says.

    Sample sizes are those of the focus wave (default: the latest).
    """
    focus = focus or str(estimates["wave"].max())
    latest = estimates[estimates["wave"].astype(str) == focus]
    base = latest.groupby("population")["base"].max()
    n_eff = latest.groupby("population")["n_eff"].max()
    figures = [
        KeyFigure("confidence", confidence, fr_percent(100 * confidence),
                  description="niveau de confiance de chaque intervalle"),
        KeyFigure("design_effect_public", design_effect_public,
                  fr_number(design_effect_public, 1),
                  description="effet de plan retenu pour l'échantillon par quotas pondéré"),
        KeyFigure("correction", correction, CORRECTION_FR[correction],
                  description="correction des comparaisons multiples"),
        KeyFigure("fpc_statement", departements_population or 0,
                  "sans correction de population finie" if not departements_population else
                  f"avec une correction de population finie (N{chr(0xa0)}="
                  f"{chr(0xa0)}{fr_number(departements_population)} départements)",
                  description="correction de population finie des acteurs départementaux"),
        KeyFigure("n_waves", int(estimates["wave"].nunique()),
                  fr_number(estimates["wave"].nunique()), description="number of waves"),
        KeyFigure("latest_wave", focus, focus, description="wave shown in the figures"),
        KeyFigure("focus_wave", focus, focus,
                  description="wave the text quotes (focus_wave, default: the latest)"),
    ]
    for population, short in (("communes", "communes"), ("departements", "departements"),
                              ("grand_public", "public")):
        if population not in base.index:
            figures += unavailable(f"n_{short}", f"n_eff_{short}")
        else:
            figures += [
                KeyFigure(f"n_{short}", float(base[population]), fr_number(base[population]),
                          description=f"plus grande base, {POPULATION_LABELS[population].lower()}"),
                KeyFigure(f"n_eff_{short}", float(n_eff[population]),
                          fr_number(n_eff[population]),
                          description=f"taille effective, {POPULATION_LABELS[population].lower()}"),
            ]
    return figures


def support_figures(proposals: pd.DataFrame, items: pd.DataFrame, confidence: float
                    ) -> list[KeyFigure]:
    """The proposals the public supports most and least: every proposal the sample cannot
    separate from the highest (lowest) share, never one picked by sort order."""
    public = proposals[proposals["population"] == "grand_public"].sort_values("item_id")
    if public.empty:
        return unavailable(*(f"public_{end}{part}" for end in ("top", "bottom")
                             for part in ("_items", "_count")))
    figures = []
    for end in ("top", "bottom"):
        ends = leaders(public, confidence, highest=end == "top")
        figures += [
            KeyFigure(f"public_{end}_items", ";".join(sorted(ends["item_id"])),
                      french_list(item_names(items, ends)),
                      description=f"proposition(s) au soutien du public le plus {END_FR[end]}"
                                  ", que l'échantillon ne départage pas"),
            KeyFigure(f"public_{end}_count", len(ends), fr_number(len(ends)),
                      description="nombre de propositions à ce niveau de soutien"),
        ]
    return figures


def by_diff(gaps: pd.DataFrame, absolute: bool = False) -> pd.DataFrame:
    """Largest difference first; equal differences by item, so row order never matters."""
    size = gaps["diff"].abs() if absolute else gaps["diff"]
    return gaps.assign(_size=size).sort_values(
        ["_size", "question_id", "item_id"], ascending=[False, True, True], kind="stable"
    ).drop(columns="_size")


def gap_figures(gaps: pd.DataFrame, items: pd.DataFrame, population: str, short: str
                ) -> list[KeyFigure]:
    """For one territorial population against the public: how many gaps hold, which, largest."""
    rows = gaps[gaps["population_a"] == population]
    if rows.empty:
        return unavailable(*(f"gaps_{short}_{part}" for part in (
            "total", "significant", "not_significant", "public_higher", "significant_items",
            "not_significant_items")), f"gap_{short}_largest_item", f"gap_{short}_largest")
    significant = by_diff(rows[rows["significant"]])
    other = by_diff(rows[~rows["significant"]])
    largest = by_diff(rows, absolute=True).iloc[0]

    def names(frame: pd.DataFrame) -> str:
        return french_list([label(items, q, i) for q, i in
                            zip(frame["question_id"], frame["item_id"], strict=True)])

    return [
        KeyFigure(f"gaps_{short}_total", len(rows), fr_number(len(rows)),
                  description=f"propositions comparées, {POP_FR[population]} − grand public"),
        KeyFigure(f"gaps_{short}_significant", len(significant), fr_number(len(significant)),
                  description=f"écarts significatifs après correction, {POP_FR[population]} "
                              "− grand public"),
        KeyFigure(f"gaps_{short}_not_significant", len(other), fr_number(len(other)),
                  description=f"écarts non significatifs, {POP_FR[population]} − grand public"),
        KeyFigure(f"gaps_{short}_public_higher", int((rows["diff"] < 0).sum()),
                  fr_number(int((rows["diff"] < 0).sum())),
                  description="propositions que le public soutient plus que les "
                              f"{POP_FR[population]}"),
        KeyFigure(f"gaps_{short}_significant_items", len(significant), names(significant),
                  description="propositions à l'écart significatif (libellés)"),
        KeyFigure(f"gaps_{short}_not_significant_items", len(other), names(other),
                  description="propositions sans écart significatif (libellés)"),
        KeyFigure(f"gap_{short}_largest_item", largest["item_id"],
                  label(items, largest["question_id"], largest["item_id"]),
                  description="proposition au plus grand écart"),
        _gap(f"gap_{short}_largest", largest, "plus grand écart avec le grand public, en points"),
    ]


def obstacle_figures(obstacles: pd.DataFrame, gaps: pd.DataFrame, items: pd.DataFrame,
                     confidence: float, focus: str) -> list[KeyFigure]:
    """Per territorial population: the obstacles that share the lead in the focus wave (the
    tie rule of :mod:`survey.ranking`; « n.d. » for a population the focus wave lacks), each
    obstacle's share (dated when older), answers per respondent; largest gap."""
    figures = []
    for population, short in (("communes", "communes"), ("departements", "departements")):
        rows = obstacles[obstacles["population"] == population]
        now = rows[rows["wave"].astype(str) == focus]
        if now.empty:
            figures += unavailable(f"obstacle_{short}_leaders", f"obstacle_{short}_n_leaders",
                                   f"obstacle_{short}_total")
        else:
            lead = leaders(now, confidence)
            total = now["pct"].sum()
            figures += [
                KeyFigure(f"obstacle_{short}_leaders", ";".join(sorted(lead["item_id"])),
                          french_list(item_names(items, lead)),
                          description=f"frein(s) en tête, que l'échantillon ne départage pas, "
                                      f"{POP_FR[population]}", wave=focus,
                          population=population),
                KeyFigure(f"obstacle_{short}_n_leaders", len(lead), fr_number(len(lead)),
                          description=f"nombre de freins en tête, {POP_FR[population]}",
                          wave=focus, population=population),
                KeyFigure(f"obstacle_{short}_total", float(total), fr_percent(total),
                          description="somme des parts (deux réponses possibles)", wave=focus,
                          population=population),
            ]
        for _, row in rows.sort_values("item_id").iterrows():
            figures.append(replace(
                _share(f"obstacle_{short}_{row['item_id']}", row,
                       f"part des {POP_FR[population]} qui citent "
                       f"{label(items, row['question_id'], row['item_id'])}", focus),
                quantity=f"survey:{row['question_id']}/{row['item_id']}/{population}/"
                         f"{row['wave']}"))
    if gaps.empty:
        return figures + unavailable("obstacle_gap_largest_item", "obstacle_gap_largest",
                                     "obstacle_gaps_significant")
    size = gaps["diff"].abs()
    largest = by_diff(gaps[size == size.max()], absolute=True)
    return figures + [
        KeyFigure("obstacle_gap_largest_item", ";".join(largest["item_id"]),
                  french_list(item_names(items, largest)),
                  description="frein(s) au plus grand écart communes − départements"),
        _gap("obstacle_gap_largest", largest.iloc[0], "cet écart, en points"),
        KeyFigure("obstacle_gaps_significant", int(gaps["significant"].sum()),
                  fr_number(int(gaps["significant"].sum())),
                  description="écarts significatifs entre communes et départements sur les freins"),
    ]


def share_figure(estimates: pd.DataFrame, name: str, population: str, question_id: str,
                 item_id: str, focus: str | None = None, of: str = "") -> list[KeyFigure]:
    """One quoted share, if the data has it (an updated file may not); its text names the
    wave when it is not the focus wave. With ``of`` (« des acteurs départementaux »), the
    text names the population and the wave follows it: « 22 % [13 ; 35] des acteurs
    départementaux (en 2022, non mesuré en 2025) »."""
    rows = estimates[(estimates["population"] == population)
                     & (estimates["question_id"] == question_id)
                     & (estimates["item_id"] == item_id)]
    if rows.empty:
        return unavailable(name)
    row = rows.sort_values("wave").iloc[-1]
    figure = _share(name, row, f"{question_id}/{item_id}, {population}", focus)
    return [replace(figure, text=share_text(row, focus or str(row["wave"]), of))] if of else \
        [figure]


def sensitivity_figures(sensitivity: pd.DataFrame) -> list[KeyFigure]:
    """Significant élus–public gaps under the lowest and highest design effect tried."""
    low, high = sensitivity.iloc[0], sensitivity.iloc[-1]
    return [
        KeyFigure("sensitivity_deff_low", float(low["design_effect"]),
                  fr_number(low["design_effect"], 1),
                  description="plus faible effet de plan essayé"),
        KeyFigure("sensitivity_significant_low", int(low["significant"]),
                  fr_number(low["significant"]),
                  description="écarts significatifs avec cet effet de plan"),
        KeyFigure("sensitivity_deff_high", float(high["design_effect"]),
                  fr_number(high["design_effect"], 1),
                  description="plus fort effet de plan essayé"),
        KeyFigure("sensitivity_significant_high", int(high["significant"]),
                  fr_number(high["significant"]),
                  description="écarts significatifs avec cet effet de plan"),
    ]


def wave_figures(changes: pd.DataFrame, coverage: pd.DataFrame, waves: list[str]
                 ) -> list[KeyFigure]:
    """One sentence on the waves: a single wave, or how many items moved significantly."""
    if len(waves) < 2:
        text = (f"l'enquête ne compte qu'une vague ({waves[0]}){chr(0xa0)}: aucune évolution "
                "ne peut encore être mesurée")
    else:
        moved = int(changes["significant"].sum())
        absent = len(coverage)
        subject = agree(absent, "population ou item ne figure",
                        "populations ou items ne figurent")
        text = (f"entre les vagues {french_list(waves)}, "
                f"{count_verb(moved, len(changes), EVOLUTION, *MOVED)} après correction, "
                + ("et toutes les populations et tous les items figurent dans chaque vague"
                   if not absent else
                   f"et {fr_number(absent)} {subject} pas "
                   "dans toutes les vagues"))
    return [KeyFigure("waves_statement", len(waves), text,
                      description="what the waves allow to say")]


def other_question_figures(shown: list[str], unworded: list[str]) -> list[KeyFigure]:
    """How many questions the generic section shows, and which identifiers lack wording."""
    if unworded:
        names = french_list([f"`{n}`" for n in unworded])
        subject = agree(len(unworded), "question ou item des données n'a",
                        "questions ou items des données n'ont")
        shown_as = agree(len(unworded), "il apparaît sous son", "ils apparaissent sous leur")
        wording_text = (f"{fr_number(len(unworded))} {subject}"
                        f" de libellé ni dans le fichier d'enquête ni dans l'instrument du projet"
                        f"{chr(0xa0)}: {shown_as} identifiant, en code, suivi de la mention "
                        f"{quoted(UNWORDED_NOTE)} ({names}).")
    else:
        wording_text = ("Chaque question et chaque item des données ont un libellé, tiré du "
                        "fichier d'enquête ou de l'instrument du projet.")
    return [
        KeyFigure("n_other_questions", len(shown), fr_number(len(shown)),
                  description="questions shown in « Autres questions de l'enquête »"),
        KeyFigure("other_questions_statement", len(shown), statement(shown),
                  description="method note on the questions the text does not discuss"),
        KeyFigure("wording_statement", len(unworded), wording_text,
                  description="questions and items shown by their identifier"),
    ]


def design_figures(design: pd.DataFrame) -> list[KeyFigure]:
    """Sample sizes of the source survey's quantitative design (2022 report), not of the data
    analysed: the sentences that describe the source quote these."""
    rows = design[design["study"] == "quantitative"].set_index("population")["sample_size"]
    return [KeyFigure(f"design_n_{short}", int(rows[p]), fr_number(int(rows[p])),
                      description=f"sample size in the source's design, {p}")
            for p, short in (("communes", "communes"), ("departements", "departements"),
                             ("grand_public", "public")) if p in rows.index]
