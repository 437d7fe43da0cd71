"""Quoted numbers: key rules, one definition per key, plain JSON numbers, Quarto nesting."""

from __future__ import annotations

import json

import numpy as np
import pytest

from digital_public_services.notebook import values


def test_namespace_must_be_lower_snake_case():
    for bad in ("Survey", "1survey", "survey-data", "survey.sub", ""):
        with pytest.raises(ValueError, match="namespace"):
            values.ValueBook(bad)
    assert values.ValueBook("synthetic_ns").namespace == "synthetic_ns"


@pytest.mark.parametrize("name", ["Share", "share-public", "share public", "", "é"])
def test_value_name_must_be_lower_snake_case(name):
    with pytest.raises(ValueError, match="lower_snake_case"):
        values.ValueBook("synthetic").add(name, 1, "1")


def test_a_name_may_have_dotted_parts():
    book = values.ValueBook("synthetic")
    book.add("communes.share", 1, "1")
    assert len(book) == 1


def test_the_same_key_is_refused_the_second_time():
    book = values.ValueBook("synthetic")
    assert book.add("share", 58, "58 %") == "58 %"
    with pytest.raises(ValueError, match="twice"):
        book.add("share", 60, "60 %")
    assert len(book) == 1


def test_numpy_scalars_are_stored_as_plain_numbers(tmp_path):
    book = values.ValueBook("synthetic")
    book.add("count", np.int64(325), "325")
    book.add("share", np.float64(57.5), "57,5 %", low=np.float64(52), high=np.int32(63))
    saved = json.loads(book.save(tmp_path / "out").read_text(encoding="utf-8"))
    count, share = saved["synthetic.count"], saved["synthetic.share"]
    assert type(count["value"]) is int and count["value"] == 325
    assert type(share["value"]) is float and share["value"] == 57.5
    assert (type(share["low"]), type(share["high"])) == (float, float)
    assert (share["low"], share["high"]) == (52.0, 63.0)
    assert count["low"] is None and count["high"] is None


def test_save_writes_every_field_under_the_full_key(tmp_path):
    book = values.ValueBook("synthetic")
    book.add("b", "élus", "élus", unit="", description="synthetic label")
    book.add("a", 3, "3", unit="répondants")
    path = book.save(tmp_path / "new" / "folder")
    assert path == tmp_path / "new" / "folder" / "values.json"
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert list(saved) == ["synthetic.a", "synthetic.b"]
    assert saved["synthetic.b"]["key"] == "synthetic.b"
    assert saved["synthetic.b"]["description"] == "synthetic label"
    assert saved["synthetic.a"]["unit"] == "répondants"
    assert "élus" in path.read_text(encoding="utf-8")  # not escaped


def _book_file(folder, namespace, **entries):
    book = values.ValueBook(namespace)
    for name, (value, text) in entries.items():
        book.add(name, value, text)
    return book.save(folder)


def test_merge_combines_notebooks_sorted_by_key(tmp_path):
    first = _book_file(tmp_path / "one", "zeta", x=(1, "1"))
    second = _book_file(tmp_path / "two", "alpha", y=(2, "2"), b=(3, "3"))
    merged = values.merge([first, second])
    assert list(merged) == ["alpha.b", "alpha.y", "zeta.x"]
    assert merged["zeta.x"]["text"] == "1"


def test_merge_refuses_a_key_defined_twice_and_names_the_file(tmp_path):
    first = _book_file(tmp_path / "one", "synthetic", share=(1, "1"))
    second = _book_file(tmp_path / "two", "synthetic", share=(1, "1"))
    with pytest.raises(ValueError, match="synthetic.share") as caught:
        values.merge([first, second])
    assert str(second) in str(caught.value)


def test_quarto_metadata_nests_every_dotted_part_under_v():
    merged = {
        "survey.share": {"text": "58 %"},
        "survey.communes.n": {"text": "325"},
        "survey.communes.share": {"text": "12 %"},
        "interviews.count": {"text": "24"},
    }
    assert values.as_quarto_metadata(merged) == {"v": {
        "survey": {"share": "58 %", "communes": {"n": "325", "share": "12 %"}},
        "interviews": {"count": "24"},
    }}


def test_quarto_metadata_of_nothing_is_an_empty_v():
    assert values.as_quarto_metadata({}) == {"v": {}}
