"""Write a new project from an export: questionnaire, report.yaml, a chapter template.

Every choice made for the user is marked with a ``# inferred:`` comment (types, orders,
codes) or ``# to fill:`` (title, authors); ``inferred_notes`` reads them back for
``check``. What the survey's files declare (a ``.qsf``, ``.lss`` or XLSForm, SPSS or Stata
labels) is not a choice: it is marked ``# from:`` with its source, and is not a note.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import shutil
from dataclasses import dataclass, replace
from pathlib import Path

from ...config.report import Thresholds
from ...errors import ConfigError
from ...paths import display_path
from ...survey.carried import Carried
from ...survey.export import Export, read_export
from ...survey.questionnaire import ResponsesSource
from ...wording import DEFAULT_LANGUAGE, language, say
from .declared import (
    as_inferred,
    carried_of,
    left_alone,
    retitled,
    split_files,
    undeclared_roles,
)
from .design import design_lines
from .infer import Inference, InferredQuestion, infer_questions, slug
from .language import survey_language

logger = logging.getLogger("barorapport")

MARK = "# inferred:"
FILL = "# to fill:"
FROM = "# from:"
REVIEW = ("in the order they first appear in the export: put them in their order, then "
          "remove this line")


def _q(text: str) -> str:
    """A YAML scalar: JSON's quoting is valid YAML."""
    return json.dumps(text, ensure_ascii=False)


def _mark(question: InferredQuestion) -> str:
    """``# from:`` for a question the files declare, ``# inferred:`` for one guessed."""
    return FROM if question.declared else MARK


def _question_yaml(question: InferredQuestion) -> list[str]:
    # What the files declare needs no review: its details carry a plain comment.
    mark = "#" if question.declared else MARK
    guessed = f"  {MARK} {question.guessed}" if question.guessed else ""
    lines = [f"  - id: {question.id}  {_mark(question)} {'; '.join(question.reasons)}"
             + guessed,
             f"    type: {question.type}", f"    text: {_q(question.text)}"]
    if question.type in ("single", "numeric", "open"):
        if question.columns[0] != question.id:
            lines.append(f"    columns: {_q(question.columns[0])}")
    if question.type == "single":
        if question.review_order:
            lines.append(f"    review_order: true  {MARK} {REVIEW}")
        lines.append("    options:")
        lines += [f"      - {{code: {_q(code)}, label: {_q(label)}}}"
                  for code, label in question.options]
    if question.type == "multiple":
        lines.append("    options:")
        lines += [f"      - {{code: {_q(code)}, label: {_q(label)}}}"
                  for code, label in question.options]
        if len(question.columns) == 1 and len(question.options) > 1:
            lines.append(f"    columns: {_q(question.columns[0])}  {mark} the ticked options "
                         "share one cell")
        else:
            lines.append("    columns:")
            lines += [f"      {code}: {_q(column)}" for (code, _), column
                      in zip(question.options, question.columns, strict=True)]
    if question.type == "grid":
        lines.append(f"    scale: {question.id}")
        lines.append("    items:")
        lines += [f"      - {{code: {_q(code)}, label: {_q(label)}}}"
                  for code, label in question.items]
        lines.append("    columns:")
        lines += [f"      {code}: {_q(column)}"
                  for (code, _), column in zip(question.items, question.columns, strict=True)]
    if question.answer_codes:
        typos = {typo: meant for typo, _, meant, _ in question.typos}
        lines.append(f"    answer_codes:  {mark} the export writes labels")
        lines += [f"      {_q(value)}: {_q(code)}"
                  + (f"  {MARK} one edit away from {_q(typos[value])}" if value in typos else "")
                  for value, code in question.answer_codes.items()]
    if question.asked_if is not None:
        asked, answers = question.asked_if
        lines += ["    asked_if:", f"      question: {_q(asked)}",
                  f"      answers: [{', '.join(_q(code) for code in answers)}]"]
    return lines


def _reading(export: Export | None, inference: Inference) -> list[str]:
    """``responses:`` lines saying how the export was read: what ``check`` and ``build``
    then read it with, whatever they would guess."""
    lines = []
    if export is not None and export.delimiter:
        lines.append(f"  delimiter: {_q(export.delimiter)}  {MARK} the separator the heading "
                     "row uses")
    if export is not None and export.encoding:
        name, _, why = export.encoding.partition(" (")
        lines.append(f"  encoding: {_q(name)}  {MARK} the bytes read as {name}"
                     + (f" ({why}" if why else ""))
    if inference.decimal is not None:
        lines.append(f"  decimal: {_q(inference.decimal)}  {MARK} numbers written with a "
                     f"decimal {'comma' if inference.decimal == ',' else 'point'}")
    return lines


