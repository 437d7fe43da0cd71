"""Benchmark of a fresh clone's ``make paper`` and ``make test`` (issue 29). It measures, it
asserts nothing.

Usage (from the project root; the two revisions are commits of this repository)::

    .venv/bin/python bench/bench_setup.py --before REV --after REV [--targets paper,test]
        [--repeat 3] [--quarto-bin DIR] [--json bench/results/setup.json]

Each sample is a new ``git clone`` of the repository into a temporary folder, checked out at
one revision, where ``make TARGET`` runs as on a newcomer's machine:

- empty caches: ``PIP_NO_CACHE_DIR=1`` and a new, empty ``UV_CACHE_DIR`` for every sample;
- no uv on the ``PATH`` (folders holding one are left out; ``python3`` is reached through a
  folder of its own), so the setup bootstraps uv from PyPI with pip as a new machine would;
- ``PYTHONDONTWRITEBYTECODE`` removed, as in a user's shell (``tools/setup_venv.py`` compiles
  bytecode at install when it is set);
- Quarto on the ``PATH`` when ``--quarto-bin`` names its folder, so ``make paper`` renders.

Before and after alternate within each repetition (before, after, before, after…) so that both
share the machine's conditions. For each sample it records the wall time and the CPU time of
``make`` and everything it started (on a shared machine, CPU time is the steadier figure),
in all and for the setup alone (``make .venv/.installed`` first, then ``make TARGET``), the
load average before, and the exit status; it prints the median, minimum and maximum per
target and revision, and the after/before ratio.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from bench_runner import summary, write_json

ROOT = Path(__file__).resolve().parents[1]


def newcomer_path(bin_dir: Path, quarto_bin: Path | None) -> str:
    """A PATH without uv: the interpreter this environment was made from as ``python3`` in
    ``bin_dir``, then every folder of the current PATH that holds no ``uv``, then Quarto's
    folder if given."""
    bin_dir.mkdir(parents=True, exist_ok=True)
    (bin_dir / "python3").symlink_to(Path(sys.base_prefix) / "bin" / "python3")
    kept = [folder for folder in os.environ.get("PATH", "").split(os.pathsep)
            if folder and not (Path(folder) / "uv").exists()
            and not (quarto_bin and Path(folder) == quarto_bin)]
    return os.pathsep.join([str(bin_dir), *kept, *([str(quarto_bin)] if quarto_bin else [])])


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed_make(target: str, clone: Path, env: dict[str, str],
               log: Path) -> tuple[float, float, int]:
    """Wall and CPU seconds of ``make TARGET`` (and all it started), and its exit status."""
    cpu = children_cpu()
    start = time.perf_counter()
    with log.open("a", encoding="utf-8") as handle:
        handle.write(f"\n===== make {target} in {clone} =====\n")
        handle.flush()
        done = subprocess.run(["make", target], cwd=clone, env=env, stdout=handle,
                              stderr=subprocess.STDOUT)
    return time.perf_counter() - start, children_cpu() - cpu, done.returncode


def sample(revision: str, target: str, path: str, log: Path) -> dict:
    """One ``make TARGET`` in a fresh clone at ``revision``, with empty caches, timed in two
    parts: the setup (``make .venv/.installed``, which ``make TARGET`` starts with), then the
    rest of ``make TARGET``."""
    with tempfile.TemporaryDirectory(prefix="dps-setup-bench-") as tmp:
        clone = Path(tmp) / "clone"
        subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
        subprocess.run(["git", "-C", str(clone), "checkout", "--quiet", revision], check=True)
        env = {key: value for key, value in os.environ.items()
               if key not in {"PYTHONDONTWRITEBYTECODE", "VIRTUAL_ENV", "UV_CACHE_DIR"}}
        env |= {"PATH": path, "PIP_NO_CACHE_DIR": "1", "UV_CACHE_DIR": str(Path(tmp) / "uv")}
        load = os.getloadavg()[0]
        setup = timed_make(".venv/.installed", clone, env, log)
        rest = timed_make(target, clone, env, log)
        return {"seconds": setup[0] + rest[0], "cpu_seconds": setup[1] + rest[1],
                "setup_seconds": setup[0], "setup_cpu_seconds": setup[1],
                "load_before": load, "status": max(setup[2], rest[2])}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", required=True, help="revision measured first (e.g. main)")
    parser.add_argument("--after", required=True, help="revision compared with it")
    parser.add_argument("--targets", default="paper,test", help="make targets (default both)")
    parser.add_argument("--repeat", type=int, default=3, help="repetitions (default 3)")
    parser.add_argument("--quarto-bin", type=Path, help="folder of the quarto executable")
    parser.add_argument("--log", type=Path, default=Path("bench/results/setup.log"),
                        help="where the output of every make goes")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args(argv)
    revisions = {"before": args.before, "after": args.after}
    targets = args.targets.split(",")
    args.log.parent.mkdir(parents=True, exist_ok=True)
    samples: dict[str, dict[str, list[dict]]] = {t: {"before": [], "after": []} for t in targets}
    with tempfile.TemporaryDirectory(prefix="dps-newcomer-bin-") as tmp:
        path = newcomer_path(Path(tmp), args.quarto_bin)
        for rep in range(1, args.repeat + 1):
            for target in targets:
                for side, revision in revisions.items():
                    found = sample(revision, target, path, args.log)
                    samples[target][side].append(found)
                    print(f"  repetition {rep}/{args.repeat}: make {target:<5} {side:<6} "
                          f"{found['seconds']:7.1f} s ({found['cpu_seconds']:.1f} s CPU; setup "
                          f"{found['setup_seconds']:.1f} s, {found['setup_cpu_seconds']:.1f} s "
                          f"CPU; load {found['load_before']:.1f}, exit {found['status']})",
                          flush=True)
    result: dict = {"date": datetime.now(UTC).isoformat(timespec="seconds"),
                    "machine": {"cores": os.cpu_count(), "python": platform.python_version(),
                                "platform": platform.platform()},
                    "revisions": revisions, "samples": samples, "summary": {}}
    print(f"\n{'target':<8}{'side':<8}{'median':>9}{'min':>9}{'max':>9}{'CPU median':>12}"
          f"{'setup median':>14}{'setup CPU':>11}")
    for target, sides in samples.items():
        for side, runs in sides.items():
            stats = {name: summary([r[name] for r in runs]) for name in
                     ("seconds", "cpu_seconds", "setup_seconds", "setup_cpu_seconds")}
            result["summary"].setdefault(target, {})[side] = stats
            print(f"{target:<8}{side:<8}{stats['seconds']['median']:9.1f}"
                  f"{stats['seconds']['min']:9.1f}{stats['seconds']['max']:9.1f}"
                  f"{stats['cpu_seconds']['median']:12.1f}"
                  f"{stats['setup_seconds']['median']:14.1f}"
                  f"{stats['setup_cpu_seconds']['median']:11.1f}")
        medians = {side: result["summary"][target][side]["seconds"]["median"]
                   for side in revisions}
        print(f"{target:<8}after / before: {medians['after'] / medians['before']:.2f} (wall)")
    if args.json:
        write_json(args.json, result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
