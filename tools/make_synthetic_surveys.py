"""Write the synthetic survey files of the re-run scenarios into ``tests/data/``.

Every file is invented (« synthetic » in its name, « synthetic » in its notes) and exists only
to show that any survey file that validates regenerates a true paper
(``tests/test_paper_survey_scenarios.py``). Run ``python -m tools.make_synthetic_surveys``
to rewrite them; the data are the same on every run (fixed seed).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyreadstat
from openpyxl import Workbook

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "tests" / "data"
SHIPPED = ROOT / "data" / "survey" / "survey_results.csv"
NOTE = "synthetic test data, invented"
NEW_QUESTIONS = {
    # question_id: (wording, type, max answers, {item_id: (wording, share)})
    "trust_online": ("Faites-vous confiance aux démarches administratives en ligne ?",
                     "agreement", 1, {"trust": ("Oui, plutôt confiance", 62)}),
    "contact_channels": ("Par quels canaux préférez-vous joindre votre administration ?",
                         "multiple_choice", 3, {"phone": ("Le téléphone", 41),
                                                "counter": ("Le guichet", 35),
                                                "website": ("Le site internet", 54)}),
}
POPULATION_BASES = {"communes": 300, "departements": 50, "grand_public": 2000}


def shipped() -> pd.DataFrame:
    return pd.read_csv(SHIPPED, dtype=str, keep_default_na=False)


def as_new_wave(frame: pd.DataFrame, shift: int) -> pd.DataFrame:
    """The shipped rows as an invented 2026 wave: support for proposals moved by ``shift``
    points (the obstacle shares, bounded by their ceiling, are kept)."""
    out = frame.assign(wave="2026", source_id="", source_section="", note=NOTE)
    moved = out["question_id"] == "favourability"
    out.loc[moved, "pct"] = [str(int(min(100, max(0, int(p) + shift))))
                             for p in out.loc[moved, "pct"]]
    return out


def wave_without_departements() -> Path:
    """Scenario 1: a new wave in which no département actor was surveyed."""
    frame = shipped()
    path = OUT / "synthetic_wave_2026_without_departements.csv"
    kept = ~frame["population"].isin(["departements", "communes_departements"])
    as_new_wave(frame[kept], -3).to_csv(path, index=False)
    return path


def new_question_rows() -> pd.DataFrame:
    rows = []
    for population, base in POPULATION_BASES.items():
        bonus = 5 if population == "communes" else 0
        for question, (q_text, kind, k, items) in NEW_QUESTIONS.items():
            for item, (i_text, pct) in items.items():
                rows.append({
                    "wave": "2026", "population": population, "question_id": question,
                    "item_id": item, "response": "agree" if kind == "agreement" else "cited",
                    "question_type": kind, "max_answers": str(k), "pct": str(pct + bonus),
                    "base": str(base), "source_id": "", "source_section": "", "note": NOTE,
                    "question_wording": q_text, "item_wording": i_text})
    return pd.DataFrame(rows)


def new_questions_tidy() -> Path:
    """Scenario 3a: two questions the paper does not know, worded in tidy CSV columns."""
    frame = pd.concat([as_new_wave(shipped(), 2), new_question_rows()], ignore_index=True)
    path = OUT / "synthetic_new_questions_tidy.csv"
    frame.fillna("").to_csv(path, index=False)
    return path


def new_questions_xlsx() -> Path:
    """Scenario 3b: the same questions, worded in a ``questions`` sheet of a workbook."""
    rows = pd.concat([as_new_wave(shipped(), 1),
                      new_question_rows().drop(columns=["question_wording", "item_wording"])],
                     ignore_index=True)
    book = Workbook()
    sheet = book.active
    sheet.title = "resultats"
    sheet.append(list(rows.columns))
    for row in rows.itertuples(index=False):
        sheet.append([float(v) if c in ("pct", "base") else
                      (int(v) if c == "max_answers" else v) for c, v in zip(rows.columns, row,
                                                                           strict=True)])
    questions = book.create_sheet("questions")
    questions.append(["question_id", "item_id", "question_wording", "item_wording"])
    for question, (q_text, _, _, items) in NEW_QUESTIONS.items():
        questions.append([question, None, q_text, None])
        for item, (i_text, _) in items.items():
            questions.append([question, item, None, i_text])
    path = OUT / "synthetic_new_questions.xlsx"
    book.save(path)
    return path


def respondents(seed: int, n: dict[str, int], *, initiation: bool,
                new_questions: bool) -> pd.DataFrame:
    """Invented respondents: 1 = the counted answer, 0 = not, NaN = not asked."""
    rng = np.random.default_rng(seed)
    frame = shipped()
    shares = frame[frame["population"] != "communes_departements"]
    blocks = []
    for population, size in n.items():
        block = pd.DataFrame({"respondent_id": [f"{population[:3]}{i}" for i in range(size)],
                              "wave": 2026.0, "population": population,
                              "weight": rng.uniform(0.5, 2.0, size).round(3)})
        mine = shares[shares["population"] == population]
        for row in mine.itertuples():
            if row.question_id == "main_obstacles":
                continue
            block[f"{row.question_id}__{row.item_id}"] = (
                rng.random(size) < int(row.pct) / 100).astype(float)
        if population != "grand_public":
            cited = np.zeros((size, 5))
            weights = mine[mine["question_id"] == "main_obstacles"]["pct"].astype(float)
            items = mine[mine["question_id"] == "main_obstacles"]["item_id"].tolist()
            for i in range(size):
                chosen = rng.choice(len(items), size=2, replace=False,
                                    p=weights.to_numpy() / weights.sum())
                cited[i, chosen] = 1
            for k, item in enumerate(items):
                block[f"main_obstacles__{item}"] = cited[:, k]
            if initiation:
                block["initiation_level__local"] = (rng.random(size) < 0.58).astype(float)
        if new_questions:
            for question, (_, _, _, items) in NEW_QUESTIONS.items():
                for item, (_, pct) in items.items():
                    block[f"{question}__{item}"] = (rng.random(size) < pct / 100).astype(float)
        blocks.append(block)
    return pd.concat(blocks, ignore_index=True)


def respondents_without_initiation() -> Path:
    """Scenario 2: respondent-level SPSS file in which the initiation question was not asked."""
    frame = respondents(11, {"communes": 200, "departements": 50, "grand_public": 400},
                        initiation=False, new_questions=False)
    codes = {"communes": 1, "departements": 2, "grand_public": 3}
    frame["population"] = frame["population"].map(codes).astype(float)
    path = OUT / "synthetic_respondents_2026_without_initiation.sav"
    pyreadstat.write_sav(frame, str(path), compress=True, variable_value_labels={
        "population": {v: k for k, v in codes.items()}})
    return path


def labelled_respondents(name: str, *, new_questions: bool, user_missing: bool) -> Path:
    """Scenarios 3c and 4: answers coded 1 = « Oui » / « Favorable », 2 = « Non » /
    « Opposé(e) », 9 = « Ne sait pas » declared user-missing; variable labels word the items
    (« Question - Item »)."""
    frame = respondents(13, {"communes": 200, "departements": 50, "grand_public": 400},
                        initiation=True, new_questions=new_questions)
    rng = np.random.default_rng(17)
    answers = [c for c in frame.columns if "__" in c]
    labels, column_labels, missing = {}, {}, {}
    for column in answers:
        positive = "Favorable" if column.startswith("favourability") else "Oui"
        negative = "Opposé(e)" if column.startswith("favourability") else "Non"
        coded = frame[column].map({1.0: 1.0, 0.0: 2.0})
        if user_missing:
            coded[(rng.random(len(frame)) < 0.05) & coded.notna()] = 9.0
            missing[column] = [9]
        frame[column] = coded
        labels[column] = {1: positive, 2: negative, 9: "Ne sait pas"}
        question, _, item = column.partition("__")
        if question in NEW_QUESTIONS:
            q_text, _, _, items = NEW_QUESTIONS[question]
            column_labels[column] = f"{q_text} - {items[item][0]}"
    path = OUT / name
    pyreadstat.write_sav(frame, str(path), compress=True, variable_value_labels=labels,
                         column_labels=column_labels or None,
                         missing_ranges=missing or None)
    return path


# Wording a hostile file could bring (issue 27): each string would, if read as markup, run a
# script that sets the page's title to « XSS », add an element whose id starts with « xss- »,
# follow a ``javascript:`` link, pull in a value of the paper or start a spreadsheet formula.
HOSTILE_QUESTION = ("Selon vous <img src=x id=xss-img onerror=\"document.title='XSS'\">"
                    " [lien](javascript:document.title='XSS') {{< meta v.paper.version >}}"
                    " quel canal ?")
HOSTILE_ITEMS = {
    "script": "<script>document.title='XSS'</script> Le courrier",
    "link": "<a id=xss-link href=\"javascript:document.title='XSS'\">Le site</a>"
            " **gras** `code` $x^2$ [@harris2022] &amp; # | H~2~O",
    "formula": "=HYPERLINK(\"https://example.invalid\",\"Le guichet\")",
}
#: A known item reworded by the hostile file: quoted in sentences, key messages and figures.
HOSTILE_KNOWN = ("main_obstacles", "equipment_cost",
                 "@SUM(1+1) <svg id=xss-svg onload=\"document.title='XSS'\"></svg>"
                 " Le coût des équipements")
#: Where the file says that item comes from: a cell of the published figure data.
HOSTILE_SECTION = "=HYPERLINK(\"https://example.invalid\",\"p. 3\")"
UNWORDED_ITEM = "online_appointments"


def hostile_wording(folder: Path) -> Path:
    """A tidy CSV whose new question, its items and a known item are worded with markup,
    scripts and formulas (``synthetic_hostile_wording.csv`` in ``folder``)."""
    frame = as_new_wave(shipped(), 2).assign(question_wording="", item_wording="")
    question, item, text = HOSTILE_KNOWN
    known = (frame["question_id"] == question) & (frame["item_id"] == item)
    frame.loc[known, "item_wording"] = text
    frame.loc[known, ["source_id", "source_section"]] = ["harris2022", HOSTILE_SECTION]
    rows = [{"wave": "2026", "population": population, "question_id": "hostile_channel",
             "item_id": item_id, "response": "cited", "question_type": "multiple_choice",
             "max_answers": "3", "pct": str(30 + 10 * k), "base": str(base),
             "source_id": "", "source_section": "", "note": NOTE,
             "question_wording": HOSTILE_QUESTION, "item_wording": item_text}
            for population, base in POPULATION_BASES.items()
            for k, (item_id, item_text) in enumerate(HOSTILE_ITEMS.items())]
    path = folder / "synthetic_hostile_wording.csv"
    pd.concat([frame, pd.DataFrame(rows)], ignore_index=True).to_csv(path, index=False)
    return path


def unworded_item(folder: Path) -> Path:
    """A French Excel export (semicolons, decimal commas, Windows-1252) of a 2025 wave of
    communes and public (no département sample), electronic voting no longer asked, and a
    new proposal nobody worded (``online_appointments``)."""
    frame = shipped()
    frame = frame[~frame["population"].isin(["departements", "communes_departements"])
                  & (frame["item_id"] != "electronic_voting")]
    new = frame[(frame["question_id"] == "favourability")
                & (frame["item_id"] == "teleconsultation")].assign(item_id=UNWORDED_ITEM)
    frame = pd.concat([as_new_wave(frame, -2), as_new_wave(new, 4)], ignore_index=True)
    frame = frame.assign(wave="2025")
    path = folder / "synthetic_unworded_item_fr.csv"
    frame.to_csv(path, sep=";", index=False, encoding="cp1252")
    return path


#: SPSS variable labels of every item column, by case (issue 27): none, the column name, the
#: « question : item » join, a questionnaire code, real wording.
SAV_LABEL_CASES = {
    "empty": lambda column, q, i, k: "",
    "column_name": lambda column, q, i, k: column,
    "question_item": lambda column, q, i, k: f"{q} : {i}",
    "code": lambda column, q, i, k: f"Q{k // 100}_{k % 100}",
    "wording": lambda column, q, i, k: f"Libellé synthétique de l'item {k % 100}",
}


def exact_respondents() -> pd.DataFrame:
    """An invented 2026 wave of the proposals question: each population as large as its
    shipped sample (weights 1), its favourable answers exactly the shipped shares (rounded
    to a respondent), so that the paper's findings, and the claims the prose guards on them,
    stay those of the shipped data; the other questions come from the shipped wave."""
    frame = shipped()
    blocks = []
    for population, rows in frame[frame["question_id"] == "favourability"].groupby(
            "population", sort=True):
        size = int(rows["base"].iloc[0])
        block = pd.DataFrame({"respondent_id": [f"{population[:3]}{i}" for i in range(size)],
                              "wave": 2026.0, "population": population, "weight": 1.0})
        for row in rows.itertuples():
            yes = round(int(row.pct) * size / 100)
            block[f"favourability__{row.item_id}"] = [1.0] * yes + [0.0] * (size - yes)
        blocks.append(block)
    return pd.concat(blocks, ignore_index=True)


def labelled_sav(folder: Path, case: str) -> Path:
    """A respondent-level ``.sav`` (:func:`exact_respondents`) whose item columns carry the
    labels of ``case`` (``synthetic_labels_<case>.sav`` in ``folder``)."""
    frame = exact_respondents()
    questions = list(dict.fromkeys(c.partition("__")[0] for c in frame.columns if "__" in c))
    labels = {}
    for column in (c for c in frame.columns if "__" in c):
        question, _, item = column.partition("__")
        number = 100 * (questions.index(question) + 1) + len(
            [c for c in labels if c.startswith(question + "__")]) + 1
        labels[column] = SAV_LABEL_CASES[case](column, question, item, number)
    path = folder / f"synthetic_labels_{case}.sav"
    pyreadstat.write_sav(frame, str(path), column_labels=labels)
    return path


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for path in (wave_without_departements(), respondents_without_initiation(),
                 new_questions_tidy(), new_questions_xlsx(),
                 labelled_respondents("synthetic_new_questions_labelled.sav",
                                      new_questions=True, user_missing=False),
                 labelled_respondents("synthetic_labelled_user_missing.sav",
                                      new_questions=False, user_missing=True)):
        print(path.relative_to(ROOT))


if __name__ == "__main__":
    main()
