"""Any survey file that validates regenerates a true paper (issue 11): one synthetic file per
scenario (``tests/data/synthetic_*``, written by ``python -m tools.make_synthetic_surveys``,
or built by the test with the same module), each built with ``dps paper --survey FILE`` in a
copy of the built project; the paper must build, ``dps check`` must pass and the text must
say what the data say. Issue 27: labels that only repeat identifiers, an item nobody worded,
and wording written to run as markup or as a spreadsheet formula."""

from __future__ import annotations

import csv
import html
import json
import re
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pyreadstat
import pytest

from tests.conftest import dps, markup_from_files
from tools import make_synthetic_surveys as synthetic

DATA = Path(__file__).parent / "data"
NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?(e[+-]?\d+)?$")
NEW_WORDING = ("Par quels canaux préférez-vous joindre votre administration\u00a0?",
               "Faites-vous confiance aux démarches administratives en ligne\u00a0?",
               "Le site internet", "Oui, plutôt confiance")


def plain(text: str) -> str:
    return text.replace("\u00a0", " ").replace("\u202f", " ")


class Paper:
    """A paper built from one survey file: its values and the text of its preview."""

    def __init__(self, root: Path, log: str) -> None:
        self.root = root
        self.log = log
        values = json.loads((root / "build" / "values.json").read_text(encoding="utf-8"))
        self.text = {key: plain(entry["text"]) for key, entry in values.items()}
        page = (root / "build" / "preview" / "index.html").read_text(encoding="utf-8")
        self.preview = plain(html.unescape(re.sub(r"<[^>]+>", " ", page)))
        self.preview = re.sub(r"\s+", " ", self.preview)


def build(paper_project: Path, tmp_path: Path, survey: str | Path) -> Paper:
    """``survey``: a file of ``tests/data/`` by name, or a file built by the test."""
    root = tmp_path / "project"
    shutil.copytree(paper_project, root)
    path = survey if isinstance(survey, Path) else DATA / survey
    done = dps(root, "paper", "--survey", str(path), "--no-quarto-install")  # exit 0
    # `dps check` finds nothing but, possibly, authored claims this file's data no longer
    # support: each is then warned about by the build and marked in the draft, never
    # printed as true (the authors rewrite it before a release).
    checked = dps(root, "check", check=False)
    problems = [line for line in checked.stderr.splitlines()
                if line.startswith("  manuscript:")]
    assert all("claim not supported by the data" in line for line in problems), problems
    assert (checked.returncode == 0) == (not problems)
    paper = Paper(root, done.stdout + done.stderr + checked.stderr)
    verdicts = json.loads((root / "build" / "claims.json").read_text(encoding="utf-8"))
    flagged = [c for c, holds in verdicts.items() if not holds]
    assert len(problems) >= len(flagged)
    assert ("[Affirmation non vérifiée]" in paper.preview) == bool(flagged)
    assert ("warning: report/" in done.stderr) == bool(flagged)
    return paper


def test_population_absent_from_the_new_wave(paper_project, tmp_path):
    paper = build(paper_project, tmp_path, "synthetic_wave_2026_without_departements.csv")
    assert "Les acteurs départementaux n'ont pas été interrogés en 2026." in \
        paper.text["survey.data_statement"]
    assert paper.text["survey.gaps_departements_statement"].startswith(
        "Entre acteurs départementaux et grand public en 2022, dernière vague où les acteurs "
        "départementaux ont été interrogés,")
    assert "des acteurs départementaux (en 2022, non mesuré en 2026)" in \
        paper.text["levers.agent_training_clause"]
    assert "que l'échantillon ne départage pas, par les acteurs départementaux (65 % [52 ; 76] " \
           "en 2022, non mesuré en 2026)" in paper.text["levers.access_disparities_statement"]
    for key in ("survey.data_statement", "survey.gaps_comparison_statement",
                "levers.agent_training_clause"):
        assert paper.text[key] in paper.preview, key


