"""Reminders: 1,000 scheduled jobs due at the same instant, through the real scheduler
(timers, claim in the database, the handler); how late each handler started."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from bench.common import Figure, Stat, at_most, percentile, scratch_dir, sqlite_url
from bench.harness import bench_config, running
from bot.router import Router
from bot.scheduling.scheduler import JobContext
from bot.stores.scheduling import SCHEDULE, ScheduledJob

GOAL_MS = 100.0
KIND = "bench.reminder"


async def run(small: bool = False) -> list[Figure]:
    size = 20 if small else 1000
    started: list[float] = []
    router = Router("bench")

    @router.job(KIND)
    async def reminder(job: JobContext) -> None:
        started.append((datetime.now(UTC) - job.due_at).total_seconds())

    with scratch_dir() as folder:
        async with running(bench_config(sqlite_url(folder)), extra=router) as app:
            due = datetime.now(UTC) + timedelta(seconds=2)
            async with app.storage.unit() as uow:
                schedule = uow.get(SCHEDULE)
                jobs = [
                    await schedule.add(ScheduledJob(KIND, due, ref=f"event:{n}"))
                    for n in range(size)
                ]
            for job in jobs:
                app.services.scheduler.arm(job)
            for _ in range(100):
                await asyncio.sleep(0.1)
                if len(started) >= size and datetime.now(UTC) > due:
                    break
    late_ms = [s * 1000 for s in started]
    worst = max(late_ms) if late_ms else float("inf")
    return [
        Figure(
            "reminders.latest_start",
            f"{size:,} reminders due at one instant: the latest start after its time",
            Stat.of([worst]),
            "ms",
            f"all {size:,} within {GOAL_MS:.0f} ms",
            len(started) == size and at_most(worst, GOAL_MS),
            details={
                "started": len(started),
                "p50_ms": percentile(late_ms, 50),
                "p99_ms": percentile(late_ms, 99),
                "first_ms": min(late_ms) if late_ms else None,
            },
        )
    ]
