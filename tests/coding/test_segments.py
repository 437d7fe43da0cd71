"""The tidy segment table: built from the package, written atomically, read back checked."""

from __future__ import annotations

import pandas as pd
import pytest

from digital_public_services.coding import segments
from digital_public_services.errors import DataError
from digital_public_services.inputs.loaders import load_excerpt_codes, load_excerpts


def test_shipped_table_has_one_row_per_excerpt_code():
    table = segments.shipped()
    codes = load_excerpt_codes()
    assert list(table.columns) == segments.COLUMNS
    assert len(table) == len(codes)
    excerpts = load_excerpts().set_index("excerpt_id")
    row = table.iloc[0]
    assert row["text"] == excerpts.loc[row["excerpt_id"], "paraphrase_fr"]
    assert (table["code"] == table["qda_code"]).all()


def test_write_then_read_round_trip(tmp_path):
    table = segments.shipped()
    path = segments.write(table, tmp_path / "sub" / "synthetic_segments.csv")
    back = segments.read(path)
    pd.testing.assert_frame_equal(back.reset_index(drop=True), table.reset_index(drop=True))


def test_failed_write_keeps_the_old_file_and_leaves_no_temp(tmp_path):
    path = tmp_path / "synthetic_segments.csv"
    path.write_text("old\n", encoding="utf-8")
    with pytest.raises(KeyError):
        segments.write(pd.DataFrame({"excerpt_id": ["e1"]}), path)
    assert path.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["synthetic_segments.csv"]


def test_read_refuses_a_table_without_the_schema_columns(tmp_path):
    path = tmp_path / "synthetic_bad.csv"
    path.write_text("excerpt_id,code\ne1,limits\n", encoding="utf-8")
    with pytest.raises(DataError) as err:
        segments.read(path)
    assert err.value.first.line == 1


def test_an_import_replaces_only_the_studies_it_covers():
    shipped = segments.shipped()
    imported = shipped[shipped["source_id"] == "pp7"].head(2).assign(excerpt_id=["q1", "q2"])
    merged = segments.with_import(shipped, imported)
    assert set(merged.loc[merged["source_id"] == "pp7", "excerpt_id"]) == {"q1", "q2"}
    survey = shipped[shipped["source_id"] == "harris2022"]
    assert (merged["source_id"] == "harris2022").sum() == len(survey)
    assert list(merged.columns) == segments.COLUMNS
