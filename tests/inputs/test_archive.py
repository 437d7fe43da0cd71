"""The data package as one reproducible ZIP."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

from digital_public_services.inputs import archive as data_archive

ROOT = Path(__file__).resolve().parents[2]


def test_the_archive_is_byte_identical_whatever_the_file_dates(tmp_path):
    folder = tmp_path / "data"
    (folder / "b").mkdir(parents=True)
    (folder / "b" / "z.csv").write_text("x\n1\n", encoding="utf-8")
    (folder / "a.json").write_text("{}\n", encoding="utf-8")
    first = data_archive.archive_bytes(folder, "donnees")
    os.utime(folder / "a.json", (1_000_000_000, 1_000_000_000))
    (folder / "b" / "z.csv").chmod(0o600)
    assert data_archive.archive_bytes(folder, "donnees") == first
    names = zipfile.ZipFile(io.BytesIO(first)).namelist()
    assert names == ["donnees/a.json", "donnees/b/z.csv"]


def test_the_shipped_data_package_zips_twice_to_the_same_bytes_with_its_descriptor(tmp_path):
    one, two = tmp_path / "1.zip", tmp_path / "2.zip"
    assert data_archive.write_archive(ROOT / "data", one, "donnees")
    assert data_archive.write_archive(ROOT / "data", two, "donnees")
    assert one.read_bytes() == two.read_bytes()
    with zipfile.ZipFile(one) as archive:
        assert "donnees/datapackage.json" in archive.namelist()
        assert archive.testzip() is None
        assert {info.date_time for info in archive.infolist()} == {data_archive.EPOCH}


def test_an_unchanged_archive_is_not_rewritten(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "a.csv").write_text("x\n", encoding="utf-8")
    target = tmp_path / "out.zip"
    assert data_archive.write_archive(folder, target, "donnees") is True
    assert data_archive.write_archive(folder, target, "donnees") is False
    (folder / "a.csv").write_text("y\n", encoding="utf-8")
    assert data_archive.write_archive(folder, target, "donnees") is True
