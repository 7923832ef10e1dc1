"""The report configuration, ``report/<edition>/report.yaml``: its declared, validated schema.

Input: the loaded YAML. Output: a frozen ``Report``. Light on purpose: this module imports no
stage (no pandas, no matplotlib), so the CLI, the manifest and ``check`` read report.yaml
without loading the pipeline.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, field_validator, model_validator

from ..contrast import palette_problems
from .base import StrictModel
from .options import PDF_VARIANTS, PdfVariant
from .weighting import Design, IntervalMethod, MultipleTesting, Weighting


@dataclass(frozen=True)
class Thresholds:
    """Bases under ``low_base`` are published with a warning mark; under ``suppress``, not at
    all."""

    low_base: int = 30
    """Bases under this are printed with ``*`` and a note."""
    suppress: int = 10
    """Bases under this are not published (``n.d.``)."""
    alpha: float = 0.05
    """Significance level of the crosstabs' tests, after Holm's correction."""


_SLUG = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")


def _safe_name(value: str) -> str:
    if not _SLUG.fullmatch(value) or ".." in value:
        raise ValueError("not a safe name for output files: letters, digits, '-', '_' and "
                         "'.' only, starting with a letter or a digit, no '..'")
    return value


SafeName = Annotated[str, AfterValidator(_safe_name)]
r"""A name that becomes part of output file names: it can never leave the output folder
(no ``/``, ``\``, ``..``)."""

Measure = Literal["respondents", "mentions", "level", "group", "theme"]
"""The measures a chart can draw (see ``stats.figures``)."""


class Chapter(StrictModel):
    id: SafeName
    """Used in file names of the web edition and by testimonies' ``chapter``: letters,
    digits, ``-``, ``_`` and ``.``."""
    title: str
    """The chapter's heading, in the contents and the web page's title."""
    template: str
    """Path of the chapter's Jinja template, relative to ``templates/``."""


class FigureSpec(StrictModel):
    id: SafeName
    """Names the chart file (``charts/<id>.svg``) and is what templates pass to ``chart()``:
    letters, digits, ``-``, ``_`` and ``.``."""
    question: str
    """Id of the question whose figures the chart shows."""
    title: str
    """The chart's caption, after its number."""
    measure: Measure | None = None
    """Which figures to draw: ``respondents`` or ``mentions`` (multiple choice),
    ``level`` or ``group`` (grids), ``theme`` (open questions); default: the question's
    only measure."""
    item: str | None = None
    """One grid item's code, to chart that item's levels alone."""
    kind: Literal["bars", "stacked", "diverging", "ci", "trend", "histogram", "means",
                  "crosstab"] | None = None
    """The chart kind; by default ``bars`` for choices and open questions' themes (and for
    one ``item`` of a grid), ``diverging`` for grids whose scale has groups, ``stacked`` for
    other grids, ``histogram`` (over a box plot) for numeric questions; with ``banner``,
    ``crosstab`` (a table of column percentages) or, for a numeric question, ``means`` (the
    mean per group with its interval). ``trend``: small multiples of the share over three
    editions or more."""
    banner: str | None = None
    """A banner question (one of ``banners``) to cross the question by: a crosstab table,
    or the means by group of a numeric question."""
    items: list[str] | None = None
    """Option or item codes to show (a subset), in the questionnaire's codes; default all."""
    sort: Literal["descending", "ascending", "questionnaire"] = "descending"
    """Order of the bars or items: by share (largest first by default) or as asked."""
    digits: int = Field(default=1, ge=0, le=2)
    """Decimals of the question's percentages, wherever they print: on the bars, in the data
    tables and the annex, and in the text (``fmt_pct`` without decimals)."""
    lecture: str | None = None
    """How to read the chart, printed under it after "Lecture :"; default: a sentence
    generated from its first row (``chart(id, lecture=...)`` in a template also sets it)."""


class ChartSizeConfig(StrictModel):
    width_in: float = Field(gt=0)
    """Width of the chart, in inches."""
    font_pt: float = Field(gt=0)
    """Size of the chart's text, in points."""


