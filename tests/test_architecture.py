"""The package's layout and layers (README « Layout », ``[tool.importlinter]`` in pyproject)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from fnmatch import fnmatch
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "digital_public_services"
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
TOP_LEVEL = {"__init__.py", "cli.py", "errors.py", "paths.py"}


def lint_imports(package_parent: Path, cwd: Path) -> subprocess.CompletedProcess:
    """``lint-imports`` with the project's contracts on the package found in ``package_parent``."""
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(ROOT / "pyproject.toml"), "--no-cache"],
        capture_output=True, text=True, cwd=cwd,
        env={"PYTHONPATH": str(package_parent), "PATH": "/usr/bin:/bin"})


def test_every_module_lives_in_a_subpackage_named_for_its_stage_or_domain() -> None:
    assert {p.name for p in PACKAGE.glob("*.py")} == TOP_LEVEL
    for folder in (p for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__"):
        assert (folder / "__init__.py").is_file(), folder
        assert not list(folder.glob("*/*.py")), f"{folder.name}: one level of subpackages only"


def test_tests_mirror_the_subpackages() -> None:
    """Each module ``pkg/mod.py`` with tests has them in ``tests/pkg/test_mod.py``."""
    subpackages = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()}
    for test in (ROOT / "tests").glob("*/test_*.py"):
        assert test.parent.name in subpackages, test
    misplaced = [t.name for t in (ROOT / "tests").glob("test_*.py")
                 if any((PACKAGE / pkg / f"{t.stem[5:]}.py").is_file() for pkg in subpackages)]
    assert not misplaced, f"module tests outside their subpackage's folder: {misplaced}"


def test_pytest_collects_every_test_folder(pytestconfig: pytest.Config) -> None:
    """pytest does not enter folders named like a pattern of ``norecursedirs``, ``build`` among
    its defaults: ``tests/build/`` was never collected until pyproject set the list."""
    patterns = pytestconfig.getini("norecursedirs")
    skipped = [folder.name for folder in (ROOT / "tests").iterdir() if folder.is_dir()
               and any(fnmatch(folder.name, pattern) for pattern in patterns)]
    assert not skipped


def test_no_module_imports_another_in_a_circle() -> None:
    """Function-level (lazy) imports count too: a circle through one is still a circle."""
    graph = grimp.build_graph("digital_public_services")
    modules = sorted(graph.modules)
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    circles: list[list[str]] = []

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for imported in sorted(graph.find_modules_directly_imported_by(module)):
            if imported == "digital_public_services":  # ``from .. import __version__``
                continue
            if state.get(imported) == 1:
                circles.append(path[path.index(imported):] + [imported])
            elif imported not in state:
                visit(imported, path + [imported])
        state[module] = 2

    for module in modules:
        if module not in state:
            visit(module, [module])
    assert not circles, circles


@pytest.mark.skipif(not LINT_IMPORTS.exists(), reason="lint-imports not installed (dev extra)")
def test_the_layer_contracts_hold() -> None:
    done = lint_imports(ROOT / "src", ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "broken" in done.stdout and "0 broken" in done.stdout


@pytest.mark.skipif(not LINT_IMPORTS.exists(), reason="lint-imports not installed (dev extra)")
@pytest.mark.parametrize(("module", "wrong_way"), [
    ("survey/io.py", "from ..levers import evidence"),  # a domain reading the layer above
    ("survey/naming.py", "from ..interviews import summary"),  # sibling domains
    ("prose/phrasing.py", "from ..survey.naming import name"),  # the bottom reading a domain
    ("errors.py", "from .prose import typography"),
])
def test_a_wrong_way_import_breaks_the_contract_with_its_name(tmp_path: Path, module: str,
                                                               wrong_way: str) -> None:
    copy = tmp_path / "src" / "digital_public_services"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    target = copy / module
    target.write_text(target.read_text() + f"\n{wrong_way}  # noqa\n")
    done = lint_imports(tmp_path / "src", tmp_path)
    assert done.returncode == 1, done.stdout + done.stderr
    importer = "digital_public_services." + module.removesuffix(".py").replace("/", ".")
    assert importer in done.stdout, done.stdout
    assert "BROKEN" in done.stdout
