"""The four levers of the policy paper held against the three sources.

A lever is backed by interview excerpts (those coded with the lever or with a theme linked to
it in ``data/levers/lever_links.csv``), by survey figures (linked items, with the intervals
of :func:`digital_public_services.survey.add_intervals`) and by references. Everything is
computed from the tables, so a new survey file or a new coding changes the scorecard.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from ..coding.themes import coded, with_ancestors
from ..errors import DataError, Problem
from ..inputs.datapackage import load_table, resource_path
from ..literature import bibliography
from ..prose.phrasing import upper_first
from ..prose.typography import NBSP, fr_interval, fr_number, fr_percent, quoted
from ..survey.naming import label

TARGET_COLUMNS = {
    "theme": ("code",),
    "survey_item": ("question_id", "item_id"),
    "reference": ("bib_key",),
}
STUDIES = ("pp7", "harris2022")
MATRIX_COLUMNS = {
    "pp7": "Entretiens (policy paper)",
    "harris2022": "Verbatims (enquête)",
    "survey": "Items d'enquête",
    "literature": "Références",
}
INTERVAL_COLUMNS = ("ci_low", "ci_high", "n_eff")


def check_links(links: pd.DataFrame, refs: pd.DataFrame, origin: Path | str) -> None:
    """Each link fills exactly the columns of its target type, and cites known references."""
    every = sorted({c for cols in TARGET_COLUMNS.values() for c in cols})
    known = set(refs["key"])
    problems = []
    for line, row in enumerate(links.to_dict("records"), start=2):
        wanted = TARGET_COLUMNS[row["target_type"]]
        for column in every:
            filled = pd.notna(row[column])
            if column in wanted and not filled:
                problems.append(Problem(origin, f"{row['target_type']} link without {column}",
                                        line=line, field=column, expected="a value"))
            elif column not in wanted and filled:
                problems.append(Problem(origin, f"{row['target_type']} link fills {column}",
                                        line=line, field=column, value=row[column],
                                        expected="empty for this target_type"))
        key = row["bib_key"]
        if row["target_type"] == "reference" and pd.notna(key) and key not in known:
            problems.append(Problem(origin, "unknown bibliography key", line=line,
                                    field="bib_key", value=key,
                                    expected="a key of data/literature/references.bib"))
    if problems:
        raise DataError(problems)


def lever_themes(levers: pd.DataFrame, links: pd.DataFrame) -> pd.DataFrame:
    """Codebook themes that count as interview evidence of each lever: its own and linked."""
    own = pd.DataFrame({"lever_code": levers["lever_code"], "code": levers["lever_code"]})
    linked = links.loc[links["target_type"] == "theme", ["lever_code", "code"]]
    return pd.concat([own, linked], ignore_index=True).drop_duplicates()


def excerpt_evidence(levers: pd.DataFrame, links: pd.DataFrame, segments: pd.DataFrame,
                     codebook: pd.DataFrame) -> pd.DataFrame:
    """Per lever and study: excerpts coded with the lever, with it or a linked theme, share.

    Codes count with their sub-themes; an excerpt counts once per lever however many of the
    lever's themes it carries. ``share`` is in percent of the study's coded excerpts.
    """
    reached = with_ancestors(coded(segments, codebook))
    totals = reached.groupby("source_id")["excerpt_id"].nunique()
    themes = lever_themes(levers, links)
    rows = []
    for lever in levers["lever_code"]:
        linked = reached[reached["node"].isin(themes.loc[themes["lever_code"] == lever, "code"])]
        direct = reached[reached["node"] == lever]
        for study in STUDIES:
            n_study = int(totals.get(study, 0))
            n_linked = linked.loc[linked["source_id"] == study, "excerpt_id"].nunique()
            rows.append({
                "lever_code": lever,
                "source_id": study,
                "n_direct": direct.loc[direct["source_id"] == study, "excerpt_id"].nunique(),
                "n_linked": n_linked,
                "n_study": n_study,
                "share": 100 * n_linked / n_study if n_study else float("nan"),
            })
    return pd.DataFrame(rows)


def survey_evidence(links: pd.DataFrame, results: pd.DataFrame,
                    items: pd.DataFrame) -> pd.DataFrame:
    """Survey figures behind each item link, one row per population.

    ``results`` must carry intervals (``survey.estimates.add_intervals``): the scorecard shows them.
    Pass one wave per population and question (``survey.estimates.at_focus``): the focus wave,
    or the latest that has the question.
    """
    missing = [c for c in INTERVAL_COLUMNS if c not in results.columns]
    if missing:
        raise ValueError(f"survey results lack {', '.join(missing)}: pass them through "
                         "survey.add_intervals first")
    item_links = links.loc[links["target_type"] == "survey_item",
                           ["link_id", "lever_code", "question_id", "item_id", "relation"]]
    merged = item_links.merge(results, on=["question_id", "item_id"], how="inner")
    merged = merged.merge(items[["question_id", "item_id", "wording"]],
                          on=["question_id", "item_id"], how="left")
    columns = ["lever_code", "link_id", "relation", "question_id", "item_id", "wording",
               "population", "wave", "pct", "ci_low", "ci_high", "base", "n_eff"]
    return merged[columns].sort_values(["lever_code", "link_id", "population"]).reset_index(
        drop=True)


def reference_evidence(links: pd.DataFrame, refs: pd.DataFrame) -> pd.DataFrame:
    """References linked to each lever, with their short citation and stream."""
    ref_links = links.loc[links["target_type"] == "reference",
                          ["lever_code", "bib_key", "relation", "basis"]]
    cited = refs.assign(citation=bibliography.citations(refs).to_numpy())
    return ref_links.merge(cited[["key", "citation", "stream", "year"]], left_on="bib_key",
                           right_on="key", how="left").drop(columns="key")


def matrix(levers: pd.DataFrame, excerpts: pd.DataFrame, survey: pd.DataFrame,
           references: pd.DataFrame) -> pd.DataFrame:
    """Levers × sources: excerpts per study, survey items with figures, references."""
    order = levers.sort_values("rank")
    out = pd.DataFrame(index=pd.Index(order["lever_code"], name="lever_code"))
    for study in STUDIES:
        per = excerpts[excerpts["source_id"] == study].set_index("lever_code")["n_linked"]
        out[study] = out.index.map(per).fillna(0).astype(int)
    items = survey.drop_duplicates(["lever_code", "question_id", "item_id"])
    out["survey"] = out.index.map(items.groupby("lever_code").size()).fillna(0).astype(int)
    out["literature"] = out.index.map(
        references.groupby("lever_code")["bib_key"].nunique()).fillna(0).astype(int)
    return out


def _count_text(row) -> str:
    return f"{row['n_linked']} ({fr_percent(row['share'])})"


def _population_label(population: str) -> str:
    """Lower-case French label; ``style`` (matplotlib, seaborn) is imported only here, so
    that modules reading ``MATRIX_COLUMNS`` (a warm ``dps run``) do not pay for it."""
    from ..plotting.style import POPULATION_LABELS

    return POPULATION_LABELS.get(population, population).lower()


def _survey_text(rows: pd.DataFrame) -> str:
    parts = []
    for (wording, relation), group in rows.groupby(["wording", "relation"], sort=False):
        figures = ", ".join(
            f"{_population_label(p)} {fr_percent(pct)} "
            f"{fr_interval(lo, hi, unit='')}"
            for p, pct, lo, hi in zip(group["population"], group["pct"], group["ci_low"],
                                      group["ci_high"], strict=True))
        flag = " (nuance)" if relation == "nuance" else ""
        parts.append(f"{wording}{flag}{NBSP}: {figures}")
    return f"{NBSP}; ".join(parts) if parts else "—"


def target_labels(links: pd.DataFrame, codebook: pd.DataFrame, items: pd.DataFrame,
                  refs: pd.DataFrame) -> pd.Series:
    """Readable name of each link target: theme label, the item's short label (never the
    questionnaire's full wording) or short citation."""
    themes = codebook.set_index("code")["label_fr"]
    cites = bibliography.citations(refs)
    labels = []
    for row in links.to_dict("records"):
        if row["target_type"] == "theme":
            labels.append(themes[row["code"]])
        elif row["target_type"] == "survey_item":
            labels.append(upper_first(label(items, row["question_id"], row["item_id"])))
        else:
            labels.append(cites[row["bib_key"]])
    return pd.Series(labels, index=links.index)


