"""Editions by segment: each segment's publication beside the whole sample's, and their index.

Input: the whole sample's prepared edition (its survey, figures, testimonies) and the
segments' plan and figures (``stats.segments``), the build's options. Output, in the
staging folder: ``<segment>/`` per segment (its PDF ``<slug>-<edition>-<segment>.pdf``, web
edition, Word edition, figures annex: what the whole sample's edition has), laid out by the
same stages as the whole sample's (``pipeline.recipe.present``,
``publish.edition.publish_edition``), then
``segments.html``, the page that links every segment's PDF and web edition.

Segments are laid out side by side, one process each up to ``--jobs`` (default: the
machine's cores), forked from the build once the figures are known; each writes only its own
folder and its own caches, so the outputs are the same bytes whatever the number of
processes. Their warnings are said by the build, in the segments' order.
"""

from __future__ import annotations

import dataclasses
import logging
import multiprocessing
import os
import sys
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from ..stats.segments import Segment, SegmentFigures

logger = logging.getLogger("barorapport")
INDEX_NAME = "segments.html"
INDEX_TEMPLATE = "segments.html.j2"


@dataclass(frozen=True)
class Segmented:
    """The segment editions of a build: which, and their figures."""

    plan: tuple[Segment, ...]
    figures: SegmentFigures
    whole_respondents: int


def segment_figures_of(edition, report, options, questionnaire, weighed, rules, figures, *,
                       progress: Callable[[str], None]) -> Segmented | None:
    """The segment editions asked for (``--segment``, else report.yaml's ``segments``) and
    their figures, protected together with the whole sample's; None when none is asked."""
    spec = options.segments(report)
    if spec is None:
        return None
    from ..config.base import load_yaml, where
    from ..openanswers import match_themes
    from ..stats.segments import plan_segments, segment_editions

    if options.engine != "weasyprint":
        raise ConfigError(f"{where(edition.report_path, load_yaml(edition.report_path), ())}"
                          ": segments: editions by segment are laid out by the weasyprint "
                          f"engine, not {options.engine}")
    origin = f"--segment {options.segment}" if options.segment else where(
        edition.report_path, load_yaml(edition.report_path), ("segments",))
    plan = plan_segments(spec, questionnaire, origin)
    survey, weights = weighed
    found = segment_editions(survey, weights, plan, figures, report.thresholds,
                             match_themes(rules, survey), rules.labels(), report.banners,
                             interval=report.intervals,
                             multiple_testing=report.multiple_testing)
    for segment in found.too_small:
        progress(f"segments: {segment.label}: under {report.thresholds.suppress} "
                 "respondents, no edition")
    progress(f"segments: {len(found.tables)} edition(s) by {spec.by}")
    return Segmented(tuple(plan), found, survey.respondents)


def beside_whole_charts(inputs: dict, specs: list, whole, questionnaire) -> dict:
    """A segment's charts with the whole sample's figures beside theirs: a bar chart's data
    gains a ``whole`` column (its data table's "Ensemble"), and every bar chart's Lecture
    line says the whole sample's share of its first row."""
    from ..charts import chart_input
    from ..formatting import fmt_pct
    from ..wording import say

    out = dict(inputs)
    for spec in specs:
        chart = inputs.get(spec.id)
        if chart is None or chart.kind not in ("bars", "ci") or chart.data.empty:
            continue
        reference = chart_input(spec, whole, questionnaire)
        shares = dict(zip(reference.data["label"], reference.data["share"], strict=True))
        data = chart.data.copy()
        data["whole"] = [shares.get(label, float("nan")) for label in data["label"]]
        first = data["whole"].iloc[0]
        lecture = chart.lecture
        if first == first and not getattr(spec, "lecture", None):
            value = first / (1 if chart.kind == "ci" else 100)
            lecture += say("segment.lecture_whole", whole=fmt_pct(value, chart.digits))
        out[spec.id] = replace(chart, data=data, lecture=lecture)
    return out


def segment_context(segment: Segment, respondents: int, whole_respondents: int) -> dict:
    """What templates see of the segment they render (``segment`` in docs/templates.md)."""
    return {"by": segment.by, "code": segment.code, "label": segment.label,
            "question": segment.question, "slug": segment.slug, "respondents": respondents,
            "whole_respondents": whole_respondents}


