"""report.yaml against the rest of the project, in one pass: every problem with its place.

Input: an edition, its validated ``Report``, its questionnaire and the Jinja environment.
Output: nothing, or a ``ConfigError`` listing every problem as ``report.yaml:line:col: ...``:
each figure's question, measure, item and items, and kind for the question's type; the
banners; ``previous``; the chart font files; the chapter templates and the layouts. What
pydantic checks alone (unknown keys, the closed lists, ids as safe slugs) is in
``config.report``. The build and ``check`` both run it before any later stage.
"""

from __future__ import annotations

import logging

from ..errors import ConfigError, EditionError
from ..paths import display_path
from ..wording import (
    builtin,
    catalogue_language,
    catalogue_problems,
    has_catalogue,
    project_catalogue,
    shipped,
)
from .base import load_yaml, where
from .project import Edition, previous_edition
from .report import Report

MEASURES = {"single": ("respondents",), "multiple": ("respondents", "mentions"),
            "grid": ("level", "group"), "open": ("theme",), "numeric": ()}
"""The measures a figure of each question type may chart."""
GRID_KINDS = ("stacked", "diverging")
NUMERIC_KINDS = ("histogram", "means")


logger = logging.getLogger("barorapport")


def warn_placeholders(edition: Edition, report: Report) -> None:
    """A warning for a title or an author still ``init``'s placeholder (``Titre de la
    publication``, ``Author to be named``...) or empty: it would reach the cover, the PDF's
    metadata and the web pages."""
    catalogues = [builtin(lang) for lang in shipped()]
    catalogues.append(project_catalogue(report.lang, edition.messages_dir))
    titles = {catalogue["init.title"] for catalogue in catalogues if "init.title" in catalogue}
    authors = {catalogue["init.author"] for catalogue in catalogues
               if "init.author" in catalogue}
    data = None
    unset = [(("title",), "title", report.title)] if report.title in titles else []
    unset += [(("authors", index), "author", author)
              for index, author in enumerate(report.authors) if author in authors]
    unset += [(("authors", index), "author", "") for index, author
              in enumerate(report.authors) if not author.strip()]
    if not report.title.strip():
        unset.insert(0, (("title",), "title", ""))
    for loc, what, value in unset:
        data = data if data is not None else load_yaml(edition.report_path)
        state = f"still init's placeholder '{value}'" if value else "empty"
        logger.warning("%s: the %s is %s: set the publication's %s (the cover, the PDF's "
                       "metadata and the web pages print it)",
                       where(edition.report_path, data, loc), what, state, what)


def check_report(edition: Edition, report: Report, questionnaire, environment=None) -> None:
    """Raise a ``ConfigError`` listing every problem of report.yaml against the project."""
    data = load_yaml(edition.report_path)
    problems: list[str] = []

    def problem(loc: tuple, message: str) -> None:
        problems.append(f"{where(edition.report_path, data, loc)}: {message}")

    _check_banners(report, questionnaire, problem)
    if report.segments is not None:
        for loc, message in segment_problems(report.segments.by, report.segments.values,
                                             questionnaire):
            problem(("segments", *loc), message)
    _check_design(report, questionnaire, problem)
    for index, spec in enumerate(report.figures):
        _check_figure(index, spec, questionnaire, problem, list(report.banners))
    _check_ids(report, problem)
    _check_previous(edition, report, problems)
    _check_font_files(edition, report, problem)
    _check_images(edition, report, problem)
    for index, key_figure in enumerate(report.key_figures):
        _check_key_figure(index, key_figure, questionnaire, problem)
    for index, part in enumerate(report.attribution):
        _check_attribution(index, part, questionnaire, problem)
    if not has_catalogue(report.lang, edition.messages_dir):
        problem(("lang",), f"lang '{report.lang}': neither the built-in theme nor the project "
                           f"has a wording catalogue for it (messages/"
                           f"{catalogue_language(report.lang)}.yaml; shipped: "
                           f"{', '.join(shipped())})")
    problems += catalogue_problems(report.lang, edition.messages_dir)
    if environment is not None:
        _check_templates(edition, report, environment, problem)
    if problems:
        raise ConfigError("\n".join(problems))