def scorecard(levers: pd.DataFrame, links: pd.DataFrame, excerpts: pd.DataFrame,
              survey: pd.DataFrame, references: pd.DataFrame, codebook: pd.DataFrame,
              items: pd.DataFrame, refs: pd.DataFrame) -> pd.DataFrame:
    """One row per lever, in French: the evidence of each source and where it diverges."""
    labels = target_labels(links, codebook, items, refs)
    rows = []
    for lever in levers.sort_values("rank").itertuples():
        ex = excerpts[excerpts["lever_code"] == lever.lever_code].set_index("source_id")
        nuances = labels[(links["lever_code"] == lever.lever_code)
                         & (links["relation"] == "nuance")]
        refs_text = f"{NBSP}; ".join(
            references.loc[references["lever_code"] == lever.lever_code, "citation"])
        rows.append({
            "Levier": lever.label_fr,
            "Entretiens du policy paper : extraits (part)": _count_text(ex.loc["pp7"]),
            "Verbatims de l'enquête : extraits (part)": _count_text(ex.loc["harris2022"]),
            "Enquête : part des répondants [IC]": _survey_text(
                survey[survey["lever_code"] == lever.lever_code]),
            "Références": refs_text or "—",
            "Nuances": f"{NBSP}; ".join(nuances) or "—",
        })
    out = pd.DataFrame(rows)
    out.columns = [c.replace(" : ", f"{NBSP}: ") for c in out.columns]
    return out


