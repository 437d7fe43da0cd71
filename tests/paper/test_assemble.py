"""Build-level products: merged values, the appendix compared with an edition, Quarto YAML."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pandas as pd
import pytest
import yaml

from digital_public_services import __version__
from digital_public_services.notebook import values
from digital_public_services.paper import assemble, editions
from digital_public_services.prose.typography import NBSP

STEMS = ["01_synthetic", "02_synthetic"]


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A folder that is not a git checkout, with a fixed build date."""
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(1_699_920_000))  # 2023-11-14
    root = tmp_path / "project"
    root.mkdir()
    shutil.copyfile(Path(__file__).resolve().parents[2] / "CITATION.cff", root / "CITATION.cff")
    return root, root / "build"


def record(build, stem, namespace, **entries):
    """Write one notebook's values file as the notebook would."""
    book = values.ValueBook(namespace)
    for name, (value, text) in entries.items():
        book.add(name, value, text, description=f"synthetic {name}")
    book.save(build / "outputs" / stem)


def read_json(path):
    return json.loads(path.read_text(encoding="utf-8"))


def release(root, version, date, quoted, inputs=None):
    """Commit-free stand-in for `dps release`: the edition's snapshot file."""
    folder = root / editions.EDITIONS_DIR
    folder.mkdir(parents=True, exist_ok=True)
    snap = editions.snapshot(version, date, "0" * 40, inputs or {}, quoted)
    (folder / f"{version}.json").write_text(editions.to_json(snap), encoding="utf-8")


def test_without_an_edition_there_is_nothing_to_compare(project):
    root, build = project
    record(build, "01_synthetic", "alpha", share=(58, "58 %"))
    record(build, "02_synthetic", "beta", count=(325, "325"))
    merged = assemble.assemble(root, build, STEMS)
    assert set(merged) == {"alpha.share", "beta.count"}
    assert read_json(build / "values.json") == merged
    text = (build / "changes.md").read_text(encoding="utf-8")
    assert text.startswith(f"Ce document est une version de travail (version {__version__}"
                           f"+unknown){NBSP}: aucune édition n'a encore été publiée")
    assert (f"| version de travail ({__version__}+unknown) | 14{NBSP}novembre 2023 | "
            "première édition") in text
    assert "Valeurs citées modifiées depuis" not in text
    assert (build / "provenance.json").is_file() and (build / "provenance.md").is_file()


def test_a_build_of_the_released_version_with_its_data_shows_no_change(project):
    root, build = project
    record(build, "01_synthetic", "alpha", share=(58, "58 %"))
    release(root, __version__, "2023-11-20", values.merge([
        build / "outputs" / "01_synthetic" / "values.json"]))
    assemble.assemble(root, build, ["01_synthetic"])
    text = (build / "changes.md").read_text(encoding="utf-8")
    assert text.startswith(f"Ce document est l'édition {__version__}, publiée le "
                           f"20{NBSP}novembre 2023, la première.")
    assert "Valeurs citées modifiées depuis" not in text  # nothing before the first edition
    meta = yaml.safe_load((build / "values.yml").read_text(encoding="utf-8"))
    assert meta["v"]["paper"]["date"] == f"20{NBSP}novembre 2023"  # the edition's, not HEAD's
    assert meta["v"]["paper"]["label"] == f"Édition {__version__} — 20{NBSP}novembre 2023"
    assert meta["v"]["paper"]["kind"] == "edition"
    cited = yaml.safe_load((build / "citation.yml").read_text(encoding="utf-8"))
    assert cited["citation"]["version"] == __version__ and cited["date"] == "2023-11-20"


def moved(build) -> list[tuple[str, str, str]]:
    """The value-by-value list Annexe B links to (``build/changes.csv``)."""
    table = pd.read_csv(build / "changes.csv", dtype=str, keep_default_na=False)
    return [(r.key, r.old_text, r.new_text) for r in table.itertuples() if r.status == "changed"]


def test_an_edition_is_compared_with_the_edition_before_it(project, monkeypatch):
    """Annexe B of edition 0.2.0 says what changed since 0.1.0, not since itself."""
    root, build = project
    monkeypatch.setattr(assemble, "__version__", "0.2.0")
    record(build, "01_synthetic", "alpha", share=(62, "62 %"))
    release(root, "0.1.0", "2023-01-02", {"alpha.share": {"value": 58, "text": "58 %"}})
    release(root, "0.2.0", "2023-06-01", values.merge([
        build / "outputs" / "01_synthetic" / "values.json"]))
    assemble.assemble(root, build, ["01_synthetic"])
    text = (build / "changes.md").read_text(encoding="utf-8")
    assert text.startswith(f"Ce document est l'édition 0.2.0, publiée le 1{NBSP}juin 2023"
                           f"{NBSP}; il est comparé à l'édition 0.1.0, la précédente.")
    assert "## Valeurs citées modifiées depuis l'édition 0.1.0" in text
    assert "une valeur citée a changé" in text
    assert moved(build) == [("alpha.share", "58 %", "62 %")]
    assert "version de travail" not in text


