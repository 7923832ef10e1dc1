"""Colours for scales of any length, generated from the house palette.

Input: the ``ChartStyle`` and the number of levels (or series). Output: one ``#rrggbb`` per
level, in scale order. The configured palette's first two colours are the house's light and
dark blue, the last two its light and dark orange (report.yaml's ``chart_style.palette``):

- a sequential scale (stacked bars) runs from a tint of the first colour to the second;
- a diverging scale (agree / disagree) runs outwards from zero in the first hue on the
  first group's side and in the second hue on the other, the levels between the groups
  (a neutral middle) in grey;
- series (the columns of a crosstab) take the palette, then seaborn's colour-blind palette.

Adjacent levels of a long scale cannot all reach 3:1 against each other; the charts part the
segments with a separator in the background's colour and print each value that fits, so the
reading never rests on colour alone (WCAG 1.4.1). Matplotlib's colormaps interpolate.
"""

from __future__ import annotations

from matplotlib.colors import LinearSegmentedColormap, to_hex, to_rgb

from .style import ChartStyle

NEUTRAL = "#8c8c8c"
"""The colour of levels that belong to neither group of a diverging scale."""
SEPARATOR_WIDTH = 0.8
"""Points of background drawn between two segments of a stacked or diverging bar."""
MAX_LEVELS = 11
"""The longest scale the documentation promises (0 to 10); longer ones are drawn as well."""


def _tint(colour: str, background: str, amount: float) -> str:
    """``colour`` mixed with ``background``: 0 keeps the colour, 1 is the background."""
    ink, paper = to_rgb(colour), to_rgb(background)
    return to_hex([value + (back - value) * amount for value, back in zip(ink, paper,
                                                                         strict=True)])


def _ramp(light: str, dark: str, count: int, background: str) -> list[str]:
    """``count`` colours from light to dark; the house pair itself when two are asked."""
    if count <= 0:
        return []
    if count == 1:
        return [dark]
    if count == 2:
        return [light, dark]
    colormap = LinearSegmentedColormap.from_list(
        "ramp", [_tint(light, background, 0.55), light, dark])
    return [to_hex(colormap(index / (count - 1))) for index in range(count)]


def _hues(style: ChartStyle) -> tuple[tuple[str, str], tuple[str, str]]:
    palette = list(style.palette)
    if len(palette) >= 4:
        return (palette[0], palette[1]), (palette[2], palette[3])
    if len(palette) >= 2:
        return (palette[0], palette[0]), (palette[1], palette[1])
    return (palette[0], palette[0]), (NEUTRAL, NEUTRAL)


def sequential_palette(style: ChartStyle, count: int) -> list[str]:
    """Colours of an ordered scale's ``count`` levels, light to dark, in one hue."""
    (light, dark), _ = _hues(style)
    return _ramp(light, dark, count, style.background)


def diverging_palette(style: ChartStyle, first: int, second: int) -> tuple[list[str],
                                                                        list[str]]:
    """The colours of a diverging scale's two groups, each from zero outwards: the first
    group's ``first`` levels in the first hue, the second group's in the second."""
    (light_one, dark_one), (light_two, dark_two) = _hues(style)
    return (_ramp(light_one, dark_one, first, style.background),
            _ramp(light_two, dark_two, second, style.background))


def series_palette(style: ChartStyle, count: int) -> list[str]:
    """Colours of ``count`` unordered series: the house palette, then seaborn's colour-blind
    palette (never a colour twice)."""
    from ._sns import sns

    colours = list(dict.fromkeys(style.palette))
    extra = [to_hex(colour) for colour in sns.color_palette("colorblind", 10)]
    colours += [colour for colour in extra if colour not in colours]
    while len(colours) < count:
        colours += [_tint(colour, style.background, 0.4) for colour in colours[:count
                                                                              - len(colours)]]
    return colours[:count]
