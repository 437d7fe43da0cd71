"""Benchmark of respondent-level aggregation (issue 4). A measurement, not a test.

Usage (from the project root)::

    .venv/bin/python bench/bench_survey_aggregation.py [--respondents 1000000]
        [--questions 50] [--repeat 3] [--csv]

It builds a synthetic national panel in memory (two waves, three populations, lognormal
weights, 45 favourability items and 5 items of a two-answer question, about 10 % of cells
not asked), then times ``survey.io.aggregate_respondents`` — validation included — and
measures its peak memory in a separate run (``tracemalloc`` slows the code it watches). With
``--csv`` it also writes the panel to a temporary CSV file and times ``read_survey`` end to end
(parsing included) and its peak allocation. The issue's targets are under 5 s and under
2 GB on a 2-core machine.
"""

from __future__ import annotations

import argparse
import gc
import platform
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np
import pandas as pd

from digital_public_services.survey import io as survey_io

MULTIPLE = 5  # items of the two-answer question main_obstacles


def synthetic_panel(respondents: int, questions: int, seed: int = 2024) -> pd.DataFrame:
    """A synthetic respondent-level file in the layout ``survey.io`` documents."""
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame({
        "wave": pd.Categorical(rng.choice(["2022", "2024"], respondents)),
        "population": pd.Categorical(
            rng.choice(["communes", "departements", "grand_public"], respondents,
                       p=[0.1, 0.02, 0.88])),
        "weight": rng.lognormal(0.0, 0.5, respondents),
    })
    answers = {}
    for k in range(questions - MULTIPLE):
        x = (rng.random(respondents, dtype=np.float32) < rng.uniform(0.3, 0.9)).astype(
            np.float32)
        x[rng.random(respondents, dtype=np.float32) < 0.1] = np.nan
        answers[f"favourability__synthetic_item_{k:02d}"] = x
    cited = np.zeros((respondents, MULTIPLE), dtype=np.float32)
    for _ in range(2):  # each respondent cites up to two distinct obstacles
        pick = rng.integers(0, MULTIPLE, respondents)
        cited[np.arange(respondents), pick] = 1
        del pick
    for k in range(MULTIPLE):
        answers[f"main_obstacles__synthetic_obstacle_{k}"] = cited[:, k]
    del cited
    return pd.concat([frame, pd.DataFrame(answers)], axis=1)


def timed(function, repeat: int) -> list[float]:
    seconds = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        function()
        seconds.append(time.perf_counter() - start)
    return seconds


def peak_bytes(function) -> int:
    gc.collect()
    tracemalloc.start()
    function()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def summary(name: str, seconds: list[float]) -> str:
    return (f"{name:<34} median {statistics.median(seconds):6.2f} s   "
            f"(min {min(seconds):.2f}, max {max(seconds):.2f}, n={len(seconds)})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--respondents", type=int, default=1_000_000)
    parser.add_argument("--questions", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--csv", action="store_true", help="also time read_survey on a CSV")
    args = parser.parse_args(argv)

    print(f"python {platform.python_version()}, numpy {np.__version__}, pandas "
          f"{pd.__version__}, {platform.machine()}")
    start = time.perf_counter()
    panel = synthetic_panel(args.respondents, args.questions)
    print(f"synthetic panel: {len(panel):,} respondents x {args.questions} answer columns, "
          f"{panel.memory_usage(deep=True).sum() / 2**20:,.0f} MiB in memory, built in "
          f"{time.perf_counter() - start:.1f} s")
    label = Path("synthetic_panel.csv")

    def aggregate():
        return survey_io.aggregate_respondents(panel, label)

    table = aggregate()
    print(f"tidy rows produced: {len(table)}")
    print(summary("aggregation (validation included)", timed(aggregate, args.repeat)))
    peak = peak_bytes(aggregate)
    print(f"{'aggregation peak allocation':<34} {peak / 2**20:8.0f} MiB (tracemalloc, beyond "
          "the panel itself)")

    if args.csv:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "synthetic_panel.csv"
            start = time.perf_counter()
            panel.to_csv(path, index=False, float_format="%.6g")
            print(f"CSV written: {path.stat().st_size / 2**20:,.0f} MiB in "
                  f"{time.perf_counter() - start:.1f} s")
            print(summary("read_survey on the CSV (end to end)",
                          timed(lambda: survey_io.read_survey(path), args.repeat)))
            peak = peak_bytes(lambda: survey_io.read_survey(path))
            print(f"{'read_survey peak allocation':<34} {peak / 2**20:8.0f} MiB (tracemalloc)")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**10  # KiB on Linux
    print(f"{'process peak resident memory':<34} {rss:8.0f} MiB (panel and CSV included)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