def questionnaire_yaml(inference: Inference, export_name: str, title: str,
                       title_from: str | None = None, export: Export | None = None,
                       roles: tuple[list[str], list[str]] = ([], [])) -> str:
    """The questionnaire; ``title_from`` is the file the title comes from, None when it
    is made from the export's name (to fill); ``export`` as read (separator, encoding);
    ``roles`` the columns the survey's definition declares personal, and not answers
    (``declared.undeclared_roles``)."""
    title_mark = f"{FROM} {title_from}" if title_from else f"{FILL} the survey's name"
    lines = ["# Written by barorapport init: review every line marked '# inferred:'.",
             "survey:", f"  title: {_q(title)}  {title_mark}"]
    fieldwork = inference.fieldwork
    if fieldwork is not None:
        lines.append(f"  fieldwork: {{start: {fieldwork.start.isoformat()}, end: "
                     f"{fieldwork.end.isoformat()}}}  {MARK} the first and last days of "
                     f"{_q(fieldwork.column)}")
    lines += ["responses:", f"  file: {_q(export_name)}", *_reading(export, inference)]
    if inference.id_column is not None:
        lines.append(f"  id_column: {_q(inference.id_column)}  {MARK} every value different")
    personal = [(heading, "") for heading in inference.personal_columns]
    personal += [(heading, f"  {FROM} the survey's definition") for heading in roles[0]
                 if heading not in inference.personal_columns]
    if personal:
        lines.append(f"  personal_columns:  {MARK} personal data, never read")
        lines += [f"    - {_q(heading)}{why}" for heading, why in personal]
    ignored = [(column, f"{FROM} the survey's definition (not answers)") for column in roles[1]]
    ignored += [(column, f"{MARK} {why}") for column, why in inference.ignored]
    if ignored:
        lines.append("  ignored_columns:")
        lines += [f"    - {_q(column)}  {why}" for column, why in ignored]
    grids = [question for question in inference.questions if question.type == "grid"]
    if grids:
        lines.append("scales:")
        for question in grids:
            lines.append(f"  - id: {question.id}  {_mark(question)} {question.reasons[0]}")
            if question.review_order:
                lines.append(f"    review_order: true  {MARK} {REVIEW}")
            lines.append("    levels:")
            lines += [f"      - {{code: {_q(code)}, label: {_q(label)}}}"
                      for code, label in question.options]
    lines.append("questions:")
    for question in inference.questions:
        lines += _question_yaml(question)
    return "\n".join(lines) + "\n"


def _banners(inference: Inference, asked: list[str]) -> list[InferredQuestion]:
    """The single-choice questions ``init --banner`` names (by id, heading or text), in the
    order asked: init crosses the others by them, and by nothing unasked."""
    single = [question for question in inference.questions if question.type == "single"]
    found = []
    for name in asked:
        match = next((question for question in single
                      if name in (question.id, question.text, *question.columns)), None)
        if match is None:
            raise ConfigError(f"init: --banner {name!r}: no single-choice question with that "
                              f"id or heading (single-choice questions: "
                              f"{', '.join(question.id for question in single) or 'none'})")
        if all(match.id != other.id for other in found):
            found.append(match)
    return found


CROSSED = ("single", "multiple", "numeric")
"""The question types init crosses by a banner (a grid by a banner is a table per item)."""


@dataclass(frozen=True)
class Hidden:
    """How much of a crosstab suppression would hide: cells hidden, cells in all."""

    hidden: int
    cells: int

    @property
    def mostly(self) -> bool:
        return self.cells > 0 and self.hidden * 2 > self.cells


