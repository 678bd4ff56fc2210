"""Calendar files (.ics, RFC 5545) for calendar apps: every upcoming event, or one.

Times carry the CLP's TZID with a VTIMEZONE for it, so a weekly 19:00 talk stays at 19:00
across the clock change; repeating events are one VEVENT with an RRULE (UNTIL in UTC, as
the RFC requires with a TZID start). UIDs are stable, so re-importing updates events.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import icalendar

from bot.context import Context
from bot.model import Attachment, OutgoingMessage
from bot.richtext import paragraphs, plural
from bot.router import Router
from bot.stores.events import EVENTS, Event
from commands.events.listing import parse_id, upcoming
from commands.events.repeats import ical_fields, pattern
from commands.events.specs import CALENDAR
from commands.personal import answerer

router = Router("events.calendar")
PRODID = "-//clpbot//Events//EN"


def uid(event: Event) -> str:
    return f"event-{event.id}@clpbot"


def _vevent(event: Event, zone: ZoneInfo, now: datetime, url_note: str) -> icalendar.Event:
    item = icalendar.Event()
    item.add("uid", uid(event))
    item.add("dtstamp", now.astimezone(UTC))
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


def build_calendar(events: Sequence[Event], zone: ZoneInfo, name: str, now: datetime) -> bytes:
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"{name} events")
    cal.add("x-wr-timezone", zone.key)
    for event in events:
        note = f"Reply in the chat with /rsvp {event.id}"
        cal.add_component(_vevent(event, zone, now, note))
    if events:
        first = min(e.starts_at for e in events).date() - timedelta(days=366)
        last = max(e.ends_at for e in events).date() + timedelta(days=3 * 366)
        cal.add_missing_timezones(first_date=first, last_date=last)
    return bytes(cal.to_ical())


def attachment(data: bytes, name: str = "events.ics") -> Attachment:
    return Attachment(name, data, "text/calendar")


@router.command(CALENDAR)
async def calendar(ctx: Context) -> None:
    zone, now, clp = ctx.config.clp.zone, ctx.now(), ctx.config.clp.name
    if ctx.args.strip():
        event_id = parse_id(ctx.args)
        if event_id is None:
            await ctx.reply("Give an event's number, like /calendar 3, or just /calendar.")
            return
        await send_one(ctx, event_id)
        return
    events = [event for _, event in await upcoming(ctx)]
    if not events:
        await ctx.reply("Nothing is planned just now, so there is no calendar to send.")
        return
    text = f"{plural(len(events), 'upcoming event')}: open the file to add them to your calendar."
    data = build_calendar(events, zone, clp, now)
    await ctx.reply(OutgoingMessage(blocks=paragraphs(text), attachment=attachment(data)))


@router.action("ics")
async def calendar_button(ctx: Context, argument: str) -> None:
    event_id = parse_id(argument)
    if event_id is not None:
        await send_one(ctx, event_id)


async def send_one(ctx: Context, event_id: int, *, privately: bool = False) -> None:
    """`privately`: to the member only (a press on a post in a group)."""
    say = answerer(ctx, privately)
    event = await ctx.uow.get(EVENTS).get(event_id)
    if event is None:
        await say(f"There is no event #{event_id}. Type /events to see what is on.")
        return
    data = build_calendar([event], ctx.config.clp.zone, ctx.config.clp.name, ctx.now())
    text = f"#{event_id} {event.title}: open the file to add it to your calendar."
    file = attachment(data, f"event-{event_id}.ics")
    await say(OutgoingMessage(blocks=paragraphs(text), attachment=file))
