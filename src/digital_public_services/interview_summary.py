"""The interview numbers the paper's prose quotes, each with its French text.

Names do not depend on which themes or studies the data holds: a re-run on a full coding
project updates the sentences (or shows « n.d. ») instead of breaking them.
"""

from __future__ import annotations

import pandas as pd

from .coding import STATUSES, cut
from .frformat import fr_number, quoted
from .phrasing import french_list
from .segments import NOT_STATED
from .survey_summary import KeyFigure, unavailable

MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
          "septembre", "octobre", "novembre", "décembre"]


def _count(name: str, n: int, description: str) -> KeyFigure:
    return KeyFigure(name, int(n), fr_number(n), description=description)


def _lower_first(label: str) -> str:
    return label[:1].lower() + label[1:]


def french_date(iso: str) -> str:
    """``2022-08-29`` -> ``29 août 2022``; ``2020-10`` -> ``octobre 2020``."""
    parts = [int(p) for p in iso.split("-")]
    month = MONTHS[parts[1] - 1]
    day = "1er" if len(parts) == 3 and parts[2] == 1 else (str(parts[2]) if len(parts) == 3
                                                          else "")
    return " ".join(p for p in (day, month, str(parts[0])) if p)


def design_figures(design: pd.DataFrame) -> list[KeyFigure]:
    facts = design.set_index(["study", "fact"])
    pp7, survey = facts.loc["pp7_interviews"], facts.loc["harris2022_qualitative"]
    start, end = pp7.loc["period_start", "value"], pp7.loc["period_end", "value"]
    return [
        _count("pp7_interviews", pp7.loc["n_interviews", "number"], "interviews of PP7"),
        KeyFigure("pp7_mean_minutes", int(pp7.loc["mean_duration", "number"]),
                  f"{fr_number(pp7.loc['mean_duration', 'number'])}\u00a0minutes",
                  description="mean interview length"),
        KeyFigure("pp7_period", f"{start}/{end}",
                  f"{french_date(start).rsplit(' ', 1)[0]} à {french_date(end)}",
                  description="period of the first contacts (the interviews are not dated)"),
        _count("survey_qualitative_interviews", survey.loc["n_interviews", "number"],
               "qualitative interviews of the survey"),
        KeyFigure("survey_qualitative_period",
                  f"{survey.loc['period_start', 'value']}/{survey.loc['period_end', 'value']}",
                  f"du {french_date(survey.loc['period_start', 'value'])} au "
                  f"{french_date(survey.loc['period_end', 'value'])}",
                  description="qualitative fieldwork period"),
    ]


def corpus_figures(segments: pd.DataFrame, policy_paper: str, survey: str) -> list[KeyFigure]:
    """Size of what is counted: excerpts, code assignments, unstated attributes."""
    excerpts = segments.drop_duplicates("excerpt_id")
    by_source = excerpts["source_id"].value_counts()
    mapped = segments[segments["code"].notna() & (segments["code"] != "")]
    figures = [
        _count("excerpts_total", len(excerpts), "distinct excerpts"),
        _count("code_assignments", len(mapped), "excerpt x code pairs"),
        _count("unmapped_segments", len(segments) - len(mapped), "QDA codes with no match"),
        _count("sector_not_stated", (excerpts["sector"] == NOT_STATED).sum(),
               "excerpts whose sector the source does not give"),
        _count("actor_not_stated", (excerpts["actor_type"] == NOT_STATED).sum(),
               "excerpts whose actor type the source does not give"),
    ]
    for name, group in (("excerpts_policy_paper", policy_paper), ("excerpts_survey", survey)):
        figures += ([_count(name, by_source[group], f"excerpts of {group}")]
                    if group in by_source else unavailable(name))
    return figures


def theme_figures(counts: pd.DataFrame, codebook: pd.DataFrame, depth: int = 2
                  ) -> list[KeyFigure]:
    """Totals per family, the largest branch of the cut, themes with no excerpt."""
    totals = counts.set_index("code")
    figures = [_count(f"excerpts_{family}", totals.loc[family, "n_total"],
                      f"excerpts coded under {family}")
               for family in ("practices", "limits", "levers") if family in totals.index]
    figures += [_count("codes_total", len(counts), "themes in the codebook"),
                _count("codes_project", (counts["origin"] == "project").sum(),
                       "themes added by this project")]
    branches = totals.loc[cut(codebook, depth)].sort_values("n_total", ascending=False)
    top = branches.iloc[0]
    empty = counts[counts["n_total"] == 0]
    figures += [
        KeyFigure("top_branch", _lower_first(top["label_fr"]),
                  _lower_first(top["label_fr"]), description="most coded branch"),
        _count("top_branch_excerpts", top["n_total"], "excerpts of the most coded branch"),
        _count("empty_themes", len(empty), "themes with no published excerpt"),
        KeyFigure("empty_theme_labels", "; ".join(empty["code"]),
                  french_list([_lower_first(x) for x in empty["label_fr"]]),
                  description="themes with no published excerpt"),
    ]
    return figures


def triangulation_figures(tri: pd.DataFrame | None) -> list[KeyFigure]:
    """How many leaf themes each study brings up alone or with the other, and which."""
    names = [f"{s}_{k}" for s in STATUSES[:3] for k in ("count", "labels")]
    if tri is None:
        return unavailable(*names)
    leaves = tri[tri["is_leaf"]]
    figures = []
    for status in STATUSES[:3]:
        rows = leaves[leaves["status"] == status]
        figures.append(_count(f"{status}_count", len(rows), f"leaf themes: {status}"))
        figures.append(KeyFigure(f"{status}_labels", "; ".join(rows["code"]),
                                 french_list([_lower_first(x) for x in rows["label_fr"]]),
                                 description=f"leaf themes: {status}"))
    described = leaves["described_a"] & (leaves["n_a"] == 0)
    figures.append(_count("described_without_excerpt", described.sum(),
                          "themes the first study describes without a published excerpt"))
    return figures


def specificity_figures(freq: pd.DataFrame, spec: pd.DataFrame, threshold: float = 2.0
                        ) -> list[KeyFigure]:
    """Corpus size and how many lemmas reach the conventional 1 % level."""
    best = float(spec["score"].max())
    leaders = spec[spec["score"] >= best - 1e-9].sort_values("lemma")
    return [
        _count("lexicon_tokens", int(freq.to_numpy().sum()), "content tokens analysed"),
        _count("lexicon_lemmas", len(freq), "distinct lemmas"),
        _count("specific_lemmas", int((spec["score"] >= threshold).sum()),
               "lemma x part pairs at or above the threshold"),
        KeyFigure("max_score", round(best, 2), fr_number(best, 1),
                  description="highest specificity"),
        KeyFigure("max_score_lemmas", "; ".join(leaders["lemma"]),
                  french_list([quoted(str(x)) for x in leaders["lemma"]]),
                  description="lemmas sharing the highest score"),
    ]
