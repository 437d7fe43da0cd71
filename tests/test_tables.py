"""Tables as the notebooks show and save them."""

from __future__ import annotations

import numpy as np
import pandas as pd
from IPython.display import Markdown

from digital_public_services import tables
from digital_public_services.frformat import NNBSP, fr_number


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
