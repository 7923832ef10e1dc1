"""statsmodels' anes96 survey (944 respondents, shipped in its wheel) written as a French
Excel export: ``;``-separated, Windows-1252, answers written as labels, French headings."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import statsmodels.api as sm

PARTY = ["Démocrate convaincu", "Démocrate modéré", "Indépendant proche des démocrates",
         "Indépendant", "Indépendant proche des républicains", "Républicain modéré",
         "Républicain convaincu"]
SCALE = ["1 - Très progressiste", "2 - Progressiste", "3 - Plutôt progressiste",
         "4 - Modéré", "5 - Plutôt conservateur", "6 - Conservateur", "7 - Très conservateur"]
EDUCATION = ["Primaire", "Secondaire inachevé", "Baccalauréat", "Études supérieures "
             "inachevées", "Licence", "Master", "Doctorat"]
VOTE = ["Clinton", "Dole"]
COLUMNS = {"Identifiant": None, "Identification partisane": "PID", "Vote prévu": "vote",
           "Position : vous-même": "selfLR", "Position : Bill Clinton": "ClinLR",
           "Position : Bob Dole": "DoleLR", "Âge": "age", "Niveau d'études": "educ",
           "Population de la commune (milliers)": "popul"}


def anes_frame() -> pd.DataFrame:
    """The export's cells as a French spreadsheet shows them (labels, decimal comma)."""
    data = sm.datasets.anes96.load_pandas().data
    return pd.DataFrame({
        "Identifiant": [f"R{index:04d}" for index in range(len(data))],
        "Identification partisane": data["PID"].astype(int).map(dict(enumerate(PARTY))),
        "Vote prévu": data["vote"].astype(int).map(dict(enumerate(VOTE))),
        "Position : vous-même": data["selfLR"].astype(int).map(lambda v: SCALE[v - 1]),
        "Position : Bill Clinton": data["ClinLR"].astype(int).map(lambda v: SCALE[v - 1]),
        "Position : Bob Dole": data["DoleLR"].astype(int).map(lambda v: SCALE[v - 1]),
        "Âge": data["age"].astype(int),
        "Niveau d'études": data["educ"].astype(int).map(lambda v: EDUCATION[v - 1]),
        "Population de la commune (milliers)": data["popul"].map(
            lambda v: f"{v:g}".replace(".", ",")),
    })


def write_anes_export(path: Path) -> pd.DataFrame:
    frame = anes_frame()
    frame.to_csv(path, sep=";", index=False, encoding="cp1252", lineterminator="\r\n")
    return frame
