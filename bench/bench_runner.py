"""Benchmark of the notebook runner (issue 7). A measurement, not a test: it asserts nothing.

Usage (from the project root)::

    .venv/bin/python bench/bench_runner.py [--repeat 3] [--json bench/results/runner.json]

It works on a throw-away copy of the project, so the real ``build/`` is never touched, and
interleaves the scenarios in each repetition so that they share the machine's conditions:

- cold: ``build/`` removed, then ``dps run`` (all notebooks, in parallel);
- cold without lemma cache: the same after deleting ``cache/lemmas/``, so the interview
  notebook loads spaCy's French pipeline (as every cold run did before that cache);
- warm: ``dps run`` again, nothing changed (should be a no-op);
- survey change: the survey file's rows written in reverse order (same data, new bytes),
  then ``dps run``; the notebooks whose executed copy was rewritten are listed;
- naive: the notebooks one after the other with ``jupyter nbconvert --execute``;
- floor: each notebook's import statements alone, run in fresh kernels with the runner's
  parallelism; no runner can start the kernels and import the libraries in less time.

It prints the median, minimum and maximum of each, and the ratios the issue sets targets on,
in wall time and in CPU time (of every process the scenario started: on a machine shared
with other jobs, CPU time is the steadier figure), with the load average before each run.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime
from multiprocessing import get_context
from pathlib import Path

import nbformat
from IPython.core.inputtransformer2 import TransformerManager
from nbclient import NotebookClient

from digital_public_services.paths import project_root

BIN = Path(sys.executable).parent
SURVEY_FILE = Path("data/survey/survey_results.csv")
NOT_COPIED = (".venv", ".uv", "build", "_manuscript", ".quarto", ".pytest_cache", ".ruff_cache",
              "__pycache__", "tests", "bench")


def copy_project(source: Path, target: Path) -> Path:
    """A private copy of the project, package code included, so that edits made meanwhile
    in the working tree neither disturb the copy nor invalidate its cache. The folders of
    :data:`NOT_COPIED` are skipped at the top only: the package has a ``build`` subpackage."""
    top = source.resolve()
    shutil.copytree(source, target, symlinks=True, ignore=lambda folder, entries: {
        e for e in entries if e == "__pycache__"
        or (e in NOT_COPIED and Path(folder).resolve() == top)})
    return target


def copy_env(root: Path) -> dict[str, str]:
    """The copy's package first on the path, for ``dps`` and for the kernels it starts."""
    return {**os.environ, "DPS_ROOT": str(root), "PYTHONPATH": str(root / "src")}


def timed(command: list[str], root: Path) -> float:
    """Wall time of one command run in ``root``; a failing command stops the benchmark."""
    env = copy_env(root)
    start = time.perf_counter()
    done = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"benchmark stopped: {' '.join(command)} exited {done.returncode}\n"
                 f"{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    return seconds


