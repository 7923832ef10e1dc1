"""WCAG 2.1 contrast: relative luminance and contrast ratio of ``#rrggbb`` colours.

Light on purpose (no stage imported): the report.yaml schema checks the charts' palette with
it, and ``charts.style`` picks label colours with it. Success criterion 1.4.11 asks 3:1 for
graphical objects, 1.4.3 asks 4.5:1 for small text.
"""

from __future__ import annotations

GRAPHICS_CONTRAST = 3.0
"""WCAG 1.4.11: bars against the background and against the adjacent series."""
TEXT_CONTRAST = 4.5
"""WCAG 1.4.3: value labels printed on a bar against the bar's colour."""


def relative_luminance(colour: str) -> float:
    """WCAG relative luminance of a ``#rrggbb`` colour (0 black, 1 white)."""
    digits = colour.lstrip("#")
    channels = [int(digits[index:index + 2], 16) / 255 for index in (0, 2, 4)]
    linear = [value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4
              for value in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(first: str, second: str) -> float:
    """WCAG contrast ratio, from 1 (same luminance) to 21 (black on white)."""
    darker, lighter = sorted((relative_luminance(first), relative_luminance(second)))
    return (lighter + 0.05) / (darker + 0.05)


def palette_problems(palette: tuple[str, ...] | list[str], background: str) -> list[str]:
    """What keeps ``palette`` from the 3:1 rule, one line per failing pair (empty when fine)."""
    problems = [f"{colour} against the background {background}: "
                f"{contrast_ratio(colour, background):.2f}:1"
                for colour in palette if contrast_ratio(colour, background) < GRAPHICS_CONTRAST]
    problems += [f"adjacent series {first} and {second}: {contrast_ratio(first, second):.2f}:1"
                 for first, second in zip(palette, palette[1:], strict=False)
                 if contrast_ratio(first, second) < GRAPHICS_CONTRAST]
    return problems
