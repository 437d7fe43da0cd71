"""The interview numbers the paper's prose quotes, each with its French text.

Names do not depend on which themes or studies the data holds: a re-run on a full coding
project updates the sentences (or shows « n.d. ») instead of breaking them.
"""

from __future__ import annotations

import pandas as pd

from ..coding.segments import NOT_STATED
from ..coding.themes import STATUSES, cut
from ..prose.key_figure import KeyFigure, unavailable
from ..prose.phrasing import french_list
from ..prose.typography import fr_number, quoted

FAMILY_FR = {"practices": "pratiques", "limits": "limites", "levers": "leviers"}
STATUS_FR = {"both": "évoqués par les deux études",
             "only_a": "évoqués par la seule première étude",
             "only_b": "évoqués par la seule seconde étude"}
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
        _count("pp7_interviews", pp7.loc["n_interviews", "number"],
               "entretiens de l'étude de la Chaire EPPP"),
        KeyFigure("pp7_mean_minutes", int(pp7.loc["mean_duration", "number"]),
                  f"{fr_number(pp7.loc['mean_duration', 'number'])}\u00a0minutes",
                  description="durée moyenne d'un entretien de la Chaire EPPP"),
        KeyFigure("pp7_period", f"{start}/{end}",
                  f"{french_date(start).rsplit(' ', 1)[0]} à {french_date(end)}",
                  description="période des premiers contacts (les entretiens ne sont pas datés)"),
        _count("survey_qualitative_interviews", survey.loc["n_interviews", "number"],
               "entretiens qualitatifs de l'enquête Harris Interactive"),
        KeyFigure("survey_qualitative_period",
                  f"{survey.loc['period_start', 'value']}/{survey.loc['period_end', 'value']}",
                  f"du {french_date(survey.loc['period_start', 'value'])} au "
                  f"{french_date(survey.loc['period_end', 'value'])}",
                  description="période des entretiens qualitatifs de l'enquête"),
    ]


def corpus_figures(segments: pd.DataFrame, policy_paper: str, survey: str) -> list[KeyFigure]:
    """Size of what is counted: excerpts, code assignments, unstated attributes."""
    excerpts = segments.drop_duplicates("excerpt_id")
    by_source = excerpts["source_id"].value_counts()
    mapped = segments[segments["code"].notna() & (segments["code"] != "")]
    figures = [
        _count("excerpts_total", len(excerpts), "extraits distincts codés"),
        _count("code_assignments", len(mapped), "couples extrait × thème codés"),
        _count("unmapped_segments", len(segments) - len(mapped),
               "segments dont le code n'a pas d'équivalent dans la grille"),
        _count("sector_not_stated", (excerpts["sector"] == NOT_STATED).sum(),
               "extraits dont la source ne précise pas le secteur"),
        _count("actor_not_stated", (excerpts["actor_type"] == NOT_STATED).sum(),
               "extraits dont la source ne précise pas le type d'acteur"),
    ]
    for name, group in (("excerpts_policy_paper", policy_paper), ("excerpts_survey", survey)):
        figures += ([_count(name, by_source[group], f"extraits de la source {group}")]
                    if group in by_source else unavailable(name))
    return figures


def theme_figures(counts: pd.DataFrame, codebook: pd.DataFrame, depth: int = 2
                  ) -> list[KeyFigure]:
    """Totals per family, the largest branch of the cut, themes with no excerpt."""
    totals = counts.set_index("code")
    figures = [_count(f"excerpts_{family}", totals.loc[family, "n_total"],
                      f"extraits codés sous {quoted(FAMILY_FR[family])}")
               for family in ("practices", "limits", "levers") if family in totals.index]
    figures += [_count("codes_total", len(counts), "thèmes de la grille de codage"),
                _count("codes_project", (counts["origin"] == "project").sum(),
                       "thèmes ajoutés par ce projet")]
    branches = totals.loc[cut(codebook, depth)].reset_index().sort_values(
        ["n_total", "code"], ascending=[False, True], kind="stable")  # ties: by code
    top = branches.iloc[0]
    empty = counts[counts["n_total"] == 0]
    figures += [
        KeyFigure("top_branch", _lower_first(top["label_fr"]),
                  _lower_first(top["label_fr"]), description="branche de la grille la plus codée"),
        _count("top_branch_excerpts", top["n_total"], "extraits de la branche la plus codée"),
        _count("empty_themes", len(empty), "thèmes sans extrait publié"),
        KeyFigure("empty_theme_labels", "; ".join(empty["code"]),
                  french_list([_lower_first(x) for x in empty["label_fr"]]),
                  description="thèmes sans extrait publié (libellés)"),
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
        figures.append(_count(f"{status}_count", len(rows), f"thèmes {STATUS_FR[status]}"))
        figures.append(KeyFigure(f"{status}_labels", "; ".join(rows["code"]),
                                 french_list([_lower_first(x) for x in rows["label_fr"]]),
                                 description=f"thèmes {STATUS_FR[status]} (libellés)"))
    described = leaves["described_a"] & (leaves["n_a"] == 0)
    figures.append(_count("described_without_excerpt", described.sum(),
                          "thèmes que la première étude décrit sans extrait publié"))
    return figures


def specificity_figures(freq: pd.DataFrame, spec: pd.DataFrame, threshold: float = 2.0
                        ) -> list[KeyFigure]:
    """Corpus size and how many lemmas reach the conventional 1 % level."""
    best = float(spec["score"].max())
    leaders = spec[spec["score"] >= best - 1e-9].sort_values("lemma")
    return [
        _count("lexicon_tokens", int(freq.to_numpy().sum()),
               "occurrences de mots pleins analysées"),
        _count("lexicon_lemmas", len(freq), "lemmes distincts"),
        _count("specific_lemmas", int((spec["score"] >= threshold).sum()),
               "couples lemme × partie au-dessus du seuil de spécificité"),
        KeyFigure("max_score", round(best, 2), fr_number(best, 1),
                  description="spécificité la plus forte"),
        KeyFigure("max_score_lemmas", "; ".join(leaders["lemma"]),
                  french_list([quoted(str(x)) for x in leaders["lemma"]]),
                  description="lemmes ayant la spécificité la plus forte"),
    ]
