"""How events read in a chat: one line in a list, or the full details."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.richtext import Block, Inline, b, i, link, p, plural
from bot.stores.events import Event, NeighbourEvent
from commands.events.dates import describe, describe_short
from commands.events.repeats import describe_pattern

ONLINE_WORDS = frozenset({"online", "on line", "online only", "video call", "zoom", "teams"})


def says_only_online(place: str) -> bool:
    """ "Online" beside a link names no place of its own."""
    return " ".join(place.split()).casefold().rstrip(":") in ONLINE_WORDS


def where(event: Event) -> tuple[Inline, ...]:
    parts: list[Inline] = []
    if event.place and not (event.online_url and says_only_online(event.place)):
        parts.append(event.place)
    if event.online_url:
        if parts:
            parts.append(" and ")
        parts.append(link("online", event.online_url))
    return tuple(parts) or ("place to be confirmed",)


def repeat_text(event: Event, zone: ZoneInfo) -> str:
    if event.repeat is None:
        return ""
    text = describe_pattern(event.repeat, event.starts_at.astimezone(zone))
    if event.repeat_until is not None:
        text += f", until {event.repeat_until.day} {event.repeat_until:%B %Y}"
    elif event.repeat_count is not None:
        text += f", {event.repeat_count} times"
    else:
        text += ", with no end date"
    return text


def line(event: Event, start: datetime, zone: ZoneInfo, going: int) -> tuple[Inline, ...]:
    parts: list[Inline] = [b(f"#{event.id} {event.title}"), f" — {describe_short(start, zone)}, "]
    parts += where(event)
    parts.append(f" ({event.type.label}")
    if event.speaker:
        parts.append(f", with {event.speaker}")
    if event.capacity is not None and going >= event.capacity:
        parts.append(", full: waiting list")
    parts.append(")")
    return tuple(parts)


def neighbour_line(event: NeighbourEvent, zone: ZoneInfo) -> tuple[Inline, ...]:
    parts: list[Inline] = [
        event.title,
        f" — {describe_short(event.starts_at, zone)}",
    ]
    if event.place:
        parts.append(f", {event.place}")
    if event.url:
        parts += [", ", link("details", event.url)]
    parts.append(" ")
    parts.append(i(f"({event.clp})"))
    return tuple(parts)


def details(
    event: Event, start: datetime | None, zone: ZoneInfo, going: int, waiting: int | None = None
) -> tuple[Block, ...]:
    when = describe(start or event.starts_at, zone)
    ends = event.ends_at - event.starts_at + (start or event.starts_at)
    blocks: list[Block] = [
        p(b(f"#{event.id} {event.title}")),
        p(b("Type: "), event.type.label),
        p(b("When: "), f"{when} to {ends.astimezone(zone):%H:%M}"),
    ]
    if event.repeat is not None:
        blocks.append(p(b("Repeats: "), repeat_text(event, zone)))
    blocks.append(p(b("Where: "), *where(event)))
    if event.speaker:
        blocks.append(p(b("Speaker: "), event.speaker))
    if event.description:
        blocks.append(p(event.description))
    if event.capacity is None:
        blocks.append(p(f"{going} coming."))
    else:
        places = max(0, event.capacity - going)
        if not going:
            text = f"{plural(event.capacity, 'place')}, none taken yet."
        else:
            text = f"{going:,} of {plural(event.capacity, 'place')} taken"
            text += f", {places:,} left." if places else ": full, you can join the waiting list."
        if waiting:
            text += f" {waiting} waiting."
        blocks.append(p(text))
    if event.cancelled:
        blocks.insert(1, p(b("This event is cancelled.")))
    return tuple(blocks)
