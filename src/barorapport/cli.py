"""The command line: parse arguments, call the stage, print one line per problem.

Thin on purpose: every command is a function of ``barorapport.build`` or a stage.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from . import __version__
from .build import DEFAULT_FORMATS, ENGINES, build
from .editions import compare_editions, new_edition
from .editions.scaffold import format_checklist
from .errors import BarorapportError
from .openanswers.listing import format_listing, list_answers
from .survey.compare import format_diff


def _formats(value: str, engine: str) -> tuple[str, ...]:
    formats = tuple(part.strip() for part in value.split(",") if part.strip())
    unknown = [name for name in formats if name not in ENGINES[engine]]
    if unknown or not formats:
        raise argparse.ArgumentTypeError(
            f"unknown format {', '.join(unknown) or repr(value)} for the {engine} engine "
            f"(expected some of {', '.join(ENGINES[engine])})")
    return formats


class _ConsoleFormatter(logging.Formatter):
    """Progress as it is; warnings marked as errors are."""

    def format(self, record: logging.LogRecord) -> str:
        message = super().format(record)
        return f"warning: {message}" if record.levelno == logging.WARNING else message


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="barorapport",
        description="Build a survey barometer's publication (PDF and web edition) from the "
                    "survey export, the questionnaire and the chapter templates.")
    parser.add_argument("--version", action="version", version=f"barorapport {__version__}")
    parser.add_argument("--project", type=Path, default=Path("."),
                        help="the project folder (holding data/, report/, templates/); "
                             "default: the current folder")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    build_parser = commands.add_parser("build", help="build the PDF and the web edition")
    build_parser.add_argument("--edition", help="the edition to build (default: the latest "
                                                "under report/)")
    build_parser.add_argument("--engine", choices=tuple(ENGINES), default="weasyprint",
                              help="weasyprint (PDF and web edition) or quarto (a Quarto "
                                   "project rendered by the quarto command)")
    build_parser.add_argument("--format",
                              help="comma-separated outputs: among pdf,web with weasyprint "
                                   f"(default: both), among {','.join(ENGINES['quarto'])} "
                                   f"with quarto (default: {','.join(DEFAULT_FORMATS['quarto'])})")
    build_parser.add_argument("--timeout", type=float, help="seconds a quarto render may run "
                              "before it is stopped (default: report.yaml's quarto.timeout)")
    build_parser.add_argument("--out", type=Path, help="output folder (default: build/ in the "
                                                       "project); outputs go to OUT/<edition>/")
    build_parser.add_argument("--pdf-variant", choices=("pdf/ua-1", "pdf/ua-2", "pdf/a-3a",
                                                        "pdf/a-3b", "pdf/a-3u"),
                              help="the PDF standard (default: report.yaml's pdf_variant, "
                                   "pdf/ua-1)")
    build_parser.add_argument("--base-url", help="where the web edition will be published "
                              "(canonical links, Open Graph, sitemap.xml); overrides report.yaml")

    themes_parser = commands.add_parser(
        "themes", help="list an open question's answers that the theme rules match, and the "
                       "unmatched ones (answers only, no respondent ids)")
    themes_parser.add_argument("--question", required=True, help="the open question's id")
    themes_parser.add_argument("--theme", help="one theme's id (default: all of the question's)")
    themes_parser.add_argument("--edition", help="the edition (default: the latest)")

    new_parser = commands.add_parser(
        "new-edition", help="start an edition from another: questionnaire, theme rules and "
                            "report.yaml copied, no data; prints what to fill in")
    new_parser.add_argument("name", help="the new edition (a folder name, such as 2021)")
    new_parser.add_argument("--from", dest="source", required=True,
                            help="the edition to start from")
    diff_parser = commands.add_parser(
        "diff", help="compare two editions' questionnaires: questions added, removed, changed")
    diff_parser.add_argument("previous", help="the earlier edition")
    diff_parser.add_argument("current", help="the later edition")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    arguments = parser.parse_args(argv)
    if arguments.command == "build":
        try:
            formats = (_formats(arguments.format, arguments.engine) if arguments.format
                       else DEFAULT_FORMATS[arguments.engine])
        except argparse.ArgumentTypeError as error:
            parser.error(f"argument --format: {error}")
        if arguments.timeout is not None and arguments.timeout <= 0:
            parser.error("argument --timeout: must be a number of seconds above 0")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_ConsoleFormatter("%(message)s"))
    logging.basicConfig(level=logging.INFO, handlers=[handler])
    root = arguments.project.resolve()
    try:
        if arguments.command == "build":
            result = build(root, arguments.edition, formats, arguments.out,
                           engine=arguments.engine, timeout=arguments.timeout,
                           base_url=arguments.base_url, pdf_variant=arguments.pdf_variant)
            for kind, path in result.outputs.items():
                print(f"{kind}: {path}")
        elif arguments.command == "themes":
            print(format_listing(list_answers(root, arguments.edition, arguments.question,
                                              arguments.theme)))
        elif arguments.command == "new-edition":
            print(format_checklist(new_edition(root, arguments.name, arguments.source)))
        elif arguments.command == "diff":
            print(format_diff(compare_editions(root, arguments.previous, arguments.current)))
    except BarorapportError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted: previous outputs left as they were", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
