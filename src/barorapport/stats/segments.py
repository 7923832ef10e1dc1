"""Editions by segment: the respondents of one answer of a question, published on their own
beside the whole sample.

Input: the survey (filters applied) and its weights, report.yaml's ``segments`` (a
single-choice question and the answers to publish), the thresholds, banners and theme
matches. Output, per segment: a ``Segment`` (which answer, its folder's name, its
respondents) and its ``FigureTable``, computed on its respondents alone (its own bases,
intervals and crosstab tests), each figure beside the whole sample's (``whole_share``,
``whole_value``) with the difference tested: the segment against the rest of the sample,
as a crosstab by a two-column banner (segment, rest), so with the publication's test family
(Pearson, Fisher or Monte-Carlo, Rao-Scott under weights; Holm over each table; a cell
flagged only when its table's test is significant): ``segment_p``, ``segment_differs``.

The weights are the whole sample's, restricted to the segment (a segment is not raked to
margins of its own). Disclosure across segments (``segment_disclosure``) then hides what
the segments together with the whole sample would give away.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import StatsError
from ..survey import Question, Survey
from ..text import fold_accents
from .crosstabs import crosstab_rows
from .figures import PROPORTIONS, FigureTable, _Codes, compute_figures
from .weights import Weights

RESERVED = frozenset({"charts", "data", "web", "figures.csv", "figures.xlsx", "tables.xlsx",
                      "quarantine.csv", "manifest.json", "segments.html", "index.html",
                      "quarto", "fonts", "assets"})
"""Names an edition's output folder already holds: no segment's folder takes one."""
_SEGMENT = "\0segment"
"""The id of the two-column banner (segment, rest) the comparison crosses the survey by: no
questionnaire id can hold a NUL character."""


@dataclass(frozen=True)
class Segment:
    """One segment edition: the respondents who gave ``code`` to question ``by``."""

    by: str
    """The id of the single-choice question the segments are drawn from."""
    code: str
    label: str
    """The answer's label, as the publication prints it."""
    slug: str
    """The name of its output folder, ``build/<edition>/<slug>/``: letters, digits and
    ``-`` (the label's, else the code's)."""
    question: str
    """The question's text."""


def segment_slug(label: str, code: str, taken: set[str]) -> str:
    """A folder name for the segment: its label in ASCII lower case, words joined by ``-``
    (48 characters at most, cut between words), else its code; unique among ``taken`` and
    never a name the edition's folder already holds."""
    plain = re.sub(r"[^a-z0-9]+", "-", fold_accents(label).lower()).strip("-")
    if len(plain) > 48:
        plain = plain[:49].rsplit("-", 1)[0]
    base = plain or re.sub(r"[^a-z0-9]+", "-", fold_accents(code).lower()).strip("-") \
        or "segment"
    name, number = base, 2
    while name in taken or name in RESERVED:
        name, number = f"{base}-{number}", number + 1
    taken.add(name)
    return name


def segments_of(question: Question, values: Sequence[str] | str = "all") -> list[Segment]:
    """The segments of ``question`` (single choice): every option (``all``) or those of
    ``values`` (option codes), in the questionnaire's order."""
    if question.type != "single":
        raise StatsError(f"segments: question '{question.id}' is not a single-choice "
                         "question")
    wanted = None if values == "all" else set(values)
    taken: set[str] = set()
    return [Segment(by=question.id, code=option.code, label=option.label,
                    slug=segment_slug(option.label, option.code, taken),
                    question=question.text)
            for option in question.options if wanted is None or option.code in wanted]


def plan_segments(spec, questionnaire, origin: str) -> list[Segment]:
    """The segments of ``spec`` (report.yaml's ``segments``, or ``--segment``'s): answers by
    code or label. A problem is a ``ConfigError`` starting with ``origin`` (where the spec
    was read: ``--segment Q1=9``, or report.yaml's place of ``segments``)."""
    from ..config.report_check import segment_answers, segment_problems
    from ..errors import ConfigError

    problems = segment_problems(spec.by, spec.values, questionnaire)
    if problems:
        raise ConfigError("\n".join(f"{origin}: {message}" for _, message in problems))
    question = questionnaire.question(spec.by)
    values = "all" if spec.values == "all" else segment_answers(question, spec.values)[0]
    return segments_of(question, values)