@dataclass(frozen=True)
class SegmentOutputs:
    """What one segment's edition wrote (paths relative to the edition's folder)."""

    slug: str
    outputs: dict[str, str]
    laid_out: int
    documents: dict[str, str]
    warnings: tuple[str, ...]


@dataclass(frozen=True)
class _Job:
    edition: Any
    report: Any
    options: Any
    prepared: Any
    staging: Path
    target: Path
    cache_root: Path
    parallel: bool


_JOB: _Job | None = None
"""What the forked workers lay out from: set in the parent just before the fork."""


def publish_segments(edition, report, options, prepared, staging: Path, target: Path,
                     cache_root: Path, progress: Callable[[str], None],
                     jobs: int | None = None) -> tuple[dict[str, Path], int, dict[str, str]]:
    """Every segment's edition in ``staging/<slug>/``, then the index page. Returns the
    outputs by kind (``<slug>:pdf``... and ``segments``, paths under ``target``), the PDFs
    laid out and the texts laid out outside staging (for the privacy gate's last look)."""
    segmented = prepared.segments
    kept = [segment for segment in segmented.plan if segment.code in segmented.figures.tables]
    count = _processes(jobs, len(kept))
    global _JOB
    _JOB = _Job(edition, report, options, prepared, staging, target, cache_root, count > 1)
    try:
        if count > 1:
            progress(f"publish: {len(kept)} segment editions, {count} at a time")
            context = multiprocessing.get_context("fork")
            with ProcessPoolExecutor(max_workers=count, mp_context=context) as pool:
                done = list(pool.map(_segment_edition, kept))
        else:
            done = []
            for segment in kept:
                progress(f"publish: the edition of {segment.label}")
                done.append(_segment_edition(segment))
    finally:
        _JOB = None
    outputs: dict[str, Path] = {}
    laid_out, documents = 0, {}
    for result in done:
        for message in result.warnings:  # said here, in order, whatever the processes
            logger.warning("%s", message)
        outputs.update({f"{result.slug}:{kind}": target / path
                        for kind, path in result.outputs.items()})
        laid_out += result.laid_out
        documents.update(result.documents)
    write_index(staging / INDEX_NAME, edition, report, options, prepared, kept, done)
    outputs["segments"] = target / INDEX_NAME
    return outputs, laid_out, documents


def _processes(jobs: int | None, segments: int) -> int:
    if not sys.platform.startswith("linux") or segments < 2:
        return 1  # forking is how the workers inherit the prepared edition
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:
        cores = os.cpu_count() or 1
    return max(1, min(segments, jobs if jobs is not None else cores))


class _Said(logging.Handler):
    """The warnings of one segment's edition, kept to be said by the build."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _segment_edition(segment: Segment) -> SegmentOutputs:
    """One segment's edition, laid out and published into ``staging/<slug>/``."""
    job = _JOB
    said = _Said()
    handlers, propagate = logger.handlers[:], logger.propagate
    logger.handlers = [said]  # said by the build, once, in order
    logger.propagate = False
    try:
        return _lay_out(job, segment, said)
    finally:
        logger.handlers, logger.propagate = handlers, propagate


