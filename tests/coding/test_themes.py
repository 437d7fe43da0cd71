"""Theme counts, tree and triangulation on small synthetic codebooks and segments."""

from __future__ import annotations

import pandas as pd
import pytest

from digital_public_services.coding import segments
from digital_public_services.coding import themes as coding
from digital_public_services.errors import DataError
from digital_public_services.inputs.loaders import load_codebook


def synthetic_codebook() -> pd.DataFrame:
    rows = [
        ("limits", None, "Limites", "pp"),
        ("limits.a", "limits", "A", "pp"),
        ("limits.a.x", "limits.a", "AX", "pp"),
        ("limits.a.y", "limits.a", "AY", "survey"),
        ("limits.b", "limits", "B", "pp"),
        ("levers", None, "Leviers", "pp"),
        ("levers.c", "levers", "C", "survey"),
    ]
    frame = pd.DataFrame(rows, columns=["code", "parent", "label_fr", "source_id"])
    frame["origin"] = "policy_paper"
    return frame


def synthetic_segments(rows: list[tuple[str, str, str, str]]) -> pd.DataFrame:
    """rows: (excerpt_id, code, source_id, sector)."""
    frame = pd.DataFrame(rows, columns=["excerpt_id", "code", "source_id", "sector"])
    for col in ("document", "speaker_role", "actor_type", "text"):
        frame[col] = "x"
    frame["qda_code"] = frame["code"]
    return frame[segments.COLUMNS]


SEGMENTS = synthetic_segments([
    ("e1", "limits.a.x", "pp", "santé"),
    ("e1", "limits.a.y", "pp", "santé"),   # same excerpt, same branch: counts once for a
    ("e2", "limits.a.x", "survey", "éducation"),
    ("e3", "limits.b", "pp", "santé"),
    ("e4", "levers.c", "survey", "santé"),
    ("e5", "", "survey", "santé"),         # unmapped QDA code: left out
])


def test_node_counts_count_distinct_excerpts_with_descendants():
    counts = coding.node_counts(SEGMENTS, synthetic_codebook()).set_index("code")
    assert counts.loc["limits.a", "n_total"] == 2
    assert counts.loc["limits.a", "n_direct"] == 0
    assert counts.loc["limits", "n_total"] == 3
    assert counts.loc["limits.a.x", "n_direct"] == 2
    assert counts.loc["levers", "n_total"] == 1
    assert counts.loc["limits.a", "depth"] == 1 and counts.loc["limits.a.x", "is_leaf"]


def test_counts_by_fills_zeros_and_keeps_order():
    table = coding.counts_by(SEGMENTS, synthetic_codebook(), "sector",
                             nodes=["levers", "limits.a", "limits.b"])
    assert list(table.index) == ["levers", "limits.a", "limits.b"]
    assert table.loc["limits.b", "éducation"] == 0
    assert table.loc["limits.a", "santé"] == 1 and table.loc["limits.a", "éducation"] == 1
    with pytest.raises(KeyError, match="limits.zzz"):
        coding.counts_by(SEGMENTS, synthetic_codebook(), "sector", nodes=["limits.zzz"])


def test_unknown_code_is_an_error_naming_it():
    bad = synthetic_segments([("e1", "limits.nope", "pp", "santé")])
    with pytest.raises(DataError) as err:
        coding.node_counts(bad, synthetic_codebook())
    assert err.value.first.value == "limits.nope" and err.value.first.field == "code"


def test_check_tree_refuses_parent_that_contradicts_the_code():
    book = synthetic_codebook()
    book.loc[book["code"] == "limits.a.x", "parent"] = "limits.b"
    with pytest.raises(DataError) as err:
        coding.check_tree(book)
    assert err.value.first.line == 4 and err.value.first.value == "limits.b"
    orphan = synthetic_codebook()
    orphan = orphan[orphan["code"] != "limits.a"]
    with pytest.raises(DataError, match="not in the codebook"):
        coding.check_tree(orphan)


def test_triangulation_uses_excerpts_and_described_themes():
    tri = coding.triangulate(SEGMENTS, synthetic_codebook(), "pp", "survey").set_index("code")
    assert tri.loc["limits.a.x", "status"] == "both"          # excerpts on both sides
    assert tri.loc["limits.a.y", "status"] == "both"          # pp excerpt, survey-defined
    assert tri.loc["limits.b", "status"] == "only_a"
    assert tri.loc["levers.c", "status"] == "only_b"
    plain = coding.triangulate(SEGMENTS, synthetic_codebook(), "pp", "survey",
                               described_by=None).set_index("code")
    assert plain.loc["limits.a.y", "status"] == "only_a"
    summary = coding.status_summary(plain)
    assert summary.to_dict() == {"both": 1, "only_a": 2, "only_b": 1, "neither": 0}
    with pytest.raises(KeyError, match="nobody"):
        coding.triangulate(SEGMENTS, synthetic_codebook(), "pp", "nobody")


def test_tree_layout_is_an_outline_in_reading_order():
    layout = coding.tree_layout(coding.tree(synthetic_codebook())).set_index("code")
    order = ["limits", "limits.a", "limits.a.x", "limits.a.y", "limits.b", "levers",
             "levers.c"]
    assert list(layout["y"].sort_values().index) == order
    assert layout["y"].is_unique
    assert layout.loc["levers", "y"] - layout.loc["limits.b", "y"] == 1.5  # family gap
    assert layout.loc["limits.a.x", "x"] == 2 and layout.loc["levers", "x"] == 0


def test_shipped_family_totals_match_an_independent_count():
    """Each family's total equals the distinct excerpts having any code in that family."""
    table = segments.shipped()
    counts = coding.node_counts(table, load_codebook()).set_index("code")
    for family in ("practices", "limits", "levers"):
        expected = table.loc[table["code"].str.split(".").str[0] == family,
                             "excerpt_id"].nunique()
        assert counts.loc[family, "n_total"] == expected


def test_cut_covers_each_branch_once():
    assert coding.cut(synthetic_codebook(), 1) == ["limits.a", "limits.b", "levers.c"]
    assert coding.cut(synthetic_codebook(), 2) == ["limits.a.x", "limits.a.y", "limits.b",
                                                   "levers.c"]