def members(survey: Survey, segment: Segment) -> np.ndarray:
    """Which respondents (rows of ``survey.answers``) are in the segment."""
    return (survey.answers[segment.by].astype(object) == segment.code).to_numpy()


def segment_survey(survey: Survey, weights: Weights | None, segment: Segment
                   ) -> tuple[Survey, Weights | None]:
    """The survey of the segment's respondents, and their weights (the whole sample's)."""
    inside = members(survey, segment)
    completion = None if survey.completion is None else survey.completion[inside]
    subset = dataclasses.replace(survey, answers=survey.answers[inside],
                                 completion=completion,
                                 weights=None if survey.weights is None
                                 else survey.weights[inside])
    if weights is None:
        return subset, None
    design = weights.design
    if design is not None:
        design = _design_of(design, inside)
    return subset, dataclasses.replace(weights, values=np.asarray(weights.values)[inside],
                                       design=design)


def _design_of(design, inside: np.ndarray):
    """The sampling design of the segment's respondents: their weights, strata, clusters,
    population sizes and replicate weights. Each segment's intervals are its own
    respondents' (docs/statistics.md: not the domain estimates of the whole design, whose
    strata and clusters without a segment respondent still count)."""
    def pick(values):
        return None if values is None else np.asarray(values)[inside]

    replication = design.replication
    if replication is not None:
        replication = dataclasses.replace(replication,
                                          weights=np.asarray(replication.weights)[inside])
        replication.__dict__.pop("patterns", None)
    return dataclasses.replace(design, weights=pick(design.weights),
                               strata=pick(design.strata), psu=pick(design.psu),
                               ssu=pick(design.ssu),
                               population=tuple(pick(stage) for stage in design.population),
                               replication=replication, _cache={})


def segment_figures(survey: Survey, weights: Weights | None, segment: Segment,
                    whole: FigureTable, thresholds, matches: dict[str, pd.DataFrame],
                    labels: dict[str, dict[str, str]], banners: Sequence[str] = (),
                    **settings) -> FigureTable:
    """The segment's figures table: computed on its respondents (crossed by ``banners``
    but the segments' own question), each figure beside the whole sample's (``whole``)
    and the difference with the rest of the sample tested. ``settings``: the intervals'
    method and the multiple testing rule (``compute_figures``'s)."""
    inside = members(survey, segment)
    own_survey, own_weights = segment_survey(survey, weights, segment)
    own_matches = {question: frame[inside] for question, frame in matches.items()}
    own = compute_figures(own_survey, thresholds, own_matches, labels,
                          banners=[banner for banner in banners if banner != segment.by],
                          weights=own_weights, **settings)
    versus = versus_rest(survey, weights, segment, thresholds, matches, labels)
    return beside_whole(own, whole, versus)


def versus_rest(survey: Survey, weights: Weights | None, segment: Segment, thresholds,
                matches: dict[str, pd.DataFrame], labels: dict[str, dict[str, str]]
                ) -> pd.DataFrame:
    """The tests of the segment against the rest of the sample: the crosstab of every
    question by a two-column banner (the segment, the rest), the segment's column only:
    ``question, item, option, group, measure`` and its ``cell_p`` and ``differs``."""
    banner = Question(id=_SEGMENT, type="single", text=segment.question,
                      options=[{"code": "segment", "label": segment.label},
                               {"code": "rest", "label": "rest"}])
    inside = members(survey, segment)
    coded = _Codes(survey.answers)
    column = np.where(inside, 0, 1)

    def codes(key: str, wanted: list[str]) -> np.ndarray:
        return column if key == _SEGMENT else coded(key, wanted)

    records = crosstab_rows(survey, banner, codes, thresholds, matches, labels,
                            None if weights is None else np.asarray(weights.values,
                                                                    dtype=float))
    keys = ["question", "item", "option", "group", "measure"]
    frame = pd.DataFrame([record for record in records if record["banner_option"] == "segment"
                          and record["question"] != segment.by],
                         columns=[*keys, "cell_p", "differs", "chi2_p"])
    return frame


