"""« Autres questions de l'enquête »: every question the narrative does not discuss.

A survey file may hold questions the paper's prose knows nothing about. None is dropped: each
gets a figure and a table (shares with intervals per population, and the gaps between
populations with the corrected test), written as a Markdown file that the survey section
reads at render time through the project's ``generated`` shortcode. Quarto embeds need cell
labels known in advance; a generated file does not, so any number of questions renders, each
with its figure (caption and alternative text) and its table. The shortcode runs after
Quarto's cross-referencing, so these figures are not numbered « Figure N » in the HTML and are
never cross-referenced from the text.
"""

from __future__ import annotations

from itertools import combinations
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd

from ..plotting import style
from ..plotting.style import POPULATION_LABELS
from ..prose.escape import markdown
from ..prose.markdown import unnumbered_figure
from ..prose.phrasing import (
    ECART,
    QUESTION,
    agree,
    count,
    count_verb,
    french_list,
    sentence,
    wave_note,
)
from ..prose.tables import pipe_table
from ..prose.typography import NBSP, fr_interval, fr_number, fr_points, french_spaces, quoted
from . import figures
from .estimates import compare_at_focus
from .naming import name, wording
from .wording import is_unworded, unworded_label

# Questions the survey section and the levers discuss in their own prose.
KNOWN_QUESTIONS = ("favourability", "main_obstacles", "initiation_level")
POPULATION_ORDER = ["communes", "departements", "grand_public", "communes_departements"]
# Where the survey notebook's figures of this section end up, as report/index.qmd reaches
# them (the runner moves build/.staging/03_survey/outputs to build/outputs/03_survey).
ARTICLE_LINK = "../build/outputs/03_survey/other_questions"
WAVES_LINK = "../build/outputs/03_survey/waves"  # the figure of « D'une vague à l'autre »
HEADING = "## Autres questions de l'enquête {#sec-survey-other}"


def other_questions(view: pd.DataFrame, known: tuple[str, ...] = KNOWN_QUESTIONS) -> list[str]:
    """Questions of the data that the narrative does not discuss, sorted."""
    return sorted(set(view["question_id"].astype(str)) - set(known))


def _anchor(question_id: str) -> str:
    return question_id.replace("_", "-")


def _populations(rows: pd.DataFrame) -> list[str]:
    present = set(rows["population"])
    return [p for p in POPULATION_ORDER if p in present] + sorted(
        present - set(POPULATION_ORDER))


def comparisons(estimates: pd.DataFrame, question_id: str, focus: str, confidence: float,
                correction: str) -> pd.DataFrame:
    """Every pair of populations asked the question, in a wave both answered."""
    rows = estimates[estimates["question_id"] == question_id]
    pairs = list(combinations(_populations(rows), 2))
    return compare_at_focus(rows, pairs, focus, confidence, correction)


def table(rows: pd.DataFrame, gaps: pd.DataFrame, items: pd.DataFrame) -> pd.DataFrame:
    """Shares with intervals per population, then each gap between populations."""
    populations = _populations(rows)
    out = figures.shares_table(rows, items, populations, "Item")
    order = figures.share_order(rows, populations)
    for (a, b), pair in gaps.groupby(["population_a", "population_b"], sort=False):
        keyed = pair.set_index("item_id").reindex(order["item_id"])
        out[f"{POPULATION_LABELS.get(a, a)} − {POPULATION_LABELS.get(b, b)} (points [IC])"] = [
            "—" if pd.isna(d) else
            f"{fr_points(d)} {fr_interval(lo, hi, unit='')}{', significatif' if s else ''}"
            for d, lo, hi, s in zip(keyed["diff"], keyed["diff_low"], keyed["diff_high"],
                                    keyed["significant"], strict=True)]
    return out


def _summary(rows: pd.DataFrame, gaps: pd.DataFrame, items: pd.DataFrame, focus: str) -> str:
    """Who answered, in which wave, the top item of each population, significant gaps."""
    populations = _populations(rows)
    waves = sorted(set(map(str, rows["wave"])))
    text = (f"Posée {french_list([name(p).to for p in populations])}"
            f"{'' if waves == [focus] else ' (vague ' + french_list(waves) + ')'}.")
    for population in populations:
        part = rows[rows["population"] == population].sort_values(["pct", "item_id"],
                                                                  ascending=[False, True])
        top = part.iloc[0]
        item = wording(items, top["question_id"], top["item_id"])
        share = f"{fr_number(top['pct'])}{NBSP}%{wave_note(str(top['wave']), focus)}"
        text += (f" Chez {name(population).the}, l'item le plus fréquent est {item} "
                 f"({share})." if len(part) > 1 else
                 f" Chez {name(population).the}, {item} recueille {share}.")
    n = int(gaps["significant"].sum()) if len(gaps) else 0
    if len(gaps):
        held = count_verb(n, len(gaps), ECART, "reste significatif", "restent significatifs")
        text += f" Entre populations, {held} après correction."
    return text


