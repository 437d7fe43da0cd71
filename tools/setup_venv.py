"""Set up ``.venv`` from ``requirements.lock``: with uv when it can be had, else with pip.

``make paper`` and ``make test`` run this script with the machine's Python, so it uses the
standard library only. uv installs the ~170 pinned packages in seconds where pip spends about
100 s resolving and unpacking them (README « Setting up: uv, else pip »). In order:

1. uv: the one on the ``PATH``, else :data:`UV_REQUIREMENT` installed from PyPI with pip into
   ``.uv/<version>/`` (a git-ignored folder of the project), else none;
2. with uv: a new ``uv venv`` on this Python (never a downloaded one), ``uv pip sync
   requirements.lock`` (exactly the lock), the package as an editable install without
   dependencies (the lock has them), and the Jupyter kernel ``python3`` of the environment;
3. when uv cannot be had, or one of its steps fails, one line says so and the same steps run
   with ``python -m venv`` and pip: the setup never fails for want of uv.

Bytecode: uv compiles it at install only where Python may not write it at run time
(``PYTHONDONTWRITEBYTECODE`` set). Otherwise the first ``dps run`` writes the ``.pyc`` of what it
imports and measured no slower than the run after it, while compiling every installed module
costs 21 to 29 s; with the variable set, every run would compile its imports again and took
2 to 3 times as long (README « Setting up: uv, else pip »). pip compiles always.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

UV_REQUIREMENT = "uv==0.13.9"
BOOTSTRAP_TIMEOUT = 300  # seconds for pip to fetch uv; past that, the pip route
KERNEL = ["-m", "ipykernel", "install", "--sys-prefix", "--name", "python3"]


class StepFailed(Exception):
    """A command of the setup exited with an error; the message names it."""


def run(command: list[str], timeout: float | None = None) -> None:
    """Run one step, its errors shown (not its chatter); a non-zero exit, or a command that
    cannot start, raises :class:`StepFailed`."""
    try:
        done = subprocess.run(command, timeout=timeout, stdout=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired) as err:
        raise StepFailed(f"`{' '.join(command)}`: {err}") from err
    if done.returncode != 0:
        raise StepFailed(f"`{' '.join(command)}` exited with status {done.returncode}")


def bootstrap_dir(root: Path, requirement: str = UV_REQUIREMENT) -> Path:
    return root / ".uv" / requirement.split("==")[-1]


def bootstrap_uv(root: Path, requirement: str = UV_REQUIREMENT) -> str | None:
    """uv installed from PyPI with this Python's pip into the project, or None if it fails."""
    target = bootstrap_dir(root, requirement)
    uv = target / "bin" / "uv"
    if not uv.is_file():
        print(f"==> uv is not on the PATH: installing {requirement} into "
              f"{target.relative_to(root)}/ with pip", file=sys.stderr, flush=True)
        try:
            run([sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                 "--no-warn-script-location", "--target", str(target), requirement],
                timeout=BOOTSTRAP_TIMEOUT)
        except StepFailed:
            shutil.rmtree(target, ignore_errors=True)
            return None
    return str(uv) if uv.is_file() else None


def find_uv(root: Path, path: str | None, requirement: str = UV_REQUIREMENT) -> str | None:
    """The uv on ``path``, else one installed with pip (see :func:`bootstrap_uv`)."""
    return shutil.which("uv", path=path) or bootstrap_uv(root, requirement)


def venv_python(venv: Path) -> str:
    return str(venv / "bin" / "python")


def compile_bytecode(env: dict[str, str]) -> bool:
    """Whether to compile at install: only when run-time imports cannot write ``.pyc``."""
    return bool(env.get("PYTHONDONTWRITEBYTECODE"))


def with_uv(uv: str, venv: Path, lock: Path, root: Path) -> None:
    python = venv_python(venv)
    run([uv, "venv", "--quiet", "--no-python-downloads", "--python", sys.executable,
         str(venv)])
    compiled = ["--compile-bytecode"] if compile_bytecode(dict(os.environ)) else []
    run([uv, "pip", "sync", "--quiet", *compiled, "--python", python, str(lock)])
    run([uv, "pip", "install", "--quiet", "--python", python, "--no-deps", "-e", str(root)])
    run([python, *KERNEL])


def with_pip(venv: Path, lock: Path, root: Path) -> None:
    python = venv_python(venv)
    run([sys.executable, "-m", "venv", str(venv)])
    run([python, "-m", "pip", "install", "--quiet", "-r", str(lock)])
    run([python, "-m", "pip", "install", "--quiet", "--no-deps", "-e", str(root)])
    run([python, *KERNEL])


def setup(root: Path, venv: Path, lock: Path, path: str | None,
          requirement: str = UV_REQUIREMENT) -> str:
    """Make ``venv`` anew from ``lock``; return the installer that did it (``uv`` or ``pip``)."""
    shutil.rmtree(venv, ignore_errors=True)
    uv = find_uv(root, path, requirement)
    if uv is not None:
        print(f"==> Creating {venv.name} with uv ({uv}) from {lock.name}", flush=True)
        try:
            with_uv(uv, venv, lock, root)
            return "uv"
        except StepFailed as err:
            why = f"uv failed ({err})"
    else:
        why = f"uv is not on the PATH and `pip install {requirement}` failed"
    print(f"note: {why}; setting up {venv.name} with pip instead (slower)", flush=True)
    shutil.rmtree(venv, ignore_errors=True)
    with_pip(venv, lock, root)
    return "pip"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--venv", type=Path, default=Path(".venv"))
    parser.add_argument("--lock", type=Path, default=Path("requirements.lock"))
    parser.add_argument("--print-uv", action="store_true",
                        help="print the uv to use (installing it if need be) and stop: "
                        "`make lock` writes the lock with it")
    args = parser.parse_args(argv)
    root = Path.cwd()
    if args.print_uv:
        uv = find_uv(root, os.environ.get("PATH"))
        if uv is None:
            print(f"error: uv is not on the PATH and `pip install {UV_REQUIREMENT}` failed",
                  file=sys.stderr)
            return 1
        print(uv)
        return 0
    try:
        setup(root, root / args.venv, root / args.lock, os.environ.get("PATH"))
    except StepFailed as err:
        print(f"error: could not set up {args.venv}: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
