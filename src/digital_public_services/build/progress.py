"""Progress display for notebook runs: a live table on a terminal, plain lines elsewhere."""

from __future__ import annotations

import time

from rich.console import Console
from rich.live import Live
from rich.table import Table

STYLES = {"queued": "dim", "running": "yellow", "cached": "cyan", "executed": "green",
          "failed": "bold red"}


class Progress:
    """Receives ``(stem, state, seconds)`` events from the runner."""

    def __init__(self, stems: list[str], console: Console | None = None):
        self.console = console or Console(stderr=True)
        self.states = {stem: ("queued", 0.0) for stem in stems}
        self.started: dict[str, float] = {}
        self.live: Live | None = None

    def __enter__(self) -> Progress:
        if self.console.is_terminal:
            self.live = Live(self._table(), console=self.console, refresh_per_second=4,
                             get_renderable=self._table)
            self.live.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        if self.live is not None:
            self.live.__exit__(*exc)

    def __call__(self, stem: str, state: str, seconds: float) -> None:
        if state == "running":
            self.started[stem] = time.perf_counter()
        self.states[stem] = (state, seconds)
        if self.live is None and state != "queued":
            timing = f" in {seconds:.1f} s" if state in {"executed", "failed"} else ""
            self.console.print(f"  {stem:<18} {state}{timing}", highlight=False)

    def _table(self) -> Table:
        table = Table(title="Notebooks", expand=False)
        table.add_column("notebook")
        table.add_column("state")
        table.add_column("time", justify="right")
        for stem, (state, seconds) in self.states.items():
            if state == "running":
                seconds = time.perf_counter() - self.started.get(stem, time.perf_counter())
            shown = f"{seconds:.1f} s" if state in {"running", "executed", "failed"} else ""
            table.add_row(stem, f"[{STYLES[state]}]{state}[/]", shown)
        return table
