"""Public survey data (statsmodels' anes96, 944 respondents) written as survey tools write
their files, with invented personal columns; and what a reader checks of a build.

Each writer returns the frame of answers as labels (what an independent computation counts)
and the personal values that must never be published.
"""

from __future__ import annotations

import html
import re
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import statsmodels.api as sm
import yaml

from barorapport.formatting import fmt_number
from barorapport.wording import language

from ..helpers import fold_spaces, pdf_text

PARTY = ["Strong Democrat", "Weak Democrat", "Independent-Democrat",
         "Independent-Independent", "Independent-Republican", "Weak Republican",
         "Strong Republican"]
LEFT_RIGHT = ["Extremely liberal", "Liberal", "Slightly liberal", "Moderate",
              "Slightly conservative", "Conservative", "Extremely conservative"]
EDUCATION = ["1-8 grades", "Some high school", "High school graduate", "Some college",
             "College degree", "Master's degree", "PhD"]
VOTE = ["Clinton", "Dole"]
FIRST = ["Liam", "Olivia", "Noah", "Emma", "Oliver", "Ava", "Elijah", "Sophia", "Lucas"]
LAST = ["Okafor", "Lindqvist", "Moreau", "Tanaka", "Castellanos", "Brennan", "Dubois"]
REFUSED = 9


def anes() -> pd.DataFrame:
    return sm.datasets.anes96.load_pandas().data


def invented_people(count: int, seed: int = 7) -> pd.DataFrame:
    """Names, e-mails, IP addresses and coordinates nobody has."""
    random = np.random.default_rng(seed)
    first = random.choice(FIRST, count)
    last = random.choice(LAST, count)
    return pd.DataFrame({
        "first": first, "last": last,
        "email": [f"{given.lower()}.{family.lower()}{i}@example.org"
                  for i, (given, family) in enumerate(zip(first, last, strict=True))],
        "ip": [f"203.0.113.{i % 250 + 1}" if i % 2 else f"198.51.100.{i % 250 + 1}"
               for i in range(count)],
        "latitude": [f"{value:.6f}" for value in random.uniform(43.1, 49.9, count)],
        "longitude": [f"{value:.6f}" for value in random.uniform(1.1, 7.5, count)]})


def refused_rows(count: int) -> np.ndarray:
    """Respondents who refused to place Bob Dole (a user-missing code in the file)."""
    return np.arange(count) % 50 == 3


