"""Feed ingestion against a local HTTP server: RSS and Atom, conditional GETs, duplicates,
HTML in entries, malformed feeds, timeouts and network failures."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest

from adapters.fake import FakeAdapter
from bot.app import App
from bot.stores.consultations import CONSULTATIONS, Consultation
from bot.stores.digest import FEED_STATE
from commands.feeds import refresh_now
from tests.commands.consultations_support import TG_GROUP, clp_config, platforms, posted
from tests.commands.feed_server import FeedServer, Served, atom, feed_server, rss
from tests.support import FrozenClock, running_app

SAFER = ("npf-1", "Safer streets: policing", "https://forum.example.org/c/1", "<p>Have a say</p>")
GROWTH = ("npf-2", "Growth & jobs", "https://forum.example.org/c/2", "<p>Growth</p>")


@pytest.fixture
async def server() -> AsyncIterator[FeedServer]:
    async with feed_server() as running:
        yield running


@asynccontextmanager
async def started(
    server: FeedServer, tmp_path: Path, clock: FrozenClock, *paths: str, wait: float = 5
) -> AsyncIterator[tuple[App, FakeAdapter, FakeAdapter]]:
    config = clp_config(
        f"sqlite+aiosqlite:///{tmp_path / 'feeds.sqlite3'}",
        feeds={"urls": [server.url(p) for p in paths], "timeout_seconds": wait},
    )
    tg, dc = platforms()
    async with running_app(config, tg, dc, clock=clock) as app:
        yield app, tg, dc


async def consultations(app: App) -> list[Consultation]:
    async with app.storage.unit() as uow:
        return await uow.get(CONSULTATIONS).open_consultations(app.services.clock())


async def test_rss_entries_become_consultations_and_are_announced_once(
    server: FeedServer, tmp_path: Path, clock: FrozenClock
) -> None:
    server.feeds["/rss"] = Served(rss(SAFER, GROWTH), etag='"v1"')
    async with started(server, tmp_path, clock, "/rss") as (app, tg, dc):
        [report] = await refresh_now(app.services)
        assert report.added == 2
        assert not report.error
        found = await consultations(app)
        assert sorted(c.title for c in found) == ["Growth & jobs", "Safer streets: policing"]
        safer = next(c for c in found if c.url.endswith("/c/1"))
        assert safer.commission == "Safer streets"  # matched by name in the title
        assert safer.summary == "Have a say"
        assert safer.source == server.url("/rss")
        await app.services.outbox.deliver_pending()
        await refresh_now(app.services)
        await app.services.outbox.deliver_pending()
        announced = posted(tg, TG_GROUP)
        assert len(announced) == 2
        assert any("New NPF consultation: Growth & jobs" in text for text in announced)
        assert len([s for s in dc.sent if "New NPF consultation" in s.text]) == 2


async def test_a_304_is_not_downloaded_again_and_adds_nothing(
    server: FeedServer, tmp_path: Path, clock: FrozenClock
) -> None:
    server.feeds["/rss"] = Served(rss(SAFER), etag='"v1"')
    server.feeds["/atom"] = Served(
        atom(GROWTH),
        content_type="application/atom+xml",
        last_modified="Sun, 01 Mar 2026 12:00:00 GMT",
    )
    async with started(server, tmp_path, clock, "/rss", "/atom") as (app, _, _):
        first = await refresh_now(app.services)
        assert [r.added for r in first] == [1, 1]
        second = await refresh_now(app.services)
        assert [r.unchanged for r in second] == [True, True]
        assert server.full == {"/rss": 1, "/atom": 1}
        assert server.not_modified == {"/rss": 1, "/atom": 1}
        conditional = [headers for path, headers in server.requests[2:]]
        assert conditional[0].get("If-None-Match") == '"v1"'
        assert conditional[1].get("If-Modified-Since") == "Sun, 01 Mar 2026 12:00:00 GMT"
        assert len(await consultations(app)) == 2


async def test_atom_entries_are_read(
    server: FeedServer, tmp_path: Path, clock: FrozenClock
) -> None:
    entry = ("urn:npf:9", "Britain reconnected", "https://forum.example.org/c/9", "<b>Trade</b>")
    server.feeds["/atom"] = Served(atom(entry), content_type="application/atom+xml")
    async with started(server, tmp_path, clock, "/atom") as (app, _, _):
        await refresh_now(app.services)
        [c] = await consultations(app)
        assert (c.title, c.url, c.summary, c.commission) == (
            "Britain reconnected",
            "https://forum.example.org/c/9",
            "Trade",
            "Britain reconnected",
        )


async def test_the_same_entry_seen_twice_is_one_consultation(
    server: FeedServer, tmp_path: Path, clock: FrozenClock
) -> None:
    no_guid = ("", "Linked only", "https://forum.example.org/c/7", "x")
    server.feeds["/a"] = Served(rss(SAFER, SAFER, no_guid, no_guid), etag='"a1"')
    server.feeds["/b"] = Served(rss(SAFER), etag='"b1"')  # the same guid in another feed
    async with started(server, tmp_path, clock, "/a", "/b") as (app, _, _):
        assert [r.added for r in await refresh_now(app.services)] == [2, 0]
        # the feed changes (new ETag) but still carries both entries, plus a new one
        server.feeds["/a"] = Served(rss(SAFER, no_guid, GROWTH), etag='"a2"')
        assert [r.added for r in await refresh_now(app.services)] == [1, 0]
        assert sorted(c.title for c in await consultations(app)) == [
            "Growth & jobs",
            "Linked only",
            "Safer streets: policing",
        ]


async def test_script_tags_and_entities_become_plain_text(
    server: FeedServer, tmp_path: Path, clock: FrozenClock
) -> None:
    html = (
        "<p>Have your say &amp; shape policy &mdash; &lt;now&gt;</p>"
        "<script>alert('x')</script><ul><li>one</li><li>two</li></ul>"
        '<img src="x" onerror="alert(1)">'
    )
    server.feeds["/rss"] = Served(
        rss(("npf-5", "Fish &amp; chips <b>policy</b>", "javascript:alert(1)", html))
    )
    async with started(server, tmp_path, clock, "/rss") as (app, tg, _):
        await refresh_now(app.services)
        [c] = await consultations(app)
        assert c.summary == "Have your say & shape policy — <now>\n\n• one\n• two"
        assert c.title == "Fish & chips policy"
        assert c.url == ""  # a javascript: link never reaches a chat
        await app.services.outbox.deliver_pending()
        [announcement] = posted(tg, TG_GROUP)
        assert "alert" not in announcement
        assert "<script" not in announcement


async def test_a_malformed_feed_is_used_as_far_as_it_goes_and_logged(
    server: FeedServer, tmp_path: Path, clock: FrozenClock, caplog: pytest.LogCaptureFixture
) -> None:
    broken = rss(SAFER).replace(b"</channel></rss>", b"<item><title>Unclosed & bad</title>")
    server.feeds["/broken"] = Served(broken)
    server.feeds["/junk"] = Served(b"\x00\x01 this is not a feed <<<", content_type="text/html")
    async with started(server, tmp_path, clock, "/broken", "/junk") as (app, _, _):
        with caplog.at_level(logging.WARNING, logger="clpbot.feeds"):
            broken_report, junk_report = await refresh_now(app.services)
        assert broken_report.problem
        assert broken_report.added == 1
        assert junk_report.problem
        assert junk_report.added == 0
        assert not junk_report.error
        assert sum("is malformed" in r.getMessage() for r in caplog.records) == 2
        assert [c.title for c in await consultations(app)] == ["Safer streets: policing"]


async def test_a_slow_server_times_out_and_is_retried_next_time(
    server: FeedServer, tmp_path: Path, clock: FrozenClock, caplog: pytest.LogCaptureFixture
) -> None:
    server.feeds["/slow"] = Served(rss(SAFER), hang=True)
    async with started(server, tmp_path, clock, "/slow", wait=0.2) as (app, _, _):
        with caplog.at_level(logging.WARNING, logger="clpbot.feeds"):
            [report] = await refresh_now(app.services)
        assert "Timeout" in report.error
        assert report.added == 0
        assert any("could not be fetched" in r.getMessage() for r in caplog.records)
        async with app.storage.unit() as uow:
            state = await uow.get(FEED_STATE).load(server.url("/slow"))
        assert state is not None
        assert "Timeout" in state.last_error
        server.feeds["/slow"] = Served(rss(SAFER))  # the server recovers
        [again] = await refresh_now(app.services)
        assert again.added == 1
        assert not again.error


async def test_a_network_failure_is_logged_not_raised(
    tmp_path: Path, clock: FrozenClock, caplog: pytest.LogCaptureFixture
) -> None:
    async with feed_server() as gone:
        url = gone.url("/rss")
    config = clp_config(f"sqlite+aiosqlite:///{tmp_path / 'f.sqlite3'}", feeds={"urls": [url]})
    async with running_app(config, *platforms(), clock=clock) as app:
        with caplog.at_level(logging.WARNING, logger="clpbot.feeds"):
            [report] = await refresh_now(app.services)
        assert "ConnectError" in report.error
        assert any(url in r.getMessage() for r in caplog.records)
