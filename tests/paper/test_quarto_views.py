"""Notebook views kept between renders: restored only while notebook, configuration and
Quarto are unchanged; the views' library put back when Quarto dropped it."""

from __future__ import annotations

import pytest

from digital_public_services.paper import quarto_views


@pytest.fixture
def project(tmp_path):
    """A project with one executed notebook and the view Quarto rendered of it."""
    root = tmp_path / "project"
    (root / "build" / "notebooks").mkdir(parents=True)
    (root / "build" / "notebooks" / "01_a.ipynb").write_text("{}", encoding="utf-8")
    (root / "_quarto.yml").write_text("project:\n  type: manuscript\n", encoding="utf-8")
    share = tmp_path / "quarto-share"
    share.mkdir()
    (share / "version").write_text("1.11.0\n", encoding="utf-8")
    env = {"QUARTO_PROJECT_OUTPUT_DIR": "_out", "QUARTO_SHARE_PATH": str(share)}
    return root, env


def render_views(root):
    """What a render leaves in the output folder for notebook 01_a."""
    out = root / "_out" / "build" / "notebooks"
    (out / "01_a_files" / "figure-html").mkdir(parents=True)
    (out / "01_a-preview.html").write_text("<html>view</html>", encoding="utf-8")
    (out / "01_a.out.ipynb").write_text("{}", encoding="utf-8")
    (out / "01_a_files" / "figure-html" / "f.png").write_bytes(b"png")
    libs = root / "_out" / "site_libs" / "manuscript-notebook"
    libs.mkdir(parents=True)
    (libs / "headroom.min.js").write_text("js", encoding="utf-8")


def clean_output(root):
    """What Quarto does at the start of a full render."""
    import shutil

    shutil.rmtree(root / "_out")


def test_unchanged_view_is_restored_whole_and_newer_than_its_notebook(project):
    root, env = project
    render_views(root)
    assert quarto_views.save(root, env) == ["01_a"]
    clean_output(root)
    assert quarto_views.restore(root, env) == ["01_a"]
    out = root / "_out" / "build" / "notebooks"
    assert (out / "01_a-preview.html").read_text(encoding="utf-8") == "<html>view</html>"
    assert (out / "01_a_files" / "figure-html" / "f.png").read_bytes() == b"png"
    notebook = root / "build" / "notebooks" / "01_a.ipynb"
    assert (out / "01_a-preview.html").stat().st_mtime_ns >= notebook.stat().st_mtime_ns


@pytest.mark.parametrize("change", ["notebook", "config", "theme", "brand", "quarto", "profile"])
def test_any_change_renders_the_view_again(project, change):
    root, env = project
    render_views(root)
    quarto_views.save(root, env)
    clean_output(root)
    if change == "notebook":
        (root / "build" / "notebooks" / "01_a.ipynb").write_text('{"x": 1}', encoding="utf-8")
    elif change == "config":
        (root / "_quarto.yml").write_text("project:\n  type: default\n", encoding="utf-8")
    elif change == "theme":
        (root / "report").mkdir()
        (root / "report" / "theme.scss").write_text("$body-color: #000;\n", encoding="utf-8")
    elif change == "brand":
        (root / "report").mkdir()
        (root / "report" / "brand.yml").write_text("color:\n  foreground: black\n",
                                                    encoding="utf-8")
    elif change == "quarto":
        (root.parent / "quarto-share" / "version").write_text("1.12.0\n", encoding="utf-8")
    else:
        env = {**env, "QUARTO_PROFILE": "a11y"}
    assert quarto_views.restore(root, env) == []
    assert not (root / "_out" / "build" / "notebooks" / "01_a-preview.html").exists()


def test_article_prose_does_not_invalidate_views(project):
    root, env = project
    (root / "report").mkdir()
    (root / "report" / "index.qmd").write_text("Texte.\n", encoding="utf-8")
    render_views(root)
    quarto_views.save(root, env)
    clean_output(root)
    (root / "report" / "index.qmd").write_text("Texte modifié.\n", encoding="utf-8")
    assert quarto_views.restore(root, env) == ["01_a"]


def test_views_library_put_back_when_quarto_dropped_it(project):
    root, env = project
    render_views(root)
    quarto_views.save(root, env)
    clean_output(root)
    quarto_views.restore(root, env)  # Quarto renders no view, so writes no views library
    libs = root / "_out" / "site_libs" / "manuscript-notebook"
    assert not libs.exists()
    quarto_views.save(root, env)
    assert (libs / "headroom.min.js").read_text(encoding="utf-8") == "js"


def test_incomplete_view_is_not_saved(project):
    root, env = project
    render_views(root)
    (root / "_out" / "build" / "notebooks" / "01_a.out.ipynb").unlink()
    assert quarto_views.save(root, env) == []


def test_outside_quarto_the_step_says_what_it_is(project):
    root, _ = project
    with pytest.raises(quarto_views.NotRunByQuarto, match="post-render step"):
        quarto_views.restore(root, {})
