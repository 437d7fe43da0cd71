"""The manuscript checker finds each kind of broken reference, and the real article has none."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
import yaml

from digital_public_services.paper import manuscript

ROOT = Path(__file__).resolve().parents[2]
NBSP = "\u00a0"


ALT = f"Les barres montrent 58{NBSP}% en faveur."


def _executed_notebook(path: Path, *, alt: str = ALT, table: str = "| a |\n|---|\n| 1 |") -> None:
    nb = nbformat.v4.new_notebook()
    figure = nbformat.v4.new_code_cell(
        "#| label: fig-synthetic-bars\n#| fig-cap: \"Barres synthétiques\"\n"
        f"#| fig-alt: \"{alt}\"\nplot()")
    figure.outputs = [nbformat.v4.new_output("display_data", data={"image/png": "iVBORw0K"})]
    shown = nbformat.v4.new_code_cell("#| label: tbl-synthetic\n#| tbl-cap: \"Tableau\"\nshow()")
    shown.outputs = [nbformat.v4.new_output("display_data", data={"text/markdown": table})]
    nb.cells = [figure, shown]
    nbformat.write(nb, path)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A minimal project: an article, an include, a notebook, a bibliography and values."""
    (tmp_path / "report" / "sections").mkdir(parents=True)
    (tmp_path / "build" / "notebooks").mkdir(parents=True)
    _executed_notebook(tmp_path / "build" / "notebooks" / "synthetic.ipynb")
    (tmp_path / "refs.bib").write_text("@article{known2020,\n  title = {T},\n}\n")
    (tmp_path / "build" / "values.yml").write_text(
        yaml.safe_dump({"v": {"synthetic": {"share": f"58{NBSP}%"}}}, allow_unicode=True))
    (tmp_path / "report" / "sections" / "_part.qmd").write_text(
        f"Voir @fig-synthetic-bars et @tbl-synthetic{NBSP}; la part est "
        "{{< meta v.synthetic.share >}} [@known2020].\n", encoding="utf-8")
    _article(tmp_path, "")
    return tmp_path


def _article(root: Path, extra: str) -> None:
    (root / "report" / "index.qmd").write_text(
        "---\ntitle: Essai\nbibliography: ../refs.bib\n---\n\n# Partie {#sec-part}\n\n"
        "{{< embed ../build/notebooks/synthetic.ipynb#fig-synthetic-bars >}}\n\n"
        "{{< embed ../build/notebooks/synthetic.ipynb#tbl-synthetic >}}\n\n"
        "{{< include sections/_part.qmd >}}\n\n" + extra, encoding="utf-8")


def _messages(root: Path) -> list[str]:
    return [str(p) for p in manuscript.check(root)]


def test_consistent_article_has_no_problem(project: Path) -> None:
    assert _messages(project) == []


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ("{{< embed ../build/notebooks/absent.ipynb#fig-x >}}", "embedded notebook not found"),
        ("{{< embed ../build/notebooks/synthetic.ipynb#fig-absent >}}", "no cell labelled"),
        ("Voir @fig-nowhere.", "cross-reference to an unknown label"),
        ("Comme le montre [@unknown2019].", "citation key not in the bibliography"),
        ("Une valeur {{< meta v.synthetic.missing >}}.", "value not produced by any notebook"),
        ("{{< include sections/_absent.qmd >}}", "included file not found"),
        ("Une phrase : avec une espace ordinaire.", "ordinary space before"),
        ("Une part de 0.5 point.", "decimal point in French prose"),
        ("Le *Policy Paper* n° 7.", "without a no-break space"),
        ("{{< meta v.synthetic.share >}} l'écart {{< meta v.synthetic.share >}}.",
         "line starts with a shortcode"),
    ],
)
def test_each_kind_of_problem_is_found(project: Path, extra: str, expected: str) -> None:
    _article(project, extra + "\n")
    messages = _messages(project)
    assert any(expected in m for m in messages), messages


def test_figure_without_alternative_text_is_reported(project: Path) -> None:
    _executed_notebook(project / "build" / "notebooks" / "synthetic.ipynb", alt="")
    messages = _messages(project)
    assert any("fig-synthetic-bars has no fig-alt" in m for m in messages), messages


