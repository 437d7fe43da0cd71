"""Theme counts over coded excerpts, the theme tree, and cross-study triangulation.

Works on the tidy segment table (:mod:`coding.segments`) and a codebook whose dotted codes encode
the tree (``limits.organisational.conflicts`` is a child of ``limits.organisational``). A
node's count is the number of *distinct excerpts* coded with it or with any code below it,
so an excerpt coded twice in one branch counts once for that branch.
"""

from __future__ import annotations

import pandas as pd

from ..errors import DataError, Problem

STATUSES = ("both", "only_a", "only_b", "neither")


def family(code: str) -> str:
    """Top-level theme of a code (``practices``, ``limits`` or ``levers``)."""
    return code.split(".", 1)[0]


def lineage(code: str) -> list[str]:
    """The code and all its ancestors, root first."""
    parts = code.split(".")
    return [".".join(parts[: i + 1]) for i in range(len(parts))]


def check_tree(codebook: pd.DataFrame, where: str = "codebook") -> None:
    """Refuse a codebook whose parents do not match the dotted codes or are missing."""
    codes = set(codebook["code"])
    problems = []
    for line, (code, parent) in enumerate(zip(codebook["code"], codebook["parent"],
                                              strict=True), start=2):
        expected = code.rsplit(".", 1)[0] if "." in code else None
        actual = None if pd.isna(parent) else parent
        if actual != expected:
            problems.append(Problem(where, "parent does not match the dotted code", line=line,
                                    field="parent", value=actual,
                                    expected=repr(expected) if expected else "empty"))
        elif expected is not None and expected not in codes:
            problems.append(Problem(where, "parent code is not in the codebook", line=line,
                                    field="parent", value=expected))
    if problems:
        raise DataError(problems)


def tree(codebook: pd.DataFrame) -> pd.DataFrame:
    """Codebook with depth (0 for the three roots), family and whether the node is a leaf."""
    check_tree(codebook)
    out = codebook[["code", "parent", "label_fr", "origin"]].copy()
    out["depth"] = out["code"].str.count(r"\.")
    out["family"] = out["code"].map(family)
    parents = set(out["parent"].dropna())
    out["is_leaf"] = ~out["code"].isin(parents)
    return out.reset_index(drop=True)


def cut(codebook: pd.DataFrame, depth: int) -> list[str]:
    """Nodes of a horizontal cut of the tree: those at ``depth`` and shallower leaves.

    Counting at these nodes (descendants included) covers every coded excerpt once per
    branch, at a level of detail a table or heatmap can show.
    """
    nodes = tree(codebook)
    keep = (nodes["depth"] == depth) | ((nodes["depth"] < depth) & nodes["is_leaf"])
    return list(nodes.loc[keep, "code"])


def coded(segments: pd.DataFrame, codebook: pd.DataFrame) -> pd.DataFrame:
    """Segments that carry a codebook code; a code unknown to the codebook is an error.

    Rows whose QDA code mapped to no codebook code (empty ``code``) are left out here; the
    caller reports how many.
    """
    rows = segments[segments["code"].notna() & (segments["code"] != "")]
    unknown = sorted(set(rows["code"]) - set(codebook["code"]))
    if unknown:
        raise DataError([Problem("segments", "theme code not in the codebook", field="code",
                                 value=c, expected="a code of data/interviews/codebook.csv")
                         for c in unknown])
    return rows


def with_ancestors(segments: pd.DataFrame, keep: list[str] | None = None) -> pd.DataFrame:
    """One row per excerpt × node, each coded excerpt reaching every ancestor of its codes.

    ``keep`` limits the columns carried along (besides ``excerpt_id``, ``code`` and ``node``),
    which matters for large coding projects; by default every column is kept.
    """
    if keep is not None:
        segments = segments[list(dict.fromkeys(["excerpt_id", "code", *keep]))]
    lineages = {c: lineage(c) for c in segments["code"].unique()}
    out = segments.assign(node=segments["code"].map(lineages)).explode("node")
    return out.drop_duplicates(["excerpt_id", "node"]).reset_index(drop=True)


def node_counts(segments: pd.DataFrame, codebook: pd.DataFrame) -> pd.DataFrame:
    """Per codebook node: excerpts coded exactly there, and with it or any descendant."""
    rows = coded(segments, codebook)
    nodes = tree(codebook)
    direct = rows.drop_duplicates(["excerpt_id", "code"]).groupby("code").size()
    total = with_ancestors(rows, keep=[]).groupby("node").size()
    nodes["n_direct"] = nodes["code"].map(direct).fillna(0).astype(int)
    nodes["n_total"] = nodes["code"].map(total).fillna(0).astype(int)
    return nodes


