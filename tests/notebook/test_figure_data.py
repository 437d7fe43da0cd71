"""The data behind each figure and table: declared sources, French columns, CSV bytes."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pandas as pd
import pytest
import yaml

from digital_public_services.notebook import figure_data
from digital_public_services.notebook.figure_data import DataExportError, Source, Table

ROOT = Path(__file__).resolve().parents[2]
EMBED = re.compile(r"\{\{< embed \.\./build/notebooks/(\d\d_\w+)\.ipynb#([\w-]+) >\}\}")
LINK = re.compile(r"\[Données \(CSV\)\]\(\.\./build/outputs/(\d\d_\w+)/data/([\w-]+)\.csv\)")


def article_sections() -> list[Path]:
    return sorted((ROOT / "report").rglob("*.qmd"))


def synthetic_estimates_frame() -> pd.DataFrame:
    """Two made-up survey rows, as a notebook computes them."""
    return pd.DataFrame({"wave": [2022, 2022], "question_id": ["q1", "q2"],
                         "pct": [57.0, 16.5], "extra": ["x", "y"]})


def synthetic_estimates() -> Table:
    """The same rows as ``tables.write_csv`` writes them, read back as text."""
    return Table(("wave", "question_id", "pct", "extra"),
                 (("2022", "q1", "57", "x"), ("2022", "q2", "16.5", "y")))


def test_every_embedded_figure_and_table_declares_its_data_and_links_to_it():
    for path in article_sections():
        text = path.read_text(encoding="utf-8")
        embeds = EMBED.findall(text)
        links = LINK.findall(text)
        assert embeds == links, f"{path.name}: each embed must be followed by its CSV link"
        for _, label in embeds:
            assert label in figure_data.DATA, f"{path.name}: no data declared for {label}"


def test_french_table_keeps_filters_and_renames_the_declared_columns():
    source = Source("t", {"wave": "Vague", "pct": "Part (%)"},
                    where=(("question_id", "q2"),))
    shown = figure_data.french_table(synthetic_estimates(), source, "fig-x")
    assert shown.columns == ("Vague", "Part (%)")
    assert shown.records() == [{"Vague": "2022", "Part (%)": "16.5"}]


def test_rest_names_the_other_columns():
    source = Source("t", {"wave": "Vague"}, rest="{} (1 = oui)")
    shown = figure_data.french_table(synthetic_estimates(), source, "fig-x")
    assert shown.columns == ("Vague", "question_id (1 = oui)", "pct (1 = oui)",
                             "extra (1 = oui)")


def test_a_declared_column_that_is_missing_names_the_label_and_the_column():
    source = Source("survey_estimates", {"ci_low": "Borne basse (%)"})
    with pytest.raises(DataExportError, match=r"fig-x: column\(s\) ci_low missing from "
                                              r"survey_estimates"):
        figure_data.french_table(synthetic_estimates(), source, "fig-x")


def test_csv_is_utf8_with_a_header_and_unix_line_ends(tmp_path):
    table = Table(("Thème", "Part (%)"), (("Santé, social", "57,5"), ("Ligne\nbrisée", "")))
    path = figure_data.write_csv(table, tmp_path / "data" / "fig-x.csv")
    assert path.read_bytes() == (
        'Thème,Part (%)\n"Santé, social","57,5"\n"Ligne\nbrisée",\n'.encode())
    assert not list((tmp_path / "data").glob("*.tmp"))


def test_the_files_are_those_pandas_would_write(tmp_path):
    """The CSV module reads and writes the notebooks' tables byte for byte as pandas did
    (what the figures' data files were before the runner's workers stopped importing it)."""
    frame = pd.DataFrame({"Thème": ["Santé, social", "Ligne\nbrisée", "NA", ""],
                          "Part (%)": ["57.5", "16", "", "3"]})
    written = tmp_path / "tables" / "t.csv"
    written.parent.mkdir()
    frame.to_csv(written, index=False, lineterminator="\n")
    table = figure_data.read_table(written)
    as_pandas = pd.read_csv(written, dtype=str, keep_default_na=False)
    assert table.records() == as_pandas.to_dict("records")
    buffer = io.StringIO()
    as_pandas.to_csv(buffer, index=False, lineterminator="\n", float_format="%.6g")
    assert figure_data.to_csv_bytes(table) == buffer.getvalue().encode("utf-8")


def test_a_displayed_markdown_table_is_read_back_cell_for_cell():
    shown = "| Population | Répondants |\n|:--|--:|\n| Communes | 325 |\n| Public | 2 185 |\n"
    table = figure_data.markdown_table(shown)
    assert table.records() == [{"Population": "Communes", "Répondants": "325"},
                                        {"Population": "Public", "Répondants": "2 185"}]
    with pytest.raises(DataExportError, match="no Markdown table"):
        figure_data.markdown_table("Une seule vague.")


def test_a_displayed_cell_is_read_back_as_the_text_it_shows():
    """``prose.tables`` escaped the wording for Markdown; the CSV gets the characters."""
    from digital_public_services.prose import tables

    shown = tables.show(pd.DataFrame({"Item": ["a | <b> [l](javascript:x)"], "n": [1]})).data
    assert figure_data.markdown_table(shown).records() == [
        {"Item": "a | <b> [l](javascript:x)", "n": "1"}]


def test_no_csv_cell_starts_a_formula():
    table = Table(("Section", "Part"), (("=HYPERLINK(\"https://x\",\"p. 3\")", "-3"),
                                        ("@SUM(1+1)", "+2.5"), ("+cmd", "57")))
    rows = list(csv.reader(io.StringIO(figure_data.to_csv_bytes(table).decode("utf-8"))))
    assert rows[1:] == [["'=HYPERLINK(\"https://x\",\"p. 3\")", "-3"],
                        ["'@SUM(1+1)", "+2.5"], ["'+cmd", "57"]]


def test_export_writes_one_file_per_declared_label_from_the_notebook_tables(tmp_path,
                                                                            monkeypatch):
    monkeypatch.setattr(figure_data, "DATA", {
        "fig-a": Source("estimates", {"wave": "Vague", "pct": "Part (%)"}),
        "tbl-b": Source(figure_data.SHOWN, rest="{}"),
    })
    (tmp_path / "tables").mkdir()
    synthetic_estimates_frame().to_csv(tmp_path / "tables" / "estimates.csv", index=False,
                                       lineterminator="\n", float_format="%.6g")
    cells = {"fig-a": {"outputs": []},
             "tbl-b": {"outputs": [{"data": {"text/markdown": "| A |\n|--|\n| 1 |\n"}}]},
             "fig-undeclared": {"outputs": []}}
    written = figure_data.export(cells, tmp_path)
    assert [p.name for p in written] == ["fig-a.csv", "tbl-b.csv"]
    assert (tmp_path / "data" / "fig-a.csv").read_text(encoding="utf-8") == (
        "Vague,Part (%)\n2022,57\n2022,16.5\n")
    assert (tmp_path / "data" / "tbl-b.csv").read_text(encoding="utf-8") == "A\n1\n"


def test_export_names_a_table_the_notebook_did_not_write(tmp_path, monkeypatch):
    monkeypatch.setattr(figure_data, "DATA", {"fig-a": Source("absent", {})})
    with pytest.raises(DataExportError, match=r"fig-a: .*absent.csv was not written"):
        figure_data.export({"fig-a": {"outputs": []}}, tmp_path)


def test_quarto_ships_the_data_folder_of_every_notebook_that_has_linked_data():
    config = yaml.safe_load((ROOT / "_quarto.yml").read_text(encoding="utf-8"))
    shipped = set(config["project"]["resources"])
    linked = {notebook for path in article_sections()
              for notebook, _ in LINK.findall(path.read_text(encoding="utf-8"))}
    assert {f"build/outputs/{notebook}/data" for notebook in linked} <= shipped
    assert "build/data-package.zip" in shipped
