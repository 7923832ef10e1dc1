"""The command line: parse arguments, call the stage, print one line per problem.

Thin on purpose: every command is a function of ``barorapport.commands``.
Importing this module is fast: the stages (pandas, matplotlib, WeasyPrint) are imported by
the command that needs them, and ``build`` first asks ``barorapport.engine.manifest`` whether the
outputs are already up to date.
"""

from __future__ import annotations

import argparse
import functools
import signal
import sys
import traceback
from pathlib import Path

from . import __version__
from .config.options import DEFAULT_FORMATS, ENGINES, PDF_VARIANTS, BuildOptions
from .errors import BarorapportError, ConfigError, os_error_message


def _options(parser: argparse.ArgumentParser, arguments) -> BuildOptions:
    """The build's options from the arguments; a bad value is a usage error (exit 2)."""
    formats = ()
    if arguments.format is not None:
        formats = tuple(part.strip() for part in arguments.format.split(",") if part.strip())
        if not formats:
            parser.error(f"argument --format: no format in {arguments.format!r} (expected "
                         f"some of {', '.join(ENGINES[arguments.engine])})")
    try:
        return BuildOptions(engine=arguments.engine, formats=formats,
                            base_url=arguments.base_url, pdf_variant=arguments.pdf_variant,
                            timeout=arguments.timeout, strict=arguments.strict,
                            quarantine_values=arguments.quarantine_values,
                            segment=arguments.segment, jobs=arguments.jobs)
    except ConfigError as error:
        argument = next((name for name in ("--timeout", "--base-url", "--segment", "--jobs")
                         if str(error).startswith(name)), "--format")
        parser.error(f"argument {argument}: {str(error).removeprefix(f'{argument}: ')}")


def _port(value: str) -> int:
    try:
        port = int(value)
    except ValueError:
        port = -1
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{value!r} is not a port number (expected 0 to "
                                         "65535; 0: any free port)")
    return port


