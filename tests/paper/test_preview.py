"""The HTML preview written when Quarto is absent: the article, readable, with its figures."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat

from digital_public_services.paper import preview

NBSP = "\u00a0"


def test_article_rendering_numbers_links_and_fills_values(tmp_path: Path) -> None:
    (tmp_path / "report").mkdir()
    (tmp_path / "build" / "notebooks").mkdir(parents=True)
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell(
        '#| label: fig-synthetic\n#| fig-cap: "Une figure"\n#| fig-alt: "Deux barres."\nx')
    cell.outputs = [nbformat.v4.new_output("display_data", data={"image/png": "iVBORw0K"})]
    nb.cells = [cell]
    nbformat.write(nb, tmp_path / "build" / "notebooks" / "synthetic.ipynb")
    (tmp_path / "build" / "values.yml").write_text("v:\n  s:\n    share: 58 %\n")
    (tmp_path / "report" / "index.qmd").write_text(
        "---\ntitle: Titre\nabstract: '[In English.]{lang=\"en\"}'\n---\n\n"
        "# Partie\n\nLa part vaut {{< meta v.s.share >}} (@fig-synthetic).\n\n"
        "{{< embed ../build/notebooks/synthetic.ipynb#fig-synthetic >}}\n", encoding="utf-8")
    html = preview.render_article(tmp_path, tmp_path / "build", {"synthetic": "synthetic.html"})
    assert "La part vaut 58 %" in html
    assert f'<a href="#fig-synthetic">Figure{NBSP}1</a>' in html
    assert 'alt="Deux barres."' in html
    assert f"Figure{NBSP}1{NBSP}: Une figure" in html
    assert 'href="synthetic.html"' in html
    assert '<section class="abstract"><h2>Résumé</h2>' in html and "In English." in html
    assert "<h1>" in html and "<h2>Partie</h2>" in html  # the title is the only h1


def test_file_text_reads_as_text_in_alternative_texts_and_generated_figures(tmp_path: Path
                                                                             ) -> None:
    """An alternative text holds escaped wording (Pandoc reads the escapes in attributes):
    the preview gives the characters, and keeps a generated figure's ``alt``."""
    from digital_public_services.notebook import cell_values
    from digital_public_services.prose.escape import markdown
    from digital_public_services.prose.markdown import unnumbered_figure

    wording = "<img src=x onerror=alert(1)> « 5 $ »"
    (tmp_path / "report").mkdir()
    (tmp_path / "build" / "notebooks").mkdir(parents=True)
    nb = nbformat.v4.new_notebook()
    source = '#| label: fig-a\n#| fig-cap: "Titre"\n#| fig-alt: "{v.s.alt}"\nx'
    cell = nbformat.v4.new_code_cell(  # the option as the runner fills it
        cell_values.fill(source, {"s.alt": {"text": f"Points {markdown(wording)}."}}))
    cell.outputs = [nbformat.v4.new_output("display_data", data={"image/png": "iVBORw0K"})]
    nb.cells = [cell]
    nbformat.write(nb, tmp_path / "build" / "notebooks" / "synthetic.ipynb")
    (tmp_path / "build" / "other.md").write_text(
        unnumbered_figure("../build/missing.png", f"Barres {markdown(wording)}.", "Légende"),
        encoding="utf-8")
    (tmp_path / "report" / "index.qmd").write_text(
        "---\ntitle: Titre\n---\n\n{{< embed ../build/notebooks/synthetic.ipynb#fig-a >}}\n\n"
        "{{< generated build/other.md >}}\n", encoding="utf-8")
    page = preview.render_article(tmp_path, tmp_path / "build", {})
    shown = "&lt;img src=x onerror=alert(1)&gt; « 5 $ »"
    assert f'alt="Points {shown}."' in page
    assert f'<img class="generated-figure" src="../build/missing.png" alt="Barres {shown}.">' \
        in page
    assert "<img src=x" not in page and "{.generated-figure" not in page


def test_preview_of_the_real_paper(paper_project: Path) -> None:
    out = paper_project / "build" / "preview"
    index = (out / "index.html").read_text(encoding="utf-8")
    assert '<html lang="fr">' in index
    assert "demande Quarto" in index
    figures = re.findall(r'<figure id="(fig-[\w-]+)">', index)
    tables = re.findall(r'<figure id="(tbl-[\w-]+)"', index)
    assert len(figures) >= 4 and len(tables) >= 4
    assert not re.search(r'<img [^>]*alt=""', index)
    assert "[v." not in index, "a value shortcode was left unresolved"
    for stem in ("01_literature", "02_interviews", "03_survey", "04_levers"):
        page = out / f"{stem}.html"
        assert page.is_file()
        assert f'href="{stem}.html"' in index
        assert '<html lang="fr"' in page.read_text(encoding="utf-8")