def hidden_cells(target: Path, edition: str, export_name: str,
                 banners: list[InferredQuestion], thresholds: Thresholds = Thresholds(),
                 respondents: str | None = None) -> dict[tuple[str, str], Hidden]:
    """Per (question, banner), how many cells of the crosstab the publication's suppression
    would hide, computed as a build does from the written questionnaire (and the
    ``respondents`` rule report.yaml gets)."""
    if not banners:
        return {}
    from ...stats import compute_figures
    from ...survey import load_questionnaire, load_survey

    data = target / "data" / edition
    questionnaire = load_questionnaire(data / "questionnaire.yaml")
    survey = load_survey(questionnaire, data / export_name, respondents=respondents)
    figures = compute_figures(survey, thresholds,
                              banners=[banner.id for banner in banners])
    found = {}
    for question in questionnaire.questions:
        for banner in banners:
            if question.type not in CROSSED or question.id == banner.id:
                continue
            cells = [cell for cell in figures.select(question.id, banner=banner.id)
                     if cell.measure in ("respondents", "mean")]
            found[(question.id, banner.id)] = Hidden(sum(bool(cell.suppressed)
                                                         for cell in cells), len(cells))
    return found


def _figures(inference: Inference, banners: list[InferredQuestion],
             hidden: dict[tuple[str, str], Hidden]) -> list[dict]:
    figures = []
    for question in inference.questions:
        if question.type == "open":
            continue  # its themes need rules (themes.yaml) first
        base = {"id": question.id, "question": question.id, "title": question.text}
        if question.type == "multiple":
            base["measure"] = "respondents"
        if question.type == "grid":
            base["kind"] = "stacked"
            base["sort"] = "questionnaire"
        if question.type == "single" and question.order_found:
            base["sort"] = "questionnaire"  # an order found (numbers, a scale): keep it
        figures.append(base)
        for banner in banners:
            key = (question.id, banner.id)
            if key not in hidden or hidden[key].mostly:
                continue
            crossed = {"id": f"{question.id}-par-{banner.id}", "question": question.id,
                       "banner": banner.id,
                       "title": say("init.crosstab_title", question=question.text,
                                    banner=banner.text)}
            if question.type == "multiple":
                crossed["measure"] = "respondents"
            figures.append(crossed)
    return figures


def respondents_rule(export: Export) -> tuple[str, str] | None:
    """report.yaml's ``respondents`` for an export that marks previews, tests or unfinished
    responses, and why; None when it marks none."""
    layout = export.layout
    if layout.status_column is None and layout.complete_column is None:
        return None
    marks = [name for name in (layout.status_column, layout.complete_column)
             if name and name in export.headings]
    if not marks:
        return None
    return layout.default_rule, (
        f"{layout.name} marks previews, tests or unfinished responses ({', '.join(marks)}): "
        "only real, finished responses count (started: unfinished ones too; all: every row)")


def _leading(inference: Inference, count: int) -> list[InferredQuestion]:
    """The first questions whose leading answer makes a finding: choices and grids."""
    return [question for question in inference.questions
            if question.type in ("single", "multiple", "grid")][:count]


def report_yaml(inference: Inference, edition: str, banners: list[InferredQuestion],
                hidden: dict[tuple[str, str], Hidden] | None = None,
                rule: tuple[str, str] | None = None, design: list[str] = (),
                lang: tuple[str, str] = (DEFAULT_LANGUAGE, "the default"),
                title: tuple[str, str] | None = None) -> str:
    """report.yaml, its words in the survey's language (``lang``: the code and why);
    ``title``: the survey's title and the file that declares it, else init's placeholder."""
    hidden = hidden or {}
    title_line = (f"title: {_q(title[0])}  {FROM} {title[1]}" if title
                  else f"title: {_q(say('init.title'))}  {FILL} the title")
    lines = ["# Written by barorapport init: fill in the lines marked '# to fill:'.",
             "slug: publication", title_line,
             f"authors: [{_q(say('init.author'))}]  {FILL} the authors",
             f"lang: {lang[0]}  {MARK} {lang[1]}", "thresholds: {low_base: 30, suppress: 10}"]
    if banners:
        lines.append(f"banners: [{', '.join(banner.id for banner in banners)}]  {MARK} asked "
                     "(init --banner): every other question is crossed by it")
    if rule is not None:
        lines.append(f"respondents: {rule[0]}  {MARK} {rule[1]}")
    lines += list(design)
    for (question, banner), cells in hidden.items():
        if cells.mostly:
            lines.append(f"# not proposed: {question} by {banner}: suppression would hide "
                         f"{cells.hidden} of its {cells.cells} cells (fewer than "
                         f"{Thresholds().suppress} "
                         "respondents, or hidden to protect them)")
    lines.append(f"summary: summary.html.j2  {MARK} the leading findings of the first "
                 "questions: rewrite it as the publication's summary")
    lines.append(f"key_figures:  {MARK} the respondents and the first questions' leading "
                 "answers")
    lines.append("  - {total: respondents}")
    lines += [f"  - {{question: {question.id}}}" for question in _leading(inference, 2)
              if question.type != "grid"]
    lines += ["chapters:",
              f"  - {{id: resultats, title: {_q(say('chapter.results'))}, "
              "template: chapters/resultats.html.j2}",
              f"  - {{id: annexe, title: {_q(say('chapter.annex'))}, "
              "template: chapters/annex.html.j2}", "figures:"]
    for figure in _figures(inference, banners, hidden):
        lines.append("  - {" + ", ".join(f"{key}: {_q(value) if key == 'title' else value}"
                                         for key, value in figure.items()) + "}")
    return "\n".join(lines) + "\n"


