"""Benchmark of the REFI-QDA import and theme counting (issue 5). A measurement, not a test.

Usage (from the project root)::

    .venv/bin/python bench/bench_qdpx.py [--segments 100000] [--codes 500]
        [--documents 200] [--repeat 3]

It writes a synthetic coding project to a temporary ``.qdpx`` (a code tree of ``--codes``
codes, ``--documents`` synthetic transcripts stored as archive members, one coded selection
per segment, a sector variable on each document), then times, separately:

* ``coding.qdpx.import_coding`` — archive checks, safe XML parsing, slicing of the selected text,
  mapping of every code to a synthetic codebook by its label;
* the counting of the interview notebook — ``coding.themes.node_counts`` and
  ``coding.themes.counts_by`` (by document sector) on the imported table.

Peak memory is measured in a separate run under ``tracemalloc`` (which slows the code it
watches); the process's maximum resident size is also reported. The issue's target is under
10 s for import and counting together.
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
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import numpy as np
import pandas as pd

from digital_public_services.coding import qdpx
from digital_public_services.coding import themes as coding

NS = "urn:QDA-XML:project:1.0"
SECTORS = ["santé", "formation professionnelle", "handicap"]
WORDS = ["usager", "agent", "numérique", "outil", "service", "territoire", "besoin", "donnée",
         "élu", "projet", "formation", "santé", "réseau", "délai", "culture", "indicateur"]


def synthetic_codebook(n_codes: int, fanout: int = 8) -> pd.DataFrame:
    """A balanced code tree of ``n_codes`` dotted codes (breadth first, ``fanout`` children)."""
    codes, parents = ["synthetic_0"], [None]
    queue = ["synthetic_0"]
    while len(codes) < n_codes:
        parent = queue.pop(0)
        for k in range(fanout):
            if len(codes) == n_codes:
                break
            code = f"{parent}.c{k}"
            codes.append(code)
            parents.append(parent)
            queue.append(code)
    return pd.DataFrame({"code": codes, "parent": parents,
                         "label_fr": [f"Synthetic theme {i:04d}" for i in range(n_codes)],
                         "origin": "project", "source_id": "synthetic"})


def _codes_xml(book: pd.DataFrame) -> str:
    children: dict[str | None, list[int]] = {}
    for i, parent in enumerate(book["parent"]):
        children.setdefault(parent, []).append(i)

    def element(i: int) -> str:
        inner = "".join(element(j) for j in children.get(book["code"][i], []))
        return (f'<Code guid="code-{i:05d}" name="{book["label_fr"][i]}" '
                f'isCodable="true">{inner}</Code>')

    return "".join(element(i) for i in children[None])


def write_synthetic_project(path: Path, book: pd.DataFrame, n_segments: int,
                            n_documents: int, seed: int = 2024) -> None:
    """A .qdpx with ``n_segments`` coded selections spread over ``n_documents`` members."""
    rng = np.random.default_rng(seed)
    per_doc = np.bincount(rng.integers(0, n_documents, n_segments), minlength=n_documents)
    code_of = rng.integers(0, len(book), n_segments)
    sources, members, seg = [], {}, 0
    for d in range(n_documents):
        text = " ".join(rng.choice(WORDS, 12_000))
        members[f"sources/doc-{d:04d}.txt"] = text.encode("utf-8")
        starts = rng.integers(0, len(text) - 400, per_doc[d])
        lengths = rng.integers(40, 400, per_doc[d])
        selections = []
        for start, length in zip(starts, lengths, strict=True):
            selections.append(
                f'<PlainTextSelection guid="sel-{seg:07d}" startPosition="{start}" '
                f'endPosition="{start + length}"><Coding guid="cod-{seg:07d}">'
                f'<CodeRef targetGUID="code-{code_of[seg]:05d}"/></Coding>'
                f"</PlainTextSelection>")
            seg += 1
        sector = escape(SECTORS[d % len(SECTORS)])
        sources.append(
            f'<TextSource guid="doc-{d:04d}" name="Synthetic interview {d:04d}" '
            f'plainTextPath="internal://doc-{d:04d}.txt"><VariableValue>'
            f'<VariableRef targetGUID="var-sector"/><TextValue>{sector}</TextValue>'
            f'</VariableValue>{"".join(selections)}</TextSource>')
    project = (f'<?xml version="1.0" encoding="utf-8"?><Project xmlns="{NS}" '
               f'name="Synthetic benchmark project"><CodeBook><Codes>{_codes_xml(book)}'
               f'</Codes></CodeBook><Variables><Variable guid="var-sector" name="Secteur" '
               f'typeOfVariable="Text"/></Variables><Sources>{"".join(sources)}</Sources>'
               f"</Project>")
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("project.qde", project.encode("utf-8"))
        for name, data in members.items():
            zf.writestr(name, data)


def run_import(path: Path, book: pd.DataFrame) -> pd.DataFrame:
    table, summary = qdpx.import_coding(path, book)
    assert not summary["unmapped_codes"], "synthetic codes should all map by label"
    return table


def run_counts(table: pd.DataFrame, book: pd.DataFrame) -> None:
    coding.node_counts(table, book)
    coding.counts_by(table, book, "sector", coding.cut(book, 2))


def timed(fn, *args) -> tuple[float, object]:
    gc.collect()
    start = time.perf_counter()
    result = fn(*args)
    return time.perf_counter() - start, result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--segments", type=int, default=100_000)
    parser.add_argument("--codes", type=int, default=500)
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    book = synthetic_codebook(args.codes)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "synthetic_project.qdpx"
        t_build, _ = timed(write_synthetic_project, path, book, args.segments, args.documents)
        with zipfile.ZipFile(path) as zf:
            xml_bytes = zf.getinfo("project.qde").file_size
        print(f"python {platform.python_version()} on {platform.machine()}, "
              f"{args.segments} coded segments, {args.codes} codes, {args.documents} "
              f"documents; .qdpx {path.stat().st_size / 2**20:.1f} MiB "
              f"(project.qde {xml_bytes / 2**20:.1f} MiB), written in {t_build:.1f} s")

        import_times, count_times = [], []
        for _ in range(args.repeat):
            t_import, table = timed(run_import, path, book)
            t_count, _ = timed(run_counts, table, book)
            import_times.append(t_import)
            count_times.append(t_count)
        print(f"rows imported: {len(table)}")
        for name, values in (("import", import_times), ("counting", count_times),
                             ("total", [a + b for a, b in zip(import_times, count_times,
                                                              strict=True)])):
            print(f"{name:>9}: median {statistics.median(values):.2f} s "
                  f"(min {min(values):.2f}, max {max(values):.2f}, n={len(values)})")

        del table
        gc.collect()
        tracemalloc.start()
        table = run_import(path, book)
        run_counts(table, book)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(f"peak Python allocation (tracemalloc, import + counting): {peak / 2**20:.0f} MiB; "
          f"max resident size of the process: {rss:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
