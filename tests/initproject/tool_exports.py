"""statsmodels' anes96 election study (944 respondents, shipped in its wheel) written as
survey tools write it, with their bookkeeping columns and personal columns filled with
invented names, e-mails, phone numbers, IP addresses and coordinates.

Each writer returns the frame of answers (one row per respondent, as published) and the
values of every personal column, so that tests look for each in the build folder.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import numpy as np
import pandas as pd
import statsmodels.api as sm

from .tool_files import anes

FIRST_NAMES = ["Liam", "Olivia", "Noah", "Emma", "Oliver", "Charlotte", "Elijah", "Amelia",
               "James", "Sophia", "Benjamin", "Isabella", "Lucas", "Mia", "Henry", "Evelyn"]
LAST_NAMES = ["Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis",
              "Rodriguez", "Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson"]
PARTY = ["Strong Democrat", "Weak Democrat", "Independent-Democrat", "Independent",
         "Independent-Republican", "Weak Republican", "Strong Republican"]
EDUCATION = ["Grade school", "Some high school", "High school graduate", "Some college",
             "Associate degree", "Bachelor's degree", "Postgraduate degree"]
LEFT_RIGHT = ["1 - Extremely liberal", "2 - Liberal", "3 - Slightly liberal",
              "4 - Moderate", "5 - Slightly conservative", "6 - Conservative",
              "7 - Extremely conservative"]
ACCURACY = ["Very Inaccurate", "Moderately Inaccurate", "Slightly Inaccurate",
            "Slightly Accurate", "Moderately Accurate", "Very Accurate"]
AGREEMENT_FR = ["Pas du tout d'accord", "Plutôt pas d'accord", "Plutôt d'accord",
                "Tout à fait d'accord"]
FREQUENCY_FR = ["Jamais", "Rarement", "Parfois", "Souvent"]


def _people(count: int, seed: int = 7) -> pd.DataFrame:
    """Invented respondents: names, e-mails, phone numbers, IP addresses, coordinates."""
    draw = np.random.default_rng(seed)
    first = draw.choice(FIRST_NAMES, count)
    last = draw.choice(LAST_NAMES, count)
    return pd.DataFrame({
        "first": first, "last": last,
        "email": [f"{f.lower()}.{s.lower()}{n}@example.org"
                  for n, (f, s) in enumerate(zip(first, last, strict=True))],
        "phone": [f"+1 555 01{n % 100:02d} {1000 + n:04d}" for n in range(count)],
        "ip": [f"198.51.{100 + n // 250}.{n % 250 + 1}" for n in range(count)],
        "latitude": np.round(draw.uniform(30, 47, count), 4),
        "longitude": np.round(draw.uniform(-120, -75, count), 4),
    })


def _stamps(count: int, start: dt.datetime, seed: int = 3) -> list[dt.datetime]:
    draw = np.random.default_rng(seed)
    minutes = np.sort(draw.integers(0, 60 * 24 * 20, count))
    return [start + dt.timedelta(minutes=int(minute)) for minute in minutes]


def english_answers() -> pd.DataFrame:
    """anes96's answers as an English survey shows them (labels)."""
    data = anes()
    return pd.DataFrame({
        "party": data["PID"].astype(int).map(dict(enumerate(PARTY))),
        "vote": data["vote"].astype(int).map({0: "Bill Clinton", 1: "Bob Dole"}),
        "self": data["selfLR"].astype(int).map(lambda v: LEFT_RIGHT[v - 1]),
        "clinton": data["ClinLR"].astype(int).map(lambda v: LEFT_RIGHT[v - 1]),
        "dole": data["DoleLR"].astype(int).map(lambda v: LEFT_RIGHT[v - 1]),
        "age": data["age"].astype(int),
        "education": data["educ"].astype(int).map(lambda v: EDUCATION[v - 1]),
        "tv": data["TVnews"].astype(int),
    })


SURVEYMONKEY_QUESTIONS = {
    "party": ("Generally speaking, do you think of yourself as a Democrat, a Republican or "
              "an Independent?", "Response"),
    "vote": ("Who do you plan to vote for?", "Response"),
    "self": ("Where would you place each of them on a liberal-conservative scale?",
             "Yourself"),
    "clinton": ("", "Bill Clinton"),
    "dole": ("", "Bob Dole"),
    "age": ("What is your age?", "Open-Ended Response"),
    "education": ("What is the highest level of education you have completed?", "Response"),
    "tv": ("How many days in the past week did you watch the news on TV?",
           "Open-Ended Response"),
}
SURVEYMONKEY_META = ["Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address",
                     "Email Address", "First Name", "Last Name", "Custom Data 1"]


