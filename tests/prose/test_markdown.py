"""Generated figures: an image with its alternative text and a caption Quarto does not number."""

from __future__ import annotations

from digital_public_services.prose.markdown import unnumbered_figure


def test_an_unnumbered_figure_is_an_image_then_its_caption() -> None:
    text = unnumbered_figure("../x/a.png", 'Points « A » et "B".', "Titre")
    assert text == ('![](../x/a.png){.generated-figure alt="Points « A » et \'B\'."}'
                    "\n\n*Titre.*")
