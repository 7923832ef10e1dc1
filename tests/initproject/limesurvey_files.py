"""statsmodels' anes96 survey as a LimeSurvey survey: its structure file (``.lss``, in
LimeSurvey 6's layout: a table per element, texts in ``*_l10ns`` tables, CDATA cells) and
its response export in answer codes (the default) or in full answers, as LimeSurvey's
CSV writer writes it (a byte-order mark, every cell quoted, CRLF, a blank line at the end),
with LimeSurvey's metadata columns, 30 unfinished responses, one answer outside the codes
and invented participants (IP addresses, referrers, tokens, names, e-mails)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from .tool_files import (
    DESCRIBES,
    EDUCATION,
    LEFT_RIGHT,
    PARTY,
    TV_DAYS,
    VOTE,
    anes,
    invented_people,
    personal_values,
)

SID = "467213"
NONE_OF_THESE = "None of these"
QUESTIONS = [
    # qid, gid, type, title, text, relevance
    ("101", "11", "L", "G01Q01", "Generally speaking, do you think of yourself as...?", "1"),
    ("102", "11", "F", "G01Q02", "Where would you place each on a scale from liberal to "
     "conservative?", "1"),
    ("103", "11", "N", "G01Q03", "What is your age?", "1"),
    ("104", "11", "!", "G01Q04", "What is the highest level of education you have "
     "completed?", "1"),
    ("105", "12", "X", "G02Q00", "<p>Thank you. A few more questions.</p>", "1"),
    ("106", "12", "M", "G02Q05", "Which of these describe you?", "1"),
    ("107", "12", "L", "G02Q06", "How many days in the past week did you watch the news "
     "on TV?", '((G01Q04.NAOK == "A3" or G01Q04.NAOK == "A4" or G01Q04.NAOK == "A5" or '
     'G01Q04.NAOK == "A6" or G01Q04.NAOK == "A7"))'),
    ("108", "12", "L", "G02Q07", "Who did you vote for?", "1"),
    ("109", "12", "N", "G02Q08", "Population of the place you live in (thousands)",
     "((G01Q03.NAOK >= 30))"),
]
ANSWERS = {"101": PARTY, "104": EDUCATION, "107": TV_DAYS, "108": VOTE}
ARRAY_LEVELS = LEFT_RIGHT
SUBQUESTIONS = {"102": ["Yourself", "Bill Clinton", "Bob Dole"],
                "106": [*DESCRIBES, NONE_OF_THESE]}
META = ["id", "submitdate", "lastpage", "startlanguage", "seed", "startdate", "datestamp",
        "ipaddr", "refurl", "token", "firstname", "lastname", "email"]
UNFINISHED = 30


def _cdata(value: str) -> str:
    return f"<![CDATA[{value}]]>" if value != "" else ""


def _table(name: str, fields: list[str], rows: list[dict]) -> str:
    lines = [f" <{name}>", "  <fields>"]
    lines += [f"   <fieldname>{field}</fieldname>" for field in fields]
    lines += ["  </fields>", "  <rows>"]
    for row in rows:
        lines.append("   <row>")
        for field in fields:
            value = str(row.get(field, ""))
            lines.append(f"    <{field}>{_cdata(value)}</{field}>" if value
                         else f"    <{field}/>")
        lines.append("   </row>")
    lines += ["  </rows>", f" </{name}>"]
    return "\n".join(lines)


def lss() -> str:
    """The survey structure, as LimeSurvey 6 exports it (the tables barorapport reads and
    some it does not)."""
    answers, answer_texts, aid = [], [], 1
    for qid, labels in [*ANSWERS.items(), ("102", ARRAY_LEVELS)]:
        for order, label in enumerate(labels, start=1):
            answers.append({"aid": aid, "qid": qid, "code": f"A{order}", "sortorder": order,
                            "assessment_value": 0, "scale_id": 0})
            answer_texts.append({"id": aid, "aid": aid, "answer": label, "language": "en"})
            aid += 1
    questions, texts, subquestions = [], [], []
    for order, (qid, gid, kind, title, text, relevance) in enumerate(QUESTIONS, start=1):
        questions.append({"qid": qid, "parent_qid": 0, "sid": SID, "gid": gid, "type": kind,
                          "title": title, "other": "N", "mandatory": "N", "encrypted": "N",
                          "question_order": order, "scale_id": 0, "same_default": 0,
                          "relevance": relevance})
        texts.append({"id": qid, "qid": qid, "question": text, "help": "", "language": "en"})
    sqid = 200
    for parent, labels in SUBQUESTIONS.items():
        gid = next(gid for qid, gid, *_ in QUESTIONS if qid == parent)
        for order, label in enumerate(labels, start=1):
            sqid += 1
            subquestions.append({"qid": sqid, "parent_qid": parent, "sid": SID, "gid": gid,
                                 "type": "T", "title": f"SQ{order:03d}", "other": "N",
                                 "mandatory": "", "question_order": order, "scale_id": 0,
                                 "same_default": 0, "relevance": "1"})
            texts.append({"id": sqid, "qid": sqid, "question": label, "help": "",
                          "language": "en"})
    question_fields = ["qid", "parent_qid", "sid", "gid", "type", "title", "preg", "other",
                       "mandatory", "encrypted", "question_order", "scale_id",
                       "same_default", "relevance", "question_theme_name", "modulename"]
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>', "<document>",
        " <LimeSurveyDocType>Survey</LimeSurveyDocType>", " <DBVersion>624</DBVersion>",
        " <languages>", "  <language>en</language>", " </languages>",
        _table("answers", ["aid", "qid", "code", "sortorder", "assessment_value",
                           "scale_id"], answers),
        _table("answer_l10ns", ["id", "aid", "answer", "language"], answer_texts),
        _table("groups", ["gid", "sid", "group_order", "randomization_group",
                          "grelevance"],
               [{"gid": 11, "sid": SID, "group_order": 1, "grelevance": "1"},
                {"gid": 12, "sid": SID, "group_order": 2, "grelevance": ""}]),
        _table("group_l10ns", ["id", "gid", "group_name", "description", "language"],
               [{"id": 11, "gid": 11, "group_name": "Politics", "language": "en"},
                {"id": 12, "gid": 12, "group_name": "You", "language": "en"}]),
        _table("questions", question_fields, questions),
        _table("subquestions", question_fields, subquestions),
        _table("question_l10ns", ["id", "qid", "question", "help", "script", "language"],
               texts),
        _table("question_attributes", ["qid", "attribute", "value", "language"],
               [{"qid": "103", "attribute": "num_value_int_only", "value": "1"}]),
        _table("surveys", ["sid", "gsid", "admin", "language", "additional_languages",
                           "datestamp", "ipaddr", "refurl", "savetimings", "anonymized"],
               [{"sid": SID, "gsid": 1, "admin": "Survey administrator", "language": "en",
                 "datestamp": "Y", "ipaddr": "Y", "refurl": "Y", "savetimings": "Y",
                 "anonymized": "N"}]),
        _table("surveys_languagesettings",
               ["surveyls_survey_id", "surveyls_language", "surveyls_title",
                "surveyls_description", "surveyls_welcometext"],
               [{"surveyls_survey_id": SID, "surveyls_language": "en",
                 "surveyls_title": "Election study 1996 (LimeSurvey)",
                 "surveyls_description": "<p>Public data from statsmodels.</p>"}]),
        "</document>", ""]
    return "\n".join(parts)


def limesurvey_answers() -> pd.DataFrame:
    """The answers of the 944 respondents as labels (what pandas counts)."""
    data = anes()
    graduate = data["educ"] >= 3
    describes = pd.DataFrame({DESCRIBES[0]: data["TVnews"] == 7,
                              DESCRIBES[1]: data["popul"] >= 100,
                              DESCRIBES[2]: data["age"] >= 65})
    describes[NONE_OF_THESE] = ~describes.any(axis=1)
    return pd.DataFrame({
        "G01Q01": data["PID"].astype(int).map(dict(enumerate(PARTY))),
        **{f"G01Q02_SQ00{index}": data[column].astype(int).map(
            lambda code: LEFT_RIGHT[code - 1])
           for index, column in enumerate(("selfLR", "ClinLR", "DoleLR"), start=1)},
        "G01Q03": data["age"].astype(int),
        "G01Q04": data["educ"].astype(int).map(lambda code: EDUCATION[code - 1]),
        **{f"G02Q05_SQ00{index}": describes[label]
           for index, label in enumerate([*DESCRIBES, NONE_OF_THESE], start=1)},
        "G02Q06": data["TVnews"].astype(int).map(dict(enumerate(TV_DAYS))).where(graduate),
        "G02Q07": data["vote"].astype(int).map(dict(enumerate(VOTE))),
        "G02Q08": data["popul"].where(data["age"] >= 30)})


def _code(labels: list[str], label) -> str:
    return "" if not isinstance(label, str) else f"A{labels.index(label) + 1}"


def _number(value) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    return f"{value:g}"


def write_limesurvey(folder: Path, answers_as: str = "codes", heading: str = "brackets"
                     ) -> tuple[Path, Path, pd.DataFrame, list[str]]:
    """The response export (``answers_as``: ``codes`` or ``full``; ``heading``:
    ``brackets``, ``Q[SQ001]``, or ``underscores``, ``Q_SQ001``) and the .lss in ``folder``;
    the answers of the 944 respondents kept (labels) and the personal values."""
    answers = limesurvey_answers()
    full = answers_as == "full"
    rows = [answers.iloc[index] for index in range(len(answers))]
    outside = answers.iloc[5].copy()
    outside["G01Q01"] = "A9"  # an answer outside the codes: quarantined
    unfinished = [answers.iloc[index] for index in range(UNFINISHED)]
    kinds = ["real"] * len(rows) + ["outside"] + ["unfinished"] * UNFINISHED
    people = invented_people(len(kinds), seed=23)
    tokens = [f"tk{index:04d}q{(index * 7919) % 9973:04d}" for index in range(len(kinds))]
    sub = (lambda title, part: f"{title}[{part}]") if heading == "brackets" else \
        (lambda title, part: f"{title}_{part}")
    questions = ["G01Q01", *[sub("G01Q02", f"SQ00{n}") for n in (1, 2, 3)], "G01Q03",
                 "G01Q04", *[sub("G02Q05", f"SQ00{n}") for n in (1, 2, 3, 4)], "G02Q06",
                 "G02Q07", "G02Q08"]
    headings = [*META, *questions, "interviewtime", "groupTime11", "groupTime12"]
    records = []
    for index, (row, kind) in enumerate(zip([*rows, outside, *unfinished], kinds,
                                            strict=True)):
        finished = kind != "unfinished"
        meta = [str(index + 1), "2024-03-04 09:20:42" if finished else "",
                "2" if finished else "1", "en", str(100_000 + index * 37),
                "2024-03-04 09:12:00", "2024-03-04 09:20:42", people["ip"][index],
                f"https://news.example.org/?u={people['email'][index]}", tokens[index],
                people["first"][index], people["last"][index], people["email"][index]]
        records.append(meta + _cells(row, kind, full) + ["521.3", "301.2", "220.1"])
    export = folder / f"anes96_limesurvey_{answers_as}.csv"
    separator = ";" if full else ","

    def line(cells: list[str]) -> str:
        return separator.join('"' + cell.replace('"', '""') + '"' for cell in cells)

    text = "\r\n".join(line(cells) for cells in [headings, *records]) + "\r\n\r\n"
    export.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    definition = folder / f"limesurvey_survey_{SID}.lss"
    definition.write_text(lss(), encoding="utf-8")
    personal = personal_values(people) + tokens
    return export, definition, answers, personal


def _cells(row: pd.Series, kind: str, full: bool) -> list[str]:
    """A response's question cells, as LimeSurvey exports them."""
    reached = kind != "unfinished"

    def choice(labels: list[str], label, asked: bool = True) -> str:
        if not asked or not isinstance(label, str):
            return ""
        return label if full else _code(labels, label)

    def tick(ticked: bool) -> str:
        if not reached:
            return "N/A" if full else ""
        return ("Yes" if ticked else "No") if full else ("Y" if ticked else "")

    first = row["G01Q01"] if kind != "outside" else None
    cells = ["A9" if kind == "outside" else choice(PARTY, first)]
    cells += [choice(LEFT_RIGHT, row[f"G01Q02_SQ00{n}"], reached) for n in (1, 2, 3)]
    cells += [str(row["G01Q03"]) if reached else "", choice(EDUCATION, row["G01Q04"], reached)]
    cells += [tick(bool(row[f"G02Q05_SQ00{n}"])) for n in (1, 2, 3, 4)]
    cells += [choice(TV_DAYS, row["G02Q06"], reached), choice(VOTE, row["G02Q07"], reached),
              _number(row["G02Q08"]) if reached else ""]
    return cells


__all__ = ["NONE_OF_THESE", "UNFINISHED", "limesurvey_answers", "lss", "write_limesurvey"]
