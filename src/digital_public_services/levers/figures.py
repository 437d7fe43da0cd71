"""Figure of the levers section, in the house style.

It takes the levers × sources table computed by :mod:`.evidence` and returns the matplotlib
figure; the notebook shows it. Nothing here computes a number.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from ..plotting.style import DENSE_TEXT_PT, FIGURE_WIDTH_IN, OKABE_ITO, wrap_to_width

MATRIX_UNITS = {"pp7": "extraits", "harris2022": "extraits", "survey": "items",
                "literature": "références"}
MATRIX_PANEL_PT = 95  # width of a panel title of the levers chart
LEVER_LABEL_PT = 110  # width of a lever name beside its bars


def levers_matrix(matrix: pd.DataFrame, row_labels: pd.Series,
                  column_labels: dict[str, str]) -> Figure:
    """Levers × sources as one bar panel per source, each on its own scale.

    Excerpts, survey items and references are not the same unit: a shared colour or length
    scale would make 8 excerpts look stronger than 2 references. Each panel says its unit
    (:data:`MATRIX_UNITS`), every bar carries its count, and a zero is written « 0 ».
    """
    shown = matrix.rename(index=row_labels.to_dict())
    fig, axes = plt.subplots(1, len(shown.columns), figsize=(FIGURE_WIDTH_IN, 0.45 * len(shown)
                                                             + 1.5),
                             sharey=True, squeeze=False, layout="constrained")
    y = np.arange(len(shown))
    for ax, column in zip(axes[0], shown.columns, strict=True):
        values = shown[column].astype(int).to_numpy()
        ax.barh(y, values, color=OKABE_ITO[4], height=0.6)
        top = max(int(values.max()), 1)
        for yi, value in zip(y, values, strict=True):
            ax.text(value + top * 0.04, yi, str(value), va="center", fontsize=DENSE_TEXT_PT)
        ax.set_xlim(0, top * 1.35)
        ax.set_xticks([])
        title = column_labels.get(column, column)
        unit = MATRIX_UNITS.get(str(column), "éléments")
        if unit.rstrip("s") not in title.casefold():  # « Références » says its unit
            title = f"{title}\nnombre d'{unit}"
        ax.set_title("\n".join(wrap_to_width(line, MATRIX_PANEL_PT, DENSE_TEXT_PT)
                               for line in title.split("\n")), fontsize=DENSE_TEXT_PT)
        ax.spines[["top", "right", "bottom"]].set_visible(False)
        ax.grid(False)
    axes[0][0].set_yticks(y, [wrap_to_width(str(t), LEVER_LABEL_PT, DENSE_TEXT_PT)
                              for t in shown.index], fontsize=DENSE_TEXT_PT)
    axes[0][0].invert_yaxis()
    fig.supxlabel("Nombre d'éléments de chaque source, chaque panneau à sa propre échelle",
                  fontsize=DENSE_TEXT_PT)
    return fig
