"""Progress of notebook runs off a terminal: one plain line per state change."""

from __future__ import annotations

from io import StringIO

from rich.console import Console

from digital_public_services.build.progress import Progress


def plain_console():
    return Console(file=StringIO(), force_terminal=False, width=100)


def lines(console):
    return [line for line in console.file.getvalue().splitlines() if line.strip()]


def test_off_a_terminal_each_state_change_prints_one_plain_line():
    console = plain_console()
    with Progress(["01_synthetic", "02_synthetic"], console) as progress:
        assert progress.live is None
        progress("01_synthetic", "queued", 0.0)
        progress("01_synthetic", "running", 0.0)
        progress("02_synthetic", "cached", 0.0)
        progress("01_synthetic", "executed", 12.34)
    out = lines(console)
    assert len(out) == 3
    assert out[0].split() == ["01_synthetic", "running"]
    assert out[1].split() == ["02_synthetic", "cached"]
    assert out[2].split() == ["01_synthetic", "executed", "in", "12.3", "s"]


def test_a_failure_is_printed_with_its_time():
    console = plain_console()
    with Progress(["03_synthetic"], console) as progress:
        progress("03_synthetic", "failed", 4.0)
    assert lines(console) == ["  03_synthetic       failed in 4.0 s"]


def test_plain_output_has_no_escape_codes_or_markup():
    console = plain_console()
    with Progress(["01_synthetic"], console) as progress:
        progress("01_synthetic", "running", 0.0)
        progress("01_synthetic", "failed", 1.0)
    text = console.file.getvalue()
    assert "\x1b[" not in text
    assert "[" not in text


def test_states_are_remembered_for_the_table():
    console = plain_console()
    with Progress(["01_synthetic", "02_synthetic"], console) as progress:
        progress("01_synthetic", "executed", 2.5)
        assert progress.states == {"01_synthetic": ("executed", 2.5),
                                   "02_synthetic": ("queued", 0.0)}
        table = progress._table()
    assert table.row_count == 2


def test_on_a_terminal_a_live_table_replaces_the_plain_lines():
    console = Console(file=StringIO(), force_terminal=True, width=100)
    with Progress(["01_synthetic"], console) as progress:
        assert progress.live is not None
        progress("01_synthetic", "executed", 2.5)
    text = console.file.getvalue()
    assert "Notebooks" in text and "01_synthetic" in text and "2.5 s" in text
    assert "executed in" not in text