def _check_banners(report: Report, questionnaire, problem) -> None:
    single = [question.id for question in questionnaire.questions if question.type == "single"]
    for index, banner in enumerate(report.banners):
        if banner not in single:
            problem(("banners", index), f"banner '{banner}' is not a single-choice question "
                                        f"of the questionnaire (expected one of: "
                                        f"{', '.join(single)})")


def _check_design(report: Report, questionnaire, problem) -> None:
    """The weights are declared once: report.yaml's ``design.weights`` or the
    questionnaire's ``responses.weight_column``, or both naming the same column."""
    design = report.design
    declared = questionnaire.responses.weight_column
    if design is not None and design.weights and declared \
            and design.weights.casefold() != declared.casefold():
        problem(("design", "weights"), f"design.weights '{design.weights}' and the "
                                       f"questionnaire's responses.weight_column "
                                       f"'{declared}' name two columns: keep one")


def segment_answers(question, values) -> tuple[list[str], list[tuple[int, str]]]:
    """The option codes of ``values`` (each a code, or a label in any case) in the
    questionnaire's order, and the (position, value) of those that are neither."""
    by_label = {option.label.casefold(): option.code for option in question.options}
    codes = {option.code for option in question.options}
    found, unknown = set(), []
    for position, value in enumerate(values):
        code = value if value in codes else by_label.get(str(value).casefold())
        if code is None:
            unknown.append((position, value))
        else:
            found.add(code)
    return [option.code for option in question.options if option.code in found], unknown


def segment_problems(by: str, values, questionnaire) -> list[tuple[tuple, str]]:
    """What is wrong with segments by ``by`` for ``values`` (``all`` or answers): each
    problem's place under ``segments`` and its message."""
    single = [question.id for question in questionnaire.questions if question.type == "single"]
    if by not in single:
        return [(("by",), f"segments.by: '{by}' is not a single-choice question of the "
                          f"questionnaire (expected one of: {', '.join(single)})")]
    if values == "all":
        return []
    question = questionnaire.question(by)
    expected = ", ".join(f"{option.code} ({option.label})" for option in question.options)
    return [(("values", position), f"segments.values: '{value}' is not an answer of question "
                                   f"'{by}' (expected a code or a label among: {expected})")
            for position, value in segment_answers(question, values)[1]]


def _check_kind_and_banner(at: tuple, spec, question, known: dict, banners: list[str],
                           problem) -> bool:
    """Numeric questions take the numeric kinds and only them; a banner is one of
    report.yaml's ``banners``. Whether the figure's other keys are worth checking."""
    kind = spec.kind
    if question.type == "numeric":
        if kind is not None and kind not in NUMERIC_KINDS:
            problem((*at, "kind"), f"figure '{spec.id}': question '{spec.question}' is numeric: "
                                   f"a {kind} chart draws shares; use kind histogram, or means "
                                   "with a banner")
        if kind == "means" and spec.banner is None:
            problem((*at, "kind"), f"figure '{spec.id}': a means chart needs a 'banner' (the "
                                   "question to cross by)")
    elif kind in NUMERIC_KINDS:
        problem((*at, "kind"), f"figure '{spec.id}': a {kind} chart needs a numeric question; "
                               f"'{spec.question}' is {question.type}")
    if kind == "crosstab" and spec.banner is None:
        problem((*at, "kind"), f"figure '{spec.id}': a crosstab needs a 'banner' (the question "
                               "to cross by)")
    if spec.banner is not None and spec.banner not in banners:
        problem((*at, "banner"), f"figure '{spec.id}': banner '{spec.banner}' is not one of "
                                 "report.yaml's banners (add it to 'banners:'; now: "
                                 f"{', '.join(banners) or 'none'})")
    return question.type != "numeric"


