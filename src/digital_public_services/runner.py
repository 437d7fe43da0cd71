"""Execute the notebooks with papermill: cached on content, in parallel, atomically.

Layout of ``build/`` (nothing else writes there):

- ``notebooks/<stem>.ipynb`` executed notebooks (what Quarto embeds from);
- ``outputs/<stem>/`` tables, figures, the data behind each embedded figure and table
  (``data/<label>.csv``, see ``figure_data``) and ``values.json`` of each notebook;
- ``cache/<stem>.json`` what each execution depended on;
- ``failed/<stem>.ipynb`` the executed copy of a notebook that failed, for inspection;
- ``.staging/<stem>/`` work in progress, promoted only when a notebook succeeds.

A failure never touches the last good notebook or outputs.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path

from . import cache, params, tracking
from .paths import build_dir

PACKAGE_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Job:
    stem: str
    notebook: Path
    parameters: dict
    key: dict = field(hash=False)


@dataclass(frozen=True)
class Outcome:
    stem: str
    status: str  # "cached" | "executed" | "failed"
    seconds: float = 0.0
    error: str | None = None


class NotebookFailed(Exception):
    """One or more notebooks failed; the message says where and what."""


def staging_output_dir(stem: str) -> str:
    """Where a running notebook writes (relative to the root, so notebooks stay portable)."""
    return f"build/.staging/{stem}/outputs"


def plan(
    root: Path,
    params_file: Path,
    overrides: dict[str, object] | None = None,
    only: list[str] | None = None,
    profile: str | None = None,
) -> list[Job]:
    """One job per notebook listed in the parameters file (with the ``profile``'s file over
    it, see :func:`params.load_layered`), with its cache key."""
    table = params.apply_overrides(params.load_layered(params_file, profile), overrides or {})
    unknown = sorted(set(only or []) - set(table))
    if unknown:
        raise ValueError(f"unknown notebook(s): {', '.join(unknown)}; known: {', '.join(table)}")
    code = cache.code_digest(PACKAGE_DIR)
    env = cache.environment_digest(root)
    jobs = []
    for stem, values in table.items():
        if only and stem not in only:
            continue
        notebook = root / "notebooks" / f"{stem}.ipynb"
        if not notebook.is_file():
            raise FileNotFoundError(f"{params_file}: notebook {notebook} does not exist")
        full = {**values, "output_dir": staging_output_dir(stem)}
        key = {
            "notebook": cache.file_digest(notebook),
            "parameters": cache.params_digest(full),
            "code": code,
            "environment": env,
        }
        jobs.append(Job(stem, notebook, full, key))
    return jobs


def is_fresh(job: Job, root: Path) -> bool:
    build = build_dir(root)
    return (
        (build / "notebooks" / f"{job.stem}.ipynb").is_file()
        and (build / "outputs" / job.stem).is_dir()
        and cache.Manifest(build / "cache" / f"{job.stem}.json").is_fresh(job.key, root)
    )


def _source_cell(notebook: Path, source: str | None) -> str | None:
    """``cell N (id X)`` of the source notebook whose code is ``source``, 1-based."""
    import nbformat

    if source is None:
        return None
    for number, cell in enumerate(nbformat.read(notebook, as_version=4).cells, start=1):
        if cell.source == source:
            return f"cell {number} (id {cell.get('id', '?')})"
    return None


def _describe_failure(job: Job, exc: Exception, kept: Path, root: Path) -> str:
    ename = getattr(exc, "ename", type(exc).__name__)
    evalue = getattr(exc, "evalue", str(exc))
    cell = _source_cell(job.notebook, getattr(exc, "source", None))
    where = f"in {cell}" if cell else "before any cell ran"
    count = getattr(exc, "exec_count", None)
    if cell and count is not None:
        where += f", execution count {count}"
    return (
        f"notebook {job.stem}.ipynb failed {where}: {ename}: {evalue}\n"
        f"  the executed notebook is kept at {cache.relative(kept, root)}; "
        f"the previous good outputs are untouched"
    )


def _replace_dir(new: Path, target: Path) -> None:
    """Swap a finished folder into place; the old one is removed only afterwards."""
    old = target.with_name(target.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    new.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def execute(job: Job, root: Path) -> Outcome:
    """Run one notebook (in a worker process) and promote its results if it succeeds."""
    import nbformat
    import papermill  # imported here: a warm no-op run must not pay for it

    from . import figure_data
    from .cell_values import fill_notebook
    from .figure_files import export_figures
    from .manuscript import labelled_cells
    from .scrub import scrub_notebook

    build = build_dir(root)
    staging = build / ".staging" / job.stem
    shutil.rmtree(staging, ignore_errors=True)
    (staging / "outputs").mkdir(parents=True)
    log = staging / "reads.log"
    os.environ[tracking.ENV] = str(log)
    executed = staging / f"{job.stem}.ipynb"
    start = time.perf_counter()
    try:
        papermill.execute_notebook(
            str(job.notebook), str(executed), parameters=job.parameters, cwd=str(root),
            kernel_name="python3", progress_bar=False, log_output=False,
            request_save_on_cell_execute=False,
        )
    except Exception as exc:  # noqa: BLE001 - every failure is reported the same way
        failed = build / "failed" / f"{job.stem}.ipynb"
        failed.parent.mkdir(parents=True, exist_ok=True)
        if executed.is_file():
            os.replace(executed, failed)
        shutil.rmtree(staging, ignore_errors=True)
        return Outcome(job.stem, "failed", time.perf_counter() - start,
                       _describe_failure(job, exc, failed, root))
    finally:
        os.environ.pop(tracking.ENV, None)
    scrub_notebook(executed)
    fill_notebook(executed, staging / "outputs" / "values.json")
    export_figures(executed, staging / "outputs" / "figures")
    try:
        figure_data.export(labelled_cells(nbformat.read(executed, as_version=4)),
                           staging / "outputs")
    except figure_data.DataExportError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        return Outcome(job.stem, "failed", time.perf_counter() - start,
                       f"notebook {job.stem}.ipynb ran, but the data of a figure could not "
                       f"be written: {exc}; the previous good outputs are untouched")
    inputs = params.input_paths(job.parameters, root) + tracking.reads(log)
    (build / "notebooks").mkdir(parents=True, exist_ok=True)
    (build / "outputs").mkdir(parents=True, exist_ok=True)
    _replace_dir(staging / "outputs", build / "outputs" / job.stem)
    os.replace(executed, build / "notebooks" / f"{job.stem}.ipynb")
    (build / "failed" / f"{job.stem}.ipynb").unlink(missing_ok=True)
    seconds = time.perf_counter() - start
    cache.Manifest(build / "cache" / f"{job.stem}.json").save(
        {"key": job.key, "inputs": cache.input_digests(inputs, root),
         "parameters": job.parameters}
    )
    (build / ".timings").mkdir(exist_ok=True)
    (build / ".timings" / job.stem).write_text(f"{seconds:.1f}\n", encoding="utf-8")
    shutil.rmtree(staging, ignore_errors=True)
    return Outcome(job.stem, "executed", seconds)


Listener = Callable[[str, str, float], None]


def _last_duration(job: Job, root: Path) -> float:
    """Seconds the notebook took last time (unknown: first), so the longest start first.

    Kept outside the manifests, which must not vary from one identical build to the next.
    """
    try:
        return float((build_dir(root) / ".timings" / job.stem).read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return float("inf")


class BuildLocked(Exception):
    """Another ``dps run`` is using the same build folder."""


@contextmanager
def build_lock(build: Path) -> Iterator[None]:
    """One run at a time per build folder: two would overwrite each other's staging."""
    build.mkdir(parents=True, exist_ok=True)
    with open(build / ".lock", "a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            handle.seek(0)
            owner = handle.read().strip() or "unknown"
            raise BuildLocked(f"{build} is in use by another `dps run` (process {owner}); "
                              "wait for it to finish") from exc
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def run(
    jobs: list[Job],
    root: Path,
    *,
    workers: int | None = None,
    force: bool = False,
    listener: Listener | None = None,
) -> list[Outcome]:
    """Execute the stale jobs in parallel; report each state change to ``listener``."""
    notify = listener or (lambda stem, state, seconds: None)
    outcomes: dict[str, Outcome] = {}
    stale = []
    for job in jobs:
        if not force and is_fresh(job, root):
            outcomes[job.stem] = Outcome(job.stem, "cached")
            notify(job.stem, "cached", 0.0)
        else:
            stale.append(job)
            notify(job.stem, "queued", 0.0)
    if stale:
        stale.sort(key=lambda job: -_last_duration(job, root))
        count = max(1, min(len(stale), workers or os.cpu_count() or 1))
        with build_lock(build_dir(root)), ProcessPoolExecutor(
                count, mp_context=get_context("spawn")) as pool:
            futures = {pool.submit(execute, job, root): job for job in stale}
            for job in stale[:count]:
                notify(job.stem, "running", 0.0)
            waiting = stale[count:]
            for future in as_completed(futures):
                outcome = future.result()
                outcomes[outcome.stem] = outcome
                notify(outcome.stem, outcome.status, outcome.seconds)
                if waiting:
                    notify(waiting.pop(0).stem, "running", 0.0)
    return [outcomes[job.stem] for job in jobs]
