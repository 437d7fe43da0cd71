"""Figure files exported from an executed notebook: labelled figures only, same bytes."""

from __future__ import annotations

import base64

import nbformat
from nbformat.v4 import new_code_cell, new_notebook, new_output

from digital_public_services.notebook.figure_files import export_figures

PNG_A = b"\x89PNG\r\n\x1a\nsynthetic-image-a"
PNG_B = b"\x89PNG\r\n\x1a\nsynthetic-image-b"
SVG = '<svg xmlns="http://www.w3.org/2000/svg"><title>synthetic</title></svg>\n'


def png_output(raw: bytes):
    return new_output("display_data", data={"image/png": base64.b64encode(raw).decode(),
                                            "text/plain": "<Figure>"})


def cell(options: str, outputs):
    return new_code_cell(options + "plt.show()", outputs=outputs)


def synthetic_notebook(tmp_path):
    nb = new_notebook(cells=[
        cell("#| label: fig-synthetic-png\n#| fig-cap: \"A\"\n", [png_output(PNG_A)]),
        cell("#| label: fig-synthetic-svg\n",
             [new_output("display_data", data={"image/svg+xml": SVG})]),
        cell("#| label: fig-synthetic-late\n", [
            new_output("stream", name="stdout", text="drawing\n"),
            new_output("display_data", data={"text/plain": "<Figure>"}),
            png_output(PNG_B),
            png_output(PNG_A),
        ]),
        cell("#| label: tbl-synthetic\n", [png_output(PNG_A)]),
        cell("# no label\n", [png_output(PNG_A)]),
        cell("#| label: fig-synthetic-empty\n",
             [new_output("display_data", data={"text/plain": "no image"})]),
        cell("#| label: fig-synthetic-nothing\n", []),
    ])
    path = tmp_path / "synthetic.ipynb"
    nbformat.write(nb, path)
    return path


def test_only_labelled_figures_with_an_image_are_exported(tmp_path):
    written = export_figures(synthetic_notebook(tmp_path), tmp_path / "figures")
    assert sorted(p.name for p in written) == [
        "fig-synthetic-late.png", "fig-synthetic-png.png", "fig-synthetic-svg.svg"]
    assert sorted(p.name for p in (tmp_path / "figures").iterdir()) == sorted(
        p.name for p in written)


def test_png_file_holds_the_decoded_output_bytes(tmp_path):
    folder = tmp_path / "figures"
    export_figures(synthetic_notebook(tmp_path), folder)
    assert (folder / "fig-synthetic-png.png").read_bytes() == PNG_A


def test_the_first_image_of_a_cell_is_the_one_exported(tmp_path):
    folder = tmp_path / "figures"
    export_figures(synthetic_notebook(tmp_path), folder)
    assert (folder / "fig-synthetic-late.png").read_bytes() == PNG_B


def test_svg_file_holds_the_output_text(tmp_path):
    folder = tmp_path / "figures"
    export_figures(synthetic_notebook(tmp_path), folder)
    assert (folder / "fig-synthetic-svg.svg").read_text(encoding="utf-8") == SVG


def test_no_folder_is_created_when_there_is_no_figure(tmp_path):
    path = tmp_path / "synthetic_empty.ipynb"
    nbformat.write(new_notebook(cells=[cell("#| label: tbl-x\n", [png_output(PNG_A)])]), path)
    assert export_figures(path, tmp_path / "figures") == []
    assert not (tmp_path / "figures").exists()
