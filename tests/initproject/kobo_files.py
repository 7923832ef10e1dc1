"""statsmodels' anes96 survey as a KoboToolbox project: its XLSForm (survey, choices and
settings sheets, labels in ``label::English (en)``, groups, a ``table-list`` grid, a
geopoint, the form's metadata questions) and its data export as KoboToolbox writes it:
CSV (``;``-separated, every cell quoted) in XML values with groups in headers and
select_multiple both joined and split, or XLSX in labels without groups, select_multiple in
one column (labels joined by spaces); KoboToolbox's own columns (``_id``, ``_uuid``,
``_submission_time``... ``_index``), invented enumerators (usernames, phone numbers,
devices, coordinates)."""

from __future__ import annotations

import uuid
from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl import Workbook

from .tool_files import DESCRIBES, EDUCATION, LEFT_RIGHT, PARTY, TV_DAYS, VOTE, anes

LABEL = "label::English (en)"
TITLE = "Election study 1996 (KoboToolbox)"
LISTS = {
    "party": list(zip(["strong_dem", "weak_dem", "ind_dem", "ind_ind", "ind_rep", "weak_rep",
                       "strong_rep"], PARTY, strict=True)),
    "leftright": list(zip(["ext_lib", "lib", "sl_lib", "moderate", "sl_con", "con",
                           "ext_con"], LEFT_RIGHT, strict=True)),
    "education": list(zip(["grade_1_8", "some_hs", "hs_grad", "some_college", "college",
                           "masters", "phd"], EDUCATION, strict=True)),
    "describes": list(zip(["tv_daily", "big_city", "senior"], DESCRIBES, strict=True)),
    "days": [(str(code), label) for code, label in enumerate(TV_DAYS)],
    "vote": list(zip(["clinton", "dole"], VOTE, strict=True)),
}
PLACE = "Where would you place each on a scale from liberal to conservative?"
TV_RELEVANT = ("selected(${educ}, 'hs_grad') or ${educ} = 'some_college' or "
               "${educ}='college' or ${educ} = 'masters' or ${educ} = 'phd'")
SURVEY = [
    # type, name, label, relevant, appearance, extra
    ("start", "start", "", "", "", {}),
    ("end", "end", "", "", "", {}),
    ("today", "today", "", "", "", {}),
    ("deviceid", "deviceid", "", "", "", {}),
    ("username", "username", "", "", "", {}),
    ("phonenumber", "phonenumber", "", "", "", {}),
    ("note", "intro", "This survey reuses public data.", "", "", {}),
    ("begin_group", "politics", "Politics", "", "field-list", {}),
    ("select_one party", "party", "Generally speaking, do you think of yourself as...?", "",
     "", {}),
    ("begin_group", "placement", PLACE, "", "table-list", {}),
    ("select_one leftright", "lr_self", "Yourself", "", "", {}),
    ("select_one leftright", "lr_clinton", "Bill Clinton", "", "", {}),
    ("select_one leftright", "lr_dole", "Bob Dole", "", "", {}),
    ("end_group", "", "", "", "", {}),
    ("end_group", "", "", "", "", {}),
    ("begin group", "you", "About you", "", "", {}),
    ("integer", "age", "What is your age?", "", "", {"constraint": ". >= 18"}),
    ("select_one education", "educ", "What is the highest level of education you have "
     "completed?", "", "", {}),
    ("select_multiple describes", "describes", "Which of these describe you?", "", "", {}),
    ("select_one days", "tvnews", "How many days in the past week did you watch the news "
     "on TV?", TV_RELEVANT, "", {}),
    ("select_one vote", "vote", "Who did you vote for?", "", "", {}),
    ("decimal", "popul", "Population of the place you live in (thousands)", "${age} >= 30",
     "", {}),
    ("geopoint", "location", "Where are you?", "", "", {}),
    ("end group", "", "", "", "", {}),
    ("calculate", "older", "", "", "", {"calculation": "if(${age} >= 65, 'yes', 'no')"}),
]
KOBO_TAIL = ["_id", "_uuid", "_submission_time", "_validation_status", "_notes", "_status",
             "_submitted_by", "__version__", "_tags", "_index"]


def write_xlsform(path: Path) -> None:
    """The form, as KoboToolbox's "Download XLS" gives it."""
    book = Workbook()
    survey = book.active
    survey.title = "survey"
    survey.append(["type", "name", LABEL, "hint::English (en)", "required", "relevant",
                   "appearance", "constraint", "calculation"])
    for kind, name, label, relevant, appearance, extra in SURVEY:
        survey.append([kind, name, label, "", "false" if kind.startswith("select") else "",
                       relevant, appearance, extra.get("constraint", ""),
                       extra.get("calculation", "")])
    choices = book.create_sheet("choices")
    choices.append(["list_name", "name", LABEL])
    for list_name, options in LISTS.items():
        for code, label in options:
            choices.append([list_name, code, label])
    settings = book.create_sheet("settings")
    settings.append(["form_title", "form_id", "version", "default_language"])
    settings.append([TITLE, "anes96", "2024030401", "English (en)"])
    book.save(path)