def write_surveymonkey(path: Path) -> tuple[pd.DataFrame, dict[str, list[str]]]:
    """An English SurveyMonkey export (two heading rows), its personal columns filled."""
    answers = english_answers()
    people = _people(len(answers))
    stamps = _stamps(len(answers), dt.datetime(2024, 3, 4, 9, 0))
    rows = [SURVEYMONKEY_META + [top for top, _ in SURVEYMONKEY_QUESTIONS.values()],
            [""] * len(SURVEYMONKEY_META) + [sub for _, sub in SURVEYMONKEY_QUESTIONS.values()]]
    for index, answer in answers.iterrows():
        person = people.iloc[index]
        start = stamps[index]
        rows.append([str(11400000000 + 7919 * index), "431775220",
                     start.strftime("%m/%d/%Y %I:%M:%S %p"),
                     (start + dt.timedelta(minutes=9)).strftime("%m/%d/%Y %I:%M:%S %p"),
                     person["ip"], person["email"], person["first"], person["last"],
                     person["phone"]] + [str(answer[key]) for key in SURVEYMONKEY_QUESTIONS])
    with path.open("w", encoding="utf-8", newline="") as file:
        csv.writer(file).writerows(rows)
    personal = {"IP Address": list(people["ip"]), "Email Address": list(people["email"]),
                "First Name": list(people["first"]), "Last Name": list(people["last"]),
                "Custom Data 1": list(people["phone"])}
    return answers, personal


QUALTRICS_META = [
    ("StartDate", "Start Date", '{"ImportId":"startDate","timeZone":"America/Denver"}'),
    ("EndDate", "End Date", '{"ImportId":"endDate","timeZone":"America/Denver"}'),
    ("Status", "Response Type", '{"ImportId":"status"}'),
    ("IPAddress", "IP Address", '{"ImportId":"ipAddress"}'),
    ("Progress", "Progress", '{"ImportId":"progress"}'),
    ("Duration (in seconds)", "Duration (in seconds)", '{"ImportId":"duration"}'),
    ("Finished", "Finished", '{"ImportId":"finished"}'),
    ("RecordedDate", "Recorded Date",
     '{"ImportId":"recordedDate","timeZone":"America/Denver"}'),
    ("ResponseId", "Response ID", '{"ImportId":"_recordId"}'),
    ("RecipientLastName", "Recipient Last Name", '{"ImportId":"recipientLastName"}'),
    ("RecipientFirstName", "Recipient First Name", '{"ImportId":"recipientFirstName"}'),
    ("RecipientEmail", "Recipient Email", '{"ImportId":"recipientEmail"}'),
    ("ExternalReference", "External Data Reference", '{"ImportId":"externalDataReference"}'),
    ("LocationLatitude", "Location Latitude", '{"ImportId":"locationLatitude"}'),
    ("LocationLongitude", "Location Longitude", '{"ImportId":"locationLongitude"}'),
    ("DistributionChannel", "Distribution Channel", '{"ImportId":"distributionChannel"}'),
    ("UserLanguage", "User Language", '{"ImportId":"userLanguage"}'),
]
QUALTRICS_QUESTIONS = {
    "party": ("Q1", "Q1 - Do you think of yourself as a Democrat, a Republican or an "
                    "Independent?"),
    "vote": ("Q2", "Q2 - Who do you plan to vote for?"),
    "self": ("Q3_1", "Q3 - Where would you place each of them? - Yourself"),
    "clinton": ("Q3_2", "Q3 - Where would you place each of them? - Bill Clinton"),
    "dole": ("Q3_3", "Q3 - Where would you place each of them? - Bob Dole"),
    "age": ("Q4", "Q4 - What is your age?"),
    "education": ("Q5", "Q5 - What is the highest level of education you have completed?"),
    "tv": ("Q6", "Q6 - How many days in the past week did you watch the news on TV?"),
}


