"""Stress run of kernel starts in parallel (issue 29). It counts failures, it asserts nothing.

Usage (from the project root)::

    .venv/bin/python bench/stress_kernels.py [--kernels 200] [--parallel 4]
        [--transports ipc,tcp] [--taken-ports 300] [--json bench/results/kernels.json]

``--parallel`` worker processes each start kernels one after the other, as ``dps run``'s
workers do, until ``--kernels`` have run a one-cell notebook through papermill, for each
transport in turn:

- ``ipc``: the runner's :class:`~digital_public_services.build.kernel.SocketFileKernelManager`;
- ``tcp``: nbclient's default manager, which picks five free TCP ports per kernel, releases
  them, and lets the kernel bind them a moment later (papermill #511).

Meanwhile, as other programs on a busy machine do, this process keeps ``--taken-ports``
loopback ports bound, each released and bound anew (the system picks a free port) every
0.2 s: a port that a TCP kernel was given but has not bound yet can be taken, as in the
issue's failure (« Kernel died before replying to kernel_info », « Address already in use »).
``--taken-ports 0`` leaves only the kernels' own competition. It prints, per transport, the
kernels started, those that failed and the first line of each distinct error.
"""

from __future__ import annotations

import argparse
import os
import platform
import socket
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime
from multiprocessing import get_context
from pathlib import Path

import nbformat
from bench_runner import write_json

CELL = "print(sum(range(10)))"


def quiet_worker() -> None:
    """Send the worker's standard error, which its kernels inherit, to nowhere: a kernel that
    dies prints its traceback there; each failure is counted from papermill's exception."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    os.close(devnull)


def run_kernels(transport: str, count: int, folder: str) -> list[str]:
    """Run ``count`` one-cell notebooks, one kernel each; the error of each failure."""
    import papermill
    from jupyter_client.manager import AsyncKernelManager

    from digital_public_services.build.kernel import SocketFileKernelManager

    manager = SocketFileKernelManager if transport == "ipc" else AsyncKernelManager
    source = Path(folder) / "one-cell.ipynb"
    errors = []
    for number in range(count):
        target = Path(folder) / f"out-{os.getpid()}-{number}.ipynb"
        try:
            papermill.execute_notebook(
                str(source), str(target), kernel_name="python3", progress_bar=False,
                log_output=False, shutdown_kernel="immediate", kernel_manager_class=manager)
        except Exception as exc:  # noqa: BLE001 - every failure is counted
            errors.append(f"{type(exc).__name__}: {str(exc).splitlines()[0][:160]}")
    return errors


def take_ports(count: int, stop: threading.Event) -> None:
    """Hold ``count`` loopback ports, each released and bound anew every 0.2 s."""
    held: list[socket.socket] = []
    while not stop.is_set():
        while len(held) < count:
            sock = socket.socket()
            sock.bind(("127.0.0.1", 0))
            held.append(sock)
        time.sleep(0.2)
        for sock in held[: max(1, count // 2)]:
            sock.close()
        held = held[max(1, count // 2):]
    for sock in held:
        sock.close()


def stress(transport: str, kernels: int, parallel: int, taken: int, folder: str) -> dict:
    stop = threading.Event()
    taker = threading.Thread(target=take_ports, args=(taken, stop), daemon=True)
    if taken:
        taker.start()
    shares = [kernels // parallel + (i < kernels % parallel) for i in range(parallel)]
    start = time.perf_counter()
    with ProcessPoolExecutor(parallel, mp_context=get_context("spawn"),
                             initializer=quiet_worker) as pool:
        errors = [e for found in pool.map(run_kernels, [transport] * parallel, shares,
                                          [folder] * parallel) for e in found]
    seconds = time.perf_counter() - start
    stop.set()
    if taken:
        taker.join()
    return {"kernels": kernels, "failed": len(errors), "seconds": seconds,
            "errors": dict(Counter(errors))}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kernels", type=int, default=200, help="kernels per transport")
    parser.add_argument("--parallel", type=int, default=4, help="worker processes")
    parser.add_argument("--transports", default="ipc,tcp")
    parser.add_argument("--taken-ports", type=int, default=300,
                        help="loopback ports kept bound and rebound meanwhile (0: none)")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args(argv)
    result: dict = {"date": datetime.now(UTC).isoformat(timespec="seconds"),
                    "machine": {"cores": os.cpu_count(), "python": platform.python_version(),
                                "platform": platform.platform()},
                    "parallel": args.parallel, "taken_ports": args.taken_ports, "runs": {}}
    with tempfile.TemporaryDirectory(prefix="dps-kernel-stress-") as folder:
        nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(CELL)]),
                       Path(folder) / "one-cell.ipynb")
        for transport in args.transports.split(","):
            load = os.getloadavg()[0]
            found = stress(transport, args.kernels, args.parallel, args.taken_ports, folder)
            found["load_before"] = load
            result["runs"][transport] = found
            print(f"{transport}: {found['failed']} of {found['kernels']} kernels failed "
                  f"({args.parallel} in parallel, {args.taken_ports} loopback ports taken "
                  f"and rebound meanwhile; {found['seconds']:.0f} s, load {load:.1f})",
                  flush=True)
            for error, times in found["errors"].items():
                print(f"  {times} x {error}")
    if args.json:
        write_json(args.json, result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
