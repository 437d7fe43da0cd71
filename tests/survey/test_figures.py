"""Survey figures and their accessible tables: order, content, one mark per estimate."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from digital_public_services.inputs.loaders import (  # noqa: E402
    load_survey_items,
    load_survey_questions,
    load_survey_results,
)
from digital_public_services.plotting import style
from digital_public_services.survey import estimates as survey
from digital_public_services.survey import figures as survey_figures

POPULATIONS = ["communes", "departements", "grand_public"]


@pytest.fixture(scope="module")
def data():
    items = load_survey_items()
    estimates = survey.add_intervals(load_survey_results(), design_effect={"grand_public": 1.5})
    proposals = survey.attach_themes(estimates[estimates["question_id"] == "favourability"],
                                     items)
    return estimates, proposals, items


pytestmark = pytest.mark.usefixtures("house_style")


def readable(ax) -> None:
    """Text large enough in the page column, wording in full, no label over another."""
    assert style.smallest_text_pt(ax.figure) >= style.MIN_TEXT_PT
    assert style.overlapping(ax.get_yticklabels()) == []
    assert ax.get_ylabel() == ""
    assert all("…" not in t.get_text() for t in ax.get_yticklabels())


def test_order_groups_themes_and_sorts_by_public_support(data):
    _, proposals, _ = data
    order = survey_figures.proposal_order(proposals)
    assert len(order) == 19 and order["rank"].tolist() == list(range(19))
    # each theme is one contiguous block
    themes = order["theme"].tolist()
    blocks = 1 + sum(a != b for a, b in zip(themes, themes[1:], strict=False))
    assert blocks == order["theme"].nunique()
    public = proposals[proposals["population"] == "grand_public"].set_index("item_id")["pct"]
    for _, rows in order.groupby("theme"):
        support = public.reindex(rows["item_id"]).to_numpy()
        assert (support[:-1] >= support[1:]).all()


def test_proposals_table_matches_the_estimates(data):
    _, proposals, items = data
    table = survey_figures.proposals_table(proposals, items, POPULATIONS)
    assert len(table) == 19 and table.shape[1] == 2 + len(POPULATIONS)
    row = table[table["Proposition"].str.startswith("Développer la pratique de la télécons")]
    assert row["Grand public (% [IC])"].iloc[0].startswith("65 [")


def test_proposals_plot_has_one_mark_and_one_interval_per_estimate(data):
    _, proposals, items = data
    ax = survey_figures.plot_proposals(proposals, items, POPULATIONS)
    points = sum(len(c.get_offsets()) for c in ax.collections if hasattr(c, "get_offsets")
                 and c.__class__.__name__ == "PathCollection")
    segments = sum(len(c.get_segments()) for c in ax.collections
                   if c.__class__.__name__ == "LineCollection")
    assert points == segments == 19 * 3
    assert len(ax.get_yticklabels()) == 19
    readable(ax)
    headings = [t.get_text() for t in ax.texts]
    assert headings == [survey_figures.THEME_LABELS[t] for t in dict.fromkeys(
        survey_figures.proposal_order(proposals)["theme"])]


def test_gaps_table_and_plot(data):
    estimates, proposals, items = data
    gaps = survey.compare_populations(proposals, [("communes", "grand_public")])
    order = survey_figures.proposal_order(proposals)
    table = survey_figures.gaps_table(gaps, order, items)
    assert len(table) == 19
    assert set(table["Significatif"]) <= {"oui", "non"}
    assert (table["Significatif"] == "oui").sum() == gaps["significant"].sum()
    ax = survey_figures.plot_gaps(gaps, order, items)
    filled = [c for c in ax.collections if c.__class__.__name__ == "PathCollection"]
    assert sum(len(c.get_offsets()) for c in filled) == 19
    readable(ax)


def test_obstacles_table_lists_each_obstacle_once(data):
    estimates, _, items = data
    obstacles = estimates[estimates["question_id"] == "main_obstacles"]
    table = survey_figures.obstacles_table(obstacles, items, ["communes", "departements"])
    assert len(table) == 5
    assert table["Frein"].iloc[0] == "Le coût des équipements numériques"  # most cited (57 %)
    readable(survey_figures.plot_obstacles(obstacles, items, ["communes", "departements"]))


def test_waves_table_on_a_synthetic_second_wave(data):
    _, _, items = data
    first = load_survey_results()
    second = first.assign(wave="2024", pct=first["pct"].clip(upper=90))
    changes = survey.compare_waves(survey.add_intervals(pd.concat([first, second])))
    table = survey_figures.waves_table(changes, items)
    assert len(table) == len(changes) == len(first)
    assert set(table["Vagues"]) == {"2022 → 2024"}
    assert (table["Significatif"] == "oui").sum() == changes["significant"].sum()
    ax = survey_figures.plot_waves(changes, items, load_survey_questions())
    # every change drawn at the interval the correction leaves it: filled exactly when held
    held = changes[changes["significant"].astype(bool)]
    assert ((held["adj_low"] > 0) | (held["adj_high"] < 0)).all()
    kept = changes[~changes["significant"].astype(bool)]
    assert ((kept["adj_low"] <= 0) & (kept["adj_high"] >= 0)).all()
    assert len(ax.get_yticklabels()) == len(changes[["question_id", "item_id"]]
                                            .drop_duplicates())
    readable(ax)  # four populations: the legend wraps instead of widening the figure


def test_coverage_table_in_french_on_a_synthetic_second_wave(data):
    _, _, items = data
    first = load_survey_results()
    second = first[first["population"] != "departements"].assign(wave="2024")
    dropped = second.iloc[0]
    second = second.iloc[1:]
    table = survey_figures.coverage_table(survey.wave_coverage(pd.concat([first, second])),
                                          items)
    assert list(table.columns) == ["Absent", "Population", "Item", "Vagues où il figure",
                                   "Vagues où il manque"]
    whole = table[table["Absent"] == "population entière"]
    assert whole["Population"].tolist() == ["Acteurs départementaux"]
    assert whole["Vagues où il manque"].tolist() == ["2024"]
    one = table[table["Absent"] == "item"]
    assert len(one) == 1 and one["Vagues où il manque"].iloc[0] == "2024"
    assert one["Item"].iloc[0] != dropped["item_id"]  # the wording, not the code


def test_design_table_reads_the_fields_from_the_data():
    from digital_public_services.inputs.loaders import load_populations, load_survey_design

    design = load_survey_design()
    table = survey_figures.design_table(design, load_populations())
    assert len(table) == len(design)
    assert table["Répondants"].tolist() == design["sample_size"].tolist()
    communes = table[table["Population"] == "Acteurs communaux"].iloc[0]
    assert communes["Champ"] == "communes de plus de 3\u202f500 habitants"
    assert communes["Terrain"] == "du 16/07/2022 au 02/08/2022"
    assert set(table["Redressement"]) == {"non indiqué", "quotas et redressement", "sans objet"}


def test_an_unworded_item_is_code_in_tables_and_named_with_the_note_in_figures(data):
    """The wording table marks an item nobody worded (``origin``); a table shows its
    identifier as code, a figure draws it, each with « libellé absent du fichier »."""
    from digital_public_services.inputs.loaders import load_survey_questions
    from digital_public_services.prose.escape import Markup
    from digital_public_services.survey import wording

    estimates, _, items = data
    obstacles = estimates[estimates["question_id"] == "main_obstacles"]
    new = obstacles[obstacles["item_id"] == "other_reason"].assign(item_id="red_tape")
    obstacles = pd.concat([obstacles, new], ignore_index=True)
    worded = wording.complete(obstacles, load_survey_questions(), items, wording.Wording.empty())
    table = survey_figures.obstacles_table(obstacles, worded.items, ["communes", "departements"])
    cells = [c for c in table["Frein"] if "red_tape" in c]
    assert cells == ["`red_tape` (libellé absent du fichier)"]
    assert isinstance(cells[0], Markup)  # kept as code by the Markdown table
    assert "Le coût des équipements numériques" in table["Frein"].tolist()
    ax = survey_figures.plot_obstacles(obstacles, worded.items, ["communes", "departements"])
    labels = [t.get_text().replace("\n", " ") for t in ax.get_yticklabels()]
    assert "red_tape (libellé absent du fichier)" in labels


def test_a_wording_with_dollars_is_drawn_as_typed(data):
    """Text is text in a figure too: two « $ » are not a formula (no mathtext)."""
    estimates, _, items = data
    obstacles = estimates[estimates["question_id"] == "main_obstacles"]
    typed = "Coût $x^2$ de 5 $ à \\foo{10} $"
    reworded = items.assign(wording=items["wording"].where(
        items["item_id"] != "equipment_cost", typed))
    ax = survey_figures.plot_obstacles(obstacles, reworded, ["communes", "departements"])
    label = next(t for t in ax.get_yticklabels() if "Coût" in t.get_text())
    assert label.get_text().replace("\n", " ") == typed
    ax.figure.canvas.draw()  # read as a formula, « \foo » would stop the drawing here