def chapter_template(inference: Inference, banners: list[InferredQuestion],
                     hidden: dict[tuple[str, str], Hidden] | None = None) -> str:
    """One section per question: its leading finding in words, its chart, then how its
    answers differ between the banners' groups (with the test), and the crosstab where
    suppression leaves it readable."""
    hidden = hidden or {}
    lines = ["{#- Written by barorapport init: one section per question, its leading "
             "finding and its chart, then its differences between groups (finding() and "
             "differences() word them from the figures). Rewrite freely. -#}"]
    figures = {}
    for figure in _figures(inference, banners, hidden):
        figures.setdefault(figure["question"], []).append(figure)
    for question in inference.questions:
        if question.id not in figures:
            continue
        lines.append(f'<h2>{{{{ question("{question.id}").text }}}}</h2>')
        lines.append(f'<p>{{{{ finding("{question.id}") }}}}</p>')
        lines.append(f'{{{{ chart("{question.id}") }}}}')
        for banner in banners:
            if (question.id, banner.id) not in hidden:
                continue
            lines.append(f'<p>{{{{ differences("{question.id}", "{banner.id}") }}}}</p>')
            crossed = f"{question.id}-par-{banner.id}"
            if any(figure["id"] == crossed for figure in figures[question.id]):
                lines.append(f'{{{{ chart("{crossed}") }}}}')
    return "\n".join(lines) + "\n"


def summary_template(inference: Inference) -> str:
    lines = ["{#- Written by barorapport init: the leading findings of the first questions, "
             "for the summary page and the web home page. Rewrite it as the publication's "
             "summary. -#}"]
    lines += [f'<p>{{{{ finding("{question.id}") }}}}</p>'
              for question in _leading(inference, 3)]
    return "\n".join(lines) + "\n"


def _inference(export: Export, carried: Carried | None) -> Inference:
    """The questions the files declare, and those inferred from the other columns, in the
    export's column order."""
    inferred = infer_questions(export, left_alone(export, carried))
    inferred = replace(inferred, questions=tuple(retitled(question, carried)
                                                 for question in inferred.questions))
    hint = export.layout.definition_hint
    if hint and not (carried is not None and carried.questions):
        inferred = replace(inferred, notes=(*inferred.notes, hint))
    if carried is None:
        return inferred
    id_column = next((name for name, meta in carried.columns.items() if meta.role == "id"
                      and name in export.headings), inferred.id_column)
    # Named as the file's copy beside the questionnaire is.
    source = Path(carried.source).name
    declared = [as_inferred(question, source) for question in carried.questions]
    order = {heading: index for index, heading in enumerate(export.headings)}
    questions = sorted([*declared, *inferred.questions], key=lambda question: min(
        order.get(column, len(order)) for column in question.columns))
    taken: set[str] = {question.id for question in declared}
    renamed = [question if question in declared or question.id not in taken
               else replace(question, id=slug(question.id, taken)) for question in questions]
    return replace(inferred, id_column=id_column, questions=tuple(renamed),
                   notes=inferred.notes + tuple(carried.notes),
                   not_questions=tuple((heading, role) for heading, role
                                       in inferred.not_questions if heading != id_column))


def _texts(inference: Inference, export: Export) -> list[str]:
    """The survey's own words: its questions' texts, options and items, and the headings."""
    texts = list(export.headings)
    for question in inference.questions:
        texts += [question.text, *(label for _, label in (*question.options, *question.items))]
    return texts


