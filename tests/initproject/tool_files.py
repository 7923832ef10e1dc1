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


def write_statfile(path: Path, kind: str) -> tuple[pd.DataFrame, list[str]]:
    """anes96 as SPSS (``sav``, ``zsav``) or Stata (``dta``) writes it: variable labels,
    value labels, user-missing codes (SPSS 9 = Refused; Stata .a), measures, and two string
    variables of personal data."""
    import pyreadstat

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
    return answers, personal_values(people, ("email", "name"))


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
