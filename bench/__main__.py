"""`make bench`: every benchmark in one run; writes bench/results.json, regenerates
bench/RESULTS.md from it (bench/report.py) and prints the table.

python -m bench                 # everything (a few minutes: the fan-outs are rate-bound)
python -m bench core votes      # only these modules
"""

from __future__ import annotations

import asyncio
import importlib
import json
import logging
import os
import platform
import sys
import time
import traceback
from datetime import UTC, datetime
from pathlib import Path

from bench.common import Figure, Stat, table
from bench.report import RESULTS_MD, render

MODULES = (
    "core",
    "adapters",
    "dbbudget",
    "votes",
    "burst",
    "fanout",
    "feeds",
    "digest",
    "reminders",
    "startup",
)
RESULTS = Path(__file__).parent / "results.json"


async def run_module(name: str, small: bool = False) -> list[Figure]:
    """One module's figures; a module that fails gives a failed figure, not a lost run."""
    module = importlib.import_module(f"bench.{name}")
    try:
        figures: list[Figure] = await module.run(small=small)
        return figures
    except Exception as error:
        traceback.print_exc()
        return [
            Figure(
                f"{name}.error",
                f"{name}: the benchmark failed",
                Stat.of([0.0]),
                "",
                "runs",
                False,
                details={"error": f"{type(error).__name__}: {error}"},
            )
        ]


def main(argv: list[str] | None = None) -> int:
    names = (argv if argv is not None else sys.argv[1:]) or list(MODULES)
    logging.basicConfig(level=logging.CRITICAL)  # the bot's own warnings are not results
    load_at_start = os.getloadavg()[0]
    started = time.perf_counter()
    figures: list[Figure] = []
    for name in names:
        print(f"bench: {name} ...", file=sys.stderr, flush=True)
        began = time.perf_counter()
        figures += asyncio.run(run_module(name))
        print(f"bench: {name} took {time.perf_counter() - began:.1f} s", file=sys.stderr)
    elapsed = time.perf_counter() - started
    report = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {_cores()} cores",
        "seconds": round(elapsed, 1),
        "modules": names,
        "load_average": {"start": load_at_start, "end": os.getloadavg()[0]},
        "figures": [f.as_json() for f in figures],
    }
    RESULTS.write_text(json.dumps(report, indent=2) + "\n")
    RESULTS_MD.write_text(render(report))
    print(table(figures))
    met = sum(1 for f in figures if f.met)
    goals = sum(1 for f in figures if f.met is not None)
    print(f"\n{met} of {goals} goals met in {elapsed:.0f} s; details in {RESULTS}")
    return 0


def _cores() -> int:
    return os.cpu_count() or 0


if __name__ == "__main__":
    sys.exit(main())
