"""Build-level products: merged values, the previous build kept for comparison, Quarto YAML."""

from __future__ import annotations

import json
import os

import pytest
import yaml

from digital_public_services import __version__, assemble, values
from digital_public_services.frformat import NBSP

STEMS = ["01_synthetic", "02_synthetic"]


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A folder that is not a git checkout, with a fixed build date."""
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(1_699_920_000))  # 2023-11-14
    root = tmp_path / "project"
    root.mkdir()
    return root, root / "build"


def record(build, stem, namespace, **entries):
    """Write one notebook's values file as the notebook would."""
    book = values.ValueBook(namespace)
    for name, (value, text) in entries.items():
        book.add(name, value, text, description=f"synthetic {name}")
    book.save(build / "outputs" / stem)


def read_json(path):
    return json.loads(path.read_text(encoding="utf-8"))


def test_french_date():
    assert assemble.french_date("2026-11-21") == f"21{NBSP}novembre 2026"
    assert assemble.french_date("2024-01-05") == f"5{NBSP}janvier 2024"
    assert assemble.french_date("2024-08-31") == f"31{NBSP}août 2024"


def test_french_date_leaves_an_unknown_date_as_it_is():
    assert assemble.french_date("unknown") == "unknown"


def test_first_build_merges_values_and_says_there_is_nothing_to_compare(project):
    root, build = project
    record(build, "01_synthetic", "alpha", share=(58, "58 %"))
    record(build, "02_synthetic", "beta", count=(325, "325"))
    merged = assemble.assemble(root, build, STEMS)
    assert set(merged) == {"alpha.share", "beta.count"}
    assert read_json(build / "values.json") == merged
    assert not (build / "values.previous.json").exists()
    assert (build / "changes.md").read_text(encoding="utf-8") == assemble.FIRST_BUILD
    assert (build / "provenance.json").is_file() and (build / "provenance.md").is_file()


def test_a_notebook_without_values_file_is_skipped(project):
    root, build = project
    record(build, "01_synthetic", "alpha", share=(58, "58 %"))
    assert set(assemble.assemble(root, build, STEMS)) == {"alpha.share"}


def test_values_yml_nests_keys_under_v_with_paper_metadata(project):
    root, build = project
    record(build, "01_synthetic", "alpha", share=(58, "58 %"))
    record(build, "02_synthetic", "beta", count=(325, "325"))
    assemble.assemble(root, build, STEMS)
    meta = yaml.safe_load((build / "values.yml").read_text(encoding="utf-8"))
    assert meta["v"]["alpha"] == {"share": "58 %"}
    assert meta["v"]["beta"] == {"count": "325"}
    paper = meta["v"]["paper"]
    assert paper["version"] == __version__
    assert paper["date"] == f"14{NBSP}novembre 2023"
    prov = read_json(build / "provenance.json")
    assert paper["commit"] == prov["commit"][:12]


def test_previous_values_are_kept_only_when_values_change(project):
    root, build = project
    record(build, "01_synthetic", "alpha", share=(58, "58 %"), same=(1, "1"))
    assemble.assemble(root, build, ["01_synthetic"])
    first = (build / "values.json").read_text(encoding="utf-8")

    assemble.assemble(root, build, ["01_synthetic"])  # same values: nothing to keep
    assert not (build / "values.previous.json").exists()

    record(build, "01_synthetic", "alpha", share=(62, "62 %"), same=(1, "1"))
    assemble.assemble(root, build, ["01_synthetic"])
    assert (build / "values.previous.json").read_text(encoding="utf-8") == first
    assert read_json(build / "values.json")["alpha.share"]["value"] == 62

    assemble.assemble(root, build, ["01_synthetic"])  # unchanged again: previous stays
    assert (build / "values.previous.json").read_text(encoding="utf-8") == first


def test_changes_list_the_moved_values_in_a_table(project):
    root, build = project
    record(build, "01_synthetic", "alpha", share=(58, "58 %"), same=(1, "1"))
    assemble.assemble(root, build, ["01_synthetic"])
    record(build, "01_synthetic", "alpha", share=(62, "62 %"), same=(1, "1"))
    assemble.assemble(root, build, ["01_synthetic"])
    text = (build / "changes.md").read_text(encoding="utf-8")
    assert text != assemble.FIRST_BUILD
    rows = [line for line in text.splitlines() if line.startswith("| `")]
    assert len(rows) == 1
    assert "`alpha.share`" in rows[0] and "58 %" in rows[0] and "62 %" in rows[0]
    assert "alpha.same" not in text


def test_unchanged_outputs_are_not_rewritten(project):
    root, build = project
    record(build, "01_synthetic", "alpha", share=(58, "58 %"))
    assemble.assemble(root, build, ["01_synthetic"])
    names = ("values.json", "values.yml", "changes.md", "provenance.json", "provenance.md")
    past = 1_000_000_000 * 10**9  # set every file's time back, so a rewrite would show
    for name in names:
        os.utime(build / name, ns=(past, past))
    assemble.assemble(root, build, ["01_synthetic"])
    assert {name: (build / name).stat().st_mtime_ns for name in names} == dict.fromkeys(
        names, past)
    assert not list(build.glob("*.tmp"))


def test_a_key_defined_by_two_notebooks_is_refused(project):
    root, build = project
    record(build, "01_synthetic", "alpha", share=(58, "58 %"))
    record(build, "02_synthetic", "alpha", share=(58, "58 %"))
    with pytest.raises(ValueError, match="alpha.share"):
        assemble.assemble(root, build, STEMS)


def test_clear_quarto_embed_cache_removes_only_the_embed_cache(tmp_path):
    embed = tmp_path / ".quarto" / "embed"
    embed.mkdir(parents=True)
    (embed / "synthetic.json").write_text("{}", encoding="utf-8")
    (tmp_path / ".quarto" / "other.txt").write_text("kept", encoding="utf-8")
    assemble.clear_quarto_embed_cache(tmp_path)
    assert not embed.exists()
    assert (tmp_path / ".quarto" / "other.txt").is_file()
    assemble.clear_quarto_embed_cache(tmp_path)  # absent: no error
