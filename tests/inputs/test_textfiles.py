"""UTF-8 reading of outside text: BOM accepted, anything else refused with line and byte."""

from __future__ import annotations

import pytest

from digital_public_services.errors import DataError
from digital_public_services.inputs.textfiles import decode_utf8, read_utf8


def test_bom_is_dropped(tmp_path):
    path = tmp_path / "synthetic.txt"
    path.write_bytes("\ufeffété".encode())
    assert read_utf8(path) == "été"


def test_latin1_is_refused_with_line_byte_and_hint():
    with pytest.raises(DataError) as err:
        decode_utf8("ligne un\nligne deux\nété".encode("latin-1"), "x.csv", "re-export it")
    problem = err.value.first
    assert (problem.path, problem.line, problem.value) == ("x.csv", 3, "byte 0xe9")
    assert "re-export it" in str(problem)