def unlinked_items(links: pd.DataFrame, items: pd.DataFrame, question_id: str) -> pd.DataFrame:
    """Items of a question that no lever is linked to: what the levers leave aside."""
    linked = set(links.loc[links["question_id"] == question_id, "item_id"].dropna())
    rows = items[(items["question_id"] == question_id) & ~items["item_id"].isin(linked)]
    return rows.reset_index(drop=True)


def _survey_share_values(rows: pd.DataFrame, prefix: str = "") -> list[dict]:
    """Each survey share twice: as a percentage, and as its interval (``…_ci``)."""
    found = []
    for row in rows.itertuples():
        name = f"{prefix}{row.item_id}_{row.population}"
        what = (f"{quoted(row.wording if isinstance(row.wording, str) else row.item_id)}, "
                f"{_population_label(row.population)}")
        quantity = f"survey:{row.question_id}/{row.item_id}/{row.population}/{row.wave}"
        found.append({"name": name, "value": row.pct, "text": fr_percent(row.pct),
                      "low": row.ci_low, "high": row.ci_high, "description": what,
                      "quantity": quantity})
        found.append({"name": f"{name}_ci", "value": row.pct,
                      "text": fr_interval(row.ci_low, row.ci_high),
                      "description": f"intervalle de confiance, {what}",
                      "quantity": quantity})
    return found


def prose_values(links: pd.DataFrame, items: pd.DataFrame, results: pd.DataFrame,
                 excerpt_ev: pd.DataFrame, survey_ev: pd.DataFrame,
                 grid: pd.DataFrame, labels: Mapping[str, str]) -> list[dict]:
    """The levers section's quoted numbers, as keyword arguments of ``ValueBook.add``, each
    with a French description; ``labels`` maps lever codes to their French names."""
    found = []
    for row in excerpt_ev.itertuples():
        name = f"{row.lever_code.split('.')[1]}_{row.source_id}"
        lever = quoted(labels.get(row.lever_code, row.lever_code))
        found.append({"name": f"n_{name}", "value": row.n_linked,
                      "text": fr_number(row.n_linked),
                      "description": f"extraits de {row.source_id} rattachés au levier {lever}"})
        found.append({"name": f"share_{name}", "value": row.share,
                      "text": fr_percent(row.share), "description": f"part des extraits de "
                      f"{row.source_id} rattachés au levier {lever}"})
    for lever, row in grid.iterrows():
        n = int((row > 0).sum())
        found.append({"name": f"n_sources_{lever.split('.')[1]}", "value": n,
                      "text": fr_number(n), "description": "sources qui étayent le levier "
                      f"{quoted(labels.get(lever, lever))}"})
    found += _survey_share_values(
        survey_ev.drop_duplicates(["question_id", "item_id", "population"]))
    # Freins that no lever answers, with their figures: where the survey points elsewhere.
    aside = unlinked_items(links, items, "main_obstacles")
    found += _survey_share_values(
        results.merge(aside[["question_id", "item_id", "wording"]]), prefix="unlinked_")
    n_nuances = int((links["relation"] == "nuance").sum())
    found.append({"name": "n_nuances", "value": n_nuances, "text": fr_number(n_nuances),
                  "description": "liens qui nuancent un levier"})
    found.append({"name": "n_links", "value": len(links), "text": fr_number(len(links)),
                  "description": "liens entre leviers et sources"})
    return found


def load_lever_links(path: Path | str | None = None,
                     references_path: Path | str | None = None) -> pd.DataFrame:
    """Lever links whose targets all exist, bibliography keys included."""
    target = Path(path) if path is not None else resource_path("lever_links")
    links = load_table("lever_links", target)
    check_links(links, bibliography.load_references(references_path), target)
    return links