def _global_options(parser: argparse.ArgumentParser, defaults: bool) -> None:
    """``--project``, ``--quiet``, ``--verbose``: accepted before the command and after it
    (a subcommand's copy has no default, so that it never undoes the one before)."""
    suppress = {} if defaults else {"default": argparse.SUPPRESS}
    parser.add_argument("--project", type=Path,
                        **({"default": Path(".")} if defaults else suppress),
                        help="the project folder (holding data/, report/, templates/); "
                             "default: the current folder")
    loudness = parser.add_mutually_exclusive_group()
    loudness.add_argument("--quiet", "-q", action="store_true", **suppress,
                          help="print warnings and errors only, no progress")
    loudness.add_argument("--verbose", "-v", action="store_true", **suppress,
                          help="also print details (cache hits, timings)")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="barorapport",
        description="Build a survey barometer's publication (PDF and web edition) from the "
                    "survey export, the questionnaire and the chapter templates.")
    parser.add_argument("--version", action="version", version=f"barorapport {__version__}")
    _global_options(parser, defaults=True)
    common = argparse.ArgumentParser(add_help=False)
    _global_options(common, defaults=False)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    add_command = functools.partial(commands.add_parser, parents=[common])

    build_parser = add_command("build", help="build the PDF and the web edition")
    build_parser.add_argument("--edition", help="the edition to build (default: the latest "
                                                "under report/)")
    build_parser.add_argument("--engine", choices=tuple(ENGINES), default="weasyprint",
                              help="weasyprint (PDF and web edition) or quarto (a Quarto "
                                   "project rendered by the quarto command)")
    build_parser.add_argument("--format",
                              help="comma-separated outputs: among "
                                   f"{','.join(ENGINES['weasyprint'])} with weasyprint "
                                   f"(default: pdf,web), among {','.join(ENGINES['quarto'])} "
                                   f"with quarto (default: {','.join(DEFAULT_FORMATS['quarto'])})")
    build_parser.add_argument("--timeout", type=float, help="seconds a quarto render may run "
                              "before it is stopped (default: report.yaml's quarto.timeout)")
    build_parser.add_argument("--out", type=Path, help="output folder (default: build/ in the "
                                                       "project); outputs go to OUT/<edition>/")
    build_parser.add_argument("--pdf-variant", choices=PDF_VARIANTS,
                              help="the PDF standard (default: report.yaml's pdf_variant, "
                                   "pdf/ua-1)")
    build_parser.add_argument("--base-url", help="where the web edition will be published "
                              "(canonical links, Open Graph, sitemap.xml); overrides report.yaml")
    build_parser.add_argument("--strict", action="store_true",
                              help="fail, keeping the previous outputs, when any warning is "
                                   "emitted (low bases, missing alt text, unused testimonies...)")
    build_parser.add_argument("--quarantine-values", action="store_true",
                              help="write the raw quarantined cells and respondent ids into "
                                   "quarantine.csv (default: what each cell looks like, never "
                                   "its content: cells may hold personal data)")
    build_parser.add_argument("--segment", metavar="QUESTION=ANSWER",
                              help="build the whole sample's edition and this segment's (the "
                                   "answer's code or label, or all: every answer's), under "
                                   "OUT/<edition>/<segment>/; overrides report.yaml's segments")
    build_parser.add_argument("--jobs", type=int, help="processes laying the segment "
                              "editions out side by side (default: the machine's cores; the "
                              "outputs are the same)")

    check_parser = add_command(
        "check", help="check the questionnaire, responses, report.yaml, templates, quotations "
                      "and privacy gate without laying anything out; every problem at once")
    check_parser.add_argument("--edition", help="the edition (default: the latest)")
    check_parser.add_argument("--strict", action="store_true",
                              help="also fail when a warning is emitted")

    serve_parser = add_command(
        "serve", help="preview the web edition on 127.0.0.1, rebuilt and reloaded when "
                      "templates, report or data change")
    serve_parser.add_argument("--edition", help="the edition (default: the latest)")
    serve_parser.add_argument("--port", type=_port, default=8000,
                              help="default: 8000 (0: any free port)")
    serve_parser.add_argument("--no-pdf", action="store_true",
                              help="do not lay the PDF out in the background after each "
                                   "rebuild")

    themes_parser = add_command(
        "themes", help="list an open question's answers that the theme rules match, and the "
                       "unmatched ones (answers only, no respondent ids)")
    themes_parser.add_argument("--question", required=True, help="the open question's id")
    themes_parser.add_argument("--theme", help="one theme's id (default: all of the question's)")
    themes_parser.add_argument("--edition", help="the edition (default: the latest)")

    new_parser = add_command(
        "new-edition", help="start an edition from another: questionnaire, theme rules and "
                            "report.yaml copied, no data; prints what to fill in")
    new_parser.add_argument("name", help="the new edition (a folder name, such as 2021)")
    new_parser.add_argument("--from", dest="source", required=True,
                            help="the edition to start from")
    init_parser = add_command(
        "init", help="start a project from a survey export: questionnaire (inferred types), "
                     "report.yaml and a chapter, ready to build")
    init_parser.add_argument("folder", type=Path, help="the new project's folder")
    init_parser.add_argument("--from", dest="export", type=Path, required=True,
                             action="append",
                             help="the responses export (CSV or TSV, XLSX, SPSS .sav, Stata "
                                  ".dta; native, Qualtrics, SurveyMonkey, LimeSurvey, Google "
                                  "Forms, KoboToolbox or ODK), and again the survey's "
                                  "definition when there is one (Qualtrics .qsf, LimeSurvey "
                                  ".lss, XLSForm)")
    init_parser.add_argument("--edition", help="the edition's name (default: this year)")
    init_parser.add_argument("--banner", action="append", default=[],
                             help="a single-choice question (its heading or id) to cross the "
                                  "others by, repeatable; default: none. A crosstab that "
                                  "suppression would mostly hide is not proposed")
    diff_parser = add_command(
        "diff", help="compare two editions' questionnaires: questions added, removed, changed")
    diff_parser.add_argument("previous", help="the earlier edition")
    diff_parser.add_argument("current", help="the later edition")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    arguments = parser.parse_args(argv)
    if arguments.command == "build":
        options = _options(parser, arguments)
    from .log import configure

    display = configure(-1 if arguments.quiet else 1 if arguments.verbose else 0)
    root = arguments.project.resolve()
    previous_handler = _stop_on_sigterm()
    try:
        if arguments.command == "build":
            from .commands.build import build

            outputs = build(root, arguments.edition, options, out=arguments.out).outputs
            display.close()
            for kind, path in outputs.items():
                print(f"{kind}: {path}")
        elif arguments.command == "check":
            return _check(root, arguments)
        elif arguments.command == "serve":
            from .commands.serve import serve

            serve(root, arguments.edition, arguments.port, pdf=not arguments.no_pdf)
        elif arguments.command == "themes":
            from .commands.themes import format_listing, list_answers

            print(format_listing(list_answers(root, arguments.edition, arguments.question,
                                              arguments.theme)))
        elif arguments.command == "init":
            from .commands.init import init_project

            for line in init_project(arguments.folder, arguments.export, arguments.edition,
                                     arguments.banner):
                print(line)
        elif arguments.command == "new-edition":
            from .commands.new_edition import format_checklist, new_edition

            print(format_checklist(new_edition(root, arguments.name, arguments.source)))
        elif arguments.command == "diff":
            from .commands.diff import compare_editions
            from .survey.compare import format_diff

            print(format_diff(compare_editions(root, arguments.previous, arguments.current)))
    except BarorapportError as error:
        display.close()
        from .personal.patterns import redact

        for line in str(error).splitlines():
            print(f"error: {redact(line)}", file=sys.stderr)
        return 1
    except OSError as error:  # the disk, not the inputs: full, read-only, unwritable
        display.close()
        print(f"error: {os_error_message(error)}", file=sys.stderr)
        return 1
    except Exception as error:  # noqa: BLE001 (a bug: still one line, the traceback on -v)
        display.close()
        if arguments.verbose:
            traceback.print_exc()
        from .personal.patterns import redact

        print(f"error: internal error: {type(error).__name__}: {redact(str(error))} (a bug of "
              f"barorapport {__version__}; --verbose shows where)", file=sys.stderr)
        return 1
    except KeyboardInterrupt as interruption:
        display.close()
        # The install module says when the new outputs were installed before it.
        print(f"interrupted{' (SIGTERM)' if isinstance(interruption, Terminated) else ''}: "
              f"{str(interruption) or 'previous outputs left as they were'}", file=sys.stderr)
        return 128 + signal.SIGTERM if isinstance(interruption, Terminated) else 130
    finally:
        display.close()
        if previous_handler is not None:
            signal.signal(signal.SIGTERM, previous_handler)
    return 0


class Terminated(KeyboardInterrupt):
    """SIGTERM received: the command stops as on Ctrl-C (staging removed, previous outputs
    kept), and exits with 143."""


def _terminate(number, frame):
    raise Terminated()


def _stop_on_sigterm():
    """SIGTERM handled like Ctrl-C; returns the handler it replaced (None off the main
    thread, where no handler can be set)."""
    try:
        return signal.signal(signal.SIGTERM, _terminate)
    except ValueError:
        return None


def _check(root: Path, arguments) -> int:
    from .commands.check import check
    from .personal.patterns import redact

    result = check(root, arguments.edition)
    for error in result.errors:
        print(f"error: {redact(error)}", file=sys.stderr)
    failed = bool(result.errors) or (arguments.strict and bool(result.warnings))
    print(f"check: {len(result.errors)} error(s), {len(result.warnings)} warning(s)"
          + (" (--strict)" if arguments.strict and result.warnings else ""),
          file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
