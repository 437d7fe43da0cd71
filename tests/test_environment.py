"""The environment files agree, and the version lives in one place."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

from digital_public_services import __version__
from digital_public_services.paper import editions

ROOT = Path(__file__).resolve().parents[1]


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_environment_yml_lists_the_pyproject_dependencies() -> None:
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    project = _pyproject()["project"]
    assert sorted(d for d in pip if not d.startswith("-")) == sorted(
        project["dependencies"] + project["optional-dependencies"]["notebook"])
    assert "-e ." in pip
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    assert any(d.startswith("quarto") for d in conda)
    assert any(d.startswith("python=3.11") for d in conda)


def test_lock_pins_every_dependency_exactly() -> None:
    lock = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    pinned = dict(re.findall(r"^([A-Za-z0-9_.-]+)==(\S+)", lock, flags=re.M))
    normal = {k.lower().replace("_", "-"): v for k, v in pinned.items()}
    project = _pyproject()["project"]
    extras = project["optional-dependencies"]
    for spec in project["dependencies"] + extras["dev"] + extras["notebook"]:
        name, version = spec.split("==")
        assert normal.get(name.lower().replace("_", "-")) == version, spec
    assert not re.search(r"^[A-Za-z0-9_.-]+\s*(>=|<|~=)", lock, flags=re.M)


def test_the_lock_includes_the_notebook_extra() -> None:
    lock = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    env = (ROOT / "environment.yml").read_text(encoding="utf-8")
    assert re.search(r"^jupyterlab==", lock, flags=re.M)
    assert re.search(r"^\s*- jupyterlab==", env, flags=re.M)
    assert "--extra notebook" in (ROOT / "Makefile").read_text(encoding="utf-8")


def test_version_is_read_from_the_package() -> None:
    assert _pyproject()["project"]["dynamic"] == ["version"]
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    released = [v for v in re.findall(r"^## \[(\S+)\]", changelog, flags=re.M)
                if v != "Unreleased"]  # an [Unreleased] section may sit on top
    assert released[0] == __version__
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert str(citation["version"]) == __version__


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make test" in ci
    assert "make test" in readme and "make paper" in readme


def test_a_released_version_is_dated_in_the_changelog_as_in_its_edition() -> None:
    """Once `dps release` has recorded the package's version, CHANGELOG says when."""
    edition = editions.find(editions.load_editions(ROOT / editions.EDITIONS_DIR), __version__)
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    heading = re.search(rf"^## \[{re.escape(__version__)}\](.*)$", changelog, flags=re.M)
    assert heading, f"CHANGELOG.md has no section for {__version__}"
    if edition is None:
        assert "unreleased" in heading.group(1).lower()
    else:
        assert heading.group(1).strip() == f"— {edition['date']}"