def notebook_stems(root: Path) -> list[str]:
    return sorted(p.stem for p in (root / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def executed_stamps(root: Path) -> dict[str, int]:
    folder = root / "build" / "notebooks"
    return {p.stem: p.stat().st_mtime_ns for p in folder.glob("*.ipynb")}


def reverse_rows(path: Path) -> None:
    """Change the file's bytes but not its data: same header, rows in the opposite order."""
    header, *rows = path.read_text(encoding="utf-8").splitlines(keepends=True)
    if rows and not rows[-1].endswith("\n"):
        rows[-1] += "\n"
    tmp = path.with_suffix(".tmp")
    tmp.write_text(header + "".join(reversed(rows)), encoding="utf-8")
    os.replace(tmp, path)


def dps_run(root: Path, executed: list[list[str]] | None = None) -> float:
    """``dps run``; when ``executed`` is given, append the notebooks it re-executed."""
    before = executed_stamps(root)
    seconds = timed([str(BIN / "dps"), "run"], root)
    if executed is not None:
        after = executed_stamps(root)
        executed.append(sorted(s for s in after if after[s] != before.get(s)))
    return seconds


def cold_run(root: Path) -> float:
    shutil.rmtree(root / "build", ignore_errors=True)
    return dps_run(root)


def survey_change_run(root: Path, executed: list[list[str]]) -> float:
    reverse_rows(root / SURVEY_FILE)
    return dps_run(root, executed)


def naive_run(root: Path) -> float:
    """The notebooks in sequence with nbconvert. nbconvert runs a kernel in the notebook's
    folder, so each notebook is copied to the root first, where the parameters expect it."""
    shutil.rmtree(root / "build", ignore_errors=True)
    total = 0.0
    for stem in notebook_stems(root):
        at_root = root / f"naive_{stem}.ipynb"
        shutil.copyfile(root / "notebooks" / f"{stem}.ipynb", at_root)
        total += timed([str(BIN / "jupyter"), "nbconvert", "--to", "notebook", "--execute",
                        "--output", f"naive_{stem}.out.ipynb", str(at_root)], root)
    return total


def imports_only(notebook: Path) -> nbformat.NotebookNode:
    """A notebook holding only the import statements of ``notebook``'s code cells."""
    source = nbformat.read(notebook, as_version=4)
    to_python = TransformerManager().transform_cell  # IPython magics become plain calls
    lines = []
    for cell in source.cells:
        if cell.cell_type != "code":
            continue
        tree = ast.parse(to_python(cell.source))
        lines += [ast.unparse(node) for node in tree.body
                  if isinstance(node, ast.Import | ast.ImportFrom)]
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("\n".join(lines))])


def start_and_import(notebook: Path, root: Path) -> None:
    """Start a kernel in ``root``, run the imports, stop it (in a worker process). The kernel
    is stopped at once, as the runner stops its kernels: waiting for a graceful exit (about
    half a second per kernel) is no part of the work a runner cannot avoid."""
    os.environ.update(copy_env(root))
    client = NotebookClient(imports_only(notebook), kernel_name="python3",
                            shutdown_kernel="immediate",
                            resources={"metadata": {"path": str(root)}})
    client.execute()


def floor_run(root: Path, workers: int) -> float:
    notebooks = [root / "notebooks" / f"{stem}.ipynb" for stem in notebook_stems(root)]
    start = time.perf_counter()
    with ProcessPoolExecutor(workers, mp_context=get_context("spawn")) as pool:
        list(pool.map(start_and_import, notebooks, [root] * len(notebooks)))
    return time.perf_counter() - start


