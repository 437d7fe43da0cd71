"""Execute the notebooks with papermill: cached on content, in parallel, atomically.

Layout of ``build/`` (nothing else writes there):

- ``notebooks/<stem>.ipynb`` executed notebooks (what Quarto embeds from);
- ``outputs/<stem>/`` tables, figures, the data behind each embedded figure and table
  (``data/<label>.csv``, see ``notebook.figure_data``) and ``values.json`` of each notebook;
- ``cache/<stem>.json`` what each execution depended on;
- ``failed/<stem>.ipynb`` the executed copy of a notebook that failed, for inspection;
- ``.staging/<stem>/`` work in progress, promoted only when a notebook succeeds.

A failure never touches the last good notebook or outputs. Each cache entry records the
SHA-256 and size of every file its execution produced; a notebook whose outputs are missing
or differ is run again (see ``cache``). Notebooks run by hand write to ``build/scratch/``
(their default ``output_dir``), which nothing reads.

Interrupting a run (Ctrl-C, SIGTERM) stops every worker and kernel it started and clears
the staging folder; a worker whose ``dps run`` was killed outright (SIGKILL) notices that
its parent is gone, stops its kernel and exits, and the next run clears what it left.
"""

from __future__ import annotations

import fcntl
import importlib
import os
import shutil
import signal
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path

from ..inputs import jsonschema_import, tracking
from ..paths import build_dir
from . import cache, params

PACKAGE_DIR = Path(__file__).resolve().parents[1]  # the whole package: its code is a cache input
# What :func:`execute` imports: loaded when a worker starts, not when its first job does.
NOTEBOOK = "digital_public_services.notebook"
WORKER_IMPORTS = ("nbformat", "papermill", NOTEBOOK, f"{NOTEBOOK}.figure_data",
                  f"{NOTEBOOK}.cell_values", f"{NOTEBOOK}.figure_files",
                  f"{NOTEBOOK}.cell_options", f"{__package__}.scrub", f"{__package__}.kernel")


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
    it, see :func:`build.params.load_layered`), with its cache key."""
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


def manifest(root: Path, stem: str) -> cache.Manifest:
    return cache.Manifest(build_dir(root) / "cache" / f"{stem}.json")


def problems(job: Job, root: Path) -> list[str]:
    """Why the build does not hold this job's cached execution (empty: it does): an input
    that changed, or an output missing, altered or not written by that execution."""
    return manifest(root, job.stem).problems(job.key, root, job.stem)


def check_build(root: Path, jobs: list[Job]) -> list[str]:
    """Everything that keeps the build from being what ``dps run`` would leave, without
    running anything: stale or damaged notebooks, and quoted values (``build/values.json``)
    that are not those of the verified notebook runs."""
    from ..notebook import values

    found = [f"{job.stem}: {problem}" for job in jobs for problem in problems(job, root)]
    build = build_dir(root)
    produced: dict[str, tuple[str, dict]] = {}
    for job in jobs:
        path = build / "outputs" / job.stem / "values.json"
        try:
            produced |= {key: (job.stem, entry)
                         for key, entry in values.merge([path]).items()}
        except (FileNotFoundError, ValueError):
            continue  # missing or unreadable: listed above as a damaged output
    try:
        quoted = values.merge([build / "values.json"])
    except (FileNotFoundError, ValueError) as err:
        return [*found, f"build/values.json cannot be read: {err}"]
    for key, entry in quoted.items():
        if key not in produced:
            found.append(f"build/values.json: {key} is produced by no notebook run")
        elif produced[key][1] != entry:
            found.append(f"build/values.json: {key} differs from "
                         f"build/outputs/{produced[key][0]}/values.json")
    found += [f"build/values.json: {key} of {stem} is missing"
              for key, (stem, _) in produced.items() if key not in quoted]
    return found


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

    from ..notebook import figure_data
    from ..notebook.cell_options import labelled_cells
    from ..notebook.cell_values import fill_notebook
    from ..notebook.figure_files import export_figures
    from .kernel import SocketFileKernelManager
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
        # The kernel is stopped at once after the last cell: a graceful exit (interpreter
        # teardown, polled every 0.1 s) took half a second per notebook, and a notebook's
        # results are what its cells wrote and displayed, never what an exit hook would.
        # It talks over socket files, not TCP ports, which kernels started in parallel
        # could take from each other (see ``kernel``).
        papermill.execute_notebook(
            str(job.notebook), str(executed), parameters=job.parameters, cwd=str(root),
            kernel_name="python3", progress_bar=False, log_output=False,
            request_save_on_cell_execute=False, shutdown_kernel="immediate",
            kernel_manager_class=SocketFileKernelManager,
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
    record = {"key": job.key, "inputs": cache.input_digests(inputs, root),
              "parameters": job.parameters,
              "outputs": cache.output_records(cache.produced_files(
                  executed, staging / "outputs", job.stem))}
    with _promoting():
        entry = manifest(root, job.stem)
        entry.path.unlink(missing_ok=True)  # a promotion cut short is never taken as fresh
        (build / "notebooks").mkdir(parents=True, exist_ok=True)
        (build / "outputs").mkdir(parents=True, exist_ok=True)
        _replace_dir(staging / "outputs", build / "outputs" / job.stem)
        os.replace(executed, build / "notebooks" / f"{job.stem}.ipynb")
        (build / "failed" / f"{job.stem}.ipynb").unlink(missing_ok=True)
        entry.save(record)
    seconds = time.perf_counter() - start
    (build / ".timings").mkdir(exist_ok=True)
    (build / ".timings" / job.stem).write_text(f"{seconds:.1f}\n", encoding="utf-8")
    shutil.rmtree(staging, ignore_errors=True)
    return Outcome(job.stem, "executed", seconds)


# Worker processes: stop with the run that started them ---------------------------------

_PROMOTION = {"active": False, "stop_after": False}


@contextmanager
def _promoting() -> Iterator[None]:
    """Renames into ``build/`` finish even when a stop is asked meanwhile (a few ms)."""
    _PROMOTION["active"] = True
    try:
        yield
    finally:
        _PROMOTION["active"] = False
        if _PROMOTION["stop_after"]:
            _stop_worker()


def _stop_worker() -> None:
    """Kill this worker's kernel (and anything else it started), remove its socket folder,
    then exit at once."""
    from .kernel import remove_folders

    _kill(_descendants(os.getpid()))
    remove_folders()
    os._exit(1)


def _on_terminate(signum: int, frame: object) -> None:
    if _PROMOTION["active"]:
        _PROMOTION["stop_after"] = True
    else:
        _stop_worker()


def _watch_parent(parent: int) -> None:
    """A ``dps run`` killed with SIGKILL cannot stop its workers: they stop themselves."""
    while True:
        time.sleep(0.2)
        if os.getppid() != parent and not _PROMOTION["active"]:
            _stop_worker()


def _worker_init(parent: int) -> None:
    """Ctrl-C reaches the whole process group: the parent alone decides what to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _on_terminate)
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    jsonschema_import.load()  # before nbformat reaches it
    for module in WORKER_IMPORTS:  # while ``dps`` checks the inputs (see :func:`run`)
        importlib.import_module(module)