def _check_figure(index: int, spec, questionnaire, problem,
                  report_banners: list[str] = ()) -> None:
    at = ("figures", index)
    known = {question.id: question for question in questionnaire.questions}
    question = known.get(spec.question)
    if question is None:
        problem((*at, "question"), f"figure '{spec.id}': no question '{spec.question}' in the "
                                   f"questionnaire (expected one of: {', '.join(known)})")
        return
    if not _check_kind_and_banner(at, spec, question, known, report_banners, problem):
        return
    allowed = MEASURES[question.type]
    if spec.measure is not None and spec.measure not in allowed:
        problem((*at, "measure"), f"figure '{spec.id}': measure '{spec.measure}' does not apply "
                                  f"to {question.type} question '{spec.question}' (expected "
                                  f"one of: {', '.join(allowed)})")
    scale = questionnaire.scale_of(question) if question.type == "grid" else None
    item_codes = [item.code for item in question.items]
    if spec.item is not None:
        if question.type != "grid":
            problem((*at, "item"), f"figure '{spec.id}': 'item' is for grid questions; "
                                   f"'{spec.question}' is {question.type}")
        elif spec.item not in item_codes:
            problem((*at, "item"), f"figure '{spec.id}': item '{spec.item}' not in question "
                                   f"'{spec.question}' (expected one of: "
                                   f"{', '.join(item_codes)})")
    if spec.items is not None and question.type != "open":
        if question.type != "grid":
            codes, what = [option.code for option in question.options], "option"
        elif spec.item is not None:
            codes, what = [level.code for level in scale.levels], "level"
        else:
            codes, what = item_codes, "item"
        for position, code in enumerate(spec.items):
            if code not in codes:
                problem((*at, "items", position),
                        f"figure '{spec.id}': {what} '{code}' not in question "
                        f"'{spec.question}' (expected some of: {', '.join(codes)})")
    kind = spec.kind
    if kind in GRID_KINDS and (question.type != "grid"
                               or (spec.banner is None and spec.item is not None)):
        shown = "a grid item" if question.type == "grid" else f"a {question.type} question"
        problem((*at, "kind"), f"figure '{spec.id}': a {kind} chart needs a grid question's "
                               f"items; '{spec.question}' is {shown}")
    elif kind == "diverging" and scale is not None and len(scale.groups) != 2:
        problem((*at, "kind"), f"figure '{spec.id}': a diverging chart needs a scale with two "
                               f"groups; scale '{scale.id}' has {len(scale.groups)}")
    elif kind == "trend" and scale is not None and not scale.groups:
        problem((*at, "kind"), f"figure '{spec.id}': a trend chart of a grid needs a scale "
                               f"with groups; scale '{scale.id}' has none")


def _check_ids(report: Report, problem) -> None:
    for key, entries in (("chapters", report.chapters), ("figures", report.figures)):
        seen: dict[str, int] = {}
        for index, entry in enumerate(entries):
            if entry.id in seen:
                problem((key, index, "id"), f"duplicate {key[:-1]} id '{entry.id}' (also "
                                            f"{key}[{seen[entry.id]}])")
            seen.setdefault(entry.id, index)


def _check_previous(edition: Edition, report: Report, problems: list[str]) -> None:
    try:
        previous_edition(edition, report)
    except EditionError as error:
        problems.append(str(error))


def _check_font_files(edition: Edition, report: Report, problem) -> None:
    from ..theme import asset_files

    assets = edition.assets_dir(report)
    found = asset_files(assets)
    for index, name in enumerate(report.chart_style.font_files):
        path = assets / name
        if name not in found:
            problem(("chart_style", "font_files", index),
                    f"chart_style.font_files: file not found: {display_path(path)}")


