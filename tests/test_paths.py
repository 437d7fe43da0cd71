"""Finding the project root: DPS_ROOT, then upwards from here, then a clear error."""

from __future__ import annotations

import pytest

from digital_public_services import paths


def synthetic_project(folder):
    (folder / "data").mkdir(parents=True)
    (folder / "data" / "datapackage.json").write_text("{}", encoding="utf-8")
    return folder


@pytest.fixture
def nowhere(tmp_path, monkeypatch):
    """No DPS_ROOT, and the package itself installed outside any checkout."""
    monkeypatch.delenv("DPS_ROOT", raising=False)
    monkeypatch.setattr(paths, "__file__",
                        str(tmp_path / "site" / "pkg" / "digital_public_services" / "paths.py"))
    return tmp_path


def test_dps_root_wins_over_the_search(tmp_path, monkeypatch):
    inside = synthetic_project(tmp_path / "checkout") / "data"
    chosen = tmp_path / "elsewhere"
    monkeypatch.setenv("DPS_ROOT", str(chosen))
    assert paths.project_root(inside) == chosen.resolve()
    assert paths.data_dir() == chosen.resolve() / "data"
    assert paths.build_dir() == chosen.resolve() / "build"


def test_search_goes_upwards_to_the_folder_with_the_data_package(nowhere):
    root = synthetic_project(nowhere / "checkout")
    deep = root / "notebooks" / "sub"
    deep.mkdir(parents=True)
    assert paths.project_root(deep) == root.resolve()
    assert paths.project_root(root) == root.resolve()


def test_search_starts_from_the_working_directory(nowhere, monkeypatch):
    root = synthetic_project(nowhere / "checkout")
    (root / "report").mkdir()
    monkeypatch.chdir(root / "report")
    assert paths.project_root() == root.resolve()


def test_a_data_folder_without_descriptor_does_not_count(nowhere):
    outer = synthetic_project(nowhere / "outer")
    inner = outer / "inner"
    (inner / "data").mkdir(parents=True)  # no datapackage.json
    assert paths.project_root(inner) == outer.resolve()


def test_falls_back_to_the_source_checkout_of_the_package(nowhere, monkeypatch):
    checkout = synthetic_project(nowhere / "source_checkout")
    monkeypatch.setattr(paths, "__file__",
                        str(checkout / "src" / "digital_public_services" / "paths.py"))
    outside = nowhere / "outside"
    outside.mkdir()
    assert paths.project_root(outside) == checkout.resolve()


def test_no_project_anywhere_is_a_clear_error(nowhere):
    outside = nowhere / "outside"
    outside.mkdir()
    with pytest.raises(FileNotFoundError) as caught:
        paths.project_root(outside)
    message = str(caught.value)
    assert "datapackage.json" in message
    assert str(outside.resolve()) in message
    assert "DPS_ROOT" in message
