"""The data annex: figures.csv and figures.xlsx read back, formulas neutralised."""

from __future__ import annotations

import openpyxl
import pandas as pd
import pytest

from barorapport.commands.build import build
from barorapport.errors import ConfigError
from barorapport.stats.export import neutralise

from .conftest import write_survey

INJECTING = """
survey: {title: "t"}
questions:
  - id: q
    type: single
    text: "q"
    options: [{code: "1", label: "=HYPERLINK(\\"http://x\\")"}, {code: "2", label: "+33 1"},
              {code: "3", label: "-moins"}, {code: "4", label: "@SUM(A1)"},
              {code: "5", label: "ordinaire"}]
"""


@pytest.mark.parametrize(("text", "expected"), [
    ("=1+1", "'=1+1"), ("+33", "'+33"), ("-x", "'-x"), ("@A1", "'@A1"), ("\tx", "'\tx"),
    ("a=b", "a=b"), (None, None), (0.5, 0.5)])
def test_neutralise(text, expected):
    assert neutralise(text) == expected


def test_labels_cannot_run_as_formulas(tmp_path):
    from barorapport.stats import compute_figures
    from barorapport.stats.export import write_figures_csv, write_figures_xlsx

    responses = pd.DataFrame({"id": [f"R{i}" for i in range(50)],
                              "q": [str(i % 5 + 1) for i in range(50)]})
    figures = compute_figures(write_survey(tmp_path / "s", INJECTING, responses))
    csv = pd.read_csv(write_figures_csv(figures, tmp_path / "f.csv"), dtype=str)
    assert csv["label"].tolist() == ["'=HYPERLINK(\"http://x\")", "'+33 1", "'-moins",
                                     "'@SUM(A1)", "ordinaire"]
    sheet = openpyxl.load_workbook(write_figures_xlsx(figures, tmp_path / "f.xlsx"))["figures"]
    labels = [row[8].value for row in sheet.iter_rows(min_row=2)]
    assert labels == csv["label"].tolist()
    assert all(row[8].data_type == "s" for row in sheet.iter_rows(min_row=2))


def test_build_writes_the_annex_with_crosstabs_and_hides_suppressed_values(mini):
    report = mini / "report/2024/report.yaml"
    report.write_text(report.read_text(encoding="utf-8") + "banners: [fonction]\n",
                      encoding="utf-8")
    result = build(mini, formats=("web",), progress=lambda message: None)
    assert result.outputs["figures_csv"] == mini / "build/2024/figures.csv"
    csv = pd.read_csv(mini / "build/2024/figures.csv", dtype=str, keep_default_na=False)
    answers = pd.read_csv(mini / "data/2024/responses.csv", dtype=str)
    mail = csv[(csv["question"] == "outils") & (csv["option"] == "mail")
               & (csv["measure"] == "respondents") & (csv["banner"] == "")].iloc[0]
    assert mail["n"] == str((answers["outils_mail"] == "1").sum())
    crossed = csv[csv["banner"] == "fonction"]
    assert len(crossed) > 0
    # Cells of 1 or 2 respondents (the threshold is 3) are hidden, their values left empty.
    suppressed = crossed[crossed["flags"].str.contains("suppressed")]
    assert len(suppressed) > 0
    assert (suppressed[["n", "share", "ci_low", "ci_high"]] == "").all().all()
    sheet = openpyxl.load_workbook(mini / "build/2024/figures.xlsx")["figures"]
    assert sheet.max_row == len(csv) + 1


def test_unknown_banner_says_where(mini):
    report = mini / "report/2024/report.yaml"
    report.write_text(report.read_text(encoding="utf-8") + "banners: [fonction, outils]\n",
                      encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        build(mini, formats=("web",), progress=lambda message: None)
    assert str(caught.value).endswith(
        "report/2024/report.yaml:27:21: banner 'outils' is not a single-choice question of "
        "the questionnaire (expected one of: fonction)")
