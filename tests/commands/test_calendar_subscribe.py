"""/calendar gives the address to subscribe to where the bot has one, and says so where it
has none; the feed's read is closed before the answer is written."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta

from bot.stores import UnitOfWork
from bot.web import WebRequest
from commands.events.feed import serve_feed
from tests.commands.events_support import add_event, events_app, events_config, platforms
from tests.commands.feed_support import store_event, web_config
from tests.support import FrozenClock


async def test_calendar_gives_the_webcal_and_https_addresses_with_the_file(
    sqlite_url: str, clock: FrozenClock
) -> None:
    tg, dc = platforms()
    async with events_app(web_config(sqlite_url), tg, dc, clock):
        await add_event(tg, title="Housing")
        await dc.command("/calendar", user="bob")
        sent = dc.last()
        assert sent.message.attachment is not None
        assert "1 upcoming event: open the file" in sent.text
        assert "webcal://bot.example-clp.org.uk/calendar.ics" in sent.text
        assert "https://bot.example-clp.org.uk/calendar.ics" in sent.text
        assert "no public web address" not in sent.text


async def test_with_nothing_planned_the_address_is_still_given(
    sqlite_url: str, clock: FrozenClock
) -> None:
    tg, dc = platforms()
    async with events_app(web_config(sqlite_url), tg, dc, clock):
        await tg.command("/calendar", user="ann")
        sent = tg.last()
        assert sent.message.attachment is None
        assert "Nothing is planned just now" in sent.text
        assert "webcal://bot.example-clp.org.uk/calendar.ics" in sent.text


async def test_without_a_public_address_it_says_so_and_sends_the_file(
    sqlite_url: str, clock: FrozenClock
) -> None:
    tg, dc = platforms()
    async with events_app(events_config(sqlite_url), tg, dc, clock):
        await add_event(tg, title="Housing")
        await tg.command("/calendar", user="ann")
        sent = tg.last()
        assert sent.message.attachment is not None
        assert "no public web address" in sent.text
        assert "webcal://" not in sent.text


async def test_the_feed_closes_its_unit_before_answering(
    sqlite_url: str, clock: FrozenClock
) -> None:
    tg, dc = platforms()
    async with events_app(web_config(sqlite_url), tg, dc, clock) as app:
        await store_event(app, "Housing", clock.now + timedelta(days=2))
        storage, opened = app.storage, []
        real_unit = storage.unit

        @asynccontextmanager
        async def counted() -> AsyncIterator[UnitOfWork]:
            opened.append("open")
            async with real_unit() as uow:
                yield uow
            opened.append("closed")

        storage.unit = counted  # type: ignore[method-assign]
        answer = await serve_feed(app.services, WebRequest("GET", "/calendar.ics", {}))
        storage.unit = real_unit  # type: ignore[method-assign]
    assert answer.status == 200
    assert b"SUMMARY:Housing" in answer.body
    assert opened == ["open", "closed"]  # one unit, closed before the answer is returned
