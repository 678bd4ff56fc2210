"""Calendar files (.ics, RFC 5545) for calendar apps, the same for the file and the feed.

Times carry the CLP's TZID with a VTIMEZONE for it, so a weekly 19:00 talk stays at 19:00
across the clock change; repeating events are one VEVENT with an RRULE (UNTIL in UTC, as
the RFC requires with a TZID start). UIDs are stable and the same in files and the feed,
so re-importing updates events; they carry the deployment's id, so two CLPs' events never
collide in one calendar app. DTSTAMP is the event's last change, so the same events give
the same bytes (and the feed the same ETag).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from bot.context import Services
from bot.model import Attachment
from bot.stores.events import Event
from commands.events.repeats import ical_fields, pattern

if TYPE_CHECKING:
    import icalendar

PRODID = "-//clpbot//Events//EN"


async def calendar_id(services: Services) -> str:
    """This deployment's id in UIDs: derived one-way from its stored button secret, so it is
    stable across restarts and workers and different for every CLP, and reveals nothing."""
    digest = hmac.new(await services.buttons.key(), b"calendar uid", hashlib.sha256).digest()
    return base64.b32encode(digest[:10]).decode().lower()


def uid(event: Event, deployment: str) -> str:
    return f"event-{event.id}-{deployment}@clpbot"


def _vevent(
    event: Event, zone: ZoneInfo, now: datetime, url_note: str, deployment: str
) -> icalendar.Event:
    import icalendar

    item = icalendar.Event()
    changed = (event.updated_at or event.created_at or now).astimezone(UTC)
    item.add("uid", uid(event, deployment))
    item.add("dtstamp", changed)
    item.add("last-modified", changed)
    item.add("dtstart", event.starts_at.astimezone(zone))
    item.add("dtend", event.ends_at.astimezone(zone))
    item.add("summary", event.title)
    description = "\n\n".join(
        part
        for part in (
            event.type.label + (f" with {event.speaker}" if event.speaker else ""),
            event.description,
            url_note,
        )
        if part
    )
    item.add("description", description)
    if event.place:
        item.add("location", event.place)
    if event.online_url:
        item.add("url", event.online_url)
    item.add("categories", [event.type.label])
    if event.repeat is not None:
        rule = ical_fields(pattern(event.repeat, event.starts_at.astimezone(zone)))
        if event.repeat_until is not None:
            last = datetime.combine(event.repeat_until, time(23, 59, 59), tzinfo=zone)
            rule["until"] = last.astimezone(UTC)
        elif event.repeat_count is not None:
            rule["count"] = event.repeat_count
        item.add("rrule", rule)
    if event.cancelled:
        item.add("status", "CANCELLED")
    return item


def build_calendar(
    events: Sequence[Event],
    zone: ZoneInfo,
    name: str,
    now: datetime,
    *,
    deployment: str,
    feed: bool = False,
) -> bytes:
    """The calendar of `events`; a `feed` tells calendar apps to check back hourly."""
    import icalendar  # loaded with the first calendar made, not at start-up

    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"{name} events")
    cal.add("x-wr-timezone", zone.key)
    if feed:
        cal.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
        cal.add("x-published-ttl", "PT1H")
    for event in events:
        note = f"Reply in the chat with /rsvp {event.id}"
        cal.add_component(_vevent(event, zone, now, note, deployment))
    if events:
        first = min(e.starts_at for e in events).date() - timedelta(days=366)
        last = max(e.ends_at for e in events).date() + timedelta(days=3 * 366)
        cal.add_missing_timezones(first_date=first, last_date=last)
    else:  # an empty feed still holds one component, as RFC 5545 asks: the CLP's zone
        first, last = date(now.year - 1, 1, 1), date(now.year + 3, 1, 1)
        cal.add_component(icalendar.Timezone.from_tzinfo(zone, zone.key, first, last))
    return bytes(cal.to_ical())


def attachment(data: bytes, name: str = "events.ics") -> Attachment:
    return Attachment(name, data, "text/calendar")