class ChartStyleConfig(StrictModel):
    palette: list[str] = ["#4a90d2", "#0d2f5a", "#e0701b", "#5a2200"]
    """Series colours, in series order (``#rrggbb``): colour-blind safe (blue and orange
    hues) and at least 3:1 against the background and between adjacent series."""
    font_family: str = "Lato"
    """The font family the charts' text is set in (the built-in theme's, by default)."""
    font_files: list[str] = ["fonts/Lato-Regular.ttf", "fonts/Lato-Bold.ttf"]
    """Font files, relative to the assets folder (the project's, then the theme's), that
    charts are drawn with."""
    text_colour: str = "#1a1a1a"
    """Colour of the charts' text (``#rrggbb``)."""
    background: str = "#ffffff"
    """Background colour the palette's contrast is checked against."""
    print: ChartSizeConfig = ChartSizeConfig(width_in=6.3, font_pt=8)
    """Size of the charts of the print edition."""
    screen: ChartSizeConfig = ChartSizeConfig(width_in=7.3, font_pt=11)
    """Size of the charts of the web edition on a desktop, drawn for the text column (48 rem
    less its margins, 7.3 in at 96 px an inch) and shown from the window whose column keeps
    its text at 12 CSS px (39 em for 7.3 in at 11 pt: a column of 573 px); its text is 14 CSS
    px in the widest column."""
    phone: ChartSizeConfig = ChartSizeConfig(width_in=3.0, font_pt=9)
    """Size of the charts of the web edition in narrower windows (phones), drawn
    tall: each item's label above its bar, every bar the column's width, widened to the
    column; 3 in at 9 pt is 12 CSS px on the narrowest phone (320 px), more on wider ones."""

    @field_validator("palette", "text_colour", "background")
    @classmethod
    def _hex_colours(cls, value):
        colours = value if isinstance(value, list) else [value]
        bad = [colour for colour in colours if not re.fullmatch(r"#[0-9a-fA-F]{6}", colour)]
        if bad:
            raise ValueError(f"{', '.join(map(repr, bad))}: expected a colour as #rrggbb")
        return value

    @model_validator(mode="after")
    def _contrast(self):
        problems = palette_problems(self.palette, self.background)
        if problems:
            raise ValueError("palette contrast below 3:1: " + "; ".join(problems))
        return self


class Logo(StrictModel):
    file: str
    """The logo's file (SVG or PNG), relative to the assets folder (the project's, then the
    theme's): printed on the cover, shown in the web edition's footer."""
    alt: str = Field(min_length=1)
    """What the logo says (the organisation's name), read by screen readers."""
    height_mm: float = Field(default=14, gt=0, le=40)
    """Its height on the cover, in millimetres (its width follows)."""


class CoverImage(StrictModel):
    file: str
    """The image (SVG, PNG or JPEG), relative to the assets folder: the lower part of the
    cover, cropped to fill it."""
    alt: str = ""
    """What it shows, for screen readers; empty for a decorative image."""
    credit: str | None = None
    """The image's credit, printed in small type under it."""


class KeyFigure(StrictModel):
    """One key figure of the summary page and the web edition's home page, declared as a
    figure is: a question's share (with ``measure``, ``item``, ``option``, ``group`` as
    ``fig()`` takes them; without ``option`` and ``group``, its most frequent answer), or a
    count of respondents (``total``)."""

    question: str | None = None
    """Id of the question whose figure it is (or ``total``)."""
    measure: str | None = None
    """The figure's measure, when the question has several (``respondents``,
    ``mentions``, ``group``, ``mean``...)."""
    item: str | None = None
    """A grid item's code."""
    option: str | None = None
    """An option's (or a grid level's) code."""
    group: str | None = None
    """A scale group's code (``agree``)."""
    total: Literal["respondents", "complete"] | None = None
    """Instead of a question: the number of respondents, or of those who answered every
    question."""
    digits: int | None = Field(default=None, ge=0, le=2)
    """Decimals; default: those of the figure's chart (one rounding rule), else 0."""
    text: str | None = None
    """What follows the number (``des répondants jugent ...``); default: a sentence worded
    by the theme from the figure (the answer and the question)."""

    @model_validator(mode="after")
    def _one_source(self):
        if (self.question is None) == (self.total is None):
            raise ValueError("a key figure has a 'question' or a 'total' (respondents or "
                             "complete), not both")
        return self


