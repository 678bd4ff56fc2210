"""Start and memory: console start to ready against the bare import time of the libraries
it loads (each in a fresh interpreter, timed the same way), resident memory after start,
and the memory each in-process table costs per 1,000 members or chats."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import tracemalloc
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.common import Anchor, Figure, Stat, at_most, ratio, scratch_dir, sqlite_url

ROOT = Path(__file__).resolve().parent.parent
PLATFORM_LIBRARIES = ("telegram", "discord")


def _probe(url: str) -> dict[str, Any]:
    started = time.time()
    out = subprocess.run(
        [sys.executable, "-m", "bench.startup_probe", url, repr(started)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def _bare_import(packages: list[str]) -> float:
    code = (
        "import importlib\n"
        f"for name in {packages!r}:\n"
        "    try:\n        importlib.import_module(name)\n"
        "    except Exception:\n        pass\n"
    )
    started = time.time()
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, capture_output=True)
    return time.time() - started


def _per_thousand(fill: Any) -> float:
    """MiB that `fill(1000)` keeps allocated (imports done first, outside the count)."""
    fill(1)
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    kept = fill(1000)
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    del kept
    return (after - before) / 2**20


def _seen_roles(n: int) -> object:
    from bot.audit import SeenRoles

    table = SeenRoles()
    now = datetime.now(UTC)
    for i in range(n):
        table.confirm(f"telegram:{100_000_000 + i}", "member", now)
    return table


def _flood_windows(n: int) -> object:
    from adapters.telegram.ratelimit import FloodLimiter

    limiter = FloodLimiter()
    for i in range(n):
        limiter._chats.setdefault(str(-1_001_000_000_000 - i), _window(limiter)).record(1.0)
    return limiter


def _window(limiter: Any) -> Any:
    from bot.ratelimit import SlidingWindow

    return SlidingWindow(*limiter.limits.per_chat)


async def run(small: bool = False) -> list[Figure]:
    repeats = 1 if small else 5
    readies: list[float] = []
    imports: list[float] = []
    rss: list[float] = []
    with scratch_dir() as folder:
        url = sqlite_url(folder)
        first = _probe(url)  # the first start also creates the tables
        packages = first["packages"]
        for _ in range(repeats):
            probe = _probe(url)
            readies.append(probe["ready_s"])
            rss.append(probe["rss_mib"])
            imports.append(_bare_import(packages))
    ready, bare = Stat.of(readies), Stat.of(imports)
    share = ratio(ready, bare)
    tops = sorted({name.partition(".")[0] for name in packages})
    loaded_platforms = [p for p in PLATFORM_LIBRARIES if p in tops]
    memory = Stat.of(rss)
    per_member = _per_thousand(_seen_roles)
    per_chat = _per_thousand(_flood_windows)
    return [
        Figure(
            "startup.ready",
            "Console start to ready (restart, tables exist)",
            share,
            "x",
            "<= 1.5 x bare import of its libraries; no platform library loaded",
            at_most(share.median, 1.5) and not loaded_platforms,
            Anchor("fresh interpreter importing the same packages", bare, "s"),
            {
                "ready_s": ready.as_json(),
                "first_start_with_migrations_s": first["ready_s"],
                "packages": tops,
                "modules": len(packages),
                "platform_libraries_loaded": loaded_platforms,
            },
        ),
        Figure(
            "startup.rss",
            "Resident memory after start",
            memory,
            "MiB",
            "<= 120 MiB",
            at_most(memory.median, 120),
        ),
        Figure(
            "startup.cache_per_1000",
            "Memory per 1,000 cached members (role cache) / chats (flood windows)",
            Stat.of([max(per_member, per_chat)]),
            "MiB",
            "<= 1 MiB per 1,000",
            at_most(max(per_member, per_chat), 1.0),
            details={"members_mib": per_member, "chats_mib": per_chat},
        ),
    ]
