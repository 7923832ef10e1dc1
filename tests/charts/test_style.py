"""The house style: WCAG contrast of the configured palettes, and a bad palette refused."""

from __future__ import annotations

import pytest

from barorapport.config.base import load_yaml, validate
from barorapport.config.report import ChartStyleConfig, Report
from barorapport.errors import ConfigError

from ..conftest import PROJECTS


def wcag_luminance(colour: str) -> float:
    """WCAG 2.1 relative luminance, written here apart from barorapport's."""
    red, green, blue = (int(colour[index:index + 2], 16) / 255 for index in (1, 3, 5))

    def linear(value: float) -> float:
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)


def wcag_contrast(first: str, second: str) -> float:
    high, low = sorted((wcag_luminance(first), wcag_luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def configured_styles() -> list[ChartStyleConfig]:
    """The default style and the style of every report.yaml of the scenario projects."""
    reports = sorted(PROJECTS.glob("*/report/*/report.yaml"))
    return [ChartStyleConfig(), *[validate(Report, load_yaml(path), path).chart_style
                                  for path in reports]]


@pytest.mark.parametrize("style", configured_styles())
def test_configured_palette_has_3_to_1_contrast(style):
    for colour in style.palette:
        assert wcag_contrast(colour, style.background) >= 3, colour
    for first, second in zip(style.palette, style.palette[1:], strict=False):
        assert wcag_contrast(first, second) >= 3, (first, second)
    # Text on the background: WCAG AA for small text.
    assert wcag_contrast(style.text_colour, style.background) >= 4.5


def test_palette_below_3_to_1_is_a_config_error(mini):
    path = mini / "report/2024/report.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + 'chart_style:\n  palette: ["#4a90d2", "#6fa8dc"]\n',
                    encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        validate(Report, load_yaml(path), path)
    light, adjacent = wcag_contrast("#6fa8dc", "#ffffff"), wcag_contrast("#4a90d2", "#6fa8dc")
    assert str(caught.value).endswith(
        "report/2024/report.yaml:28:3: chart_style: palette contrast below "
        f"3:1: #6fa8dc against the background #ffffff: {light:.2f}:1; "
        f"adjacent series #4a90d2 and #6fa8dc: {adjacent:.2f}:1")
