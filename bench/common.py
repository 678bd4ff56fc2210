"""Timing, medians and the result records every bench module returns.

Every goal is a ratio against an anchor measured in the same process, a count, or a time
that a rate limit dominates: the machine is shared and absolute rates move 20-60% between
runs. Each figure keeps its repeats (median, min, max) so the spread is visible.
"""

from __future__ import annotations

import asyncio
import gc
import statistics
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Sequence
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True, slots=True)
class Stat:
    """The repeats of one measurement."""

    runs: tuple[float, ...]

    @classmethod
    def of(cls, values: Sequence[float]) -> Stat:
        if not values:
            raise ValueError("a measurement needs at least one run")
        return cls(tuple(float(v) for v in values))

    @property
    def median(self) -> float:
        return statistics.median(self.runs)

    @property
    def min(self) -> float:
        return min(self.runs)

    @property
    def max(self) -> float:
        return max(self.runs)

    def as_json(self) -> dict[str, Any]:
        return {"median": self.median, "min": self.min, "max": self.max, "runs": list(self.runs)}


@dataclass(frozen=True, slots=True)
class Anchor:
    """What a figure is compared with, measured in the same run."""

    name: str
    value: Stat
    unit: str

    def as_json(self) -> dict[str, Any]:
        return {"name": self.name, "unit": self.unit, **self.value.as_json()}


@dataclass(slots=True)
class Figure:
    key: str
    title: str
    value: Stat
    unit: str
    goal: str
    met: bool | None
    """None: reported only, there is no goal to meet."""
    anchor: Anchor | None = None
    details: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "title": self.title,
            "unit": self.unit,
            "value": self.value.as_json(),
            "anchor": self.anchor.as_json() if self.anchor else None,
            "goal": self.goal,
            "met": self.met,
            "details": self.details,
        }


def at_most(value: float, limit: float) -> bool:
    return value <= limit


def at_least(value: float, limit: float) -> bool:
    return value >= limit


def ratio(top: Stat, bottom: Stat) -> Stat:
    """Run-by-run ratios (runs are paired: anchor and figure measured back to back)."""
    return Stat.of(
        [t / b if b else float("inf") for t, b in zip(top.runs, bottom.runs, strict=False)]
    )


def percentile(values: Sequence[float], pct: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[index]


def timed(fn: Callable[[], object], loops: int) -> float:
    """Seconds per call of `fn`, over `loops` calls, with the collector paused."""
    gc.collect()
    gc.disable()
    try:
        start = time.perf_counter()
        for _ in range(loops):
            fn()
        return (time.perf_counter() - start) / loops
    finally:
        gc.enable()


async def timed_async(fn: Callable[[], Awaitable[object]], loops: int) -> float:
    gc.collect()
    gc.disable()
    try:
        start = time.perf_counter()
        for _ in range(loops):
            await fn()
        return (time.perf_counter() - start) / loops
    finally:
        gc.enable()


@contextmanager
def scratch_dir() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="clpbot-bench-") as name:
        yield Path(name)


def sqlite_url(folder: Path, name: str = "bench.sqlite3") -> str:
    return f"sqlite+aiosqlite:///{folder / name}"


def fmt(value: float, unit: str) -> str:
    if unit in ("x", "ratio"):
        return f"{value:.2f}"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.3g}"


def table(figures: Sequence[Figure]) -> str:
    """The figures as a Markdown table: figure, median (min-max), anchor, goal, met."""
    rows = [
        "| figure | median (min-max) | anchor | goal | met |",
        "| --- | --- | --- | --- | --- |",
    ]
    for f in figures:
        v = f.value
        value = f"{fmt(v.median, f.unit)} {f.unit} ({fmt(v.min, f.unit)}-{fmt(v.max, f.unit)})"
        anchor = (
            f"{f.anchor.name}: {fmt(f.anchor.value.median, f.anchor.unit)} {f.anchor.unit}"
            if f.anchor
            else "-"
        )
        met = {True: "yes", False: "**no**", None: "(reported)"}[f.met]
        rows.append(f"| {f.title} | {value} | {anchor} | {f.goal} | {met} |")
    return "\n".join(rows)


@asynccontextmanager
async def server_process(module: str, *args: str) -> AsyncIterator[int]:
    """A bench's fake platform (`python -m MODULE ARGS`) in its own process, so that the
    bot's CPU time is measured alone; yields the port it printed, ends it by closing stdin."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        module,
        *args,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
    )
    assert process.stdin is not None
    assert process.stdout is not None
    try:
        yield int(await process.stdout.readline())
    finally:
        process.stdin.close()
        await asyncio.wait_for(process.wait(), 10)