def write_qualtrics(path: Path, header_rows: int = 3
                    ) -> tuple[pd.DataFrame, dict[str, list[str]]]:
    """A Qualtrics CSV export (choice text), all responses finished; ``header_rows`` 3 as
    Qualtrics writes it, 1 as analysts often leave it (rows 2 and 3 removed)."""
    answers = english_answers()
    people = _people(len(answers), seed=11)
    stamps = _stamps(len(answers), dt.datetime(2024, 10, 1, 8, 0))
    draw = np.random.default_rng(5)
    durations = draw.integers(120, 2400, len(answers))
    rows = [[name for name, _, _ in QUALTRICS_META] + [c for c, _ in
                                                        QUALTRICS_QUESTIONS.values()],
            [text for _, text, _ in QUALTRICS_META] + [t for _, t in
                                                        QUALTRICS_QUESTIONS.values()],
            [i for _, _, i in QUALTRICS_META] + [json.dumps({"ImportId": f"QID{n}"})
                                                 for n in range(1, 9)]][:header_rows]
    ids = []
    for index, answer in answers.iterrows():
        person = people.iloc[index]
        start = stamps[index]
        end = start + dt.timedelta(seconds=int(durations[index]))
        response_id = "R_" + "".join(draw.choice(list("abcdefghijkLMNOPQRSTuvwxyz0123456789"),
                                                 15))
        ids.append(response_id)
        rows.append([start.strftime("%Y-%m-%d %H:%M:%S"), end.strftime("%Y-%m-%d %H:%M:%S"),
                     "IP Address", person["ip"], "100", str(durations[index]), "True",
                     end.strftime("%Y-%m-%d %H:%M:%S"), response_id, person["last"],
                     person["first"], person["email"], f"EXT-{90210 + index}",
                     f"{person['latitude']:.4f}", f"{person['longitude']:.4f}", "email",
                     "EN"] + [str(answer[key]) for key in QUALTRICS_QUESTIONS])
    with path.open("w", encoding="utf-8", newline="") as file:
        csv.writer(file).writerows(rows)
    personal = {"IPAddress": list(people["ip"]), "RecipientEmail": list(people["email"]),
                "RecipientFirstName": list(people["first"]),
                "RecipientLastName": list(people["last"]),
                "LocationLatitude": [f"{v:.4f}" for v in people["latitude"]],
                "LocationLongitude": [f"{v:.4f}" for v in people["longitude"]],
                "ResponseId": ids}
    return answers, personal


def write_google_forms_fr(path: Path, typo: str = "Jamias"
                          ) -> tuple[pd.DataFrame, dict[str, list[str]]]:
    """A French Google Forms export (comma-separated, decimal commas), answered in 2024,
    one answer misspelt (``typo`` for ``Jamais``), with the respondents' e-mail addresses."""
    data = sm.datasets.fair.load_pandas().data.iloc[:237].reset_index(drop=True)
    people = _people(len(data), seed=13)
    stamps = _stamps(len(data), dt.datetime(2024, 5, 13, 8, 30))
    frame = pd.DataFrame({
        "Horodateur": [stamp.strftime("%d/%m/%Y %H:%M:%S") for stamp in stamps],
        "Adresse e-mail": people["email"],
        "Quand vous croisez les bénéficiaires, utilisez-vous un outil numérique ?":
            data["religious"].astype(int).map(lambda v: FREQUENCY_FR[v - 1]),
        "Le numérique facilite mon travail":
            data["rate_marriage"].astype(int).map(
                lambda v: AGREEMENT_FR[min(v, 4) - 1]),
        "Nombre d'années d'expérience": data["yrs_married"].map(
            lambda v: f"{v:g}".replace(".", ",")),
        "Âge": data["age"].map(lambda v: f"{v:g}".replace(".", ",")),
    })
    column = "Quand vous croisez les bénéficiaires, utilisez-vous un outil numérique ?"
    first_never = frame.index[frame[column] == "Jamais"][0]
    frame.loc[first_never, column] = typo
    frame.to_csv(path, index=False, encoding="utf-8")
    return frame, {"Adresse e-mail": list(people["email"])}


def write_accuracy_and_unrelated(path: Path) -> pd.DataFrame:
    """A native CSV: a grid on the six-level accuracy scale (``Describe me: …`` items),
    answered in shuffled order, and five unrelated variables that share codes 1 to 7."""
    data = anes()
    fair = sm.datasets.fair.load_pandas().data.iloc[:len(data)]
    accuracy = {f"Describe me: {item}": fair[source].astype(int).map(
                    lambda v: ACCURACY[v - 1])
                for item, source in (("Am the life of the party", "occupation"),
                                     ("Sympathize with others", "occupation_husb"))}
    frame = pd.DataFrame({
        "id": [f"P{index:04d}" for index in range(len(data))],
        **accuracy,
        "educ": data["educ"].astype(int), "selfLR": data["selfLR"].astype(int),
        "ClinLR": data["ClinLR"].astype(int), "DoleLR": data["DoleLR"].astype(int),
        "PID": data["PID"].astype(int) + 1,
    })
    frame.to_csv(path, index=False, encoding="utf-8")
    return frame
