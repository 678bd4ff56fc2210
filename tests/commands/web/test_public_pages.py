"""The public pages over real HTTP: upcoming events only, nothing personal, escaped, and
the security headers on every page."""

from __future__ import annotations

from datetime import timedelta

import httpx
import icalendar

from bot.stores.events import EVENTS
from bot.web import WebRequest
from tests.commands.events_support import platforms
from tests.commands.feed_support import store_event, web_config
from tests.support import FrozenClock, running_app


async def test_upcoming_events_are_listed_with_their_calendar_and_nothing_personal(
    sqlite_url: str, clock: FrozenClock
) -> None:
    config = web_config(sqlite_url)
    tg, dc = platforms()
    async with running_app(config, tg, dc, clock=clock) as app:
        now = clock.now
        await store_event(app, "Finished", now - timedelta(days=3))
        housing = await store_event(
            app, "Housing <script>alert(1)</script>", now + timedelta(days=3)
        )
        async with app.storage.unit() as uow:
            await uow.get(EVENTS).rsvp(housing.id or 0, tg.identity("mo"), now)
        base = f"http://127.0.0.1:{config.web.port}"
        async with httpx.AsyncClient(base_url=base) as http:
            listing = await http.get("/events")
            details = await http.get(f"/events/{housing.id}")
            ics = await http.get(f"/events/{housing.id}.ics")
            css = await http.get("/static/site.css")
            gone = await http.get("/events/999")
    assert listing.status_code == 200
    assert "Finished" not in listing.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in listing.text
    assert "<script>" not in listing.text
    assert "webcal://bot.example-clp.org.uk/calendar.ics" in listing.text
    for page in (listing, details, gone):
        csp = page.headers["content-security-policy"]
        assert "default-src 'none'" in csp
        assert "frame-ancestors 'none'" in csp
        assert page.headers["x-content-type-options"] == "nosniff"
        assert page.headers["referrer-policy"] == "same-origin"
    assert details.status_code == 200
    assert ">Mo<" not in details.text
    assert "Mo " not in details.text
    assert "going" not in details.text.lower()
    assert f'href="/events/{housing.id}.ics"' in details.text
    [vevent] = icalendar.Calendar.from_ical(ics.content).walk("VEVENT")
    assert str(vevent["summary"]).startswith("Housing")
    assert css.headers["content-type"].startswith("text/css")
    assert gone.status_code == 404


def test_a_posted_form_is_read_once_per_field_and_a_flood_of_fields_is_none_of_ours() -> None:
    def posted(body: bytes) -> WebRequest:
        return WebRequest("POST", "/desk", {}, body=body)

    assert posted(b"comment=a+%3Cb%3E&comment=second").form() == {"comment": "a <b>"}
    assert posted(b"&".join(b"f%d=1" % n for n in range(60))).form() == {}
    cookie = WebRequest("GET", "/", {"cookie": "a=1; clpbot_desk=xyz"}).cookie("clpbot_desk")
    assert cookie == "xyz"
    assert WebRequest("GET", "/", {"cookie": "\x00bad"}).cookie("clpbot_desk") is None
