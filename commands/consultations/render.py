"""How consultations read in a chat: "closes in 9 days", their links, draft counts."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.model import OutgoingMessage
from bot.richtext import Block, Inline, b, code, i, link, p
from bot.stores.consultations import Consultation


def day(moment: datetime, zone: ZoneInfo) -> str:
    local = moment.astimezone(zone)
    return f"{local:%a} {local.day} {local:%B %Y}"


def day_and_time(moment: datetime, zone: ZoneInfo) -> str:
    local = moment.astimezone(zone)
    return f"{day(moment, zone)}, {local:%H:%M}"


def days_left(closes_at: datetime, now: datetime, zone: ZoneInfo) -> int:
    """Calendar days from today to the closing day, in the CLP's time zone."""
    return (closes_at.astimezone(zone).date() - now.astimezone(zone).date()).days


def closes_phrase(c: Consultation, now: datetime, zone: ZoneInfo) -> str:
    if c.closes_at is None:
        return "closing date not given"
    if c.closes_at <= now:
        return f"closed on {day(c.closes_at, zone)}"
    left = days_left(c.closes_at, now, zone)
    if left <= 0:
        return f"closes today at {c.closes_at.astimezone(zone):%H:%M}"
    if left == 1:
        return f"closes tomorrow at {c.closes_at.astimezone(zone):%H:%M}"
    return f"closes in {left} days"


def drafts_phrase(count: int) -> str:
    if count == 0:
        return "no drafts started yet"
    return "1 draft started" if count == 1 else f"{count} drafts started"


def title_span(c: Consultation) -> Inline:
    return link(c.title, c.url) if c.url else b(c.title)


def list_item(c: Consultation, now: datetime, zone: ZoneInfo, drafts: int) -> tuple[Inline, ...]:
    parts: list[Inline] = [title_span(c)]
    if c.commission:
        parts.append(f" — {c.commission}")
    closing = closes_phrase(c, now, zone)
    if c.closes_at is not None and c.closes_at > now:
        closing += f" ({day(c.closes_at, zone)})"
    parts += [f"; {closing}; {drafts_phrase(drafts)}. ", code(f"#{c.id}")]
    return tuple(parts)


def details(c: Consultation, now: datetime, zone: ZoneInfo, drafts: int) -> OutgoingMessage:
    blocks: list[Block] = [p(b(c.title), " ", code(f"#{c.id}"))]
    blocks.append(p("Policy commission: ", c.commission or "all commissions"))
    if c.opens_at is not None:
        blocks.append(p(f"Opened: {day(c.opens_at, zone)}"))
    closing = closes_phrase(c, now, zone)
    if c.closes_at is not None:
        closing += f" ({day_and_time(c.closes_at, zone)})"
    blocks.append(p(f"Deadline: {closing}."))
    if c.url:
        blocks.append(p("Read it and respond: ", link(c.url, c.url)))
    if c.summary:
        blocks.append(p(i(c.summary)))
    blocks.append(p(f"Members have started {drafts_phrase(drafts).replace(' started', '')}."))
    if c.is_open(now):
        blocks.append(p("Type /submit to draft a submission to it."))
    return OutgoingMessage(blocks=tuple(blocks))


def announcement(c: Consultation, now: datetime, zone: ZoneInfo) -> OutgoingMessage:
    blocks: list[Block] = [p(b("New NPF consultation: "), title_span(c))]
    facts = [c.commission or "open to every policy commission"]
    facts.append(closes_phrase(c, now, zone))
    blocks.append(p(sentence("; ".join(facts))))
    if c.summary:
        blocks.append(p(i(_short(c.summary))))
    blocks.append(p(f"Details: /consultations {c.id} — draft a submission with /submit."))
    return OutgoingMessage(blocks=tuple(blocks))


def several_new(items: list[Consultation]) -> OutgoingMessage:
    return OutgoingMessage(
        blocks=(
            p(b(f"{len(items)} more new NPF consultations"), " were found in the feeds."),
            p("Type /consultations to see every open one."),
        )
    )


def reminder(c: Consultation, now: datetime, zone: ZoneInfo) -> OutgoingMessage:
    assert c.closes_at is not None
    phrase = closes_phrase(c, now, zone)
    return OutgoingMessage(
        blocks=(
            p(b("Reminder: "), title_span(c), f" {phrase} ({day_and_time(c.closes_at, zone)})."),
            p(f"Want to respond? Draft a submission with /submit. Details: /consultations {c.id}"),
        )
    )


def sentence(text: str) -> str:
    """Capital first letter and a full stop, leaving every other letter alone."""
    return f"{text[:1].upper()}{text[1:]}."


def _short(text: str, limit: int = 300) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rsplit(" ", 1)[0] + "…"