def section(view: pd.DataFrame, estimates: pd.DataFrame, items: pd.DataFrame,
            questions: pd.DataFrame, focus: str, *, confidence: float, correction: str,
            folder: Path, link: str) -> tuple[str, list[str]]:
    """The Markdown of the section (its heading included) and the questions it shows; figures
    saved in ``folder``. Empty when the text discusses every question: no section then.

    ``link`` is the folder as the article (``report/index.qmd``) reaches it.
    """
    shown = other_questions(view)
    if not shown:
        return "", shown
    folder.mkdir(parents=True, exist_ok=True)
    parts = []
    for question in shown:
        rows = view[view["question_id"] == question]
        gaps = comparisons(estimates, question, focus, confidence, correction)
        title = question_title(questions, question)
        ax = figures.plot_shares(rows, items, _populations(rows),
                                        "Répondants (%), avec intervalle de confiance")
        style.save(ax.figure, folder / _anchor(question), formats=("png",))
        plt.close("all")
        summary = _summary(rows, gaps, items, focus)
        anchor = _anchor(question)
        caption = f"Part de répondants pour chaque item de la question {quoted(title)}"
        alt = (f"Graphique en points, un item par ligne, une couleur par population, avec "
               f"intervalles de confiance. {summary}").replace('"', "'")
        parts.append("\n\n".join([
            f"### {title}",
            summary,
            unnumbered_figure(f"{link}/{anchor}.png", alt,
                              f"{caption}, par population, avec intervalles de confiance"),
            f"{caption}{NBSP}: part par population (% et intervalle de confiance) et écarts "
            "entre populations (points).",
            pipe_table(table(rows, gaps, items)),
        ]))
    return "\n\n".join([HEADING, statement(shown), *parts]) + "\n", shown


def question_title(questions: pd.DataFrame, question_id: str) -> str:
    """The question's wording as a Markdown heading's text (the file's characters, never
    markup); a question nobody worded is its identifier as code, with the note."""
    found = questions[questions["question_id"] == question_id]
    if not len(found) or is_unworded(found).iloc[0]:
        return unworded_label(question_id, markdown=True)
    return markdown(french_spaces(str(found["wording"].iloc[0])))


def statement(shown: list[str]) -> str:
    """The method note's sentence: how many questions the generic section shows."""
    if not shown:
        return "Toutes les questions des données analysées sont discutées dans le texte."
    return (f"{count(len(shown), QUESTION).capitalize()} des données "
            f"{agree(len(shown), 'n’est', 'ne sont').replace('’', chr(39))} pas "
            f"{agree(len(shown), 'discutée', 'discutées')} dans le texte{NBSP}: "
            f"{agree(len(shown), 'elle est présentée', 'elles sont présentées')}, figure et "
            "tableau à l'appui, dans la section «\u00a0Autres questions de l'enquête\u00a0».")


WAVES_HEADING = "## D'une vague à l'autre {#sec-survey-waves}"


def waves_section(changes: pd.DataFrame, coverage: pd.DataFrame, items: pd.DataFrame,
                  questions: pd.DataFrame, statement: str, *, folder: Path, link: str) -> str:
    """The Markdown of « D'une vague à l'autre », or nothing when the data hold one wave.

    With one wave there is no evolution to speak of, so the survey section says nothing; with
    several, it gets the computed sentence, the figure of the changes and, when some population
    or item is missing from a wave, the table that lists them.
    """
    if changes.empty:
        return ""
    folder.mkdir(parents=True, exist_ok=True)
    ax = figures.plot_waves(changes, items, questions)
    style.save(ax.figure, folder / "wave-evolution", formats=("png",))
    plt.close("all")
    statement_text = sentence(statement)
    caption = ("Évolution de chaque item depuis la vague précédente, en points, par question, "
               f"avec intervalle ajusté pour comparaisons multiples{NBSP}; point plein{NBSP}: "
               "évolution significative après correction")
    alt = (f"Graphique en points des évolutions entre vagues, un item par ligne, une couleur "
           f"par population. {statement_text}").replace('"', "'")
    parts = [WAVES_HEADING, statement_text,
             unnumbered_figure(f"{link}/wave-evolution.png", alt, caption)]
    if len(coverage):
        parts += [f"Populations et items absents d'au moins une vague{NBSP}:",
                  pipe_table(figures.coverage_table(coverage, items))]
    return "\n\n".join(parts) + "\n"