class AttributionPart(StrictModel):
    question: str
    """A single- or multiple-choice question whose answer describes who speaks (a function,
    a sector)."""
    labels: dict[str, str] = {}
    """Shorter words for some of its options, by code (``{"1": "Professionnel de
    terrain"}``); the others print their label."""


class Licence(StrictModel):
    name: str
    """The licence's name as printed (``CC BY 4.0``)."""
    url: str | None = None
    """Where it is written in full."""


def _identifier(kind: str, value: str) -> str:
    from stdnum import isbn, issn

    module = {"ISSN": issn, "ISBN": isbn}[kind]
    try:
        module.validate(value)
    except Exception as error:  # noqa: BLE001 (stdnum's ValidationError family)
        raise ValueError(f"{value!r} is not a valid {kind} ({error})") from None
    return module.format(module.compact(value)) if kind == "ISBN" else module.format(value)


def _issn(value: str) -> str:
    return _identifier("ISSN", value)


def _isbn(value: str) -> str:
    return _identifier("ISBN", value)


class Segments(StrictModel):
    by: str
    """The id of a single-choice question: one edition per answer (a region, a member
    organisation, a profession), each beside the whole sample's, under
    ``build/<edition>/<segment>/``."""
    values: list[str] | Literal["all"] = "all"
    """The answers to publish an edition for, by code or label; ``all``: every answer. An
    answer with fewer respondents than ``thresholds.suppress`` gets no edition."""


class QuartoConfig(StrictModel):
    timeout: float = Field(default=600.0, gt=0)
    """Seconds one ``quarto render`` may run before it is stopped (CLI: ``--timeout``)."""


