"""Feeds on a schedule: the recurring refresh job, and a 10,000-entry feed that is read
while the bot keeps answering commands."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.stores.consultations import CONSULTATIONS
from bot.stores.scheduling import SCHEDULE, JobState
from commands.feeds import REF, REFRESH, ingest, refresh_now, wait_for_refresh
from tests.commands.consultations_support import TG_GROUP, clp_config, platforms, posted
from tests.commands.feed_server import FeedServer, Served, feed_server, rss
from tests.support import FrozenClock, running_app

ENTRY = ("npf-1", "Safer streets", "https://forum.example.org/c/1", "<p>Have a say</p>")


@pytest.fixture
async def server() -> AsyncIterator[FeedServer]:
    async with feed_server() as running:
        yield running


async def test_the_refresh_job_reads_the_feeds_and_plans_the_next_run(
    server: FeedServer, tmp_path: Path, clock: FrozenClock
) -> None:
    server.feeds["/rss"] = Served(rss(ENTRY), etag='"v1"')
    config = clp_config(
        f"sqlite+aiosqlite:///{tmp_path / 'f.sqlite3'}",
        feeds={"urls": [server.url("/rss")], "interval_minutes": 30},
    )
    async with running_app(config, *platforms(), clock=clock) as app:
        scheduler = app.services.scheduler
        assert await scheduler.run_due() == 0  # the first run is a minute after start
        clock.advance(minutes=1)
        assert await scheduler.run_due() == 1
        [report] = await wait_for_refresh(app.services)
        assert report.added == 1
        async with app.storage.unit() as uow:
            jobs = await uow.get(SCHEDULE).for_ref(REFRESH, REF)
        pending = [j for j in jobs if j.state is JobState.PENDING]
        assert [j.due_at for j in pending] == [clock.now + timedelta(minutes=30)]
        clock.advance(minutes=30)
        assert await scheduler.run_due() == 1
        [again] = await wait_for_refresh(app.services)
        assert again.unchanged
        assert server.full == {"/rss": 1}


async def test_restarting_with_other_feed_settings_keeps_one_pending_refresh(
    server: FeedServer, tmp_path: Path, clock: FrozenClock
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'f.sqlite3'}"
    for _ in range(2):
        config = clp_config(url, feeds={"urls": [server.url("/rss")]})
        async with running_app(config, *platforms(), clock=clock):
            pass
    config = clp_config(url, feeds={"urls": []})
    async with running_app(config, *platforms(), clock=clock) as app, app.storage.unit() as uow:
        jobs = await uow.get(SCHEDULE).for_ref(REFRESH, REF)
    assert [j.state for j in jobs] == [JobState.CANCELLED, JobState.CANCELLED]


async def test_a_10000_entry_feed_is_read_while_commands_are_answered(
    server: FeedServer, tmp_path: Path, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    entries = [
        (f"npf-{n}", f"Consultation {n}", f"https://forum.example.org/c/{n}", f"<p>No. {n}</p>")
        for n in range(10_000)
    ]
    server.feeds["/big"] = Served(rss(*entries))
    parsing = threading.Event()
    parse = ingest.parse_feed

    def watched(*args: Any) -> Any:
        parsing.set()
        return parse(*args)

    monkeypatch.setattr(ingest, "parse_feed", watched)
    config = clp_config(
        f"sqlite+aiosqlite:///{tmp_path / 'f.sqlite3'}", feeds={"urls": [server.url("/big")]}
    )
    tg, dc = platforms()
    async with running_app(config, tg, dc, clock=clock) as app:
        ingestion = asyncio.create_task(refresh_now(app.services))
        assert await asyncio.to_thread(parsing.wait, 60)
        await tg.command("/help")
        assert "Commands you can use" in tg.last().text
        assert not ingestion.done()  # the answer came while the feed was still being read
        [report] = await ingestion
        assert report.added == 10_000
        async with app.storage.unit() as uow:
            found = await uow.get(CONSULTATIONS).open_consultations(clock.now)
        assert len(found) == 10_000
        await app.services.outbox.deliver_pending()
        announced = posted(tg, TG_GROUP)
        assert len(announced) == 11  # ten one by one, then one summary of the rest
        assert "9990 more new NPF consultations" in announced[-1]
