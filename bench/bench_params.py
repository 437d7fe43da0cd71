"""Benchmark of the refusal of bad notebook parameters (issue 18). A measurement, not a test.

Usage (from the project root)::

    .venv/bin/python bench/bench_params.py [--repeat 5] [--json FILE]

For each class of bad value of the issue (a string for an integer, an unknown source id, a
probability of 1.5, an unknown correction, a negative depth, a file given as corpus folder),
it times the whole command ``dps run --set NAME=VALUE`` (and once ``dps paper``) in a fresh
process on a copy of the project's data, notebooks and parameters, from start to refusal
(Python start-up, imports, parameters file, schema, ``data/sources.csv``), and checks that it
exits 1 and builds nothing. It also times the validation alone, in process. The target is
under one second.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from digital_public_services.build import params

ROOT = Path(__file__).resolve().parents[1]
CASES = {
    "not an integer": "specificity_top_n=abc",
    "unknown source id": "triangulate_a=pp8",
    "probability 1.5": "confidence=1.5",
    "unknown correction": "multiple_comparison=bonferroni",
    "negative depth": "cut_depth=-1",
    "file as corpus folder": "corpus_dir=data/sources.csv",
}


def copy_project(folder: Path) -> Path:
    root = folder / "project"
    for name in ("data", "notebooks", "params"):
        shutil.copytree(ROOT / name, root / name)
    return root


def time_command(root: Path, assignment: str, command: str = "run") -> float:
    env = {**os.environ, "DPS_ROOT": str(root)}
    env.pop("QUARTO_PROJECT_OUTPUT_DIR", None)
    start = time.perf_counter()
    done = subprocess.run([str(Path(sys.executable).with_name("dps")), command, "--set",
                           assignment, *(["--no-quarto-install"] if command == "paper" else [])],
                          cwd=root, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 1 or (root / "build" / "notebooks").exists():
        raise SystemExit(f"{assignment}: not refused as expected\n{done.stderr}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", type=Path, help="write the results here")
    args = parser.parse_args()
    results: dict = {"python": platform.python_version(), "machine": platform.machine(),
                     "cpus": os.cpu_count(), "load_before": os.getloadavg()[0], "cases": {}}
    with tempfile.TemporaryDirectory() as folder:
        root = copy_project(Path(folder))
        for label, assignment in CASES.items():
            times = [time_command(root, assignment) for _ in range(args.repeat)]
            results["cases"][label] = {"set": assignment, "median_s": statistics.median(times),
                                       "max_s": max(times)}
            print(f"{label:<24} dps run --set {assignment:<34} median "
                  f"{statistics.median(times):.2f} s, max {max(times):.2f} s")
        times = [time_command(root, "cut_depth=-1", "paper") for _ in range(args.repeat)]
        results["cases"]["dps paper, negative depth"] = {
            "set": "cut_depth=-1", "median_s": statistics.median(times), "max_s": max(times)}
        print(f"{'dps paper':<24} dps paper --set cut_depth=-1{'':<22} median "
              f"{statistics.median(times):.2f} s, max {max(times):.2f} s")
        table = params.load_params(root / "params" / "default.yml")
        table["02_interviews"]["specificity_top_n"] = "abc"
        start = time.perf_counter()
        for _ in range(args.repeat):
            params.problems(root, table)
        inside = (time.perf_counter() - start) / args.repeat
    results["validation_in_process_s"] = inside
    results["load_after"] = os.getloadavg()[0]
    print(f"validation alone, in process: {inside * 1000:.0f} ms "
          f"(load {results['load_before']:.1f} -> {results['load_after']:.1f})")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
