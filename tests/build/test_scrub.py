"""Scrubbing executed notebooks: no times or random ids left, parameters kept."""

from __future__ import annotations

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from digital_public_services.build.scrub import scrub, scrub_notebook, strip_outputs

PM_META = {
    "parameters": {"confidence": 0.9},
    "default_parameters": {"confidence": 0.95},
    "start_time": "2024-01-01T10:00:00",
    "end_time": "2024-01-01T10:00:05",
    "duration": 5.0,
    "environment_variables": {},
    "input_path": "notebooks/synthetic.ipynb",
    "output_path": "/tmp/synthetic.out.ipynb",
    "version": "2.6.0",
    "exception": None,
}
CELL_TIMES = {
    "execution": {"iopub.execute_input": "2024-01-01T10:00:01"},
    "papermill": {"duration": 0.1, "status": "completed", "start_time": "x", "end_time": "y"},
    "ExecuteTime": {"start_time": "x"},
}


def executed_synthetic_notebook():
    nb = new_notebook()
    nb.metadata["papermill"] = dict(PM_META)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    defaults = new_code_cell("confidence = 0.95", metadata={"tags": ["parameters"],
                                                            **CELL_TIMES})
    injected = new_code_cell("confidence = 0.9",
                             metadata={"tags": ["injected-parameters"], **CELL_TIMES})
    injected.id = "a1b2c3d4"
    work = new_code_cell("print(confidence)", metadata={"tags": ["keep"], **CELL_TIMES},
                         execution_count=3,
                         outputs=[new_output("stream", name="stdout", text="0.9\n")])
    note = new_markdown_cell("Synthetic note", metadata={"ExecuteTime": {"x": 1}})
    for cell, cell_id in ((defaults, "parameters-cell"), (work, "work-cell"),
                          (note, "note-cell")):
        cell.id = cell_id
    nb.cells = [defaults, injected, work, note]
    return nb


def test_papermill_metadata_keeps_only_the_parameters():
    nb = scrub(executed_synthetic_notebook())
    assert nb.metadata["papermill"] == {"parameters": {"confidence": 0.9},
                                        "default_parameters": {"confidence": 0.95}}
    assert nb.metadata["kernelspec"]["name"] == "python3"


def test_cell_timings_are_removed_and_tags_kept():
    nb = scrub(executed_synthetic_notebook())
    for cell in nb.cells:
        for key in CELL_TIMES:
            assert key not in cell.metadata, (cell.id, key)
    assert [c.metadata.get("tags") for c in nb.cells] == [
        ["parameters"], ["injected-parameters"], ["keep"], None]


def test_injected_parameters_cell_gets_a_fixed_id_and_others_keep_theirs():
    first, second = executed_synthetic_notebook(), executed_synthetic_notebook()
    second.cells[1].id = "e5f6a7b8"  # papermill draws a new id on every run
    a, b = scrub(first), scrub(second)
    assert a.cells[1].id == b.cells[1].id == "injected-parameters"
    assert [c.id for c in a.cells] == [
        "parameters-cell", "injected-parameters", "work-cell", "note-cell"]


def test_outputs_are_kept_by_scrub():
    nb = scrub(executed_synthetic_notebook())
    assert nb.cells[2].outputs[0]["text"] == "0.9\n"
    assert nb.cells[2].execution_count == 3


def test_notebook_without_papermill_metadata_is_left_without_it():
    nb = executed_synthetic_notebook()
    del nb.metadata["papermill"]
    assert "papermill" not in scrub(nb).metadata


def test_two_runs_differing_only_in_times_give_identical_files(tmp_path):
    first, second = executed_synthetic_notebook(), executed_synthetic_notebook()
    second.metadata["papermill"]["start_time"] = "2030-06-01T00:00:00"
    second.metadata["papermill"]["duration"] = 42.0
    second.cells[1].id = "ffffffff"
    second.cells[2].metadata["execution"] = {"iopub.execute_input": "2030-06-01T00:00:01"}
    paths = [tmp_path / "synthetic_1.ipynb", tmp_path / "synthetic_2.ipynb"]
    for nb, path in zip((first, second), paths, strict=True):
        nbformat.write(nb, path)
        scrub_notebook(path)
    assert paths[0].read_bytes() == paths[1].read_bytes()
    assert nbformat.read(paths[0], as_version=4).cells[1].id == "injected-parameters"


def test_strip_outputs_clears_outputs_and_counts_and_scrubs():
    nb = strip_outputs(executed_synthetic_notebook())
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.outputs == [] and c.execution_count is None for c in code)
    assert "ExecuteTime" not in nb.cells[3].metadata
    assert set(nb.metadata["papermill"]) == {"parameters", "default_parameters"}
    assert nb.cells[2].source == "print(confidence)"