def _check_templates(edition: Edition, report: Report, environment, problem) -> None:
    import jinja2

    def missing(name: str) -> bool:
        try:
            environment.loader.get_source(environment, name)
        except jinja2.TemplateNotFound:
            return True
        return False

    shown = display_path(edition.templates_dir)
    for index, chapter in enumerate(report.chapters):
        if missing(chapter.template):
            problem(("chapters", index, "template"),
                    f"chapter '{chapter.id}': template '{chapter.template}' not found "
                    f"(neither in {shown}/ nor in the built-in theme)")
    if report.summary is not None and missing(report.summary):
        problem(("summary",), f"summary: template '{report.summary}' not found (neither in "
                              f"{shown}/ nor in the built-in theme)")
    for key in ("print_layout", "web_layout"):
        name = getattr(report, key)
        if missing(name):
            problem((key,), f"{key}: template '{name}' not found (neither in {shown}/ nor in "
                            "the built-in theme)")


IMAGE_KINDS = {"logos": ("svg", "png"), "cover_image": ("svg", "png", "jpeg")}
"""The image formats the cover takes: what both editions show as they are."""


def image_kind(path) -> str | None:
    """``svg``, ``png`` or ``jpeg`` from the file's content (not its name), or None."""
    head = path.read_bytes()[:4096]
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    from defusedxml import ElementTree

    try:
        root = ElementTree.parse(path).getroot()
    except Exception:  # noqa: BLE001 (not XML, or XML that defusedxml refuses)
        return None
    return "svg" if root.tag in ("svg", "{http://www.w3.org/2000/svg}svg") else None


def _check_images(edition: Edition, report: Report, problem) -> None:
    from ..theme import asset_files

    assets = edition.assets_dir(report)
    found = asset_files(assets)
    images = [(("logos", index, "file"), "logos", logo.file)
              for index, logo in enumerate(report.logos)]
    if report.cover_image is not None:
        images.append((("cover_image", "file"), "cover_image", report.cover_image.file))
    for loc, key, name in images:
        if name not in found:
            problem(loc, f"{key}: file not found: {display_path(assets / name)} (a path "
                         "relative to the assets folder)")
            continue
        kind, allowed = image_kind(found[name]), IMAGE_KINDS[key]
        if kind not in allowed:
            problem(loc, f"{key}: {display_path(found[name])} is "
                         f"{'an unreadable image' if kind is None else kind.upper()}: "
                         f"expected {' or '.join(kind.upper() for kind in allowed)}")


def _check_key_figure(index: int, key_figure, questionnaire, problem) -> None:
    """The question, item, option and group a key figure names exist; which figure they
    pick out (and whether it is one) is the figures table's to say when the summary
    renders."""
    if key_figure.question is None:
        return
    at = ("key_figures", index)
    known = {question.id: question for question in questionnaire.questions}
    question = known.get(key_figure.question)
    if question is None:
        problem((*at, "question"), f"key figure: no question '{key_figure.question}' in the "
                                   f"questionnaire (expected one of: {', '.join(known)})")
        return
    scale = questionnaire.scale_of(question) if question.type == "grid" else None
    options = [level.code for level in scale.levels] if scale is not None else \
        [option.code for option in question.options]
    checks = [("item", [item.code for item in question.items], "item"),
              ("option", options, "level" if scale is not None else "option"),
              ("group", [group.id for group in scale.groups] if scale is not None else [],
               "group")]
    for key, codes, what in checks:
        value = getattr(key_figure, key)
        if value is not None and value not in codes:
            problem((*at, key), f"key figure: {what} '{value}' not in question "
                                f"'{question.id}' (expected one of: "
                                f"{', '.join(codes) or 'none'})")


def _check_attribution(index: int, part, questionnaire, problem) -> None:
    at = ("attribution", index)
    choices = {question.id: question for question in questionnaire.questions
               if question.type in ("single", "multiple")}
    question = choices.get(part.question)
    if question is None:
        problem((*at, "question"), f"attribution: '{part.question}' is not a single- or "
                                   "multiple-choice question of the questionnaire (expected "
                                   f"one of: {', '.join(choices)})")
        return
    codes = [option.code for option in question.options]
    for code in part.labels:
        if code not in codes:
            problem((*at, "labels", code), f"attribution: option '{code}' not in question "
                                           f"'{question.id}' (expected one of: "
                                           f"{', '.join(codes)})")