def test_question_absent_from_respondent_level_file(paper_project, tmp_path):
    paper = build(paper_project, tmp_path, "synthetic_respondents_2026_without_initiation.sav")
    assert paper.text["survey.focus_wave"] == "2026"
    assert paper.text["survey.initiation_statement"].startswith(
        "Sur le niveau auquel lancer les services publics numérisés, national ou local, "
        "58 % [53 ; 63] des acteurs communaux et départementaux (en 2022, non mesuré en 2026) "
        "choisissent le niveau local ; le rapport ne publie ni la liste des autres réponses")
    assert paper.text["levers.local_statement"].startswith(
        "Le lancement des services numérisés au niveau local est choisi par ")
    assert paper.text["levers.local_statement"].endswith("(en 2022, non mesuré en 2026).")
    assert paper.text["survey.initiation_statement"] in paper.preview


@pytest.mark.parametrize("name", ["synthetic_new_questions_tidy.csv",
                                  "synthetic_new_questions.xlsx",
                                  "synthetic_new_questions_labelled.sav"])
def test_new_questions_reach_the_paper_with_their_wording(paper_project, tmp_path, name):
    paper = build(paper_project, tmp_path, name)
    assert paper.text["survey.n_other_questions"] == "2"
    assert paper.text["survey.other_questions_statement"].startswith(
        "2 questions des données ne sont pas discutées dans le texte")
    assert paper.text["survey.wording_statement"].startswith("Chaque question et chaque item")
    section = (paper.root / "build/outputs/03_survey/other_questions.md").read_text("utf-8")
    for wording in NEW_WORDING:
        assert wording in section
        assert plain(wording) in paper.preview
    assert len(list((paper.root / "build/outputs/03_survey/other_questions").glob("*.png"))) == 2
    assert "Autres questions de l'enquête 2 questions des données" in paper.preview


def test_labelled_spss_with_user_missing_codes(paper_project, tmp_path):
    name = "synthetic_labelled_user_missing.sav"
    paper = build(paper_project, tmp_path, name)
    frame, _ = pyreadstat.read_sav(str(DATA / name), user_missing=True)
    public = frame[frame["population"] == "grand_public"]
    column = "favourability__teleconsultation"
    asked = public[public[column].isin([1, 2])]  # 9 « Ne sait pas » is user-missing
    expected = 100 * np.average(asked[column] == 1, weights=asked["weight"])
    assert (public[column] == 9).any()
    estimates = pd.read_csv(paper.root / "build/outputs/03_survey/tables/survey_estimates.csv",
                            dtype={"wave": str})
    row = estimates[(estimates["wave"] == "2026") & (estimates["population"] == "grand_public")
                    & (estimates["item_id"] == "teleconsultation")]
    assert row["pct"].iloc[0] == pytest.approx(expected)
    assert "des acteurs communaux et" in paper.text["survey.initiation_statement"]
    assert "non mesuré" not in paper.text["survey.initiation_statement"]


@pytest.fixture(scope="module")
def wave_2025(paper_project, tmp_path_factory) -> Paper:
    """The issue-27 file: a French export of a 2025 wave of communes and public only, with
    electronic voting dropped and a new proposal nobody worded."""
    folder = tmp_path_factory.mktemp("wave2025")
    return build(paper_project, folder, synthetic.unworded_item(folder))


def test_an_unworded_item_builds_and_is_shown_as_code_with_the_note(wave_2025):
    """A French export whose new proposal nobody worded: exit 0, ``dps run`` and ``dps check``
    warn with the fix, the paper shows the identifier as code with the note."""
    paper = wave_2025
    warnings = [line for line in paper.log.splitlines() if line.startswith("warning:")
                and "favourability/online_appointments" in line]
    assert len(warnings) == 2  # dps paper's run, then dps check
    assert all("item_wording" in w and "`dps release` refuses" in w for w in warnings)
    page = (paper.root / "build" / "preview" / "index.html").read_text(encoding="utf-8")
    assert "<code>online_appointments</code> (libellé absent du fichier)" in page
    outside_code = re.sub(r"<code>[^<]*</code>", "", page)
    assert "online_appointments" not in outside_code
    assert "en code, suivi de la mention « libellé absent du fichier »" in \
        paper.text["survey.wording_statement"]
    assert "Le fichier synthetic_unworded_item_fr.csv" not in paper.preview


