"""End-to-end benchmark of ``quarto render`` (issue 10, item 6). It measures, it asserts nothing.

Usage (from the project root, Quarto on the PATH)::

    .venv/bin/python bench/bench_render.py [--repeat 3] [--json bench/results/render.json]

Everything runs in a throw-away copy of the project (the working tree's ``build/`` is copied
to spare a cold notebook run, and checked by the runner's cache as usual). Each repetition
runs, one after the other so that they share the machine's conditions:

- warm: ``quarto render`` with nothing changed (the pre-render ``dps run`` is a no-op);
- warm, views rendered again: the same after deleting ``build/quarto-views/``, so Quarto
  renders the four notebook views again, as it did before they were kept between renders;
- survey change: the survey CSV's rows written in the opposite order (new bytes, same data),
  so ``dps run`` re-executes the notebooks that read it, then Quarto renders;
- prose edit: one sentence added to (or, next time, removed from) the conclusion;
- floor: Quarto rendering the same article with no embed and no notebook view, in a second
  copy generated from the first: each ``{{< embed …#fig-… >}}`` becomes the PNG the runner
  wrote (``build/outputs/<nb>/figures/<label>.png``) with the cell's caption and alt text,
  each ``#tbl-…`` the cell's own Markdown table with its caption; no pre- or post-render step
  and no ``notebook-view`` list (Quarto renders a view of every notebook listed there).

For each render it records the wall time, the CPU time of Quarto and all its children
(pandoc, Typst, ``dps run``), the load average before and after (the machine may be shared:
CPU time is the steadier figure when it is busy), and a timeline of Quarto's progress lines
(pre-render done, each pandoc pass, notebook views rendered). It prints medians and the
ratios to the floor, and writes everything to the JSON file.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import nbformat
import yaml
from bench_runner import SURVEY_FILE, copy_env, reverse_rows, summary, write_json

from digital_public_services.paper import quarto
from digital_public_services.paths import project_root

BIN = Path(sys.executable).parent
NOT_COPIED = (".venv", ".uv", "_manuscript", ".quarto", ".pytest_cache", ".ruff_cache",
              "__pycache__", "tests", "bench", "failed", ".staging", ".lock", "quarto-views")
PROSE_FILE = Path("report/sections/_conclusion.qmd")
PROSE_SENTENCE = "\nCette phrase n'existe que pour mesurer le temps de rendu.\n"
EMBED = re.compile(r"\{\{<\s*embed\s+(?P<path>[^#\s]+\.ipynb)#(?P<label>[\w-]+)[^>]*>\}\}")
ANSI = re.compile(r"\x1b\[[0-9;]*m")
MILESTONES = {  # progress lines of `quarto render` worth a timestamp
    "pre-render done": re.compile(r"^\d+ executed, \d+ up to date"),
    "pandoc pass": re.compile(r"^pandoc\s*$"),
    "notebook views start": re.compile(r"^Rendering notebook previews"),
    "notebook view": re.compile(r"^\[\d+/\d+\] .*\.ipynb"),
    "typst compiled": re.compile(r"^\[typst\]: Compiling"),
    "done": re.compile(r"^Output created"),
}


def copy_tree(source: Path, target: Path) -> Path:
    """The project with its ``build/`` (so the first run is warm), without caches or tests."""
    shutil.copytree(source, target, ignore=shutil.ignore_patterns(*NOT_COPIED), symlinks=True)
    return target


def render_env(root: Path) -> dict[str, str]:
    """The copy's package for ``dps`` (the pre-render step) and for its kernels."""
    env = copy_env(root)
    env["PATH"] = str(BIN) + os.pathsep + env.get("PATH", "")
    env.setdefault("QUARTO_PYTHON", sys.executable)
    return env


