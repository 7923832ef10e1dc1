"""What every benchmark shares: the machine it ran on, and a measure in a fresh process.

A benchmark script ``bench_<name>.py`` beside this file prepares its data, then calls
``measure`` with a function of this package's modules to time: it runs in a child process,
so that the peak memory is the measured work's alone, not the data generator's.
``nox -s bench`` runs every ``bench_*.py``.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import time
from collections.abc import Iterator
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
sys.path.insert(0, {folder!r})
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
    """Run ``function(*arguments)`` of the benchmark ``script`` in a fresh Python: its wall
    time, processor time (all threads), peak resident memory (the whole process, imports
    included), and the dict it returned. Imports of the script are not timed."""
    code = _CHILD.format(folder=str(Path(script).resolve().parent),
                         module=Path(script).stem, function=function)
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
