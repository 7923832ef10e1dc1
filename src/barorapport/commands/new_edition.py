"""A new edition from an existing one: ``barorapport new-edition 2021 --from 2020``.

Input: a project folder, the new edition's name and the edition it starts from. Output:
``data/<new>/`` (questionnaire and theme rules copied, no testimony, no responses) and
``report/<new>/report.yaml`` (copied, ``previous`` set to the source), and the checklist of
what to fill in before the new edition builds. Nothing existing is overwritten.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..config.project import find_edition, load_report
from ..errors import EditionError
from ..paths import display_path
from ..survey import load_questionnaire

NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
EMPTY_TESTIMONIES = """\
# The quotations of edition {name}: none chosen yet (see docs/formats.md, testimonies.yaml).
[]
"""


@dataclass(frozen=True)
class NewEdition:
    name: str
    source: str
    created: tuple[Path, ...]
    """The folders created: ``data/<name>`` and ``report/<name>``."""
    checklist: tuple[str, ...]
    """What to do before the edition builds, in order."""


def _with_previous(report_text: str, source: str) -> str:
    """report.yaml's text with ``previous: "<source>"``, its comments and layout kept."""
    line = f'previous: "{source}"'
    if re.search(r"^previous:.*$", report_text, flags=re.MULTILINE):
        return re.sub(r"^previous:.*$", line, report_text, count=1, flags=re.MULTILINE)
    return report_text.rstrip("\n") + f"\n# The edition this one is compared with.\n{line}\n"


def _mentions(path: Path, shown: Path, source: str) -> list[str]:
    """Lines of a copied file that still name the source edition (dates, titles)."""
    return [f"{display_path(shown)}:{number}: {line.strip()}"
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
            if source in line and not line.lstrip().startswith(("#", "previous:"))]


def new_edition(root: Path, name: str, source: str) -> NewEdition:
    """Create edition ``name`` from edition ``source``; refuse to overwrite anything."""
    if not NAME.fullmatch(name):
        raise EditionError(f"edition name {name!r}: expected letters, digits, '.', '_' or '-' "
                           "(a folder name, such as 2021)")
    origin = find_edition(root, source)
    report = load_report(origin)
    questionnaire = load_questionnaire(origin.questionnaire_path)
    data_dir, report_dir = root / "data" / name, root / "report" / name
    for folder in (data_dir, report_dir):
        if folder.exists():
            raise EditionError(f"{display_path(folder)}: already exists; new-edition does not "
                               "overwrite an edition (remove it or choose another name)")
    if (origin.report_dir / report.assets).resolve().is_relative_to(origin.report_dir.resolve()):
        raise EditionError(f"{display_path(origin.report_path)}: assets '{report.assets}' lie "
                           f"inside report/{source}/; move them to a folder the editions share "
                           "(such as report/assets) first")

    # Written into staging folders beside their targets, then renamed: a failure midway
    # leaves no half-made edition.
    data_dir.parent.mkdir(parents=True, exist_ok=True)
    staged_data = Path(tempfile.mkdtemp(dir=data_dir.parent, prefix=f".new-{name}-"))
    staged_report = Path(tempfile.mkdtemp(dir=report_dir.parent, prefix=f".new-{name}-"))
    try:
        shutil.copy2(origin.questionnaire_path, staged_data / "questionnaire.yaml")
        if origin.themes_path.is_file():
            shutil.copy2(origin.themes_path, staged_data / "themes.yaml")
        (staged_data / "testimonies.yaml").write_text(EMPTY_TESTIMONIES.format(name=name),
                                                      encoding="utf-8")
        report_text = origin.report_path.read_text(encoding="utf-8")
        (staged_report / "report.yaml").write_text(_with_previous(report_text, source),
                                                   encoding="utf-8")
        mentions = (_mentions(staged_data / "questionnaire.yaml",
                              data_dir / "questionnaire.yaml", source)
                    + _mentions(staged_report / "report.yaml", report_dir / "report.yaml",
                                source))
        staged_data.rename(data_dir)
        staged_report.rename(report_dir)
    finally:
        for staged in (staged_data, staged_report):
            shutil.rmtree(staged, ignore_errors=True)
    return NewEdition(name=name, source=source, created=(data_dir, report_dir),
                      checklist=checklist(root, name, source, questionnaire.responses.file,
                                          mentions))


def checklist(root: Path, name: str, source: str, responses: str,
              mentions: list[str]) -> tuple[str, ...]:
    """The steps from the copied files to a published edition (docs/new-edition.md)."""
    data = display_path(root / "data" / name)
    report = display_path(root / "report" / name / "report.yaml")
    steps = [
        f"Export the responses from the survey tool to {data}/{responses} (UTF-8 CSV, one "
        "row per respondent, the columns of docs/formats.md).",
        f"Update the fieldwork dates (survey.fieldwork) in {data}/questionnaire.yaml.",
        f"Check every question against the {name} questionnaire: wording, options, items, "
        "scales; keep the id of an unchanged question, give a new question a new id. Then "
        f"run `barorapport diff {source} {name}`: changed questions are not compared.",
        f"Check the theme rules of the open questions ({data}/themes.yaml): "
        f"`barorapport themes --question <id> --edition {name}`.",
        f"Choose the testimonies ({data}/testimonies.yaml, empty for now).",
        f"Review {report}: title, subtitle, published date, source line, figures.",
    ]
    if mentions:
        steps.append(f"These lines still name {source}:\n" +
                     "\n".join(f"     {mention}" for mention in mentions))
    steps += [
        f"Review the chapter texts in templates/: they are shared with {source}; to keep "
        f"{source}'s texts as published, copy a chapter's template before rewriting it and "
        f"point the chapter in {report} at the copy.",
        f"Build and read: `barorapport build --edition {name} --strict`, then the PDF and "
        "the web edition, the Évolutions section included.",
    ]
    return tuple(steps)


def format_checklist(result: NewEdition) -> str:
    lines = [f"Created edition {result.name} from {result.source}: "
             + ", ".join(display_path(path) + "/" for path in result.created), "",
             "To do before publishing:"]
    lines += [f"  {number}. {step}" for number, step in enumerate(result.checklist, 1)]
    return "\n".join(lines)
