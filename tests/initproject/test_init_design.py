"""``barorapport init`` recognises the sampling design's columns (weights, strata,
clusters, finite population corrections, replicate weights) by their heading and content,
declares them in report.yaml's ``design:`` and never makes questions of them; the project
builds with them (the audit's export with a ``weight`` column published its weights as a
question)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
import yaml

from barorapport.cli import main
from barorapport.commands.init.infer import infer_questions
from barorapport.survey.export import read_export
from barorapport.survey.questionnaire import ResponsesSource

from ..stats.conftest import fair_responses
from .conftest import name_the_publication

REFERENCE = Path(__file__).parents[1] / "reference/survey"


def _init(tmp_path: Path, export: Path) -> tuple[dict, dict, list[str]]:
    root = tmp_path / "projet"
    assert main(["init", str(root), "--from", str(export), "--edition", "2000"]) == 0
    name_the_publication(root)
    questionnaire = yaml.safe_load((root / "data/2000/questionnaire.yaml").read_text("utf-8"))
    report = yaml.safe_load((root / "report/2000/report.yaml").read_text("utf-8"))
    columns = [column for question in questionnaire["questions"]
               for column in (question.get("columns") or [question["id"]])]
    return report, questionnaire, columns


def test_a_weight_column_is_declared_not_published(tmp_path, capsys):
    """The audit's case: a weight column and a stratum beside the answers."""
    frame = fair_responses().head(600)
    frame["poids"] = (1 + frame["occupation"].astype(int) / 7).round(6)
    frame["strate"] = "s" + frame["religious"]
    frame["PSU"] = [f"g{index // 6}" for index in range(len(frame))]
    export = tmp_path / "enquete.csv"
    frame.to_csv(export, index=False)
    report, questionnaire, columns = _init(tmp_path, export)
    assert report["design"] == {"weights": "poids", "strata": "strate", "clusters": ["PSU"]}
    assert not {"poids", "strate", "PSU"} & set(columns)
    assert not {"poids", "strate", "PSU"} & {figure["question"] for figure in
                                            report["figures"]}
    printed = capsys.readouterr().out
    assert ("not a question: poids: the sampling design (weights), recognised by its heading "
            "and content") in printed
    root = tmp_path / "projet"
    assert main(["--project", str(root), "check"]) == 0
    psus = len(frame.groupby(["strate", "PSU"]))  # clusters told apart within their stratum
    assert (f"stats: design: 4 strata (strate), {psus} PSUs (PSU); variance by linearisation"
            in capsys.readouterr().err.splitlines())


@pytest.mark.warnings  # stype's H, E, M: no scale init knows (review_order)
def test_replicate_weights_and_corrections(tmp_path, capsys):
    """R's apiclus1 as exported with its replicate weights (three sets): the weights and
    the first set are declared, the method read from the columns' names; the others, and
    the fpc they carry, are said."""
    export = tmp_path / "apiclus1.csv"
    shutil.copy(REFERENCE / "apiclus1.csv", export)
    report, _, columns = _init(tmp_path, export)
    assert report["design"] == {"weights": "pw",
                                "replicates": {"columns": "jk1_*", "method": "JK1"}}
    assert not [column for column in columns if column.startswith(("jk", "boot", "pw", "fpc"))]
    printed = capsys.readouterr().out
    assert ("note: 3 sets of replicate weights found (jk1: 15 columns, boot: 50 columns, jkn: "
            "15 columns): the first is declared in report.yaml; keep the one the survey "
            "publishes its variances with") in printed
    assert ("note: replicate weights carry the design's strata and clusters: fpc not "
            "declared with them") in printed
    assert main(["--project", str(tmp_path / "projet"), "check"]) == 0


@pytest.mark.parametrize("heading, values, kind", [
    ("pw", ["33.8", "44.2"], "weights"), ("Poids", ["1,2", "0,8"], "weights"),
    ("WTFINL", ["1520.5", "980"], "weights"), ("repwt12", ["0", "36.2"], "replicate weights"),
    ("fpc1", ["757", "757"], "fpc"), ("stratum", ["E", "H"], "strata"),
    ("PSU", ["12", "7"], "clusters"),
])
def test_design_columns_by_heading_and_content(tmp_path, heading, values, kind):
    frame = pd.DataFrame({"id": [f"r{index}" for index in range(6)],
                          "q": ["a", "b", "a", "b", "a", "b"],
                          heading: (values * 3)[:6]})
    path = tmp_path / "export.csv"
    frame.to_csv(path, index=False)
    inference = infer_questions(read_export(ResponsesSource(), path, "export.csv"))
    found = dict(inference.not_questions)[heading]
    assert (found.role, found.kind) == ("design", kind)
    assert [question.id for question in inference.questions] == ["q"]


@pytest.mark.parametrize("heading, values", [
    ("weight", ["heavy", "light"]),  # not numbers: a question
    ("Poids (kg)", ["70", "82"]),  # a question about weight
    ("pw", ["-1", "2"]),  # a weight is positive
])
def test_look_alikes_stay_questions(tmp_path, heading, values):
    frame = pd.DataFrame({"q": ["a", "b"] * 3, heading: (values * 3)[:6]})
    path = tmp_path / "export.csv"
    frame.to_csv(path, index=False)
    inference = infer_questions(read_export(ResponsesSource(), path, "export.csv"))
    assert heading in [question.text for question in inference.questions]