def beside_whole(own: FigureTable, whole: FigureTable, versus: pd.DataFrame) -> FigureTable:
    """``own`` with each figure's whole-sample counterpart (same question, item, answer,
    measure and banner cell: its share or value, None when the whole sample does not
    publish it) and, for the segment's own figures, the test against the rest."""
    keys = ["question", "item", "option", "group", "measure", "banner", "banner_option"]
    table = own.table.copy()
    national = whole.table[[*keys, "share", "value", "suppressed"]].copy()
    national.loc[national["suppressed"], ["share", "value"]] = np.nan
    national = national.drop(columns="suppressed").rename(
        columns={"share": "whole_share", "value": "whole_value"})
    joined = _join(table.drop(columns=["whole_share", "whole_value"]), national, keys)
    table["whole_share"] = joined["whole_share"].to_numpy(dtype=float)
    table["whole_value"] = joined["whole_value"].to_numpy(dtype=float)
    tested = versus.assign(banner=None, banner_option=None)
    joined = _join(table[keys], tested, keys)
    own_cells = table["banner"].isna() & table["measure"].isin(PROPORTIONS)
    significant = joined["differs"].notna() & own_cells.to_numpy()
    table["segment_p"] = np.where(own_cells, joined["cell_p"].to_numpy(dtype=float), np.nan)
    differs = joined["differs"].to_numpy(dtype=object)
    table["segment_differs"] = pd.Series([value if flag else None for value, flag
                                          in zip(differs, significant, strict=True)],
                                         index=table.index, dtype=object)
    return dataclasses.replace(own, table=table)


def _join(left: pd.DataFrame, right: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """``left`` (its rows in order) with ``right``'s columns where the keys match; a
    missing key (None or NaN) matches a missing one."""
    def normalised(frame: pd.DataFrame) -> pd.DataFrame:
        frame = frame.copy()
        for key in keys:
            frame[key] = frame[key].astype(object).where(frame[key].notna(), "\0none")
        return frame

    right = normalised(right).drop_duplicates(subset=keys)
    return normalised(left[keys]).merge(right, on=keys, how="left", validate="many_to_one")


@dataclass(frozen=True)
class SegmentFigures:
    """The figures of every segment edition, protected together."""

    whole: FigureTable
    """The whole sample's figures (its crosstab by the segments' question, when it is a
    banner, hiding what the segments hide)."""
    tables: dict[str, FigureTable]
    """Each published segment's figures, by its code."""
    too_small: tuple[Segment, ...] = ()
    """Segments under the minimum base (``thresholds.suppress`` respondents): no edition."""


def segment_editions(survey: Survey, weights: Weights | None, segments: Sequence[Segment],
                     whole: FigureTable, thresholds, matches: dict[str, pd.DataFrame],
                     labels: dict[str, dict[str, str]], banners: Sequence[str] = (),
                     **settings) -> SegmentFigures:
    """Every segment's figures (``segment_figures``), then the cells each must hide so
    that none can be worked out from all of them and the whole sample's together
    (``segment_disclosure``). A segment of fewer respondents than ``thresholds.suppress``
    publishes nothing."""
    from .segment_disclosure import cross_segment_hidden, hide_in_segment, hide_in_whole

    if not segments:
        return SegmentFigures(whole, {})
    by = segments[0].by
    sizes = {segment.code: int(members(survey, segment).sum()) for segment in segments}
    kept = [segment for segment in segments if sizes[segment.code] >= thresholds.suppress]
    too_small = tuple(segment for segment in segments if segment not in kept)
    tables = {segment.code: segment_figures(survey, weights, segment, whole, thresholds,
                                            matches, labels, banners, **settings)
              for segment in kept}
    hidden = cross_segment_hidden(survey, by, [segment.code for segment in kept], whole,
                                  tables, thresholds, matches, banners)
    tables = {code: hide_in_segment(table, hidden[code]) for code, table in tables.items()}
    if by in banners:
        whole = hide_in_whole(whole, by, hidden)
    return SegmentFigures(whole, tables, too_small)
