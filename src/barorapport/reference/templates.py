"""The reference of what every template receives: ``docs/templates.md``, generated.

``python -m barorapport.reference.templates docs/templates.md`` writes it; a test keeps it in
sync with the code: the names below are every key of ``chapters.make_context`` and of the
layouts' context, and the filters' lines are their docstrings (``formatting.FILTERS``).
"""

from __future__ import annotations

import inspect
import sys
from pathlib import Path

CONTEXT: dict[str, str] = {
    "report": "report.yaml, validated: `report.title`, `.subtitle`, `.authors`, `.subject`, "
              "`.source`, `.lang`, `.published`, `.chapters`, `.figures` (docs/formats.md).",
    "edition": "The edition's name (`2020`).",
    "survey": "The survey: `survey.title`, `.mode`, `.fieldwork.start` and `.end` (None when "
              "unset), `.respondents`, `.complete`, `.partial`, `.closed_questions`, "
              "`.open_questions`, `.sample`.",
    "weighting": "How the figures were weighted (empty without weights): `.margins`, "
                 "`.effective_base`, `.design_effect`.",
    "estimation": "How the figures were estimated, worded for the methods note: "
                  "`estimation.design` (the sampling design and its variance, None for a "
                  "simple random sample) under `.design_label`, `.interval` (the "
                  "intervals' method) under `.interval_label`, `.interval_method` "
                  "(`wilson`, `korn-graubard`, `logit`), `.tests` (how many tests the "
                  "publication ran and how they are corrected, None without any) under "
                  "`.tests_label`, `.test_count` (`.tables`, `.cells`, `.comparisons`, "
                  "`.total`, `.family`, `.method`), `.trend_tests`, `.crosstabs` (the crosstabs' "
                  "test and flagging rule).",
    "previous_edition": "The edition compared with (trends), or None.",
    "fig": "`fig(question, measure=, item=, option=, group=, banner=, banner_option=)`: the "
           "one figure those keys name (`.share`, `.count`, `.base`, `.label`, `.ci_low`, "
           "`.ci_high`, `.value` for a numeric question's measures, `.differs` in a "
           "crosstab, `.low_base`, `.suppressed`).",
    "ranked": "`ranked(question, measure=, item=, banner=, banner_option=)`: the figures "
              "from the largest to the smallest.",
    "chart": "`chart(figure_id)`: a figure of report.yaml, numbered, with its caption, alt "
             "text and data (`partials/figure.html.j2`; a crosstab: "
             "`partials/crosstab.html.j2`).",
    "testimony": "`testimony(id)`: a quotation of testimonies.yaml as a block "
                 "(`partials/testimony.html.j2`).",
    "quote": "`quote(id)`: a quotation's text for an inline quotation (the template adds "
             "« »).",
    "charts_shown": "`charts_shown()`: (number, chart) of the charts shown so far, for a "
                    "data annex.",
    "all_figures": "`all_figures()`: every figure of the table, in questionnaire order.",
    "testimonies": "`testimonies(chapter=, theme=)`: the quotations of a chapter or theme.",
    "question": "`question(id)`: a question of the questionnaire (`.text`, `.options`, "
                "`.items`, `.label_of(code)`).",
    "trend": "`trend(question, **keys)`: the figure against the previous edition.",
    "evolutions": "`evolutions()`: the significant changes since the previous edition.",
    "not_compared": "`not_compared()`: (question id, reason) of the questions not compared.",
    "escape": "`escape(text)`: HTML-escape a text (autoescape does it for `{{ }}`).",
    "source": "The source line printed under every chart and table (report.yaml's `source`, "
              "else the survey's title and edition), without its label.",
    "digits_of": "`digits_of(figure)`: the decimals of a figure's percentages, those of its "
                 "chart (report.yaml's `digits`; 1 when no chart shows it).",
    "key_figures": "`key_figures()`: report.yaml's `key_figures`, computed: each a `.number` "
                   "(at its chart's decimals), the words after it (`.text`) and, for a "
                   "generated text, the `.question` it answers (`partials/key-figures.html.j2`).",
    "citation": "`citation(base_url)`: how to cite the publication: `.text` (report.yaml's "
                "`citation`, or written from the authors, the year, the title and subtitle) "
                "and `.url` (the web edition's address, or None).",
    "figures_annexed": "`figures_annexed()`: whether a chapter printed the table of every "
                       "figure (`all_figures()`); the method box then says so.",
    "finding": "`finding(question)`: the question's leading finding in a sentence (the most "
               "frequent answer and the runner-up, ties said as ties; a grid's most and least "
               "agreed item; a numeric question's mean and median), worded by the catalogue.",
    "differences": "`differences(question, banner)`: whether the answers differ between the "
                   "banner's groups, with the test's name and p-value and the cell that "
                   "differs most from the whole sample (no test claimed when suppression "
                   "withholds it).",
    "summary": "`summary()`: report.yaml's `summary` template rendered (or its `subject` "
               "as a paragraph), for the summary page and the web home page.",
    "segment": "In a segment's edition (report.yaml's `segments`, `--segment`), the segment "
               "the template renders: `segment.label` (the answer, `Cadre / Chef de "
               "service`), `.code`, `.by` (the question's id), `.question` (its text), `.slug` "
               "(its folder, `build/<edition>/<slug>/`), `.respondents`, "
               "`.whole_respondents`; None in the whole sample's edition: "
               "`{% if segment %}...{% endif %}` writes what only a segment's edition says.",
    "whole": "`whole(question, **keys)`: the whole sample's figure of `fig()`'s keys (in the "
             "whole sample's edition, `fig()`'s own). In a segment's edition every figure "
             "also has `.whole_share` and `.segment_differs` (`higher` or `lower`: the "
             "segment differs significantly from the rest of the sample).",
    "beside": "`beside(question, digits=None, **keys)`: in a segment's edition the figure "
              "beside the whole sample's, as the catalogue words it (`Cadre : 64 % ; "
              "ensemble : 58 %`, and whether the gap with the other respondents is "
              "significant); in the whole sample's, the figure alone (`64 %`).",
    "has_testimony": "`has_testimony(id)`: whether this edition shows the quotation: a "
                     "segment's edition shows only its respondents' (`testimony()` of another "
                     "shows nothing, `quote()` an omission mark […]).",
}
"""What ``make_context`` gives every chapter template and layout."""
LAYOUT: dict[str, str] = {
    "chapter": "In a chapter template: the chapter being rendered (`.id`, `.title`).",
    "chapters": "In a layout: the rendered chapters (`.id`, `.title`, `.html`).",
    "build_info": "In a layout: `build_info.data_hash`, `.version`, `.commit`, for a "
                  "colophon.",
    "pdf_name": "The PDF's file name when the build makes one, else None.",
    "figures_csv": "`data/figures.csv` when the web edition is built, else None.",
    "figures_xlsx": "`data/figures.xlsx` when the web edition is built, else None.",
    "base_url": "The web edition's address (report.yaml's `base_url`, `--base-url`), or "
                "None.",
    "assets": "The assets' folder, for the stylesheets' links (`{{ assets }}/print.css`).",
    "page": "Web layout: the chapter of this page, None on the home page.",
    "previous": "Web layout: the previous chapter, or None.",
    "next": "Web layout: the next chapter, or None.",
    "page_name": "Web layout: `page_name(chapter_id)`, the page's file name.",
    "say": "`say(code, **values)`: a sentence of the wording catalogue "
           "(`theme/messages/<lang>.yaml`), its `{names}` filled in.",
    "segments": "Index of the editions by segment (`segments.html.j2`): one row per "
                "segment edition (`.label`, `.code`, `.slug`, `.respondents`, and the "
                "relative links `.pdf`, `.web`, `.docx`, None when not built); `whole` is "
                "the whole sample's row (`.pdf`, `.web`, `.docx`, `.respondents`).",
    "too_small": "Index of the editions by segment: the answers under the minimum base "
                 "(`.label`, `.code`; never their count), which have no edition.",
    "minimum": "Index of the editions by segment: `thresholds.suppress`.",
}
"""What the layouts (and chapters, for ``chapter``) receive besides."""
PARTIALS: dict[str, str] = {
    "chart": "`partials/figure.html.j2`, `partials/crosstab.html.j2`: the chart (`.id`, "
             "`.title`, `.alt`, `.caption`, `.kind`, `.data`; a crosstab's `.table`: "
             "`columns`, `bases`, `marks`, `suppressed`, `low_base`, `banner_text`).",
    "number": "The figure's number, in the order the chapters show them.",
    "columns": "The chart's data table's columns (`label`, then one per series).",
    "rows": "The data table's rows (a crosstab's last row: its bases).",
    "testimony": "`partials/testimony.html.j2`: the quotation (`.id`, `.published`).",
    "paragraphs": "`partials/testimony.html.j2`: the quotation's paragraphs.",
    "attribution": "`partials/testimony.html.j2`: who speaks, from the respondent's own "
                   "closed answers (report.yaml's `attribution`), or None.",
    "title": "`partials/figure.html.j2`: the chart's title (report.yaml's, or "
             "`chart(id, title=...)`).",
    "lecture": "`partials/figure.html.j2`: how to read the chart (generated, report.yaml's "
               "`lecture`, or `chart(id, lecture=...)`).",
    "digits": "`partials/figure.html.j2`: the chart's decimals.",
}
"""What ``chart()`` and ``testimony()`` give their partials besides the context."""