def test_a_new_wave_is_quoted_one_wave_per_statement(wave_2025):
    """No range, count or comparison joins 2025 communes to 2022 départements unnamed; the
    départements' 2022 numbers come in sentences that date them; the dropped item is said."""
    text = wave_2025.text
    for key in ("survey.divided_statement", "survey.high_agreement_statement",
                "survey.support_range_statement", "survey.widest_intervals_statement",
                "survey.sensitivity_statement"):
        assert "départementaux" not in text[key] and "2022" not in text[key], key
    assert text["survey.older_proposals_statement"].startswith(
        "En 2022, dernière vague à les interroger, l'adhésion des acteurs départementaux")
    assert text["survey.gaps_comparison_statement"].startswith(
        "En 2022, dernière vague où les deux échelons ont été interrogés, face au grand public")
    assert text["survey.gaps_departements_statement"].startswith(
        "Entre acteurs départementaux et grand public en 2022, dernière vague")
    tops = text["survey.obstacle_top_statement"]
    assert tops.startswith("En 2025, les acteurs communaux citent au coude-à-coude")
    assert ". En 2022, dernière vague à les interroger, les acteurs départementaux citaient" in tops
    assert "le vote électronique" not in text["survey.data_statement"].split("2025.")[0]
    assert "Le vote électronique figurait dans la vague 2022 mais n'a pas " \
        "été reposé en 2025" in text["survey.data_statement"]
    # the tables date each population when the rows come from two waves
    table = (wave_2025.root / "build" / "outputs" / "03_survey" / "tables" /
             "proposals_by_population.csv").read_text(encoding="utf-8")
    assert "Acteurs départementaux (vague 2022) (% [IC])" in table.splitlines()[0]
    assert "Acteurs communaux (vague 2025) (% [IC])" in table.splitlines()[0]


def test_a_new_wave_is_cited_to_its_file_and_named_up_front(wave_2025):
    """Citations follow the values; the résumé names the waves; the method section says what
    the file leaves unknown; nothing says « aucune donnée nouvelle »; the conclusion says it."""
    text, preview = wave_2025.text, wave_2025.preview
    both = "[@harris2022, tableau des freins] (fichier `synthetic_unworded_item_fr.csv`, " \
           "vague 2025)"
    assert text["levers.agent_training_cite"] == both
    assert text["levers.state_coordination_cite"] == both
    assert "harris2022" not in text["survey.proposals_cite"].split("(fichier")[1]
    assert "aucune donnée nouvelle" not in preview
    assert "une enquête d'opinion de 2022, prolongée ici par la vague 2025, lue dans le " \
           "fichier synthetic_unworded_item_fr.csv (SHA-256" in preview
    assert "Pour la vague 2025, le fichier synthetic_unworded_item_fr.csv ne documente pas le " \
           "mode et les dates de collecte, l'institut, le commanditaire et la base de " \
           "sondage" in preview
    assert "ne valent que pour la vague 2022" in preview
    assert "Cette version s'appuie aussi sur la vague 2025" in preview
    shipped = pd.read_csv(DATA.parents[1] / "data" / "survey" / "survey_results.csv")
    asked = shipped.loc[shipped["question_id"] == "favourability", "item_id"].nunique()
    assert text["survey.published_proposals"] == str(asked)  # the 2022 report's, not 2025's
    # R4 compared 2025 communes with 2022 départements: now a claim the draft flags
    verdicts = json.loads((wave_2025.root / "build" / "claims.json").read_text("utf-8"))
    r4 = [c for c in verdicts if "obstacle_communes_equipment_cost >" in c]
    assert r4 and not any(verdicts[c] for c in r4)


@pytest.mark.parametrize("case", list(synthetic.SAV_LABEL_CASES))
def test_spss_labels_that_repeat_identifiers_give_way_to_the_instrument(paper_project,
                                                                        tmp_path, case):
    """Labels empty, equal to the column name, « question : item », a code such as ``Q1_1``,
    or real wording: each file builds; only real wording words the items."""
    path = synthetic.labelled_sav(tmp_path, case)
    paper = build(paper_project, tmp_path, path)
    dropped = re.search(rf"{re.escape(str(path))}: \d+ label\(s\) only repeat an identifier",
                        paper.log)
    assert bool(dropped) is (case not in ("empty", "wording"))
    assert "have no wording" not in paper.log
    page = (paper.root / "build" / "preview" / "03_survey.html").read_text(encoding="utf-8")
    tables = " ".join(re.findall(r"<table.*?</table>", page, flags=re.S))  # proposals, freins
    worded = "Libellé synthétique de l&#x27;item" in tables or \
        "Libellé synthétique de l'item" in tables
    assert worded is (case == "wording")
    if not worded:
        assert "Développer la pratique de la téléconsultation" in tables
    for repeated in ("favourability : ", "favourability__", "Q1_1", "Q1_2"):
        assert repeated not in tables and repeated not in paper.preview


