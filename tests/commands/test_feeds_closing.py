"""Feed entries' closing dates: a field of their own or a "Closes ..." phrase (read with the
project's date reader); without one, "closing date not given" and open only for `[feeds]
assume_open_days` after publication, until an officer sets the date."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.stores.consultations import CONSULTATIONS
from commands.feeds import refresh_now
from commands.feeds.parse import parse_feed
from tests.commands.consultations_support import answer, clp_config, platforms
from tests.commands.feed_server import Served, feed_server, rss
from tests.support import FrozenClock, running_app

PHRASE = (
    "npf-1",
    "Safer streets: policing",
    "https://forum.example.org/c/1",
    "<p>Have a say. Closes 15 March 2026.</p>",
)
SILENT = ("npf-2", "Growth & jobs", "https://forum.example.org/c/2", "<p>Growth</p>")
FIELD = b"""<?xml version="1.0"?><rss version="2.0"
xmlns:ev="http://purl.org/rss/1.0/modules/event/"><channel><title>F</title><item>
<guid>npf-3</guid><title>Health</title><link>https://forum.example.org/c/3</link>
<ev:enddate>2026-04-01T17:00:00Z</ev:enddate></item></channel></rss>"""


def test_a_closing_date_from_a_field_or_a_phrase() -> None:
    [field] = parse_feed(FIELD, "https://f.example/rss", {}, []).entries
    assert field.closes == datetime(2026, 4, 1, 17, 0, tzinfo=UTC)
    [phrase, silent] = parse_feed(rss(PHRASE, SILENT), "https://f.example/rss", {}, []).entries
    assert phrase.closes == datetime(2026, 3, 15, 23, 59, tzinfo=UTC)  # the whole day, GMT
    assert silent.closes is None
    titled = ("npf-4", "Housing – closing date: 30 April", "https://f.example/4", "")
    [entry] = parse_feed(rss(titled), "https://f.example/rss", {}, []).entries
    assert entry.closes == datetime(2026, 4, 30, 22, 59, tzinfo=UTC)  # 23:59 BST


async def test_no_closing_date_is_said_and_drops_out_after_assume_open_days(
    tmp_path: Path, clock: FrozenClock
) -> None:
    async with feed_server() as server:
        server.feeds["/rss"] = Served(rss(PHRASE, SILENT))
        config = clp_config(
            f"sqlite+aiosqlite:///{tmp_path / 'feeds.sqlite3'}",
            feeds={"urls": [server.url("/rss")], "assume_open_days": 30},
        )
        tg, dc = platforms()
        async with running_app(config, tg, dc, clock=clock) as app:
            await refresh_now(app.services)
            await tg.command("/consultations")
            listing = answer(tg).text
            assert "Safer streets: policing" in listing
            assert "closes in 13 days (Sun 15 March 2026)" in listing
            assert "Growth & jobs" in listing
            assert "closing date not given" in listing
            clock.now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC) + timedelta(days=30, minutes=1)
            await tg.command("/consultations")
            later = answer(tg).text
            assert "Growth & jobs" not in later  # published 2 March 09:00 + 30 days
            async with app.storage.unit() as uow:
                growth = await uow.get(CONSULTATIONS).get(2)
            assert growth is not None
            assert growth.closes_at is None  # never claimed a date the feed did not give
            await tg.command("/consultation edit 2 closes 30 April 2026", user="olive")
            await tg.press("Save", user="olive")
            await tg.command("/consultations")
            assert "Growth & jobs" in answer(tg).text  # the officer's date now rules
