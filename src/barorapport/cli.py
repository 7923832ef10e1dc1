"""The command line: parse arguments, call the stage, print one line per problem.

Thin on purpose: every command is a function of ``barorapport.build`` or a stage.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from . import __version__
from .build import FORMATS, build
from .errors import BarorapportError


def _formats(value: str) -> tuple[str, ...]:
    formats = tuple(part.strip() for part in value.split(",") if part.strip())
    unknown = [name for name in formats if name not in FORMATS]
    if unknown or not formats:
        raise argparse.ArgumentTypeError(
            f"unknown format {', '.join(unknown) or repr(value)} (expected some of "
            f"{', '.join(FORMATS)})")
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
    build_parser.add_argument("--format", type=_formats, default=FORMATS,
                              help="comma-separated outputs among pdf,web (default: both)")
    build_parser.add_argument("--out", type=Path, help="output folder (default: build/ in the "
                                                       "project); outputs go to OUT/<edition>/")
    return parser


def main(argv: list[str] | None = None) -> int:
    arguments = _parser().parse_args(argv)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_ConsoleFormatter("%(message)s"))
    logging.basicConfig(level=logging.INFO, handlers=[handler])
    root = arguments.project.resolve()
    try:
        if arguments.command == "build":
            result = build(root, arguments.edition, arguments.format, arguments.out)
            for kind, path in result.outputs.items():
                print(f"{kind}: {path}")
    except BarorapportError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted: previous outputs left as they were", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