def init_project(target: Path, files: Path | list[Path], edition: str | None = None,
                 banners: list[str] = ()) -> list[str]:
    """Write a project into ``target`` (which must not hold one) from ``files``: the
    responses export, and optionally the survey's definition (.qsf, .lss, XLSForm), the
    other questions crossed by the single-choice questions ``banners`` names (none unless
    asked); the lines to print: what was written and what was inferred. The edition is
    ``edition``, else the year most responses were given in (the export's timestamps), else
    this year."""
    if (target / "report").exists() or (target / "data").exists():
        raise ConfigError(f"{display_path(target)}: already holds a project (data/ or "
                          "report/): init writes into a new folder")
    export, definitions = split_files([files] if isinstance(files, Path) else list(files))
    read = read_export(ResponsesSource(), export, display_path(export))
    carried = carried_of(read, definitions)
    inference = _inference(read, carried)
    if not inference.questions:
        raise ConfigError(f"{display_path(export)}: no question found in the export")
    edition_from = "" if edition else " (the year of most timestamps)" \
        if inference.fieldwork is not None else " (this year: the export has no timestamps)"
    edition = edition or (inference.fieldwork.edition if inference.fieldwork is not None
                          else str(dt.date.today().year))
    crossing = _banners(inference, list(banners))
    data = target / "data" / edition
    data.mkdir(parents=True)
    for path in (export, *definitions):
        shutil.copyfile(path, data / path.name)
    declared_title = carried.title if carried is not None and carried.title else None
    title = declared_title or export.stem.replace("_", " ").replace("-", " ").strip() \
        .capitalize()
    (data / "questionnaire.yaml").write_text(
        questionnaire_yaml(inference, export.name, title,
                           Path(carried.source).name if declared_title else None, read,
                           undeclared_roles(read, carried)), encoding="utf-8")
    design, design_notes = design_lines(inference.not_questions, read)
    inference = replace(inference, notes=(*inference.notes, *design_notes))
    rule = respondents_rule(read)
    hidden = hidden_cells(target, edition, export.name, crossing,
                          respondents=rule[0] if rule else None)
    lang = survey_language(_texts(inference, read), carried.language if carried else None)
    (target / "report" / edition).mkdir(parents=True)
    (target / "templates" / "chapters").mkdir(parents=True)
    with language(lang[0]):  # report.yaml's and the chapter's words in the survey's
        (target / "report" / edition / "report.yaml").write_text(
            report_yaml(inference, edition, crossing, hidden, rule, design, lang,
                        (declared_title, carried.source) if declared_title else None),
            encoding="utf-8")
        (target / "templates/chapters/resultats.html.j2").write_text(
            chapter_template(inference, crossing, hidden), encoding="utf-8")
        (target / "templates/summary.html.j2").write_text(summary_template(inference),
                                                          encoding="utf-8")
    lines = [f"init: {display_path(target)}: edition {edition}{edition_from}, "
             f"{len(inference.questions)} "
             f"questions from {', '.join(path.name for path in (export, *definitions))}"]
    lines += [f"{'from' if question.declared else 'inferred'}: {question.id}: "
              f"{'; '.join(question.reasons)}"
              + (f" (inferred: {question.guessed})" if question.guessed else "")
              for question in inference.questions]
    lines += [f"not a question: {heading}: {role.described()}"
              + (" (never read)" if role.role == "personal" else "")
              for heading, role in inference.not_questions]
    lines += [f"note: {note}" for note in inference.notes]
    for question in inference.questions:
        for typo, times, meant, others in question.typos:
            logger.warning("%s: question '%s': '%s' (%d answer%s) is one edit away from '%s' "
                           "(%d answers): read as '%s' (answer_codes); map it to an option of "
                           "its own if it is another answer", display_path(export), question.id,
                           typo, times, "" if times == 1 else "s", meant, others, meant)
    lines += [f"not proposed: the crosstab of {question} by {banner}: suppression would hide "
              f"{cells.hidden} of its {cells.cells} cells" for (question, banner), cells
              in hidden.items() if cells.mostly]
    lines.append(f"next: barorapport --project {display_path(target)} build")
    return lines


def inferred_notes(root: Path, edition: str) -> list[str]:
    """``file:line: inferred: ...`` (and ``to fill``) for each marked line of the edition's
    questionnaire and report.yaml: what ``init`` chose, for the user to review."""
    notes = []
    for path in (root / "data" / edition / "questionnaire.yaml",
                 root / "report" / edition / "report.yaml"):
        if not path.is_file():
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            for mark in (MARK, FILL):
                if f"  {mark}" in line:
                    notes.append(f"{display_path(path)}:{number}: {mark[2:]}"
                                 f"{line.split(mark, 1)[1]}")
    return notes