def _descendants(pid: int) -> list:
    import psutil

    try:
        return psutil.Process(pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []


def _kill(processes: list, grace: float = 0.0) -> None:
    """SIGTERM, up to ``grace`` seconds to finish, then SIGKILL (at once when 0)."""
    import psutil

    for process in processes:
        with suppress(psutil.NoSuchProcess):
            process.terminate() if grace else process.kill()
    _, alive = psutil.wait_procs(processes, timeout=grace or 1.0)
    for process in alive:
        with suppress(psutil.NoSuchProcess):
            process.kill()
    psutil.wait_procs(alive, timeout=1.0)


def stop_all(grace: float = 5.0) -> int:
    """Stop every process this one started (workers, kernels); return how many there were."""
    processes = _descendants(os.getpid())
    _kill(processes, grace)
    return len(processes)


def clear_leftovers(build: Path) -> None:
    """What an interrupted or killed run may leave: staging, half-swapped output folders."""
    shutil.rmtree(build / ".staging", ignore_errors=True)
    for old in (build / "outputs").glob("*.old"):
        shutil.rmtree(old, ignore_errors=True)


class Interrupted(KeyboardInterrupt):
    """The run was stopped; the message says what was stopped and what was kept."""


def _raise_interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


@contextmanager
def _sigterm_interrupts() -> Iterator[None]:
    """SIGTERM (e.g. from a process manager) stops the run like Ctrl-C."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _raise_interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


Listener = Callable[[str, str, float], None]


def _last_duration(job: Job, root: Path) -> float:
    """Seconds the notebook took last time (unknown: first), so the longest start first.

    Kept outside the manifests, which must not vary from one identical build to the next.
    """
    try:
        return float((build_dir(root) / ".timings" / job.stem).read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return float("inf")


Waiting = Callable[[str], None]


@contextmanager
def build_lock(build: Path, *, shared: bool = False,
               on_wait: Waiting | None = None) -> Iterator[None]:
    """Hold the build folder: exclusively to check, run and assemble (``dps run``), shared to
    read it (``dps run --check``). Another holder is waited for, never overtaken, so no run
    reports on, or assembles from, outputs another is replacing; ``on_wait`` is told once,
    with the process that held the build last (the one ``dps run`` that writes its number).
    """
    build.mkdir(parents=True, exist_ok=True)
    mode = fcntl.LOCK_SH if shared else fcntl.LOCK_EX
    with open(build / ".lock", "a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, mode | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            if on_wait is not None:
                on_wait(handle.read().strip() or "unknown")
            fcntl.flock(handle, mode)  # Ctrl-C interrupts the wait
        if not shared:
            handle.seek(0)
            handle.truncate()
            handle.write(str(os.getpid()))
            handle.flush()
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def reasons(jobs: list[Job], root: Path, force: bool = False) -> dict[str, list[str]]:
    """``{stem: why it must run}`` for every job; an empty list means up to date."""
    return {job.stem: ["--force"] if force else problems(job, root) for job in jobs}


def run(
    jobs: list[Job],
    root: Path,
    *,
    workers: int | None = None,
    force: bool = False,
    listener: Listener | None = None,
    before: Callable[[dict[str, list[str]]], None] | None = None,
    after: Callable[[list[Outcome]], None] | None = None,
    on_wait: Waiting | None = None,
) -> list[Outcome]:
    """Execute the stale jobs in parallel; report each state change to ``listener``.

    The build lock is held from the up-to-date check to the end of ``after`` (what the
    caller writes from the outputs, e.g. ``build/values.json``): when another run holds the
    build, this one waits for it (see :func:`build_lock`), then checks. ``before`` (the check
    of the inputs, given :func:`reasons`) runs, when something is stale, while the worker
    processes start and import what they need, and before any kernel: if it raises, the
    workers are stopped and nothing runs. Interrupted (Ctrl-C, SIGTERM), it stops every
    worker and kernel, clears the staging folder and raises :class:`Interrupted`; the
    notebooks not finished keep their previous outputs.
    """
    with build_lock(build_dir(root), on_wait=on_wait):
        outcomes = _run_stale(jobs, root, reasons(jobs, root, force), workers=workers,
                              listener=listener, before=before)
        if after is not None:
            after(outcomes)
    return outcomes


def _run_stale(
    jobs: list[Job],
    root: Path,
    why: dict[str, list[str]],
    *,
    workers: int | None,
    listener: Listener | None,
    before: Callable[[dict[str, list[str]]], None] | None,
) -> list[Outcome]:
    """:func:`run` once the build lock is held."""
    notify = listener or (lambda stem, state, seconds: None)
    outcomes: dict[str, Outcome] = {}
    stale = []
    for job in jobs:
        if not why[job.stem]:
            outcomes[job.stem] = Outcome(job.stem, "cached")
            notify(job.stem, "cached", 0.0)
        else:
            stale.append(job)
            notify(job.stem, "queued", 0.0)
    build = build_dir(root)
    clear_leftovers(build)
    if not stale:
        return [outcomes[job.stem] for job in jobs]
    stale.sort(key=lambda job: -_last_duration(job, root))
    count = max(1, min(len(stale), workers or os.cpu_count() or 1))
    with _sigterm_interrupts():
        pool = ProcessPoolExecutor(count, mp_context=get_context("spawn"),
                                   initializer=_worker_init, initargs=(os.getpid(),))
        try:
            for _ in range(count):
                pool.submit(os.getpid)  # each submission starts one worker
            if before is not None:
                try:
                    before(why)
                except Exception:
                    pool.shutdown(wait=True, cancel_futures=True)
                    raise
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
        except KeyboardInterrupt:
            signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not cut this
            try:
                stopped = stop_all()
                pool.shutdown(wait=False, cancel_futures=True)
                clear_leftovers(build)
            finally:
                signal.signal(signal.SIGINT, signal.default_int_handler)
            done = sorted(o.stem for o in outcomes.values() if o.status == "executed")
            finished = f"finished before the stop: {', '.join(done)}" if done else "none finished"
            raise Interrupted(
                f"interrupted: {stopped} worker and kernel process(es) stopped; notebooks "
                f"{finished}; the others keep their previous outputs") from None
        pool.shutdown(wait=True)
    return [outcomes[job.stem] for job in jobs]