def children_cpu() -> float:
    """CPU seconds used so far by this process's finished children and their descendants."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def summary(samples: list[float]) -> dict[str, float]:
    return {"median": statistics.median(samples), "min": min(samples), "max": max(samples)}


def measure(root: Path, repeat: int, workers: int, only: list[str] | None = None
            ) -> tuple[dict[str, list[float]], dict[str, list[float]], list[float], dict]:
    scenarios: dict[str, Callable[[], float]]
    executed: dict[str, list[list[str]]] = {"warm": [], "survey_change": []}
    scenarios = {
        "cold": lambda: cold_run(root),
        "cold_no_lemmas": lambda: (shutil.rmtree(root / "cache" / "lemmas"), cold_run(root))[1],
        "warm": lambda: dps_run(root, executed["warm"]),
        "survey_change": lambda: survey_change_run(root, executed["survey_change"]),
        "naive": lambda: naive_run(root),
        "floor": lambda: floor_run(root, workers),
    }
    unknown = sorted(set(only or []) - set(scenarios))
    if unknown:
        sys.exit(f"unknown scenario(s): {', '.join(unknown)}; known: {', '.join(scenarios)}")
    scenarios = {name: run for name, run in scenarios.items() if not only or name in only}
    samples: dict[str, list[float]] = {name: [] for name in scenarios}
    cpu: dict[str, list[float]] = {name: [] for name in scenarios}
    loads = []
    for rep in range(1, repeat + 1):
        for name, scenario in scenarios.items():
            loads.append(os.getloadavg()[0])
            before = children_cpu()
            samples[name].append(scenario())
            cpu[name].append(children_cpu() - before)
            print(f"  repetition {rep}/{repeat}: {name:<14} {samples[name][-1]:7.2f} s "
                  f"({cpu[name][-1]:.2f} s CPU, load {loads[-1]:.1f})", flush=True)
    return samples, cpu, loads, executed


RATIOS = {
    "cold / naive (target <= 1)": ("cold", "naive"),
    "cold / floor (target <= 1.5)": ("cold", "floor"),
    "cold without lemma cache / floor": ("cold_no_lemmas", "floor"),
    "survey_change / cold": ("survey_change", "cold"),
}


def ratios_of(med: dict[str, float]) -> dict[str, float]:
    """The ratios whose two scenarios were measured."""
    return {label: med[a] / med[b] for label, (a, b) in RATIOS.items()
            if a in med and b in med}


def report(samples: dict[str, list[float]], cpu: dict[str, list[float]], loads: list[float],
           executed: dict, workers: int) -> dict:
    stats = {name: summary(values) for name, values in samples.items()}
    cpu_stats = {name: summary(values) for name, values in cpu.items()}
    med = {name: s["median"] for name, s in stats.items()}
    ratios = ratios_of(med)
    cpu_ratios = ratios_of({name: s["median"] for name, s in cpu_stats.items()})
    print(f"\n{'scenario':<18}{'median':>9}{'min':>9}{'max':>9}{'CPU median':>12}   (seconds, "
          f"{len(next(iter(samples.values())))} repetitions)")
    for name, s in stats.items():
        print(f"{name:<18}{s['median']:9.2f}{s['min']:9.2f}{s['max']:9.2f}"
              f"{cpu_stats[name]['median']:12.2f}")
    if "warm" in med:
        print(f"\nwarm no-op median: {med['warm']:.2f} s, {cpu_stats['warm']['median']:.2f} s "
              "CPU (target < 1 s)")
    for label, value in ratios.items():
        print(f"{label:<34}{value:6.2f} wall {cpu_ratios[label]:6.2f} CPU")
    print(f"load average (1 min) before each run: {min(loads):.1f}–{max(loads):.1f} "
          f"on {os.cpu_count()} cores")
    for name, runs in executed.items():
        if name in samples:
            print(f"notebooks executed by each {name} run: {runs}")
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"cores": os.cpu_count(), "workers": workers,
                    "python": platform.python_version(), "platform": platform.platform()},
        "load_before_runs": loads, "seconds": samples, "summary": stats, "ratios": ratios,
        "cpu_seconds": cpu, "cpu_summary": cpu_stats, "cpu_ratios": cpu_ratios,
        "notebooks_executed": executed,
    }


def write_json(path: Path, result: dict) -> None:
    """Write the figures atomically (an interrupted run leaves the previous file whole)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp_json = path.with_suffix(".tmp")
    tmp_json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp_json, path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="repetitions (default 3)")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    parser.add_argument("--scenarios", help="comma-separated subset, in the usual order "
                        "(e.g. cold,warm,floor; default: all)")
    args = parser.parse_args(argv)
    workers = os.cpu_count() or 1
    with tempfile.TemporaryDirectory(prefix="dps-bench-") as tmp:
        root = copy_project(project_root(), Path(tmp) / "project")
        print(f"benchmark on a copy at {root}; {os.cpu_count()} cores", flush=True)
        only = args.scenarios.split(",") if args.scenarios else None
        samples, cpu, loads, executed = measure(root, args.repeat, workers, only)
    result = report(samples, cpu, loads, executed, workers)
    if args.json:
        write_json(args.json, result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
