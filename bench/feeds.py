"""Feed ingestion: a 10,000-entry history through the real refresh (httpx from a local
server, feedparser in a worker thread, bulk insert) against bare `feedparser.parse` of the
same bytes; a second pass (no ETag, so it is parsed again) must add nothing; commands keep
being answered meanwhile (their latency while ingesting is reported)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Any

import feedparser
from aiohttp import web

from adapters.fake import FakeAdapter
from bench.common import Anchor, Figure, Stat, at_most, percentile, ratio, scratch_dir, sqlite_url
from bench.harness import bench_config, running
from commands.feeds.fetch import new_client
from commands.feeds.ingest import refresh_feed

GOAL = 1.5


def history(entries: int) -> bytes:
    start = datetime(2024, 1, 1, tzinfo=UTC)
    items = "".join(
        f"<item><title>Consultation {n} &amp; the NHS</title>"
        f"<link>https://example.org/c/{n}</link><guid>urn:clp:{n}</guid>"
        f"<pubDate>{format_datetime(start + timedelta(hours=n))}</pubDate>"
        f"<description>&lt;p&gt;Have your say on &lt;b&gt;item {n}&lt;/b&gt;.&lt;/p&gt;"
        "</description></item>"
        for n in range(entries)
    )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Policy Forum</title>'
        f"<link>https://example.org/</link><description>x</description>{items}</channel></rss>"
    ).encode()


@asynccontextmanager
async def feed_server(body: bytes) -> AsyncIterator[str]:
    async def serve(_: web.Request) -> web.Response:
        return web.Response(body=body, content_type="application/rss+xml")

    app = web.Application()
    app.router.add_get("/feed.xml", serve)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        yield f"http://127.0.0.1:{port}/feed.xml"
    finally:
        await runner.cleanup()


async def _pinging(fake: FakeAdapter, stop: asyncio.Event, latencies: list[float]) -> None:
    while not stop.is_set():
        began = time.perf_counter()
        await fake.command("/whoami", user="ann")
        latencies.append((time.perf_counter() - began) * 1000)
        await asyncio.sleep(0.01)


async def run(small: bool = False) -> list[Figure]:
    entries, repeats = (50, 1) if small else (10_000, 3)
    body = history(entries)
    bare: list[float] = []
    ingest: list[float] = []
    details: dict[str, Any] = {}
    latencies: list[float] = []
    async with feed_server(body) as url:
        for _ in range(repeats):
            began = time.perf_counter()
            parsed = feedparser.parse(body)
            bare.append(time.perf_counter() - began)
            assert len(parsed.entries) == entries
            fake = FakeAdapter()
            with scratch_dir() as folder:
                config = bench_config(sqlite_url(folder), feeds={"urls": [url]})
                async with running(config, fake) as app, new_client(20) as client:
                    stop = asyncio.Event()
                    pinger = asyncio.create_task(_pinging(fake, stop, latencies))
                    began = time.perf_counter()
                    first = await refresh_feed(app.services, client, url)
                    ingest.append(time.perf_counter() - began)
                    stop.set()
                    await pinger
                    second = await refresh_feed(app.services, client, url)
                    details = {
                        "first_added": first.added,
                        "second_added": second.added,
                        "second_unchanged": second.unchanged,
                    }
    anchor, value = Stat.of(bare), Stat.of(ingest)
    share = ratio(value, anchor)
    return [
        Figure(
            "feeds.ingest",
            f"Ingest a {entries:,}-entry feed history (then again: adds nothing)",
            share,
            "x",
            f"<= {GOAL} x bare feedparser.parse; second pass adds 0",
            at_most(share.median, GOAL)
            and details["first_added"] == entries
            and details["second_added"] == 0,
            Anchor("feedparser.parse of the same bytes", anchor, "s"),
            {**details, "ingest_s": value.as_json()},
        ),
        Figure(
            "feeds.command_p99",
            "Command latency while a feed is ingested (p99; p50 in details)",
            Stat.of([percentile(latencies, 99)]),
            "ms",
            "reported",
            None,
            details={"p50_ms": percentile(latencies, 50), "commands": len(latencies)},
        ),
    ]