def _lay_out(job: _Job, segment: Segment, said: _Said) -> SegmentOutputs:
    from ..charts import ChartCache
    from ..pipeline.drivers import FailFast
    from ..pipeline.recipe import present
    from ..render import make_environment
    from ..stats.segments import segment_survey
    from ..stats.trends import compute_trends
    from ..wording import say
    from .edition import publish_edition

    edition, prepared = job.edition, job.prepared
    # A segment's web edition is not where the whole sample's base URL points: its links
    # stay relative (no canonical link, sitemap nor preview card).
    options = dataclasses.replace(job.options, base_url=None)
    figures = prepared.segments.figures.tables[segment.code]
    survey, _ = segment_survey(prepared.survey, prepared.figures.weights, segment)
    inside = set(map(str, survey.answers.index))
    testimonies = [item for item in prepared.testimonies if str(item.respondent) in inside]
    elsewhere = frozenset(item.id for item in prepared.testimonies
                          if str(item.respondent) not in inside)
    context = segment_context(segment, survey.respondents,
                              prepared.segments.whole_respondents)
    subtitle = say("segment.subtitle", segment=segment.label, question=segment.question,
                   subtitle=f"{job.report.subtitle}{say('segment.subtitle_separator')}"
                   if job.report.subtitle else "")
    report = job.report.model_copy(update={"subtitle": subtitle})
    cache = ChartCache(job.cache_root / "charts" / edition.name / segment.slug)
    jobs = 1 if job.parallel else None  # one process each already
    screen: dict = {}
    drawn_from: dict = {}

    def make_charts(inputs, style):
        if "web" in options.formats:
            screen.update(_drawn(inputs, style, cache, "screen", jobs))
            screen.update({f"{chart_id}-phone": chart for chart_id, chart
                           in _drawn(inputs, style, cache, "phone", jobs).items()})
        drawn_from.update(inputs=inputs, style=style)
        return _drawn(inputs, style, cache, "print", jobs)

    trends = compute_trends(figures, edition.name, [])
    laid = present(FailFast(), edition, report, options,
                   environment=make_environment(edition.templates_dir),
                   questionnaire=survey.questionnaire, survey=survey, figures=figures,
                   trends=trends, testimonies=testimonies, secrets=prepared.secrets,
                   make_charts=make_charts, build_info=prepared.context.get("build_info"),
                   progress=lambda message: None,
                   segment=context, whole=prepared.figures, elsewhere=elsewhere)
    folder = job.staging / segment.slug
    folder.mkdir()
    laid = dataclasses.replace(laid, survey=survey)
    outputs, laid_out, documents = publish_edition(
        edition, report, options, laid, folder, job.target / segment.slug, job.cache_root,
        None, lambda message: None, screen_charts=screen, layout=None,
        drawn_from=drawn_from, segment=context)
    return SegmentOutputs(
        slug=segment.slug,
        outputs={kind: path.relative_to(job.target).as_posix()
                 for kind, path in outputs.items()},
        laid_out=int(laid_out),
        documents={f"{segment.slug}/{name}": text for name, text in documents.items()},
        warnings=tuple(f"{segment.slug}: {message}" for message in said.messages))


def _drawn(inputs, style, cache, medium: str, jobs: int | None) -> dict:
    return dict(zip(inputs, cache.charts(list(inputs.values()), style, medium, jobs),
                    strict=True))


def write_index(path: Path, edition, report, options, prepared, kept: list[Segment],
                done: list[SegmentOutputs]) -> Path:
    """The page linking the whole sample's and every segment's PDF, web and Word
    editions, and saying which answers have none (under the minimum base)."""
    from ..render import make_environment
    from ..render.chapters import render_layout
    from ..stats.segments import members
    from .edition import pdf_name

    segmented = prepared.segments
    by_slug = {result.slug: result.outputs for result in done}
    sizes = {segment.code: int(members(prepared.survey, segment).sum()) for segment in kept}
    formats = set(options.formats)
    whole = {"pdf": pdf_name(report, edition) if "pdf" in formats else None,
             "web": "web/index.html" if "web" in formats else None,
             "docx": pdf_name(report, edition).removesuffix(".pdf") + ".docx"
             if "docx" in formats else None,
             "respondents": segmented.whole_respondents}
    rows = [{"label": segment.label, "code": segment.code, "slug": segment.slug,
             "respondents": sizes[segment.code],
             "pdf": by_slug[segment.slug].get("pdf"), "web": by_slug[segment.slug].get("web"),
             "docx": by_slug[segment.slug].get("docx")} for segment in kept]
    question = segmented.plan[0].question if segmented.plan else ""
    small = [{"label": segment.label, "code": segment.code}  # never their count
             for segment in segmented.figures.too_small]
    html = render_layout(make_environment(edition.templates_dir), INDEX_TEMPLATE, {
        "report": report, "edition": edition.name, "question": question, "whole": whole,
        "segments": rows, "too_small": small, "minimum": report.thresholds.suppress})
    path.write_text(html, encoding="utf-8")
    return path
