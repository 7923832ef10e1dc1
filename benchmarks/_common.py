"""What every benchmark shares: the machine it ran on, and a measure in a fresh process.

A benchmark script ``bench_<name>.py`` beside this file prepares its data, then calls
``measure`` with a function of this package's modules to time: it runs in a child process,
so that the peak memory is the measured work's alone, not the data generator's.
``nox -s bench`` runs every ``bench_*.py``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent


def machine() -> dict[str, str]:
    """The facts a reader needs to compare timings: processor, cores, memory, versions."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    versions = {name: _version(name) for name in ("pandas", "numpy", "pyarrow", "openpyxl")}
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    return {"cpu": cpu, "cores": str(os.cpu_count()), "memory": f"{memory:.0f} GiB",
            "load average (1, 5, 15 min)": load,
            "system": f"{platform.system()} {platform.release()}",
            "python": platform.python_version(),
            **versions}


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "-"


_CHILD = """
import json, resource, sys, time
sys.path[:0] = [{folder!r}, {source!r}]
import {module} as bench

def cpu():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime

start, start_cpu = time.perf_counter(), cpu()
result = bench.{function}(*sys.argv[1:])
seconds, cpu_seconds = time.perf_counter() - start, cpu() - start_cpu
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(json.dumps({{"seconds": seconds, "cpu_seconds": cpu_seconds, "peak_bytes": peak,
                  **result}}))
"""


def measure(script: str, function: str, *arguments: str) -> dict:
    """Run ``function(*arguments)`` of the benchmark ``script`` in a fresh Python (this
    repository's ``src`` first on its path): its wall
    time, processor time (all threads), peak resident memory (the whole process, imports
    included), and the dict it returned. Imports of the script are not timed."""
    code = _CHILD.format(folder=str(Path(script).resolve().parent),
                         source=str(HERE.parent / "src"), module=Path(script).stem,
                         function=function)
    done = subprocess.run([sys.executable, "-c", code, *arguments], capture_output=True,
                          text=True, check=False)
    if done.returncode:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"{script}: the measured run failed")
    return json.loads(done.stdout.strip().splitlines()[-1])


def report(title: str, rows: dict[str, str]) -> None:
    """Print the results and the machine as a Markdown table, ready for docs/benchmarks.md."""
    print(f"\n### {title}\n")
    print("| | |\n|---|---|")
    for name, value in {**rows, **machine()}.items():
        print(f"| {name} | {value} |")


@contextmanager
def timed(step: str) -> Iterator[None]:
    """Print how long a preparation step took (not part of the measure)."""
    print(f"{step}...", end=" ", flush=True)
    start = time.perf_counter()
    yield
    print(f"{time.perf_counter() - start:.1f} s", flush=True)


def options(description: str, add: Callable[[argparse.ArgumentParser], None] | None = None,
            argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The options every benchmark takes (``nox -s bench -- OPTIONS`` passes them to each):
    ``--json FILE`` (merge this script's figures into FILE), ``--runs N`` (counted runs of
    each measure), ``--quick`` (the small sizes only, to try the harness)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--json", type=Path, help="merge the figures into this JSON file")
    parser.add_argument("--runs", type=int, default=3, help="counted runs of each measure")
    parser.add_argument("--quick", action="store_true", help="small sizes and one run")
    if add is not None:
        add(parser)
    arguments = parser.parse_args(argv)
    if arguments.quick:
        arguments.runs = 1
    return arguments


def _commit() -> str:
    done = subprocess.run(["git", "-C", str(HERE), "describe", "--always", "--dirty"],
                          capture_output=True, text=True, check=False)
    return done.stdout.strip() or "-"


def record(path: Path | None, section: str, figures: dict) -> None:
    """Merge ``figures`` under ``section`` into the JSON file ``path`` (created if needed),
    with the machine, the commit and the date of the run; ``benchmarks/compare.py`` puts two
    such files side by side."""
    if path is None:
        return
    data = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    data.setdefault("machine", {}).update(machine())
    data["commit"] = _commit()
    data["date"] = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    data.setdefault("load average", {})[section] = os.getloadavg()[0]
    data.setdefault("figures", {})[section] = figures
    path.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def run_process(command: Sequence[str], cwd: Path | None = None,
                env: dict[str, str] | None = None) -> dict[str, float]:
    """Run ``command`` to its end: wall seconds, processor seconds (user + system, its
    children included) and peak resident memory of its largest process (MiB), as the
    kernel accounts for that one child (``wait4``), not for everything run so far."""
    started = time.perf_counter()
    child = subprocess.Popen(list(command), cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE)
    stderr = child.stderr.read() if child.stderr else b""
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        sys.stderr.write(stderr.decode(errors="replace"))
        raise SystemExit(f"{' '.join(command)}: exit status {child.returncode}")
    return {"wall_s": wall, "cpu_s": usage.ru_utime + usage.ru_stime,
            "peak_mib": usage.ru_maxrss / 1024}


def summary(runs: list[dict[str, float]]) -> dict[str, float]:
    """Each figure of the runs as its median, plus the minimum and maximum wall time."""
    figures = {name: statistics.median(run[name] for run in runs) for name in runs[0]}
    walls = [run["wall_s"] for run in runs if "wall_s" in run]
    if walls:
        figures.update(wall_min_s=min(walls), wall_max_s=max(walls))
    figures["runs"] = len(runs)
    return figures


def ratios(first: list[dict[str, float]], second: list[dict[str, float]],
           name: str = "wall_s") -> dict[str, float]:
    """The ratio first/second of one figure pair by pair (runs made side by side, so
    that a drift of the machine's speed hits both): median, minimum and maximum."""
    values = [a[name] / b[name] for a, b in zip(first, second, strict=True)]
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}
