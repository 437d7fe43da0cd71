"""The evidence profile of each lever: what each source shows about it, and a verdict in words.

A lever claims that a mechanism (data, indicators, tools built with the trades, leadership)
answers a problem. Its evidence is read on separate questions and never counted into a
grade: does a source show that the problem exists (``problem``)? that the mechanism is at
work somewhere (``mechanism``)? that it has the intended effect, by an evaluation
(``effect``)? what limits it (``nuance``)? A source that endorses the idea — a theory, a
demand, an opinion (``idea``) — is shown, but proves nothing. What the policy paper asserts
from its interviews is evidence: such a link is « documenté par le policy paper » whether or
not an excerpt is published. Links the project makes are shown as ours.
"""

from __future__ import annotations

import pandas as pd

from ..prose.phrasing import french_list
from ..prose.typography import NBSP

SHOWS = ("problem", "mechanism", "effect", "idea", "nuance")
SHOWS_FR = {"problem": "montre le problème", "mechanism": "montre le mécanisme à l'œuvre",
            "effect": "évalue l'effet", "idea": "appuie l'idée", "nuance": "nuance"}
#: How the profile names where an element comes from.
SOURCE_FR = {("theme", "pp7"): "les entretiens du policy paper",
             ("theme", "harris2022"): "les verbatims de l'enquête",
             ("survey_item", None): "les chiffres de l'enquête",
             ("reference", None): "la littérature"}


def _source(row: pd.Series) -> str:
    if row["target_type"] == "theme":
        return SOURCE_FR.get(("theme", row["source_id"]), str(row["source_id"]))
    return SOURCE_FR[(row["target_type"], None)]


def profile(links: pd.DataFrame, labels: pd.Series, results: pd.DataFrame) -> pd.DataFrame:
    """One row per link: the lever, the source it comes from, the element, what it shows and
    who makes the link. A survey item the data do not measure is left out: it shows
    nothing in this build."""
    measured = set(zip(results["question_id"], results["item_id"], strict=True))
    keep = [(row["target_type"] != "survey_item"
             or (row["question_id"], row["item_id"]) in measured)
            for _, row in links.iterrows()]
    rows = links[keep]
    return pd.DataFrame({
        "lever_code": rows["lever_code"].to_numpy(),
        "source": [_source(row) for _, row in rows.iterrows()],
        "element": labels[rows.index].to_numpy(),
        "shows": rows["relation"].to_numpy(),
        "by_source": (rows["basis"] == "stated").to_numpy(),
    })


def _sources(rows: pd.DataFrame) -> str:
    """« les entretiens du policy paper et les chiffres de l'enquête (selon notre
    lecture) »: a source whose links are all ours says so."""
    parts = []
    for source, group in rows.groupby("source", sort=False):
        parts.append(source if group["by_source"].any()
                     else f"{source} (selon notre lecture)")
    return french_list(parts)


def verdict(rows: pd.DataFrame) -> dict[str, str]:
    """The verdict on one lever, part by part, in words."""
    def of(kind: str) -> pd.DataFrame:
        return rows[rows["shows"] == kind]

    problem = (f"documenté par {_sources(of('problem'))}" if len(of("problem"))
               else "non documenté")
    mechanism = (f"illustré par {_sources(of('mechanism'))}" if len(of("mechanism"))
                 else "non documenté dans les extraits publiés")
    effect = (f"évalué par {_sources(of('effect'))}" if len(of("effect"))
              else "non évalué")
    idea = f"appuyée par {_sources(of('idea'))}" if len(of("idea")) else "—"
    nuances = f"{NBSP}; ".join(of("nuance")["element"]) or "—"
    return {"problem": problem, "mechanism": mechanism, "effect": effect, "idea": idea,
            "nuances": nuances}


def verdicts(levers: pd.DataFrame, found: pd.DataFrame) -> pd.DataFrame:
    """One row per lever, in the policy paper's order: its mechanism and its verdict."""
    out = []
    for lever in levers.sort_values("rank").itertuples():
        parts = verdict(found[found["lever_code"] == lever.lever_code])
        out.append({"lever_code": lever.lever_code, "label": lever.label_fr,
                    "summary": lever.summary_fr, **parts,
                    "n_problem": int(((found["lever_code"] == lever.lever_code)
                                      & (found["shows"] == "problem")).sum()),
                    "n_effect": int(((found["lever_code"] == lever.lever_code)
                                     & (found["shows"] == "effect")).sum())})
    return pd.DataFrame(out)


SHOWN_COLUMNS = {"label": "Levier", "problem": "Le problème visé", "mechanism": "Le mécanisme",
                 "effect": "L'effet", "nuances": "Nuances"}


def shown_table(table: pd.DataFrame) -> pd.DataFrame:
    """The body's table: one row per lever, the verdict part by part."""
    return table[list(SHOWN_COLUMNS)].rename(columns=SHOWN_COLUMNS)


def prose_values(table: pd.DataFrame) -> list[dict]:
    """Each lever's verdict, part by part, and how many levers have an evaluated effect or a
    documented problem, for ``ValueBook.add`` (guarded claims test these)."""
    found = []
    for row in table.itertuples():
        short = row.lever_code.split(".")[1]
        for part in ("problem", "mechanism", "effect"):
            found.append({"name": f"{part}_{short}", "value": getattr(row, part),
                          "text": getattr(row, part),
                          "description": f"{part} du levier « {row.label} » (profil de preuve)"})
    n_effect = int((table["n_effect"] > 0).sum())
    n_problem = int((table["n_problem"] > 0).sum())
    found += [{"name": "n_levers_effect_evaluated", "value": n_effect,
               "text": str(n_effect), "description": "leviers dont une source évalue l'effet"},
              {"name": "n_levers_problem_documented", "value": n_problem,
               "text": str(n_problem), "description": "leviers dont le problème est documenté"},
              {"name": "n_levers", "value": len(table), "text": str(len(table)),
               "description": "leviers du policy paper"}]
    return found
