"""The paper's recommendations on two axes: is the problem established, and by what; is the
remedy's effect evaluated, and by whom.

The wording of each recommendation is the authors' (``report/sections/_recommendations.qmd``);
what each rests on is declared here and checked against the data of the build, so a new
survey file changes what the table says. Evidence that a problem exists is never taken for
evidence that a remedy works: the second column names an evaluation of the remedy, or says
« effet non évalué ». Survey evidence counts only for the populations the recommendation
addresses, and a source's known bias is carried over as a reserve.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..prose.phrasing import french_list
from ..prose.typography import NBSP
from ..survey.naming import name

#: Reserves carried over to every recommendation that rests on the survey item concerned.
SPONSOR = ("enquête commandée par un fabricant d'équipements numériques (Samsung)\u00a0: la "
           "question touche à ses produits")
LARGE_COMMUNES = ("communes de plus de 3\u202f500 habitants seulement\u00a0; les plus petites ne "
                  "sont pas interrogées")


@dataclass(frozen=True)
class Survey:
    """A survey item read for some populations only (those the recommendation addresses)."""

    question_id: str
    item_id: str
    populations: tuple[str, ...]
    label: str
    reserves: tuple[str, ...] = ()


@dataclass(frozen=True)
class Recommendation:
    code: str
    actor: str
    title: str                    # a short label; the paper's text develops it
    survey: tuple[Survey, ...]    # survey items that show the problem
    documents: tuple[str, ...]    # other evidence of the problem: « Insee, illectronisme… »
    context: tuple[str, ...]      # context indicators (ids) that must be in the data
    evaluations: tuple[str, ...]  # evaluations of the remedy's effect; none read so far
    reserves: tuple[str, ...] = ()


RECOMMENDATIONS: tuple[Recommendation, ...] = (
    Recommendation(
        "access", "ANCT", "Mesurer l'accès inégal là où il se trouve, y adapter "
        "l'accompagnement",
        (Survey("main_obstacles", "access_disparities", ("communes", "departements"),
                "accès inégal des citoyens cité comme frein"),),
        ("Insee, illectronisme (2021)", "Défenseur des droits (2022)"),
        ("illectronisme_fr_2021",), (),
        ("aucune mesure locale de l'accès dans les deux études",)),
    Recommendation(
        "training", "Collectivités", "Former les agents aux outils qu'ils utilisent",
        (Survey("main_obstacles", "agent_training", ("communes", "departements"),
                "manque de formation des agents cité comme frein"),),
        ("policy paper, manque de compétences internes (entretiens des deux secteurs)",),
        (), ()),
    Recommendation(
        "coordination", "État (DINUM)",
        "Fixer un cadre commun et concevoir les outils avec les métiers",
        (Survey("main_obstacles", "state_coordination", ("communes", "departements"),
                "manque de coordination de l'État cité comme frein"),),
        ("policy paper, décalage entre outils et besoins des métiers",
         "enquête, appel à une stratégie globale de l'État (synthèse du rapport)"),
        (), ()),
    Recommendation(
        "equipment", "État et ANCT",
        "Documenter le besoin de financement des équipements communaux",
        (Survey("main_obstacles", "equipment_cost", ("communes",),
                "coût des équipements cité comme frein", (SPONSOR, LARGE_COMMUNES)),),
        (), (), (),
        ("le policy paper, dont les acteurs régionaux saluent les financements publics, ne dit "
         "rien des communes",)),
    Recommendation(
        "data", "État (DINUM)", "Mesurer aussi les non-usagers avant de piloter par les données",
        (),
        ("Insee, illectronisme (2021)",
         "Défenseur des droits (2022), suivi de la qualité qui manque les plus en difficulté"),
        ("illectronisme_fr_2021",), ()),
)


def _measured(item: Survey, results: pd.DataFrame) -> list[str]:
    """The populations of ``item`` the data measure."""
    rows = results[(results["question_id"] == item.question_id)
                   & (results["item_id"] == item.item_id)]
    return [p for p in item.populations if p in set(rows["population"])]


def assess(rec: Recommendation, results: pd.DataFrame, context_ids: set[str]) -> dict:
    """The two axes of one recommendation, in words, and the reserves that apply."""
    problem, reserves = [], list(rec.reserves)
    for item in rec.survey:
        found = _measured(item, results)
        if found:
            problem.append(f"enquête, {item.label} ({french_list([name(p).bare for p in found])})")
            reserves += [r for r in item.reserves if r not in reserves]
    missing = [c for c in rec.context if c not in context_ids]
    problem += list(rec.documents) if not missing else []
    return {
        "code": rec.code, "actor": rec.actor, "title": rec.title,
        "problem": (f"{NBSP}; ".join(problem) if problem
                    else "non établi dans les données analysées"),
        "n_problem": len(problem),
        "effect": (f"{NBSP}; ".join(rec.evaluations) if rec.evaluations
                   else "effet non évalué"),
        "n_evaluations": len(rec.evaluations),
        "reserves": f"{NBSP}; ".join(reserves) or "—",
    }


def assess_all(results: pd.DataFrame, context: pd.DataFrame) -> pd.DataFrame:
    """One row per recommendation, in the paper's order."""
    ids = set(context["indicator_id"])
    return pd.DataFrame([assess(rec, results, ids) for rec in RECOMMENDATIONS])


SHOWN_COLUMNS = {"code": "N°", "actor": "Destinataire", "title": "Recommandation",
                 "problem": "Le problème est établi par", "effect": "L'effet du remède",
                 "reserves": "Réserves"}


def shown_table(recs: pd.DataFrame) -> pd.DataFrame:
    """The body's table: R1, R2… in the paper's order, French headers."""
    shown = recs[list(SHOWN_COLUMNS)].copy()
    shown["code"] = [f"R{i}" for i in range(1, len(recs) + 1)]
    return shown.rename(columns=SHOWN_COLUMNS)


def prose_values(recs: pd.DataFrame) -> list[dict]:
    """For each recommendation, how many elements establish its problem and how many
    evaluations its remedy has (guarded claims test them), for ``ValueBook.add``."""
    found = []
    for row in recs.itertuples():
        found += [{"name": f"rec_{row.code}_problem", "value": row.n_problem,
                   "text": row.problem, "description": f"ce qui établit le problème de « "
                                                      f"{row.title} »"},
                  {"name": f"rec_{row.code}_evaluations", "value": row.n_evaluations,
                   "text": row.effect, "description": f"évaluations du remède « {row.title} »"}]
    return found