def test_the_released_version_built_on_other_data_says_so(project):
    root, build = project
    record(build, "01_synthetic", "alpha", share=(62, "62 %"))
    release(root, __version__, "2023-11-20", {"alpha.share": {"value": 58, "text": "58 %"}})
    assemble.assemble(root, build, ["01_synthetic"])
    text = (build / "changes.md").read_text(encoding="utf-8")
    assert text.startswith(f"Ce document est une version de travail postérieure à l'édition "
                           f"{__version__}, publiée le 20{NBSP}novembre 2023{NBSP}:")
    assert moved(build) == [("alpha.share", "58 %", "62 %")]
    # The title block, the PDF and the citation say the same: a working version, dated by
    # its commit, cited as X.Y.Z+commit; never the edition's number and date.
    meta = yaml.safe_load((build / "values.yml").read_text(encoding="utf-8"))["v"]["paper"]
    assert meta["kind"] == "working"
    assert meta["label"] == (f"Version de travail (après l'édition {__version__}), commit "
                             f"inconnu, 14{NBSP}novembre 2023")
    cited = yaml.safe_load((build / "citation.yml").read_text(encoding="utf-8"))
    assert cited["citation"]["version"] == meta["version"] == f"{__version__}+unknown"
    assert cited["date"] == "2023-11-14"


def test_a_working_version_is_compared_with_the_latest_older_edition(project, monkeypatch):
    root, build = project
    monkeypatch.setattr(assemble, "__version__", "0.3.0")
    record(build, "01_synthetic", "alpha", share=(62, "62 %"), same=(1, "1"))
    old = {"alpha.share": {"value": 58, "text": "58 %", "low": 50, "high": 60},
           "alpha.same": {"value": 1, "text": "1"}}
    release(root, "0.1.0", "2023-01-02", old, {"data/a.csv": "1"})
    release(root, "0.2.0", "2023-06-01", old, {"data/a.csv": "2"})
    release(root, "0.10.0", "2024-01-01", {}, {})  # newer than the working version: ignored
    assemble.assemble(root, build, ["01_synthetic"])
    text = (build / "changes.md").read_text(encoding="utf-8")
    assert "version de travail (version 0.2.0+unknown), pas encore publiée" in text
    assert "comparé à l'édition 0.2.0" in text
    rows = [line for line in text.splitlines() if line.startswith(("| 0.", "| version"))]
    assert [r.split(" | ")[0] for r in rows] == [
        "| 0.1.0", "| 0.2.0", "| 0.10.0", "| version de travail (0.2.0+unknown)"]
    assert rows[1] == (f"| 0.2.0 | 1{NBSP}juin 2023 | modifié{NBSP}: `a.csv` | 0 |")
    assert "dont 1 au-delà de l'intervalle que cette édition publiait" in text
    assert moved(build) == [("alpha.share", "58 %", "62 %")]


def test_the_appendix_does_not_depend_on_what_was_built_before(project):
    """Two build folders: one built first on other values, then both on the same ones."""
    root, build = project
    release(root, __version__, "2023-11-20", {"alpha.share": {"value": 58, "text": "58 %"}})
    record(build, "01_synthetic", "alpha", share=(70, "70 %"))
    assemble.assemble(root, build, ["01_synthetic"])
    record(build, "01_synthetic", "alpha", share=(62, "62 %"))
    assemble.assemble(root, build, ["01_synthetic"])
    other = root / "build_other"
    record(other, "01_synthetic", "alpha", share=(62, "62 %"))
    assemble.assemble(root, other, ["01_synthetic"])
    for name in ("changes.md", "changes.csv", "values.json", "values.yml", "provenance.md"):
        assert (build / name).read_bytes() == (other / name).read_bytes(), name
    assert "70 %" not in (build / "changes.md").read_text(encoding="utf-8")


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
    assert paper["version"] == f"{__version__}+unknown"  # no edition, no git: working version
    assert paper["date"] == f"14{NBSP}novembre 2023"
    prov = read_json(build / "provenance.json")
    assert paper["commit"] == prov["commit"][:12]


def test_unchanged_outputs_are_not_rewritten(project):
    root, build = project
    record(build, "01_synthetic", "alpha", share=(58, "58 %"))
    assemble.assemble(root, build, ["01_synthetic"])
    names = ("values.json", "values.yml", "changes.md", "changes.csv", "provenance.json",
             "provenance.md")
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


def test_citation_metadata_carries_the_build_date_and_the_package_version(project):
    root, build = project
    record(build, "01_synthetic", "alpha", share=(58, "58 %"))
    assemble.assemble(root, build, ["01_synthetic"])
    meta = yaml.safe_load((build / "citation.yml").read_text(encoding="utf-8"))
    assert meta["date"] == "2023-11-14"
    assert meta["citation"]["version"] == f"{__version__}+unknown"  # not a git checkout
