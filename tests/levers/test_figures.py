"""The figure of the levers section, drawn from a small synthetic table."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from digital_public_services.levers import figures  # noqa: E402

pytestmark = pytest.mark.usefixtures("house_style")


def test_levers_matrix_gives_each_source_its_own_panel_and_scale():
    matrix = pd.DataFrame({"pp7": [3, 0], "survey": [1, 2]},
                          index=pd.Index(["levers.a", "levers.b"], name="lever_code"))
    rows = pd.Series({"levers.a": "Levier A", "levers.b": "Levier B"})
    fig = figures.levers_matrix(matrix, rows, {"pp7": "Entretiens", "survey": "Items"})
    panels = fig.axes
    assert len(panels) == matrix.shape[1]  # incomparable counts: one scale per source
    for ax, column in zip(panels, matrix.columns, strict=True):
        assert [t.get_text() for t in ax.texts] == [str(v) for v in matrix[column]]
        assert ax.get_xlim()[1] > matrix[column].max()  # its own scale: longest bar fits
    assert panels[0].get_xlim() != panels[1].get_xlim()
    assert "nombre d'extraits" in panels[0].get_title()  # the unit is said
    assert panels[1].get_title() == "Items"  # « Items » already names its unit
    assert [t.get_text() for t in panels[0].get_yticklabels()] == ["Levier A", "Levier B"]