def test_unfilled_placeholder_in_an_executed_notebook_is_reported(project: Path) -> None:
    _executed_notebook(project / "build" / "notebooks" / "synthetic.ipynb",
                       alt="Graphique. {v.synthetic.never_recorded}")
    messages = _messages(project)
    assert any("fig-alt names a value no notebook recorded" in m
               and "never_recorded" in m for m in messages), messages


def test_caption_typography_is_checked_in_the_notebook(project: Path) -> None:
    _executed_notebook(project / "build" / "notebooks" / "synthetic.ipynb",
                       alt="Deux barres : 40 et 60.")
    messages = _messages(project)
    assert any("fig-synthetic-bars: ordinary space before" in m and "fig-alt" in m
               for m in messages), messages


def test_english_in_an_alternative_text_is_reported(project: Path) -> None:
    _executed_notebook(project / "build" / "notebooks" / "synthetic.ipynb",
                       alt="Bars of the share of respondents")
    messages = _messages(project)
    assert any("fig-synthetic-bars: English in reader-facing text (of, the)" in m
               and "fig-alt" in m for m in messages), messages


def test_english_or_code_in_a_table_header_is_reported(project: Path) -> None:
    _executed_notebook(project / "build" / "notebooks" / "synthetic.ipynb",
                       table="| Population | level | question_id |\n|---|---|---:|\n| a | b | 1 |")
    found = [m for m in _messages(project) if "English" in m]
    assert len(found) == 2 and all("table header" in m for m in found), found
    assert any("(level)" in m for m in found) and any("(question_id)" in m for m in found)


def test_english_in_a_table_cell_is_reported(project: Path) -> None:
    _executed_notebook(project / "build" / "notebooks" / "synthetic.ipynb",
                       table="| Mesure | Fichier |\n|---|---|\n"
                             "| Money added to the fund in 2021 | `survey_results.csv` |\n"
                             "| Somme ajoutée au fonds en 2021 | survey_results.csv |")
    found = [m for m in _messages(project) if "English" in m]
    assert len(found) == 1 and "table cell" in found[0] and "Money added" in found[0], found


def test_typography_problem_names_the_included_file_and_line(project: Path) -> None:
    part = project / "report" / "sections" / "_part.qmd"
    part.write_text(part.read_text(encoding="utf-8") + "\nDeux lignes ; la seconde fautive.\n",
                    encoding="utf-8")
    problems = [p for p in manuscript.check(project) if "ordinary space" in p.message]
    assert [(Path(p.path).name, p.line) for p in problems] == [("_part.qmd", 3)]


def test_value_texts_follow_french_typography(project: Path) -> None:
    (project / "build" / "values.yml").write_text(
        yaml.safe_dump({"v": {"synthetic": {"share": "58 %"}}}, allow_unicode=True))
    messages = _messages(project)
    assert any("values.yml" in m and "synthetic.share" in m for m in messages), messages


def test_statement_about_a_study_without_locator_names_file_and_line(project: Path) -> None:
    (project / "refs.bib").write_text("@article{known2020,\n  title = {T},\n}\n"
                                      "@techreport{synthetic_study,\n  title = {S},\n"
                                      "  role = {study},\n}\n")
    part = project / "report" / "sections" / "_part.qmd"
    part.write_text(part.read_text(encoding="utf-8")
                    + "\nL'étude le dit [@synthetic_study]. Elle le redit "
                      "[@synthetic_study, Encadré 1].\n", encoding="utf-8")
    problems = [p for p in manuscript.check(project) if "locator" in p.message]
    assert [(Path(p.path).name, p.line, p.value) for p in problems] == [
        ("_part.qmd", 3, "synthetic_study")]


def test_code_is_not_prose(project: Path) -> None:
    _article(project, "```sh\nmake paper ; echo @fig-not-a-ref : ok\n```\n")
    assert _messages(project) == []


def test_real_article_is_consistent_after_a_build(paper_project: Path) -> None:
    assert [str(p) for p in manuscript.check(paper_project)] == []
    article = manuscript.read_article(paper_project / "report" / "index.qmd")
    assert len(article.embeds) >= 8
    assert {label.split("-")[0] for _, label in article.embeds} == {"fig", "tbl"}
