"""Notebook parameters: the YAML file, `--set NAME=VALUE`, and which values are inputs."""

from __future__ import annotations

import pytest

from digital_public_services.build import params
from digital_public_services.errors import DataError


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def test_load_params_returns_one_dict_per_notebook(tmp_path):
    path = write(tmp_path / "synthetic_params.yml", (
        "notebooks:\n"
        "  01_synthetic:\n"
        "    data_dir: data\n"
        "    confidence: 0.9\n"
        "  02_empty:\n"
    ))
    assert params.load_params(path) == {
        "01_synthetic": {"data_dir": "data", "confidence": 0.9},
        "02_empty": {},
    }


def test_bad_yaml_names_the_file_and_the_line(tmp_path):
    path = write(tmp_path / "synthetic_params.yml", (
        "notebooks:\n"
        "  01_synthetic:\n"
        "    survey: [unclosed\n"
        "    level: 1\n"
        "  bad: : :\n"
    ))
    with pytest.raises(DataError) as caught:
        params.load_params(path)
    problem = caught.value.first
    assert problem.path == path
    assert problem.line is not None and 3 <= problem.line <= 5
    assert "YAML" in problem.message
    assert str(path) in str(caught.value) and f"line {problem.line}" in str(caught.value)


def test_yaml_error_line_points_at_the_faulty_line(tmp_path):
    path = write(tmp_path / "synthetic_params.yml",
                 "notebooks:\n  a:\n    x: 1\n\t  y: 2\n")
    with pytest.raises(DataError) as caught:
        params.load_params(path)
    assert caught.value.first.line == 4


@pytest.mark.parametrize("text", ["", "title: synthetic\n", "notebooks:\n", "notebooks: []\n",
                                  "notebooks: 3\n", "- a\n- b\n", "just a string\n"])
def test_missing_notebooks_mapping_is_refused_with_the_expected_shape(tmp_path, text):
    path = write(tmp_path / "synthetic_params.yml", text)
    with pytest.raises(DataError) as caught:
        params.load_params(path)
    problem = caught.value.first
    assert problem.path == path
    assert problem.field == "notebooks"
    assert "notebooks:" in problem.expected


def test_missing_parameters_file_is_a_data_error(tmp_path):
    path = tmp_path / "absent_synthetic.yml"
    with pytest.raises(DataError, match="not found") as caught:
        params.load_params(path)
    assert caught.value.first.path == path


@pytest.mark.parametrize(("text", "expected"), [
    ("confidence=0.9", ("confidence", 0.9)),
    ("n=12", ("n", 12)),
    ("excerpts=null", ("excerpts", None)),
    ("excerpts=", ("excerpts", None)),
    ("flag=true", ("flag", True)),
    ("survey=data/synthetic survey.csv", ("survey", "data/synthetic survey.csv")),
    ("label=a=b", ("label", "a=b")),
    ("waves=[1, 2]", ("waves", [1, 2])),
    (" name = 5", ("name", 5)),
])
def test_parse_assignment_reads_the_value_as_yaml(text, expected):
    assert params.parse_assignment(text) == expected


@pytest.mark.parametrize("text", ["noequals", "=5", "1abc=2", "a-b=3", "a b=1"])
def test_parse_assignment_refuses_a_bad_name_or_missing_equals(text):
    with pytest.raises(DataError) as caught:
        params.parse_assignment(text)
    assert caught.value.first.value == text
    assert "NAME=VALUE" in caught.value.first.expected


def test_parse_assignment_refuses_a_value_that_is_not_yaml():
    with pytest.raises(DataError, match="not valid YAML") as caught:
        params.parse_assignment("waves=[1, 2")
    assert caught.value.first.value == "[1, 2"


def test_parse_assignment_never_evaluates_code():
    name, value = params.parse_assignment("x=__import__('os').getcwd()")
    assert (name, value) == ("x", "__import__('os').getcwd()")


PARAMS = {"01_a": {"data_dir": "data", "level": 1}, "02_b": {"level": 2, "survey": "s.csv"}}


def test_overrides_set_the_name_in_every_notebook_that_declares_it():
    out = params.apply_overrides(PARAMS, {"level": 5})
    assert out == {"01_a": {"data_dir": "data", "level": 5},
                   "02_b": {"level": 5, "survey": "s.csv"}}
    assert PARAMS["01_a"]["level"] == 1  # the input is not modified


def test_overrides_do_not_add_a_name_to_a_notebook_that_lacks_it():
    out = params.apply_overrides(PARAMS, {"survey": "other.csv"})
    assert "survey" not in out["01_a"]
    assert out["02_b"]["survey"] == "other.csv"


def test_unknown_override_is_refused_listing_the_known_names():
    with pytest.raises(DataError, match="unknown parameter") as caught:
        params.apply_overrides(PARAMS, {"levle": 3, "level": 4})
    problem = caught.value.first
    assert "levle" in problem.message and "level" not in problem.message.replace("levle", "")
    for name in ("data_dir", "level", "survey"):
        assert name in problem.expected


def test_input_paths_keep_files_and_plain_folders(tmp_path):
    (tmp_path / "synthetic.csv").write_text("a\n1\n", encoding="utf-8")
    (tmp_path / "corpus").mkdir()
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "datapackage.json").write_text("{}", encoding="utf-8")
    (tmp_path / "out").mkdir()
    found = params.input_paths({
        "survey": "synthetic.csv",
        "corpus_dir": "corpus",
        "data_dir": "data",
        "output_dir": "out",
        "absent": "nowhere.csv",
        "excerpts": None,
        "empty": "",
        "level": 0.9,
    }, tmp_path)
    assert found == [(tmp_path / "synthetic.csv").resolve(), (tmp_path / "corpus").resolve()]


def test_output_dir_is_never_an_input_even_when_it_is_a_file(tmp_path):
    (tmp_path / "synthetic.csv").write_text("a\n", encoding="utf-8")
    assert params.input_paths({"output_dir": "synthetic.csv"}, tmp_path) == []


def test_a_notebook_entry_that_is_not_a_mapping_is_refused(tmp_path):
    path = write(tmp_path / "synthetic_params.yml",
                 "notebooks:\n  01_ok:\n    level: 1\n  02_list:\n    - level\n")
    with pytest.raises(DataError) as caught:
        params.load_params(path)
    problem = caught.value.first
    assert problem.field == "notebooks.02_list"
    assert problem.value == ["level"]