def _filters() -> list[tuple[str, str]]:
    from ..formatting import FILTERS

    rows = []
    for name, function in FILTERS.items():
        signature = str(inspect.signature(function)).replace("(value, ", "(").replace(
            "(value)", "()")
        doc = " ".join((inspect.getdoc(function) or "").split())
        rows.append((f"`{name}{signature}`", doc.replace("|", "\\|")))
    return rows


def templates_reference() -> str:
    from ..theme import TEMPLATES_DIR

    lines = ["# What templates receive", "",
             "Generated by `python -m barorapport.reference.templates docs/templates.md` from "
             "the code; a test fails when it is out of date.", "",
             "Every chapter template and layout is rendered with the names below. Templates "
             "are looked up in the project's `templates/` first, then in the built-in theme "
             "(README, \"The built-in theme\").", "", "## Variables and functions", "",
             "| name | what |", "|------|------|"]
    lines += [f"| `{name}` | {text} |" for name, text in CONTEXT.items()]
    lines += ["", "## In layouts (and `chapter` in chapter templates)", "",
              "| name | what |", "|------|------|"]
    lines += [f"| `{name}` | {text} |" for name, text in LAYOUT.items()]
    lines += ["", "## In the partials", "", "| name | what |", "|------|------|"]
    lines += [f"| `{name}` | {text} |" for name, text in PARTIALS.items()]
    lines += ["", "## Filters", "", "| filter | what |", "|--------|------|"]
    lines += [f"| {name} | {text} |" for name, text in _filters()]
    lines += ["", "## The built-in theme's templates", "",
              "A project overrides any of them with a file at the same path under "
              "`templates/`.", ""]
    for path in sorted(TEMPLATES_DIR.rglob("*.j2")):
        source = path.read_text(encoding="utf-8")
        summary = ""
        if source.startswith("{#"):
            summary = " ".join(source[2:source.index("#}")].strip(" -\n").split())
        lines.append(f"- `{path.relative_to(TEMPLATES_DIR).as_posix()}`"
                     + (f": {summary}" if summary else ""))
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    target = Path(argv[0]) if argv else Path("docs/templates.md")
    target.write_text(templates_reference(), encoding="utf-8")
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
