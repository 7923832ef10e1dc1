"""The 2020 print edition is the same bytes at any clock time, time zone and locale: the
embedded font subsets are dated by SOURCE_DATE_EPOCH, which the layout sets from the
publication's date."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pikepdf

from barorapport.commands.build import build
from barorapport.config.project import find_edition, load_report

REPO = Path(__file__).parent.parent.parent


def _font_dates(pdf_path: Path) -> set[int]:
    """``head.modified`` of every embedded TrueType/OpenType subset."""
    import io

    from fontTools.ttLib import TTFont

    dates = set()
    with pikepdf.open(pdf_path) as pdf:
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/FontDescriptor":
                for key in ("/FontFile2", "/FontFile3"):
                    if key in obj:
                        font = TTFont(io.BytesIO(obj[key].read_bytes()))
                        dates.add(font["head"].modified)
    return dates


def test_the_2020_pdf_is_the_same_at_another_time_zone_and_locale(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    # One build in this process, its clock ten years ahead (fontTools reads time.time()).
    import fontTools.misc.timeTools as time_tools

    real_time = time_tools.time.time
    monkeypatch.setattr(time_tools.time, "time", lambda: real_time() + 10 * 365 * 86400)
    first = build(REPO, "2020", formats=("pdf",), out=tmp_path / "one",
                  progress=lambda message: None).outputs["pdf"]
    monkeypatch.undo()
    # Another in a separate process, at another clock time (faketime when installed),
    # time zone and locale.
    environment = {key: value for key, value in os.environ.items()
                   if key != "SOURCE_DATE_EPOCH"}
    environment.update(TZ="Pacific/Kiritimati", LC_ALL="C.UTF-8",
                       PYTHONPATH=str(REPO / "src"))
    command = [sys.executable, "-m", "barorapport.cli", "--project", str(REPO), "build",
               "--edition", "2020", "--format", "pdf", "--out", str(tmp_path / "two")]
    if shutil.which("faketime"):
        command = ["faketime", "2031-06-01 12:00:00", *command]
    subprocess.run(command, check=True, capture_output=True, env=environment)
    second = tmp_path / "two/2020" / first.name
    assert first.read_bytes() == second.read_bytes()
    # The subsets fontTools re-dates carry the publication's date (report.yaml's published,
    # in seconds since 1904 as TrueType counts), the others their own; none the clock's.
    published = load_report(find_edition(REPO, "2020")).published
    epoch = int(dt.datetime.combine(published, dt.time(), dt.UTC).timestamp())
    assert max(_font_dates(first)) == epoch + 2_082_844_800
    assert "SOURCE_DATE_EPOCH" not in os.environ