class Report(StrictModel):
    slug: SafeName = "report"
    """Base of the PDF's file name: ``<slug>-<edition>.pdf`` (letters, digits, ``-``, ``_``
    and ``.``)."""
    title: str
    """The publication's title (cover, PDF metadata, web pages)."""
    subtitle: str | None = None
    """Printed under the title (for example the edition)."""
    authors: list[str] = []
    """Authors, in the PDF's metadata and on the cover."""
    subject: str | None = None
    """One-sentence summary: the PDF's metadata and the web edition's home page."""
    keywords: list[str] = []
    """Keywords of the PDF's metadata."""
    lang: str = "fr"
    """Language of the publication (``lang`` of the pages and the PDF), for screen readers."""
    published: dt.date | None = None
    """Publication date, written into the PDF's metadata."""
    source: str | None = None
    """Source line printed under every chart."""
    assets: str = "../assets"
    """Folder of the stylesheets and fonts, relative to ``report/<edition>/``."""
    print_layout: str = "print.html.j2"
    """The layout of the whole print document, relative to ``templates/``."""
    web_layout: str = "web.html.j2"
    """The layout of one web page (the index or a chapter), relative to ``templates/``."""
    pdf_variant: PdfVariant = PDF_VARIANTS[0]
    """The PDF standard the print edition follows: tagged and accessible (``pdf/ua-1``) by
    default, archival PDF/A-3 (``pdf/a-3a`` is also tagged) on demand. ``--pdf-variant``
    overrides it."""
    base_url: str | None = None
    """Where the web edition will be published, for canonical links, Open Graph and
    ``sitemap.xml``: an ``http://`` or ``https://`` address; the pages' own links stay
    relative. ``--base-url`` overrides it."""
    thresholds: Thresholds = Thresholds()
    """Bases under which figures are marked or not published."""
    banners: list[str] = []
    """Ids of single-choice questions to cross every other question by (crosstabs)."""
    weighting: Weighting | None = None
    """Raking of the respondents to known margins (docs/statistics.md); without it, every
    figure counts respondents (or uses the export's ``weight_column``)."""
    chart_style: ChartStyleConfig = ChartStyleConfig()
    """The charts' house style."""
    chapters: list[Chapter] = Field(min_length=1)
    """The chapters, in the publication's order."""
    figures: list[FigureSpec] = []
    """The charts: one SVG each, shown where a template calls ``chart(id)``."""
    quarto: QuartoConfig = QuartoConfig()
    """Settings of the Quarto engine (``barorapport build --engine quarto``)."""
    previous: str | None = None
    """The edition this one is compared with (trends); default: the latest edition before
    this one, by name, that the project holds."""
    @field_validator("base_url")
    @classmethod
    def _web_address(cls, url: str | None) -> str | None:
        from .options import base_url_problem

        problem = base_url_problem(url)
        if problem:
            raise ValueError(problem)
        return url

    public_contacts: list[str] = []
    """Personal-looking data the editors publish on purpose (the publisher's address, a
    contact e-mail or phone number): the privacy gate does not warn about them in the
    templates, report.yaml or the questionnaire. Respondents' words are never exempt."""
    respondents: Literal["finished", "started", "all"] | None = None
    """Which rows of the export count: ``finished`` (real responses the survey tool marks
    finished: previews, tests, spam and unfinished responses left out), ``started`` (real
    responses, finished or not: previews, tests and spam left out) or ``all`` (every row).
    Default: ``finished`` for Qualtrics and LimeSurvey exports, ``started`` for the others.
    The rows left out are listed in quarantine.csv with their reason, and the methods note
    states the rule."""
    design: Design | None = None
    """How the respondents were drawn: weights, strata, clusters, finite population
    corrections or replicate weights (docs/statistics.md); every variance, interval and
    test follows it. Without it, a simple random sample (weighted by the questionnaire's
    ``weight_column`` if it names one)."""
    intervals: IntervalMethod = "wilson"
    """The 95 % interval of shares: ``wilson`` (Wilson's score interval on the effective
    base, by default), ``korn-graubard`` (Clopper-Pearson on the effective base with
    Korn and Graubard's degrees of freedom, R's ``svyciprop(method = "beta")``) or
    ``logit`` (``svyciprop(method = "logit")``); each stays inside [0, 1]."""
    multiple_testing: MultipleTesting = MultipleTesting()
    """Which tests the correction for multiple comparisons counts together, and how (the
    methods note says how many tests the publication ran and how they are corrected)."""
    logos: list[Logo] = []
    """The publishers' logos, in order, on the cover and in the web edition's footer."""
    cover_image: CoverImage | None = None
    """An image in the lower part of the cover."""
    summary: str | None = None
    """A template (relative to ``templates/``) of the short summary printed after the cover
    and on the web edition's home page, with the key figures; it may quote computed figures
    like a chapter. Without it, ``subject`` is the summary."""
    key_figures: list[KeyFigure] = []
    """The key figures printed with the summary (four fit a row of two pairs), computed."""
    publisher: str | None = None
    """Who publishes (the colophon's "Éditeur"); default: the authors."""
    director: str | None = None
    """The director of the publication, in the colophon."""
    issn: Annotated[str, AfterValidator(_issn)] | None = None
    """The series' ISSN, checked (its check digit) and printed in the colophon."""
    isbn: Annotated[str, AfterValidator(_isbn)] | None = None
    """The publication's ISBN, checked and printed in the colophon."""
    licence: Licence | None = None
    """The licence the publication is released under, in the colophon."""
    citation: str | None = None
    """How to cite the publication ("Pour citer"); default: written from the authors, the
    year of ``published``, the title, the subtitle and ``base_url``."""
    method: str | None = None
    """A sentence added to the method box (how the data were obtained, a caveat)."""
    attribution: list[AttributionPart] = []
    """The closed questions whose answers, the respondent's own, are printed under each
    quotation (``Professionnel de terrain, accompagnement individuel``), in this order. A
    part is printed only when at least ``thresholds.suppress`` respondents share the
    answers it names with the ones before it."""
    segments: Segments | None = None
    """Editions by segment: besides the whole sample's, one publication per answer of a
    single-choice question, with its own bases, intervals and tests, each figure beside
    the whole sample's and the difference tested, disclosure controlled across all of them
    (docs/statistics.md, Editions by segment). ``--segment <question>=<answer>`` builds one
    segment's (or ``=all``)."""
