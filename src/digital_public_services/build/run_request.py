"""What the last ``dps run`` or ``dps paper`` asked for, and a note when Quarto renders else.

The parameters of a run come from one place, :func:`build.params.load_layered` plus the command
line's overrides: the parameters file, the active profile's file over it (``--profile`` or
Quarto's ``QUARTO_PROFILE``), then ``--survey``/``--set`` (given directly, or through
``DPS_RUN_ARGS`` to the pre-render step). ``dps paper`` hands its own options to the render
it starts, so that render sees exactly its parameters and finds the notebooks in the cache.

A plain ``quarto render`` afterwards uses the parameters file and its profile only. So each
``dps run``/``dps paper`` started outside Quarto records its request in
``build/run-request.json``, and the pre-render step compares its own parameters with it: when
they differ, it prints one line saying which inputs it renders and how to render the others.
"""

from __future__ import annotations

import json
import shlex
from collections.abc import Mapping
from pathlib import Path

RECORD = "run-request.json"
RUN_ARGS_ENV = "DPS_RUN_ARGS"


def under_quarto(env: Mapping[str, str]) -> bool:
    """Whether this process is a pre-render step of ``quarto render`` (Quarto sets this)."""
    return bool(env.get("QUARTO_PROJECT_OUTPUT_DIR"))


def _plain(table: dict[str, dict]) -> dict[str, dict]:
    """The parameters as JSON has them, so that a record and a plan compare equal."""
    return json.loads(json.dumps(table, sort_keys=True, default=str))


def save(build: Path, command: str, run_args: list[str], table: dict[str, dict]) -> None:
    """Record the request of ``command`` (``dps paper``), its options and its parameters."""
    build.mkdir(parents=True, exist_ok=True)
    record = {"command": command, "run_args": run_args, "parameters": _plain(table)}
    (build / RECORD).write_text(json.dumps(record, ensure_ascii=False, indent=2,
                                           sort_keys=True) + "\n", encoding="utf-8")


def load(build: Path) -> dict | None:
    try:
        record = json.loads((build / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) and "parameters" in record else None


def differences(asked: dict[str, dict], now: dict[str, dict]) -> list[tuple[str, object, object]]:
    """``(name, value now, value asked)`` for each parameter that differs, once per name,
    over the notebooks both cover."""
    found: dict[str, tuple[str, object, object]] = {}
    now = _plain(now)
    for stem in sorted(set(asked) & set(now)):
        for name in sorted(set(asked[stem]) | set(now[stem])):
            if asked[stem].get(name) != now[stem].get(name):
                found.setdefault(name, (name, now[stem].get(name), asked[stem].get(name)))
    return list(found.values())


def _shown(pairs: list[tuple[str, object]]) -> str:
    return ", ".join(f"{name}={json.dumps(value, ensure_ascii=False)}" for name, value in pairs)


def mismatch_line(record: dict | None, table: dict[str, dict]) -> str | None:
    """One line when the pre-render step renders other inputs than the last request."""
    if not record:
        return None
    changed = differences(record["parameters"], table)
    if not changed:
        return None
    command = record.get("command", "dps paper")
    options = shlex.join(record.get("run_args", []))
    return (f"note: quarto render uses {_shown([(n, now) for n, now, _ in changed])}, not "
            f"{_shown([(n, asked) for n, _, asked in changed])} as the last `{command}` asked; "
            f"to render those: `{f'dps paper {options}'.strip()}` or "
            f"`{RUN_ARGS_ENV}={shlex.quote(options)} "
            "quarto render`, or a parameter set: `quarto render --profile NAME` with "
            "params/NAME.yml (README, « Re-run with new survey data »)")
