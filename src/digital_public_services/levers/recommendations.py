"""The paper's recommendations: whom each addresses, what evidence it rests on, its grade.

The wording of each recommendation is the paper's (``report/index.qmd``); what it rests on
is declared here, and its grade is computed from the data, so a new survey file or a full
coding project changes the grades and the sentences that quote them. An element of
evidence is a lever (its grade, :func:`levers.evidence.evidence_grades`), a survey item (« solide »
when the data measure it for at least one population: a share published by the source) or
a context indicator (« solide » when the context data hold it, each with its official
source). A recommendation is « solide » when at least two of its elements are, « partiel »
when at least one element is solide or partiel, « non étayé » otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..prose.typography import NBSP, quoted
from .evidence import GRADES


@dataclass(frozen=True)
class Recommendation:
    code: str
    actor: str
    title: str                 # a short label; the paper's text develops it
    evidence: tuple[str, ...]  # ``lever:<code>``, ``survey:<question>/<item>``, ``context:<id>``


RECOMMENDATIONS: tuple[Recommendation, ...] = (
    Recommendation("access", "ANCT", "Cibler d'abord l'accès inégal",
                   ("survey:main_obstacles/access_disparities",
                    "context:illectronisme_fr_2021", "context:france_services_sites_2023")),
    Recommendation("training", "Collectivités", "Former les agents aux outils qu'ils utilisent",
                   ("survey:main_obstacles/agent_training", "lever:levers.leadership",
                    "survey:favourability/train_medical_staff")),
    Recommendation("coordination", "État (DINUM)",
                   "Coordonner le déploiement et concevoir les outils avec les métiers",
                   ("survey:main_obstacles/state_coordination", "lever:levers.align_tools")),
    Recommendation("equipment", "État et ANCT", "Aider les communes à financer leurs équipements",
                   ("survey:main_obstacles/equipment_cost",)),
    Recommendation("data", "État (DINUM)",
                   "Mesurer aussi les non-usagers avant de piloter par les données",
                   ("lever:levers.predict_needs", "lever:levers.performance_indicators",
                    "context:illectronisme_fr_2021")),
)


def element_grade(element: str, lever_grades: dict[str, str], results: pd.DataFrame,
                  context_ids: set[str]) -> str:
    """The grade of one element of evidence; an unknown kind is an error that names it."""
    kind, _, target = element.partition(":")
    if kind == "lever":
        return lever_grades.get(target, GRADES[2])
    if kind == "survey":
        question, _, item = target.partition("/")
        found = results[(results["question_id"] == question) & (results["item_id"] == item)]
        return GRADES[0] if not found.empty else GRADES[2]
    if kind == "context":
        return GRADES[0] if target in context_ids else GRADES[2]
    raise ValueError(f"recommendation evidence {element!r}: expected lever:, survey: or "
                     "context: followed by an identifier")


def combine(grades: list[str]) -> str:
    """Two solid elements make a solid recommendation; one solid or partial, a partial one."""
    if sum(g == GRADES[0] for g in grades) >= 2:
        return GRADES[0]
    if any(g in GRADES[:2] for g in grades):
        return GRADES[1]
    return GRADES[2]


def label(element: str, lever_labels: dict[str, str], wording: dict[tuple[str, str], str],
          context_labels: dict[str, str]) -> str:
    """A short French name for an element of evidence."""
    kind, _, target = element.partition(":")
    if kind == "lever":
        return f"levier {quoted(lever_labels.get(target, target))}"
    if kind == "survey":
        question, _, item = target.partition("/")
        text = wording.get((question, item), item)
        return f"enquête, {quoted(text[0].lower() + text[1:])}"
    return f"statistique publique, {context_labels.get(target, target).lower()}"


def grade_recommendations(lever_grades: dict[str, str], results: pd.DataFrame,
                          context: pd.DataFrame, lever_labels: dict[str, str],
                          items: pd.DataFrame) -> pd.DataFrame:
    """One row per recommendation: actor, title, its evidence with their grades, its grade."""
    ids = set(context["indicator_id"])
    context_labels = dict(zip(context["indicator_id"], context["indicator_fr"], strict=True))
    wording = dict(zip(zip(items["question_id"], items["item_id"], strict=True),
                       items["wording"], strict=True))
    rows = []
    for rec in RECOMMENDATIONS:
        grades = [element_grade(e, lever_grades, results, ids) for e in rec.evidence]
        rows.append({
            "code": rec.code, "actor": rec.actor, "title": rec.title,
            "evidence": f"{NBSP}; ".join(
                f"{label(e, lever_labels, wording, context_labels)} ({g})"
                for e, g in zip(rec.evidence, grades, strict=True)),
            "n_solid": sum(g == GRADES[0] for g in grades),
            "grade": combine(grades),
        })
    return pd.DataFrame(rows)


SHOWN_COLUMNS = {"code": "N°", "actor": "Destinataire", "title": "Recommandation",
                 "evidence": "Appuis (appréciation de chacun)", "grade": "Appréciation"}


def shown_table(recs: pd.DataFrame) -> pd.DataFrame:
    """The body's table: R1, R2… in the paper's order, French headers."""
    shown = recs[list(SHOWN_COLUMNS)].copy()
    shown["code"] = [f"R{i}" for i in range(1, len(recs) + 1)]
    return shown.rename(columns=SHOWN_COLUMNS)


def prose_values(recs: pd.DataFrame) -> list[dict]:
    """The grade of each recommendation, for ``ValueBook.add`` (« rec_<code> »)."""
    return [{"name": f"rec_{row.code}", "value": row.grade, "text": row.grade,
             "description": f"appréciation de la recommandation « {row.title} »"}
            for row in recs.itertuples()]
