"""A survey with a long grid, from statsmodels' star98 (303 California school districts,
shipped in its wheel): each of its 22 indicators cut into six equal ranges becomes one item of a
6-point agreement grid, as a SurveyMonkey-like CSV export writes it (labels, a respondent
id, a start date). What the built-in theme must lay out legibly: a 22-item grid."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import statsmodels.api as sm

SCALE = ["1 - Pas du tout d'accord", "2 - Pas d'accord", "3 - Plutôt pas d'accord",
         "4 - Plutôt d'accord", "5 - D'accord", "6 - Tout à fait d'accord"]
STATEMENTS = {
    "NABOVE": "Beaucoup d'élèves dépassent le niveau attendu en mathématiques",
    "NBELOW": "Beaucoup d'élèves restent sous le niveau attendu en mathématiques",
    "LOWINC": "Les familles à faibles revenus sont nombreuses dans le district",
    "PERASIAN": "Le district accueille une part importante d'élèves d'origine asiatique",
    "PERBLACK": "Le district accueille une part importante d'élèves afro-américains",
    "PERHISP": "Le district accueille une part importante d'élèves hispaniques",
    "PERMINTE": "Les enseignants issus des minorités sont bien représentés",
    "AVYRSEXP": "Les enseignants ont une longue expérience du métier",
    "AVSALK": "Les salaires des enseignants sont élevés",
    "PERSPENK": "La dépense par élève est élevée",
    "PTRATIO": "Les classes sont chargées",
    "PCTAF": "Beaucoup d'élèves suivent les cours préparatoires à l'université",
    "PCTCHRT": "Les écoles à charte occupent une place importante",
    "PCTYRRND": "Les écoles ouvertes toute l'année sont nombreuses",
    "PERMINTE_AVYRSEXP": "Les enseignants des minorités sont expérimentés",
    "PERMINTE_AVSAL": "Les enseignants des minorités sont bien payés",
    "AVYRSEXP_AVSAL": "L'expérience des enseignants se traduit dans leur salaire",
    "PERSPEN_PTRATIO": "La dépense par élève compense la taille des classes",
    "PERSPEN_PCTAF": "La dépense par élève soutient la préparation à l'université",
    "PTRATIO_PCTAF": "Les classes chargées freinent la préparation à l'université",
    "PERMINTE_AVYRSEXP_AVSAL": "Diversité, expérience et salaire vont de pair",
    "PERSPEN_PTRATIO_PCTAF": "Moyens, effectifs et ambitions sont équilibrés",
}
ZONES = ["Favorisé", "Intermédiaire", "Défavorisé"]


def grid_frame() -> pd.DataFrame:
    data = sm.datasets.star98.load_pandas().data
    frame = pd.DataFrame({"Respondent ID": [f"{9_000_000 + index}" for index in range(len(data))],
                          "Start Date": "03/02/2024 10:00:00"})
    frame["Type de district"] = pd.qcut(data["LOWINC"], 3, labels=ZONES).astype(str)
    frame["Ancienneté moyenne des enseignants (années)"] = data["AVYRSEXP"].round(1)
    for column, statement in STATEMENTS.items():
        sextile = pd.cut(data[column], 6, labels=False).astype(int)  # equal widths: skewed
        frame[f"Votre district : {statement}"] = sextile.map(dict(enumerate(SCALE)))
    return frame


def write_grid_export(path: Path) -> pd.DataFrame:
    frame = grid_frame()
    frame.to_csv(path, index=False, encoding="utf-8")
    return frame