def kobo_answers() -> pd.DataFrame:
    """The answers of the 944 submissions as labels (what pandas counts)."""
    data = anes()
    graduate = data["educ"] >= 3
    return pd.DataFrame({
        "party": data["PID"].astype(int).map(dict(enumerate(PARTY))),
        **{name: data[column].astype(int).map(lambda code: LEFT_RIGHT[code - 1])
           for name, column in (("lr_self", "selfLR"), ("lr_clinton", "ClinLR"),
                                ("lr_dole", "DoleLR"))},
        "age": data["age"].astype(int),
        "educ": data["educ"].astype(int).map(lambda code: EDUCATION[code - 1]),
        DESCRIBES[0]: data["TVnews"] == 7, DESCRIBES[1]: data["popul"] >= 100,
        DESCRIBES[2]: data["age"] >= 65,
        "tvnews": data["TVnews"].astype(int).map(dict(enumerate(TV_DAYS))).where(graduate),
        "vote": data["vote"].astype(int).map(dict(enumerate(VOTE))),
        "popul": data["popul"].where(data["age"] >= 30)})


def _people(count: int) -> pd.DataFrame:
    random = np.random.default_rng(31)
    names = ["liam.okafor", "olivia.lindqvist", "noah.moreau", "emma.tanaka"]
    return pd.DataFrame({
        "username": [f"{names[index % 4]}{index % 97}" for index in range(count)],
        "phone": [f"+33 6 {random.integers(10, 99)} {random.integers(10, 99)} "
                  f"{random.integers(10, 99)} {index % 90 + 10}" for index in range(count)],
        "device": [f"collect:{uuid.UUID(int=int(random.integers(1 << 62))).hex[:16]}"
                   for _ in range(count)],
        "latitude": [f"{value:.6f}" for value in random.uniform(43.1, 49.9, count)],
        "longitude": [f"{value:.6f}" for value in random.uniform(1.1, 7.5, count)]})


def write_kobo(folder: Path, values: str = "xml") -> tuple[Path, Path, pd.DataFrame, list[str]]:
    """The data export (``values``: ``xml``, a CSV in XML values with groups in headers and
    select_multiple joined and split; ``labels``, an XLSX in labels without groups, the
    select_multiple joined) and the XLSForm in ``folder``; the answers (labels) and the
    personal values."""
    answers = kobo_answers()
    people = _people(len(answers))
    xml = values == "xml"
    names = {list_name: dict((label, code) for code, label in options)
             for list_name, options in LISTS.items()}

    def choice(list_name: str, label) -> str:
        if not isinstance(label, str):
            return ""
        return names[list_name][label] if xml else label

    describes = [(code, label) for code, label in LISTS["describes"]]
    headings = ["start", "end", "today", "deviceid", "username", "phonenumber"]
    if xml:
        headings += ["politics/party", "politics/placement/lr_self",
                     "politics/placement/lr_clinton", "politics/placement/lr_dole",
                     "you/age", "you/educ", "you/describes",
                     *[f"you/describes/{code}" for code, _ in describes], "you/tvnews",
                     "you/vote", "you/popul", "you/location",
                     *[f"you/_location_{part}" for part in ("latitude", "longitude",
                                                            "altitude", "precision")]]
    else:
        headings += [label for kind, _, label, *_ in SURVEY[8:13] if label and not
                     kind.startswith(("begin", "end"))]
        headings += [label for kind, _, label, *_ in SURVEY[16:23]]
        headings += [f"_Where are you?_{part}" for part in ("latitude", "longitude",
                                                             "altitude", "precision")]
    headings += ["older", *KOBO_TAIL]
    records = []
    for index, row in answers.iterrows():
        ticked = [(code, label) for code, label in describes if row[label]]
        joined = " ".join(code if xml else label for code, label in ticked)
        split = [("1" if row[label] else "0") if ticked else "" for _, label in describes]
        point = [people["latitude"][index], people["longitude"][index], "152.0", "4.9"]
        cells = ["2024-03-04T09:12:00.000+01:00", "2024-03-04T09:20:41.000+01:00",
                 "2024-03-04", people["device"][index], people["username"][index],
                 people["phone"][index], choice("party", row["party"]),
                 *[choice("leftright", row[name]) for name in
                   ("lr_self", "lr_clinton", "lr_dole")],
                 str(row["age"]), choice("education", row["educ"]), joined,
                 *(split if xml else []), choice("days", row["tvnews"]),
                 choice("vote", row["vote"]),
                 "" if np.isnan(row["popul"]) else f"{row['popul']:g}", " ".join(point),
                 *point, "yes" if row["age"] >= 65 else "no",
                 str(100_000 + index), str(uuid.UUID(int=index * 7_919 + 1)),
                 "2024-03-04T08:20:42", "", "", "submitted_via_web",
                 people["username"][index], "vWr6a2eEdkbSjVHnXyLiAb", "", ""]
        records.append(cells)
    definition = folder / "anes96_xlsform.xlsx"
    write_xlsform(definition)
    personal = sorted({*people["username"], *people["phone"], *people["device"],
                       *people["latitude"], *people["longitude"]})
    if xml:
        export = folder / "anes96_-_all_versions_-_False_-_2024-03-05-10-00-00.csv"
        text = "\r\n".join(";".join('"' + cell.replace('"', '""') + '"' for cell in line)
                           for line in [headings, *records]) + "\r\n"
        export.write_text(text, encoding="utf-8")
    else:
        export = folder / "anes96_-_all_versions_-_labels_-_2024-03-05-10-00-00.xlsx"
        book = Workbook()
        sheet = book.active
        sheet.title = TITLE[:31]
        sheet.append(headings)
        for cells in records:
            sheet.append(cells)
        book.save(export)
    return export, definition, answers, personal


__all__ = ["write_kobo", "write_xlsform"]
