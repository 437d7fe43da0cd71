"""Which files a notebook read: recorded only under the runner, listed once each in order."""

from __future__ import annotations

from digital_public_services.inputs import tracking


def test_record_read_does_nothing_without_the_environment_variable(tmp_path, monkeypatch):
    monkeypatch.delenv(tracking.ENV, raising=False)
    monkeypatch.chdir(tmp_path)
    tracking.record_read(tmp_path / "synthetic.csv")
    assert list(tmp_path.iterdir()) == []


def test_record_read_appends_absolute_paths_to_the_log(tmp_path, monkeypatch):
    log = tmp_path / "reads.log"
    monkeypatch.setenv(tracking.ENV, str(log))
    monkeypatch.chdir(tmp_path)
    tracking.record_read("synthetic_a.csv")
    tracking.record_read(tmp_path / "synthetic_b.csv")
    assert tracking.reads(log) == [(tmp_path / "synthetic_a.csv").resolve(),
                                   (tmp_path / "synthetic_b.csv").resolve()]


def test_reads_lists_each_file_once_in_first_read_order(tmp_path, monkeypatch):
    log = tmp_path / "reads.log"
    monkeypatch.setenv(tracking.ENV, str(log))
    for name in ("b", "a", "b", "c", "a"):
        tracking.record_read(tmp_path / f"synthetic_{name}.csv")
    assert [p.name for p in tracking.reads(log)] == [
        "synthetic_b.csv", "synthetic_a.csv", "synthetic_c.csv"]


def test_reads_of_a_missing_log_is_empty(tmp_path):
    assert tracking.reads(tmp_path / "never-written.log") == []