def timed_render(executable: str, root: Path) -> dict:
    """One ``quarto render``: wall and CPU seconds, load, and a timeline of its progress."""
    load_before = os.getloadavg()[0]
    cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    process = subprocess.Popen([executable, "render"], cwd=root, env=render_env(root),
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    timeline, tail = [], []
    for raw in process.stdout or []:
        line = ANSI.sub("", raw).strip()
        tail = (tail + [line])[-40:]
        for name, pattern in MILESTONES.items():
            if pattern.match(line):
                timeline.append((name, round(time.perf_counter() - start, 2), line))
    process.wait()
    wall = time.perf_counter() - start
    cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if process.returncode != 0:
        sys.exit(f"benchmark stopped: quarto render exited {process.returncode} in {root}\n"
                 + "\n".join(tail))
    cpu = (cpu_after.ru_utime - cpu_before.ru_utime) + (cpu_after.ru_stime - cpu_before.ru_stime)
    return {"wall": wall, "cpu": cpu, "load_before": load_before,
            "load_after": os.getloadavg()[0], "timeline": timeline,
            "notebook_views": sum(name == "notebook view" for name, _, _ in timeline)}


def cell_options(cell: nbformat.NotebookNode) -> dict:
    """A cell's ``#|`` options (label, captions, alt text) as YAML data."""
    lines = [line[3:] for line in cell.source.splitlines() if line.startswith("#| ")]
    return yaml.safe_load("\n".join(lines)) or {}


def labelled_cells(notebook: Path) -> dict[str, nbformat.NotebookNode]:
    cells = nbformat.read(notebook, as_version=4).cells
    return {opts["label"]: cell for cell in cells if cell.cell_type == "code"
            and "label" in (opts := cell_options(cell))}


def plain_block(notebook: Path, label: str, cell: nbformat.NotebookNode) -> str:
    """What the floor article shows instead of an embed: an image file or a Markdown table."""
    opts = cell_options(cell)
    stem = notebook.stem
    if label.startswith("fig-"):
        alt = str(opts.get("fig-alt", "")).replace('"', "&quot;")
        return (f'![{opts.get("fig-cap", "")}](../build/outputs/{stem}/figures/{label}.png)'
                f'{{#{label} fig-alt="{alt}"}}')
    table = next("".join(out["data"]["text/markdown"]) for out in cell.outputs
                 if "text/markdown" in out.get("data", {}))
    return f"{table.rstrip()}\n\n: {opts.get('tbl-cap', '')} {{#{label}}}"


def make_floor(real: Path, target: Path) -> Path:
    """A copy whose article holds the embedded figures as files and tables as Markdown."""
    floor = copy_tree(real, target)
    notebooks: dict[Path, dict] = {}

    def replace(match: re.Match) -> str:
        # sections are included into report/index.qmd: paths are relative to report/
        path = (floor / "report" / match["path"]).resolve()
        cells = notebooks.setdefault(path, labelled_cells(path))
        return plain_block(path, match["label"], cells[match["label"]])

    for qmd in (floor / "report").rglob("*.qmd"):
        qmd.write_text(EMBED.sub(replace, qmd.read_text(encoding="utf-8")), encoding="utf-8")
    config_file = floor / "_quarto.yml"
    config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    for step in ("pre-render", "post-render"):
        config["project"].pop(step, None)
    # Quarto renders a view of every notebook listed there, embedded or not: the floor has none
    config["format"]["html"].pop("notebook-view", None)
    drop_notebook_views(floor / "report" / "index.qmd")
    config_file.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False),
                           encoding="utf-8")
    return floor


def drop_notebook_views(article: Path) -> None:
    """The article's front matter without its ``notebook-view`` list."""
    _, front, body = article.read_text(encoding="utf-8").split("---\n", 2)
    meta = yaml.safe_load(front)
    meta.pop("notebook-view", None)
    article.write_text(f"---\n{yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)}"
                       f"---\n{body}", encoding="utf-8")