def write_statfile(path: Path, kind: str, mr_sets: bool = True
                   ) -> tuple[pd.DataFrame, list[str]]:
    """anes96 as SPSS (``sav``, ``zsav``) or Stata (``dta``) writes it: variable labels,
    value labels, user-missing codes (SPSS 9 = Refused; Stata .a), measures, and two string
    variables of personal data; a ``.sav`` (unless ``mr_sets`` is false) also holds three
    dichotomies and the multiple-response set that makes them one question."""
    import pyreadstat

    from .spss_mrsets import add_mr_sets, dichotomy

    data = anes()
    people = invented_people(len(data))
    refused = refused_rows(len(data))
    frame = pd.DataFrame({
        "respondent_id": np.arange(1, len(data) + 1, dtype=float),
        "PID": data["PID"], "vote": data["vote"], "lr_self": data["selfLR"],
        "lr_clinton": data["ClinLR"], "lr_dole": data["DoleLR"].where(~refused, REFUSED),
        "age": data["age"], "educ": data["educ"], "popul": data["popul"],
        "email": people["email"], "name": people["first"] + " " + people["last"]})
    scale = {float(code): label for code, label in enumerate(LEFT_RIGHT, start=1)}
    labels = {"PID": {float(code): label for code, label in enumerate(PARTY)},
              "vote": {1.0: "Dole", 0.0: "Clinton"},  # not in code order: the file's order
              "educ": {float(code): label for code, label in enumerate(EDUCATION, start=1)},
              "lr_self": scale, "lr_clinton": scale,
              "lr_dole": {**scale, float(REFUSED): "Refused"}}
    texts = {"PID": "Party identification", "vote": "Expected vote",
             "lr_self": "Left-right placement: yourself",
             "lr_clinton": "Left-right placement: Bill Clinton",
             "lr_dole": "Left-right placement: Bob Dole", "age": "Age of respondent",
             "educ": "Education", "popul": "Population of the place (thousands)",
             "email": "E-mail", "name": "Name"}
    sets = kind == "sav" and mr_sets
    if sets:
        position = frame.columns.get_loc("popul") + 1
        for offset, (name, ticked) in enumerate(_dichotomies(data).items()):
            frame.insert(position + offset, name, ticked.astype(float))
            texts[name] = DESCRIBES[offset]
            labels[name] = {1.0: "Selected", 0.0: "Not selected"}
    if kind in ("sav", "zsav"):
        pyreadstat.write_sav(
            frame, path, compress=kind == "zsav", column_labels=texts,
            file_label="American National Election Study 1996",
            variable_value_labels=labels, missing_ranges={"lr_dole": [float(REFUSED)]},
            variable_measure={"age": "scale", "popul": "scale", "PID": "ordinal"})
    else:
        stata = frame.copy()
        stata["lr_dole"] = stata["lr_dole"].astype(object).where(~refused, "a")
        pyreadstat.write_dta(
            stata, path, column_labels=texts, missing_user_values={"lr_dole": ["a"]},
            variable_value_labels={name: {int(code): label for code, label in mapping.items()
                                          if code != REFUSED}
                                   for name, mapping in labels.items()})
    answers = pd.DataFrame({
        "PID": data["PID"].astype(int).map(dict(enumerate(PARTY))),
        "vote": data["vote"].astype(int).map(dict(enumerate(VOTE))),
        "educ": data["educ"].astype(int).map(lambda code: EDUCATION[code - 1]),
        **{name: data[column].astype(int).map(lambda code: LEFT_RIGHT[code - 1])
           for name, column in (("lr_self", "selfLR"), ("lr_clinton", "ClinLR"),
                                ("lr_dole", "DoleLR"))},
        "age": data["age"], "popul": data["popul"]})
    answers.loc[refused, "lr_dole"] = None
    if sets:
        add_mr_sets(path, [dichotomy("describe", "Which of these describe you?",
                                     list(_dichotomies(data)))])
        for name, ticked in _dichotomies(data).items():
            answers[name] = ticked
    return answers, personal_values(people, ("email", "name"))


def _dichotomies(data: pd.DataFrame) -> dict[str, pd.Series]:
    """Three facts about each respondent, as the ticks of one question."""
    return {"tv_daily": data["TVnews"] == 7, "big_city": data["popul"] >= 100,
            "senior": data["age"] >= 65}


def personal_values(people: pd.DataFrame, columns=("email", "name", "ip", "latitude",
                                                    "longitude")) -> list[str]:
    """Values of ``columns`` that would identify someone if published (long enough not to
    occur by chance in a publication: names as ``First Last``, e-mails, IP addresses,
    coordinates to six decimals); a first or last name alone is checked in the published
    texts by ``named``."""
    frame = people.assign(name=people["first"] + " " + people["last"])
    return sorted({value for column in columns for value in frame[column]})


def published_texts(build: Path) -> dict[str, str]:
    """Every file of a build folder as text: PDFs through pdftotext, workbooks' XML parts,
    the others decoded (UTF-8, bytes that are not replaced)."""
    texts = {}
    for path in sorted(build.rglob("*")):
        if not path.is_file():
            continue
        if path.suffix == ".pdf":
            texts[str(path)] = pdf_text(path)
        elif path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as archive:
                texts[str(path)] = "\n".join(archive.read(name).decode("utf-8", "replace")
                                             for name in archive.namelist())
        else:
            texts[str(path)] = path.read_bytes().decode("utf-8", "replace")
    return texts


def leaks(build: Path, values: list[str]) -> list[tuple[str, str]]:
    """(file, value) of each personal value found in a build folder."""
    found = []
    for name, text in published_texts(build).items():
        folded = fold_spaces(text)
        found += [(name, value) for value in values if value in folded]
    return found