def test_hostile_wording_and_file_name_read_as_text(paper_project, tmp_path, chromium):
    """Wording and a file name written to run as markup (a script, an event attribute,
    ``javascript:`` links, a Markdown link, a shortcode) build a preview in which, opened in
    Chromium, nothing from the file is active and every string reads as typed; no published
    CSV cell starts a formula."""
    name = "synthetic_hostile_<img src=x id=xss-file onerror=alert(1)>_`x`.csv"
    path = synthetic.hostile_wording(tmp_path).rename(tmp_path / name)
    paper = build(paper_project, tmp_path, path)
    preview = paper.root / "build" / "preview"
    for page in [preview / "index.html", *sorted(preview.glob("0*.html"))]:
        found = markup_from_files(chromium, page)
        assert found["title"] != "XSS" and found["dialogs"] == [], page.name
        assert found["elements"] == [] and found["links"] == [], page.name
        assert found["scripts"] == 0, page.name
    shown = plain(markup_from_files(chromium, preview / "index.html")["text"])
    for text in [*synthetic.HOSTILE_ITEMS.values(), name,
                 synthetic.HOSTILE_QUESTION]:
        assert text in shown, text
    notebook = plain(markup_from_files(chromium, preview / "03_survey.html")["text"])
    assert synthetic.HOSTILE_KNOWN[2] in notebook  # the reworded obstacle's table row
    cells = [cell for csv_path in paper.root.glob("build/outputs/*/data/*.csv")
             for row in csv.reader(csv_path.open(encoding="utf-8")) for cell in row]
    assert f"'{synthetic.HOSTILE_SECTION}" in cells
    assert not [c for c in cells if c[:1] in ("=", "@")
                or (c[:1] in ("+", "-") and len(c) > 1 and not NUMBER.match(c))]


def test_a_clear_first_obstacle_is_said_and_no_argued_tie_is_left_standing(paper_project,
                                                                          tmp_path):
    """Communes cite access disparities well above equipment cost (synthetic shares): the
    computed sentences say « d'abord », and every authored claim that spoke of a tie between
    the two is reported by `dps check` and marked in the draft, never printed as true."""
    shipped = pd.read_csv(paper_project / "data" / "survey" / "survey_results.csv",
                          keep_default_na=False)
    communes = (shipped["population"] == "communes") & (shipped["question_id"]
                                                         == "main_obstacles")
    shipped.loc[communes & (shipped["item_id"] == "access_disparities"), "pct"] = 72
    shipped.loc[communes & (shipped["item_id"] == "equipment_cost"), "pct"] = 38
    survey = tmp_path / "synthetic_access_first.csv"
    shipped.to_csv(survey, index=False)
    root = tmp_path / "project"
    shutil.copytree(paper_project, root)
    dps(root, "paper", "--survey", str(survey), "--no-quarto-install", check=False)
    values = json.loads((root / "build" / "values.json").read_text(encoding="utf-8"))
    assert values["survey.obstacle_communes_leaders"]["value"] == "access_disparities"
    assert "communaux citent d'abord l'inégalité d'accès entre citoyens (72 %" in plain(
        values["survey.obstacle_top_statement"]["text"])
    verdicts = json.loads((root / "build" / "claims.json").read_text(encoding="utf-8"))
    tie = [c for c in verdicts if "'equipment_cost' in items(survey.obstacle_communes_leaders)"
           in c]
    assert tie and not any(verdicts[c] for c in tie)
    checked = dps(root, "check", check=False)
    assert checked.returncode != 0
    report = checked.stdout + checked.stderr
    assert "claim not supported by the data" in report and "index.qmd" in report
    page = (root / "build" / "preview" / "index.html").read_text(encoding="utf-8")
    assert "[Affirmation non vérifiée]" in html.unescape(page)
