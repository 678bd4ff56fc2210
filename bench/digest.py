"""Digest of 500 items: the weekly digest built and rendered, database load included."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

from bench.common import Figure, Stat, at_most, percentile, scratch_dir, sqlite_url
from bench.harness import bench_config, running
from bot.stores.consultations import CONSULTATIONS, NewConsultation
from commands.digest.build import build_digest
from commands.digest.render import to_message

GOAL_MS = 50.0


async def run(small: bool = False) -> list[Figure]:
    items, repeats = (20, 3) if small else (500, 30)
    times: list[float] = []
    sections = 0
    with scratch_dir() as folder:
        async with running(bench_config(sqlite_url(folder))) as app:
            now = datetime.now(UTC)
            fresh = [
                NewConsultation(
                    title=f"Consultation {n}: building an NHS fit for the future",
                    url=f"https://example.org/consultations/{n}",
                    summary="What should change, and how? " * 4,
                    commission="Build an NHS fit for the future",
                    opens_at=now - timedelta(days=1),
                    closes_at=now + timedelta(days=3 + n % 20),
                    source="https://example.org/feed",
                    feed_key=f"guid-{n}",
                )
                for n in range(items)
            ]
            async with app.storage.unit() as uow:
                await uow.get(CONSULTATIONS).add_many(fresh, now - timedelta(hours=1))
            for _ in range(repeats):
                began = time.perf_counter()
                async with app.storage.unit() as uow:
                    digest = await build_digest(app.services, uow, datetime.now(UTC))
                to_message(digest)
                times.append((time.perf_counter() - began) * 1000)
                sections = len(digest.sections)
    value = Stat.of(times)
    return [
        Figure(
            "digest.build",
            f"Weekly digest of {items} new consultations (load, build, render)",
            value,
            "ms",
            f"p50 <= {GOAL_MS:.0f} ms",
            at_most(value.median, GOAL_MS),
            details={"p90_ms": percentile(times, 90), "sections": sections},
        )
    ]