def toggle_sentence(path: Path) -> None:
    """A one-sentence prose edit: add the sentence, or remove it if it is there."""
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(PROSE_SENTENCE, "") if PROSE_SENTENCE in text
                    else text + PROSE_SENTENCE, encoding="utf-8")


def measure(executable: str, real: Path, floor: Path, repeat: int) -> dict[str, list[dict]]:
    scenarios = {
        "warm": lambda: timed_render(executable, real),
        "warm_views_again": lambda: (shutil.rmtree(real / "build" / "quarto-views"),
                                     timed_render(executable, real))[1],
        "survey_change": lambda: (reverse_rows(real / SURVEY_FILE),
                                  timed_render(executable, real))[1],
        "prose_edit": lambda: (toggle_sentence(real / PROSE_FILE),
                               timed_render(executable, real))[1],
        "floor": lambda: timed_render(executable, floor),
    }
    runs: dict[str, list[dict]] = {name: [] for name in scenarios}
    for rep in range(1, repeat + 1):
        for name, scenario in scenarios.items():
            runs[name].append(result := scenario())
            print(f"  repetition {rep}/{repeat}: {name:<14} {result['wall']:7.1f} s wall "
                  f"{result['cpu']:7.1f} s CPU  load {result['load_before']:.1f}"
                  f"  notebook views rendered: {result['notebook_views']}", flush=True)
    return runs


def report(runs: dict[str, list[dict]]) -> dict:
    stats = {name: {measure: summary([r[measure] for r in results])
                    for measure in ("wall", "cpu")} for name, results in runs.items()}
    ratios = {f"{name} / floor": {measure: stats[name][measure]["median"]
                                  / stats["floor"][measure]["median"]
                                  for measure in ("wall", "cpu")}
              for name in runs if name != "floor"}
    loads = [r["load_before"] for results in runs.values() for r in results]
    print(f"\n{'scenario':<15}{'wall median':>12}{'min–max':>15}{'CPU median':>12}"
          f"{'min–max':>15}   (seconds, {len(runs['floor'])} repetitions)")
    for name, s in stats.items():
        print(f"{name:<15}{s['wall']['median']:12.1f}{s['wall']['min']:8.1f}–"
              f"{s['wall']['max']:<6.1f}{s['cpu']['median']:12.1f}{s['cpu']['min']:8.1f}–"
              f"{s['cpu']['max']:<6.1f}")
    print("\nratio to the floor (target: warm <= 1.5)")
    for label, value in ratios.items():
        print(f"{label:<24} wall {value['wall']:5.2f}   CPU {value['cpu']:5.2f}")
    print(f"load average (1 min) before each render: {min(loads):.1f}–{max(loads):.1f} "
          f"on {os.cpu_count()} cores")
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"cores": os.cpu_count(), "python": platform.python_version(),
                    "platform": platform.platform(),
                    "load_before_renders": {"min": min(loads), "max": max(loads)}},
        "summary": stats, "ratios": ratios, "runs": runs,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="repetitions (default 3)")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    parser.add_argument("--quarto", default=quarto.find(), help="Quarto executable")
    args = parser.parse_args(argv)
    if args.quarto is None:
        sys.exit("no `quarto` executable found: put it on the PATH or pass --quarto")
    with tempfile.TemporaryDirectory(prefix="dps-bench-render-") as tmp:
        real = copy_tree(project_root(), Path(tmp) / "project")
        print(f"benchmark on copies in {tmp}; {os.cpu_count()} cores", flush=True)
        first = timed_render(args.quarto, real)  # builds what is missing; not counted
        print(f"  first render (not counted): {first['wall']:.1f} s", flush=True)
        floor = make_floor(real, Path(tmp) / "floor")
        timed_render(args.quarto, floor)
        result = report(measure(args.quarto, real, floor, args.repeat))
        result["quarto"] = subprocess.run([args.quarto, "--version"], capture_output=True,
                                          text=True).stdout.strip()
    if args.json:
        write_json(args.json, result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