def counts_by(
    segments: pd.DataFrame, codebook: pd.DataFrame, by: str, nodes: list[str] | None = None
) -> pd.DataFrame:
    """Excerpts per node (descendants included) and per value of column ``by``.

    Rows are ``nodes`` in the given order (default: every codebook node), columns the values
    of ``by``; every cell is present, zeros included, so a heatmap shows absences too.
    """
    rows = with_ancestors(coded(segments, codebook), keep=[by])
    order = list(nodes) if nodes is not None else list(codebook["code"])
    unknown = sorted(set(order) - set(codebook["code"]))
    if unknown:
        raise KeyError(f"not codebook codes: {', '.join(unknown)}")
    table = pd.crosstab(rows["node"], rows[by].astype(str))
    columns = sorted(segments[by].dropna().astype(str).unique())
    return table.reindex(index=order, columns=columns, fill_value=0).rename_axis(
        index="code", columns=by)


def triangulate(
    segments: pd.DataFrame,
    codebook: pd.DataFrame,
    a: str,
    b: str,
    by: str = "source_id",
    families: tuple[str, ...] = ("limits", "levers"),
    described_by: str | None = "source_id",
) -> pd.DataFrame:
    """Which themes each of two groups (two studies, by default) brings up.

    A group finds a theme when some of its excerpts are coded with it or below it, or when
    the codebook says the theme is defined by that group's text (column ``described_by``):
    the policy paper describes several themes without quoting anyone, and a count of
    published quotations alone would wrongly say it missed them. ``status`` is ``both``,
    ``only_a``, ``only_b`` or ``neither``; ``n_a`` / ``n_b`` are the excerpt counts.
    """
    present = set(segments[by].dropna().astype(str))
    missing = [g for g in (a, b) if g not in present]
    if missing:
        raise KeyError(f"no excerpts with {by} = {', '.join(missing)}")
    table = counts_by(segments, codebook, by)
    nodes = tree(codebook)
    defined_by = (codebook.set_index("code")[described_by] if described_by
                  else pd.Series(dtype="string"))
    nodes = nodes[nodes["family"].isin(families)].copy()
    for side, group in (("a", a), ("b", b)):
        nodes[f"n_{side}"] = nodes["code"].map(table[group]).astype(int)
        nodes[f"described_{side}"] = nodes["code"].map(defined_by).eq(group).to_numpy()
        nodes[f"found_{side}"] = (nodes[f"n_{side}"] > 0) | nodes[f"described_{side}"]
    found_a, found_b = nodes["found_a"], nodes["found_b"]
    nodes["status"] = "neither"
    nodes.loc[found_a & found_b, "status"] = "both"
    nodes.loc[found_a & ~found_b, "status"] = "only_a"
    nodes.loc[~found_a & found_b, "status"] = "only_b"
    return nodes.reset_index(drop=True)


def status_summary(triangulation: pd.DataFrame, leaves_only: bool = True) -> pd.Series:
    """Number of themes per triangulation status (by default counting leaves, not branches)."""
    rows = triangulation[triangulation["is_leaf"]] if leaves_only else triangulation
    return rows["status"].value_counts().reindex(list(STATUSES), fill_value=0)


def tree_layout(nodes: pd.DataFrame) -> pd.DataFrame:
    """Positions for drawing the tree as an outline: x = depth, one row per node.

    Rows follow a depth-first reading (a parent, then its whole branch) so that no label can
    overlap another; the three families are separated by half a row. ``nodes`` is the
    output of :func:`tree` or :func:`node_counts`; sibling order is the codebook's.
    """
    children: dict[str, list[str]] = {}
    for code, parent in zip(nodes["code"], nodes["parent"], strict=True):
        if pd.notna(parent):
            children.setdefault(parent, []).append(code)
    y: dict[str, float] = {}
    row = 0.0
    for root in nodes.loc[nodes["parent"].isna(), "code"]:
        stack = [root]
        while stack:
            code = stack.pop()
            y[code] = row
            row += 1
            stack.extend(reversed(children.get(code, [])))
        row += 0.5
    out = nodes.copy()
    out["x"] = out["code"].str.count(r"\.")
    out["y"] = out["code"].map(y)
    return out
