"""Error messages name the file, line, field, value and what was expected."""

from __future__ import annotations

from pathlib import Path

from digital_public_services.errors import DataError, Problem


def test_problem_names_every_part_it_was_given():
    problem = Problem(Path("data/synthetic.csv"), "bad share", line=7, field="pct",
                      value="abc", expected="a number between 0 and 100")
    text = str(problem)
    assert text.startswith("data/synthetic.csv")
    for part in ("line 7", "field 'pct'", "bad share", "'abc'", "a number between 0 and 100"):
        assert part in text
    assert text.index("line 7") < text.index("field 'pct'") < text.index("bad share")


def test_problem_leaves_out_the_parts_it_does_not_have():
    text = str(Problem("synthetic.yml", "parameters file not found"))
    assert text == "synthetic.yml: parameters file not found"
    for absent in ("line", "field", "value", "expected"):
        assert absent not in text


def test_problem_shows_a_falsy_value_but_not_a_missing_one():
    assert "(value: 0)" in str(Problem("f.csv", "m", value=0))
    assert "(value: '')" in str(Problem("f.csv", "m", value=""))
    assert "value" not in str(Problem("f.csv", "m", value=None))


def test_data_error_accepts_one_problem_or_a_list():
    single = Problem("synthetic.csv", "empty", line=1)
    assert DataError(single).problems == [single]
    assert DataError([single, single]).problems == [single, single]
    assert DataError(single).first is single
    assert str(DataError(single)) == str(single)


def test_data_error_shows_the_first_ten_and_counts_the_rest():
    problems = [Problem("synthetic.csv", f"problem {i}", line=i + 2) for i in range(13)]
    lines = str(DataError(problems)).splitlines()
    assert lines[:10] == [str(p) for p in problems[:10]]
    assert len(lines) == 11
    assert "3 more" in lines[-1]
    assert all(f"problem {i}" not in "\n".join(lines) for i in range(10, 13))


def test_data_error_with_exactly_ten_problems_has_no_remainder_line():
    problems = [Problem("synthetic.csv", f"problem {i}") for i in range(10)]
    text = str(DataError(problems))
    assert len(text.splitlines()) == 10
    assert "more" not in text