def page_text(path: Path) -> str:
    """A web page's text, tags removed, spaces folded, apostrophes straight (the typography
    of the publication's language is not what these tests check)."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", path.read_text("utf-8")))
    return fold_spaces(text.replace("\u2019", "'"))


# Qualtrics: a survey built from anes96 (the .qsf), its export in choice text or numeric
# values, with Qualtrics' metadata columns, 2 preview rows and 40 unfinished responses.

TV_DAYS = ["Never", "1 day", "2 days", "3 days", "4 days", "5 days", "6 days", "Every day"]
DESCRIBES = ["Watches TV news every day", "Lives in a place of 100,000 or more",
             "Aged 65 or over"]
QUALTRICS_META = [
    ("StartDate", "Start Date", '{"ImportId":"startDate","timeZone":"America/Denver"}'),
    ("EndDate", "End Date", '{"ImportId":"endDate","timeZone":"America/Denver"}'),
    ("Status", "Response Type", '{"ImportId":"status"}'),
    ("IPAddress", "IP Address", '{"ImportId":"ipAddress"}'),
    ("Progress", "Progress", '{"ImportId":"progress"}'),
    ("Duration (in seconds)", "Duration (in seconds)", '{"ImportId":"duration"}'),
    ("Finished", "Finished", '{"ImportId":"finished"}'),
    ("RecordedDate", "Recorded Date", '{"ImportId":"recordedDate","timeZone":"America/Denver"}'),
    ("ResponseId", "Response ID", '{"ImportId":"_recordId"}'),
    ("RecipientLastName", "Recipient Last Name", '{"ImportId":"recipientLastName"}'),
    ("RecipientFirstName", "Recipient First Name", '{"ImportId":"recipientFirstName"}'),
    ("RecipientEmail", "Recipient Email", '{"ImportId":"recipientEmail"}'),
    ("ExternalReference", "External Data Reference", '{"ImportId":"externalDataReference"}'),
    ("LocationLatitude", "Location Latitude", '{"ImportId":"locationLatitude"}'),
    ("LocationLongitude", "Location Longitude", '{"ImportId":"locationLongitude"}'),
    ("DistributionChannel", "Distribution Channel", '{"ImportId":"distributionChannel"}'),
    ("UserLanguage", "User Language", '{"ImportId":"userLanguage"}')]
PARTY_TEXT = "Generally speaking, do you think of yourself as...?"
PLACE_TEXT = "Where would you place each on a scale from liberal to conservative?"
EDUCATION_TEXT = "What is the highest level of education you have completed?"
TV_TEXT = "How many days in the past week did you watch the news on TV?"


def _choices(labels: list[str], recodes: list[int] | None = None) -> dict:
    ids = [str(index) for index in range(1, len(labels) + 1)]
    payload = {"Choices": {choice: {"Display": label} for choice, label
                           in zip(ids, labels, strict=True)},
               "ChoiceOrder": [int(choice) for choice in ids]}
    if recodes is not None:
        payload["RecodeValues"] = {choice: str(value) for choice, value
                                   in zip(ids, recodes, strict=True)}
    return payload


def qsf() -> dict:
    """The survey definition, as Qualtrics exports it (the parts barorapport reads, and
    some it does not)."""
    def question(qid, tag, kind, selector, text, **payload):
        return {"SurveyID": "SV_anes96", "Element": "SQ", "PrimaryAttribute": qid,
                "SecondaryAttribute": text[:40], "TertiaryAttribute": None,
                "Payload": {"QuestionText": f"<div>{text}</div>", "DataExportTag": tag,
                            "QuestionType": kind, "Selector": selector,
                            "QuestionID": qid, "Language": [], **payload}}
    display_if_graduate = {"0": {
        **{str(index): {"LogicType": "Question", "QuestionID": "QID4",
                        "QuestionIsInLoop": "no",
                        "ChoiceLocator": f"q://QID4/SelectableChoice/{choice}",
                        "Operator": "Selected", "QuestionIDFromLocator": "QID4",
                        "LeftOperand": f"q://QID4/SelectableChoice/{choice}",
                        "Type": "Expression", **({"Conjuction": "Or"} if index else {})}
           for index, choice in enumerate(range(3, 8))}, "Type": "If"},
        "Type": "BooleanExpression", "inPage": False}
    elements = [
        {"SurveyID": "SV_anes96", "Element": "BL", "PrimaryAttribute": "Survey Blocks",
         "Payload": [{"Type": "Default", "Description": "Default Question Block"}]},
        question("QID1", "Q1", "MC", "SAVR", PARTY_TEXT, SubSelector="TX",
                 **_choices(PARTY, list(range(7)))),
        question("QID2", "Q2", "Matrix", "Likert", PLACE_TEXT, SubSelector="SingleAnswer",
                 **_choices(["Yourself", "Bill Clinton", "Bob Dole"]),
                 Answers={str(code): {"Display": label}
                          for code, label in enumerate(LEFT_RIGHT, start=1)},
                 AnswerOrder=list(range(1, 8))),
        question("QID3", "Q3", "TE", "SL", "What is your age?",
                 Validation={"Settings": {"ForceResponse": "OFF", "Type": "ContentType",
                                          "ContentType": "ValidNumber"}}),
        question("QID4", "Q4", "MC", "SAVR", EDUCATION_TEXT, SubSelector="TX",
                 **_choices(EDUCATION)),
        question("QID7", "Q7", "DB", "TB", "Thank you. A few more questions."),
        question("QID5", "Q5", "MC", "MAVR", "Which of these describe you?",
                 SubSelector="TX", **_choices(DESCRIBES)),
        question("QID6", "Q6", "MC", "SAVR", TV_TEXT, SubSelector="TX",
                 **_choices(TV_DAYS, list(range(8))), DisplayLogic=display_if_graduate),
        question("QID8", "Q8", "MC", "SAVR", "Who did you vote for?",
                 SubSelector="TX", **_choices(VOTE, [1, 2])),
    ]
    return {"SurveyEntry": {"SurveyID": "SV_anes96",
                            "SurveyName": "Election study 1996 (Qualtrics)",
                            "SurveyLanguage": "EN", "SurveyStatus": "Inactive"},
            "SurveyElements": elements}


def qualtrics_answers() -> pd.DataFrame:
    """The answers of the 944 real, finished responses, as labels."""
    data = anes()
    graduate = data["educ"] >= 3
    describes = pd.DataFrame({DESCRIBES[0]: data["TVnews"] == 7,
                              DESCRIBES[1]: data["popul"] >= 100,
                              DESCRIBES[2]: data["age"] >= 65})
    return pd.DataFrame({
        "Q1": data["PID"].astype(int).map(dict(enumerate(PARTY))),
        **{f"Q2_{index}": data[column].astype(int).map(lambda code: LEFT_RIGHT[code - 1])
           for index, column in enumerate(("selfLR", "ClinLR", "DoleLR"), start=1)},
        "Q3": data["age"].astype(int),
        "Q4": data["educ"].astype(int).map(lambda code: EDUCATION[code - 1]),
        "Q5": describes.apply(lambda row: [label for label in DESCRIBES if row[label]],
                              axis=1),
        "Q6": data["TVnews"].astype(int).map(dict(enumerate(TV_DAYS))).where(graduate),
        "Q8": data["vote"].astype(int).map(dict(enumerate(VOTE)))})


def write_qualtrics(folder: Path, values: str = "text", heading_rows: int = 3,
                    split: bool = False) -> tuple[Path, Path, pd.DataFrame, list[str]]:
    """The export (``values``: ``text`` or ``numeric``; ``split``: Q5's options in one
    column each, "split multi-value fields") and the .qsf in ``folder``; the answers of the
    real, finished responses (labels) and the personal values."""
    answers = qualtrics_answers()
    unfinished = answers.iloc[:40].astype(object)
    unfinished.loc[:, [column for column in answers if column != "Q1"]] = None
    previews = answers.iloc[:2].copy()
    rows = pd.concat([previews, answers, unfinished], ignore_index=True)
    kind = ["preview"] * 2 + ["real"] * len(answers) + ["unfinished"] * len(unfinished)
    people = invented_people(len(rows), seed=11)
    text = values == "text"
    cells = []
    for index, (row, what) in enumerate(zip(rows.itertuples(index=False), kind,
                                            strict=True)):
        answer = row._asdict()
        status = ("Survey Preview" if text else "1") if what == "preview" else \
            ("IP Address" if text else "0")
        finished = what != "unfinished"
        meta = ["2024-03-04 09:12:00", "2024-03-04 09:20:41", status, people["ip"][index],
                "100" if finished else "34", "521", ("True" if finished else "False") if text
                else ("1" if finished else "0"), "2024-03-04 09:20:42",
                f"R_{index:05d}xYz", people["last"][index], people["first"][index],
                people["email"][index], "", people["latitude"][index],
                people["longitude"][index], "preview" if what == "preview" else "anonymous",
                "EN"]
        chosen = [_qualtrics_cell(name, answer[name], text) for name in
                  ("Q1", "Q2_1", "Q2_2", "Q2_3", "Q3", "Q4", "Q5", "Q6", "Q8")]
        if split:
            ticked = answer["Q5"] or []
            chosen[6:7] = [(label if text else "1") if label in ticked else ""
                           for label in DESCRIBES]
        cells.append(meta + chosen)
    q5 = [(f"Q5_{index}", f"Which of these describe you? - Selected Choice - {label}",
           f'{{"ImportId":"QID5_{index}"}}') for index, label in enumerate(DESCRIBES, 1)] \
        if split else [("Q5", "Which of these describe you? - Selected Choice",
                        '{"ImportId":"QID5"}')]
    fields = [field for field, _, _ in QUALTRICS_META] + [
        "Q1", "Q2_1", "Q2_2", "Q2_3", "Q3", "Q4", *(field for field, _, _ in q5), "Q6", "Q8"]
    texts = [shown for _, shown, _ in QUALTRICS_META] + [
        PARTY_TEXT, f"{PLACE_TEXT} - Yourself", f"{PLACE_TEXT} - Bill Clinton",
        f"{PLACE_TEXT} - Bob Dole", "What is your age?", EDUCATION_TEXT,
        *(shown for _, shown, _ in q5), TV_TEXT, "Who did you vote for?"]
    imports = [import_id for _, _, import_id in QUALTRICS_META] + [
        '{"ImportId":"QID1"}', '{"ImportId":"QID2_1"}', '{"ImportId":"QID2_2"}',
        '{"ImportId":"QID2_3"}', '{"ImportId":"QID3_TEXT"}', '{"ImportId":"QID4"}',
        *(import_id for _, _, import_id in q5), '{"ImportId":"QID6"}',
        '{"ImportId":"QID8"}']
    headings = [fields, texts, imports][:heading_rows]
    export = folder / f"anes96_qualtrics_{values}{'_split' if split else ''}.csv"
    pd.DataFrame(headings + cells).to_csv(export, header=False, index=False,
                                          encoding="utf-8-sig")
    definition = folder / "anes96.qsf"
    definition.write_text(__import__("json").dumps(qsf()), encoding="utf-8")
    ids = [f"R_{index:05d}xYz" for index in range(len(rows))]
    return export, definition, answers, personal_values(people) + ids


def _qualtrics_cell(name: str, value, text: bool) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    if name == "Q5":
        if not value:
            return ""
        return ",".join(value) if text else ",".join(str(DESCRIBES.index(label) + 1)
                                                     for label in value)
    if text or name == "Q3":
        return str(value)
    codes = {"Q1": {label: code for code, label in enumerate(PARTY)},
             "Q4": {label: code for code, label in enumerate(EDUCATION, start=1)},
             "Q6": {label: code for code, label in enumerate(TV_DAYS)},
             "Q8": {label: code for code, label in enumerate(VOTE, start=1)}}
    if name.startswith("Q2_"):
        return str(LEFT_RIGHT.index(value) + 1)
    return str(codes[name][value])


def questionnaire_of(root: Path) -> dict:
    """The questionnaire init wrote for the 1996 edition, as YAML data."""
    return yaml.safe_load((root / "data/1996/questionnaire.yaml").read_text("utf-8"))


def figure_data(root: Path, figure: str) -> pd.DataFrame:
    """A figure's published data file of the 1996 web edition."""
    return pd.read_csv(root / f"build/1996/web/data/{figure}.csv", encoding="utf-8-sig",
                       dtype={"item": str, "option": str})


def english_pct(share: float) -> str:
    """A share as the survey's English edition prints it: ``21.2%``."""
    with language("en"):
        return fmt_number(share * 100, 1) + "%"
