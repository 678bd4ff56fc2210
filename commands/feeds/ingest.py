"""Reading every configured feed into the consultations table.

Per feed: a conditional GET (a 304 costs nothing), feedparser in a worker thread so the
bot keeps answering while a big feed is parsed, then one transaction that inserts the
new entries in bulk, announces them and remembers the ETag/Last-Modified. A feed that
fails is logged and tried again at the next interval; it never stops the others.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy.exc import SQLAlchemyError

from bot.stores.consultations import CONSULTATIONS, Consultation, NewConsultation
from bot.stores.digest import FEED_STATE, FeedState
from commands.consultations.notify import announce_new, plan_reminders
from commands.feeds.fetch import FeedFetchError, Fetched, fetch_feed, new_client
from commands.feeds.parse import FeedEntry, ParsedFeed, parse_feed

__all__ = ["FeedReport", "parse_feed", "refresh_all", "refresh_feed"]

if TYPE_CHECKING:
    import httpx

    from bot.context import Services

log = logging.getLogger("clpbot.feeds")
WHOLE_FETCH_TIMEOUTS = 3
"""httpx's timeout is per read; a server dribbling bytes is cut off after this many."""


@dataclass(frozen=True, slots=True)
class FeedReport:
    url: str
    added: int = 0
    unchanged: bool = False
    error: str = ""
    problem: str = ""
    """feedparser's complaint about a malformed feed (it was still used)."""


async def refresh_all(services: Services) -> list[FeedReport]:
    urls = services.config.feeds.urls
    if not urls:
        return []
    async with new_client(services.config.feeds.timeout_seconds) as client:
        return [await refresh_feed(services, client, url) for url in urls]


async def refresh_feed(services: Services, client: httpx.AsyncClient, url: str) -> FeedReport:
    import httpx  # loaded with the first feed read, not at start-up

    async with services.storage.unit() as uow:
        state = await uow.get(FEED_STATE).load(url) or FeedState(url)
    limit = services.config.feeds.timeout_seconds * WHOLE_FETCH_TIMEOUTS
    try:
        async with asyncio.timeout(limit):
            fetched = await fetch_feed(client, url, state)
    except (httpx.HTTPError, FeedFetchError, TimeoutError) as error:
        text = f"{type(error).__name__}: {error}".rstrip(": ")
        minutes = services.config.feeds.interval_minutes
        log.warning("feed %s could not be fetched (%s); retrying in %s minutes", url, text, minutes)
        await _save_state(services, state, error=text)
        return FeedReport(url, error=text)
    if fetched.unchanged:
        log.debug("feed %s: not modified", url)
        await _save_state(services, state)
        return FeedReport(url, unchanged=True)
    parsed = await asyncio.to_thread(
        parse_feed,
        fetched.content,
        url,
        fetched.headers,
        services.config.policy.commissions,
        services.config.clp.zone,
        services.clock(),
    )
    if parsed.problem:
        log.warning(
            "feed %s is malformed (%s); using the %d entries that could be read",
            url,
            parsed.problem,
            len(parsed.entries),
        )
    try:
        added = await _store(services, url, state, fetched, parsed)
    except SQLAlchemyError as error:
        log.exception("feed %s: could not store its entries; retrying next time", url)
        return FeedReport(url, error=f"{type(error).__name__}: {error}")
    if added:
        log.info("feed %s: %d new consultation(s)", url, added)
    return FeedReport(url, added=added, problem=parsed.problem or "")


async def _store(
    services: Services, url: str, state: FeedState, fetched: Fetched, parsed: ParsedFeed
) -> int:
    now = services.clock()
    async with services.storage.unit() as uow:
        store = uow.get(CONSULTATIONS)
        known = await store.known_feed_keys([e.key for e in parsed.entries])
        open_for = timedelta(days=services.config.feeds.assume_open_days)
        fresh = [_new(url, e, now, open_for) for e in parsed.entries if e.key not in known]
        added: list[Consultation] = await store.add_many(fresh, now)
        await announce_new(services, uow, added, now)
        for c in added:
            if c.closes_at is not None:
                await plan_reminders(services, uow, c, now)
        if parsed.entries or not parsed.problem:
            # an unreadable answer must not be remembered as "seen": fetch it whole next time
            state.etag, state.modified = fetched.etag, fetched.modified
        state.checked_at, state.last_error = now, ""
        await uow.get(FEED_STATE).save(state)
    return len(added)


def _new(url: str, entry: FeedEntry, now: datetime, open_for: timedelta) -> NewConsultation:
    assumed = None if entry.closes is not None else (entry.published or now) + open_for
    return NewConsultation(
        title=entry.title,
        url=entry.link,
        summary=entry.summary,
        commission=entry.commission,
        opens_at=entry.published,
        closes_at=entry.closes,
        source=url,
        feed_key=entry.key,
        open_until=assumed,
    )


async def _save_state(services: Services, state: FeedState, error: str = "") -> None:
    state.checked_at, state.last_error = services.clock(), error
    try:
        async with services.storage.unit() as uow:
            await uow.get(FEED_STATE).save(state)
    except SQLAlchemyError:
        log.exception("could not record the state of feed %s", state.url)
