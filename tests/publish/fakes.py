"""Stand-ins for the ``quarto`` executable: script bodies, and the calls they recorded."""

from __future__ import annotations

import json
from pathlib import Path

# What every stand-in does first: answer ``--version`` and record its call beside itself.
PROLOGUE = """\
import json, os, pathlib, sys
HERE = pathlib.Path(__file__).parent
if sys.argv[1:] == ["--version"]:
    print(VERSION)
    sys.exit(0)
with (HERE / "calls.jsonl").open("a", encoding="utf-8") as log:
    log.write(json.dumps({"argv": sys.argv[1:], "env": dict(os.environ)}) + "\\n")
"""

# A render that works: the book's main file in _output/, as Quarto names it.
RENDERS = """\
import yaml
project, output_format = pathlib.Path(sys.argv[2]), sys.argv[4]
config = yaml.safe_load((project / "_quarto.yml").read_text(encoding="utf-8"))
output = project / "_output"
output.mkdir()
print(f"pandoc: {output_format}", flush=True)
name = "index.html" if output_format == "html" else \\
    config["book"]["output-file"] + "." + output_format
if output_format == "docx":  # a Word file, as Quarto writes it
    import docx
    document = docx.Document()
    document.add_paragraph("rendered docx")
    document.save(output / name)
else:
    (output / name).write_text(f"rendered {output_format}", encoding="utf-8")
print("Output created: " + name, file=sys.stderr, flush=True)
"""


def calls(script: Path) -> list[dict]:
    """The calls the stand-in recorded, in order."""
    log = script.parent / "calls.jsonl"
    if not log.exists():
        return []
    return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
