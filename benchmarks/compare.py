"""Put two benchmark runs side by side: ``python benchmarks/compare.py OLD.json NEW.json``.

Each file is what ``nox -s bench -- --json FILE`` wrote. For every figure both hold (wall
and processor seconds, peak memory, ratios), it prints the old value, the new one and
new/old. Runs made at different times on a shared machine differ by its load as well (each
file records the load average of each section): the ratios measured within one run (such
as ``cold build / chromium print``) are the figures to trust.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def flatten(data: dict, prefix: str = "") -> dict[str, float]:
    values = {}
    for name, value in data.items():
        if isinstance(value, dict):
            values.update(flatten(value, f"{prefix}{name} / "))
        elif isinstance(value, int | float) and not isinstance(value, bool):
            values[f"{prefix}{name}"] = float(value)
    return values


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python benchmarks/compare.py OLD.json NEW.json", file=sys.stderr)
        return 2
    old, new = (json.loads(Path(name).read_text(encoding="utf-8")) for name in argv)
    before, after = flatten(old.get("figures", {})), flatten(new.get("figures", {}))
    print(f"old: {old.get('commit')} {old.get('date')}; new: {new.get('commit')} "
          f"{new.get('date')}")
    print("| figure | old | new | new/old |\n|---|---:|---:|---:|")
    for name in sorted(before.keys() & after.keys()):
        ratio = f"{after[name] / before[name]:.2f}" if before[name] else "-"
        print(f"| {name} | {before[name]:.3f} | {after[name]:.3f} | {ratio} |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
