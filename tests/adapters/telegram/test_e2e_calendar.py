"""/calendar on Telegram (the real PTB against the fake Bot API): the file and the address
to subscribe to, and that address answering with the same events over HTTP."""

from __future__ import annotations

from datetime import timedelta

import httpx
import icalendar

from tests.commands.feed_support import PUBLIC_URL, free_port, store_event
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_app import telegram_adapter
from tests.support import FrozenClock, make_config, running_app


async def test_calendar_gives_the_file_and_the_address_that_serves_it(
    server: FakeTelegram, sqlite_url: str, clock: FrozenClock
) -> None:
    port = free_port()
    web = {"enabled": True, "public_url": PUBLIC_URL, "port": port}
    config = make_config(sqlite_url, telegram=server.telegram_config(), web=web)
    async with running_app(config, telegram_adapter(server), clock=clock) as app:
        await store_event(app, "Housing", clock.now + timedelta(days=3))
        ann = server.user("Ann")
        chat = server.private_chat(ann)
        await server.push_message(chat, ann, "/calendar")
        sent = await server.next_message(chat)
        if sent.document is None:  # the text and the file may come as two messages
            sent = await server.next_message(chat)
        assert sent.document is not None
        name, data = sent.document
        assert name == "events.ics"
        texts = " ".join(server.sent_texts(chat.id))
        assert "<code>webcal://bot.example-clp.org.uk/calendar.ics</code>" in texts
        assert 'href="https://bot.example-clp.org.uk/calendar.ics"' in texts
        async with httpx.AsyncClient() as http:
            feed = await http.get(f"http://127.0.0.1:{port}/calendar.ics")
    [in_file] = icalendar.Calendar.from_ical(data).walk("VEVENT")
    [in_feed] = icalendar.Calendar.from_ical(feed.content).walk("VEVENT")
    assert str(in_file["uid"]) == str(in_feed["uid"])
    assert str(in_feed["summary"]) == "Housing"
