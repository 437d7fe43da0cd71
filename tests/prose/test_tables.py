"""Tables as the notebooks show and save them."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from IPython.display import Markdown

from digital_public_services.prose import tables
from digital_public_services.prose.typography import NNBSP, fr_interval, fr_number


def synthetic_frame():
    return pd.DataFrame({
        "population": ["communes", "départements"],
        "n": [1250, 80],
        "pct": [57.25, np.nan],
        "flag": [True, False],
        "code": pd.array(["1000", "2000"], dtype="string"),
    })


def test_french_formats_numeric_columns_only():
    out = tables.french(synthetic_frame())
    assert out["n"].tolist() == [f"1{NNBSP}250", "80"]
    assert out["population"].tolist() == ["communes", "départements"]
    assert out["flag"].tolist() == [True, False]
    assert out["code"].tolist() == ["1000", "2000"]  # digits in a text column stay as they are


def test_french_applies_per_column_decimals_and_leaves_missing_cells_empty():
    out = tables.french(synthetic_frame(), {"pct": 1})
    assert out["pct"].tolist() == [fr_number(57.25, 1), ""]
    assert out["n"].tolist()[0] == fr_number(1250)  # columns not named: no decimals


def test_french_with_one_precision_for_all_columns():
    out = tables.french(synthetic_frame(), 2)
    assert out["n"].tolist()[1] == "80,00"
    assert out["pct"].tolist()[0] == "57,25"


def test_french_does_not_modify_the_input():
    frame = synthetic_frame()
    tables.french(frame)
    assert frame["n"].tolist() == [1250, 80]


def test_show_returns_a_markdown_table_with_french_numbers():
    shown = tables.show(synthetic_frame(), {"pct": 1})
    assert isinstance(shown, Markdown)
    lines = shown.data.splitlines()
    assert lines[0].startswith("|") and "population" in lines[0] and "pct" in lines[0]
    assert set(lines[1].replace("|", "").replace(":", "").strip()) <= {"-", " "}
    assert len(lines) == 2 + 2
    assert f"1{NNBSP}250" in shown.data and fr_number(57.25, 1) in shown.data
    assert "57.25" not in shown.data


def test_write_csv_writes_a_plain_file_under_tables(tmp_path):
    frame = synthetic_frame()
    path = tables.write_csv(frame, tmp_path / "out", "synthetic_counts")
    assert path == tmp_path / "out" / "tables" / "synthetic_counts.csv"
    text = path.read_text(encoding="utf-8")
    assert "\r" not in text
    assert text.splitlines()[0] == "population,n,pct,flag,code"
    back = pd.read_csv(path)
    assert back["n"].tolist() == [1250, 80]
    assert back["pct"].iloc[0] == 57.25 and np.isnan(back["pct"].iloc[1])


def _separator(markdown: str) -> list[str]:
    return [cell.strip() for cell in markdown.splitlines()[1].strip("|").split("|")]


def test_numbers_are_right_aligned_text_is_not():
    frame = pd.DataFrame({"Thème": ["santé", "éducation"], "n": [1250, 3],
                          "Part": ["57\u00a0% [52\u00a0;\u00a062]", "—"]})
    separator = _separator(tables.show(frame).data)
    assert not separator[0].endswith(":")
    assert separator[1].endswith(":") and separator[2].endswith(":")


def test_number_like_cells():
    assert tables.is_number_column([f"1{NNBSP}250", "−3,5", "12\u00a0%", "+24\u00a0points", ""])
    assert tables.is_number_column(["[52\u00a0;\u00a064]\u00a0%", "98 [96\u00a0;\u00a099]"])
    assert not tables.is_number_column(["2018-2022", "12"])  # a period is text
    assert not tables.is_number_column(["3 fois plus", "12"])
    assert not tables.is_number_column(["", "—"])  # nothing to align


def test_a_narrow_table_keeps_automatic_widths():
    frame = pd.DataFrame({"Effet de plan": ["1,0", "1,5"], "Écarts": [13, 12]})
    markdown = tables.show(frame).data
    assert all(len(line) <= tables.PANDOC_COLUMNS for line in markdown.splitlines())
    assert all(len(cell) == 3 for cell in _separator(markdown))


def test_a_wide_table_gets_shares_no_column_narrower_than_its_longest_word():
    long_text = " ".join(["administration"] * 30)
    frame = pd.DataFrame({"Période": ["2018-2022"], "Entrée": [long_text],
                          "Source": ["Chaire EPPP (2022)"]})
    markdown = tables.show(frame).data
    dashes = [len(cell.strip(":")) for cell in _separator(markdown)]
    assert len(markdown.splitlines()[1]) > tables.PANDOC_COLUMNS  # Pandoc reads the shares
    shares = [d / sum(dashes) for d in dashes]
    for share, word in zip(shares, ["2018-2022", "administration", "(2022)"], strict=True):
        assert share * tables.LINE_CHARS >= len(word)
    assert shares[1] == max(shares)


def test_column_widths_share_the_line_in_proportion_to_what_each_lacks():
    widths = tables.column_widths(["a", "b"], [["x " * 60, "y " * 20]], line=100)
    assert sum(widths) == pytest.approx(1)
    assert widths[0] > widths[1]
    # body words that do not fit: shares of their minima
    assert tables.column_widths(["a", "b"], [["x" * 60, "y" * 90]], line=100) == \
        pytest.approx([62 / 154, 92 / 154])


def test_pipes_and_line_breaks_in_cells_do_not_break_the_table():
    frame = pd.DataFrame({"Texte": ["a | b\nc"], "n": [1]})
    lines = tables.show(frame).data.splitlines()
    assert len(lines) == 3
    assert "a \\| b c" in lines[2]


def test_text_cells_are_escaped_numbers_and_package_markup_are_not():
    from digital_public_services.prose.escape import Markup

    frame = pd.DataFrame({"Item": ["<script>x</script> [l](javascript:x)",
                                   Markup("`online_appointments` (libellé absent du fichier)")],
                          "Part (% [IC])": [f"57 {fr_interval(52, 62)}", "—"]})
    lines = tables.show(frame).data.splitlines()
    assert lines[0] == "| Item | Part (% \\[IC\\]) |"
    assert lines[2] == (f"| \\<script\\>x\\</script\\> \\[l\\](javascript:x) | "
                        f"57 {fr_interval(52, 62)} |")  # a number as it is
    assert lines[3] == "| `online_appointments` (libellé absent du fichier) | — |"


def test_header_words_give_way_when_the_minima_do_not_fit():
    header = ["Organisationnelles", "Interministérielles", "Administrations"] * 2
    rows = [["oui", "deux mots " * 10, "non"] * 2]
    widths = tables.column_widths(header, rows, line=100)
    # the header words alone would fill the line; the long text column gets the room
    assert widths[1] == max(widths) and widths[1] > 2 * widths[0]


def test_a_long_header_wraps_rather_than_take_the_room_of_the_text():
    header = ["Partie", "Occurrences dans la partie", "Occurrences dans le corpus"]
    rows = [["Changements de pratiques", "2", "3"]]
    widths = tables.column_widths(header, rows, line=60)
    assert widths[0] * 60 >= len("Changements de pratiques")  # the text stays on one line
