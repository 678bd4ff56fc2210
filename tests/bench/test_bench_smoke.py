"""Each benchmark module runs on tiny sizes and gives well-formed figures.

Speed is never asserted here (the machine is shared); only that the bench code works and
that what it checks besides speed (counted once, delivered once, nothing added twice)
holds on these sizes.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from bench.__main__ import MODULES, run_module
from bench.common import Figure, Stat, ratio, table


def _well_formed(figure: Figure) -> None:
    assert figure.key
    assert figure.title
    assert figure.goal
    assert figure.value.runs
    assert figure.met in (True, False, None)
    assert not figure.key.endswith(".error"), figure.details
    json.dumps(figure.as_json())  # results.json must be able to hold it


def _besides_speed(name: str, details: dict[str, dict[str, Any]]) -> None:
    if name == "votes":
        sqlite = details["votes.SQLite"]
        assert sqlite["exactly_once"]
        assert sqlite["acknowledged"] == sqlite["votes"]
    elif name == "fanout":
        for figure in details.values():
            for run in figure.get("runs", [figure]):
                for counts in run["stats"].values() if "stats" in run else [run]:
                    assert counts["twice"] == 0
                    assert counts["chats"] == counts["delivered"]
    elif name == "feeds":
        assert details["feeds.ingest"]["second_added"] == 0
    elif name == "burst":
        for figure in details.values():
            for faults in figure["faults_by_round_trip_ms"].values():
                assert faults["lost"] == faults["twice"] == 0, faults
    elif name == "dbbudget":
        assert details["dbbudget.max_statements"]["per_command"]
        assert details["dbbudget.sqlite_wal"]["journal_mode"] == "wal"


@pytest.mark.parametrize("name", MODULES)
async def test_module_runs_on_tiny_sizes(name: str) -> None:
    figures = await run_module(name, small=True)
    assert figures
    for figure in figures:
        _well_formed(figure)
    assert all(f.key.startswith(f"{name}.") for f in figures)
    assert len(table(figures).splitlines()) == len(figures) + 2
    _besides_speed(name, {f.key: f.details for f in figures})


def test_ratios_pair_runs_and_medians_summarise() -> None:
    value = ratio(Stat.of([2.0, 4.0, 9.0]), Stat.of([1.0, 2.0, 3.0]))
    assert value.runs == (2.0, 2.0, 3.0)
    assert (value.median, value.min, value.max) == (2.0, 2.0, 3.0)


def test_results_md_is_rendered_from_one_runs_json() -> None:
    from bench.report import render

    figure = Figure(
        "x.y", "What was measured", Stat.of([1.0, 2.0, 3.0, 4.0, 5.0]), "s", "<= 9 s", True
    )
    report = {
        "when": "2026-12-04T18:00:00+00:00",
        "python": "3.11.7",
        "machine": "x86_64, 2 cores",
        "seconds": 12.0,
        "modules": ["x"],
        "load_average": {"start": 0.5, "end": 0.7},
        "figures": [figure.as_json()],
    }
    text = render(report)
    assert "do not edit by hand" in text
    assert "| What was measured | 3 s (1-5) | 5 | - | <= 9 s | yes |" in text
    assert "**1 of 1 goals met.**" in text
    assert "- `x.y` (s): 1, 2, 3, 4, 5" in text
