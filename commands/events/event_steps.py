"""The questions of /event add and /event edit, one step per field.

Answers are kept in the conversation's data as JSON-friendly values; `draft_event` turns
them into an `Event`. While editing (`data["editing"]`), every field step returns to the
review instead of going on to the next question.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Any

from bot.commands import whole_number
from bot.conversation import (
    SKIP,
    Answer,
    FlowContext,
    Goto,
    Retry,
    Step,
    Transition,
    skip_choice,
)
from bot.limits import over_limit
from bot.model import Choice, OutgoingMessage
from bot.stores.events import Event, EventType, Repeat
from commands.events.render import says_only_online
from commands.events.repeat_steps import (
    ask_monthly_kind,
    ask_repeat,
    ask_repeat_end,
    got_monthly_kind,
    got_repeat,
    got_repeat_end,
)
from commands.events.step_helpers import after
from commands.events.when_steps import (
    ask_confirm_when,
    ask_when,
    ask_when_time,
    got_confirm_when,
    got_when,
    got_when_time,
)

URL = re.compile(r"https?://\S+", re.IGNORECASE)
DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(m|min|mins|minutes?|h|hrs?|hours?)?\s*$", re.I)
"""A bare number is minutes ("90"), as the example "90 minutes" suggests."""
TITLE_MAX = 300
PLACE_MAX = 500
SPEAKER_MAX = 300
DESCRIPTION_MAX = 4000
MAX_CAPACITY = 100_000


# --- title and type --------------------------------------------------------------------


async def ask_title(f: FlowContext) -> OutgoingMessage:
    return OutgoingMessage.text(
        "What is the event called? (for example: Housing policy discussion)"
    )


async def got_title(f: FlowContext, answer: Answer) -> Transition:
    title = " ".join(answer.text.split())
    if not title:
        return Retry("Please type a title.")
    problem = over_limit("title", title, TITLE_MAX)
    if problem:
        return Retry(problem)
    f.data["title"] = title
    return after(f, "type")


async def ask_type(f: FlowContext) -> OutgoingMessage:
    return OutgoingMessage.text(
        "What kind of event is it?",
        choices=tuple(Choice(t.label, t.value) for t in EventType),
    )


async def got_type(f: FlowContext, answer: Answer) -> Transition:
    f.data["type"] = EventType(answer.choice or "other").value
    return after(f, "when")


async def ask_length(f: FlowContext) -> OutgoingMessage:
    default = f.ctx.config.events.default_duration_minutes
    return OutgoingMessage.text(
        "How long does it last? For example: 90 minutes, 2 hours.",
        choices=(skip_choice(f"Skip ({default} minutes)"),),
    )


async def got_length(f: FlowContext, answer: Answer) -> Transition:
    if answer.choice == SKIP:
        f.data["minutes"] = f.ctx.config.events.default_duration_minutes
        return after(f, "repeat")
    match = DURATION.match(answer.text)
    if not match:
        return Retry("Please give a length like '90 minutes' or '2 hours'.")
    amount = float(match.group(1))
    unit = (match.group(2) or "minutes").lower()
    minutes = round(amount * 60 if unit.startswith("h") else amount)
    if not 1 <= minutes <= 7 * 24 * 60:
        return Retry("Please give a length between 1 minute and 7 days.")
    f.data["minutes"] = minutes
    return after(f, "repeat")


# --- where, who, what, how many ------------------------------------------------------------


async def ask_where(f: FlowContext) -> OutgoingMessage:
    return OutgoingMessage.text(
        "Where is it? A place, an online link, or both "
        "(for example: Town Hall, Room 2 https://meet.example.org/abc)."
    )


async def got_where(f: FlowContext, answer: Answer) -> Transition:
    text = answer.text.strip()
    urls = URL.findall(text)
    place = " ".join(URL.sub(" ", text).split()).strip(" ,;-")
    if urls and says_only_online(place):  # "Online https://...": no place besides the link
        place = ""
    if not text:
        return Retry("Please type a place or a link.")
    problem = over_limit("place", place, PLACE_MAX)
    if problem:
        return Retry(problem)
    f.data["place"] = place
    f.data["online_url"] = urls[0] if urls else ""
    return after(f, "speaker")


async def ask_speaker(f: FlowContext) -> OutgoingMessage:
    return OutgoingMessage.text(
        "Who is speaking or leading it?", choices=(skip_choice("No speaker"),)
    )


async def got_speaker(f: FlowContext, answer: Answer) -> Transition:
    speaker = "" if answer.choice == SKIP else " ".join(answer.text.split())
    problem = over_limit("answer", speaker, SPEAKER_MAX)
    if problem:
        return Retry(problem)
    f.data["speaker"] = speaker
    return after(f, "description")


async def ask_description(f: FlowContext) -> OutgoingMessage:
    return OutgoingMessage.text(
        "A few lines about it for members (what, who it is for, what to bring).",
        choices=(skip_choice(),),
    )


async def got_description(f: FlowContext, answer: Answer) -> Transition:
    description = "" if answer.choice == SKIP else answer.text.strip()
    problem = over_limit("description", description, DESCRIPTION_MAX)
    if problem:
        return Retry(problem)
    f.data["description"] = description
    return after(f, "capacity")


async def ask_capacity(f: FlowContext) -> OutgoingMessage:
    return OutgoingMessage.text(
        "How many places are there? Type a number.", choices=(Choice("No limit", "none"),)
    )


async def got_capacity(f: FlowContext, answer: Answer) -> Transition:
    if answer.choice == "none":
        f.data["capacity"] = None
        return Goto("review")
    places = whole_number(answer.text, 1, MAX_CAPACITY)
    if places is None:
        return Retry(
            f"Please type a number of places from 1 to {MAX_CAPACITY:,} (like 30),"
            " or press No limit."
        )
    f.data["capacity"] = places
    return Goto("review")


FIELD_STEPS = (
    Step("title", ask_title, got_title),
    Step("type", ask_type, got_type, text_allowed=False),
    Step("when", ask_when, got_when),
    Step("when_time", ask_when_time, got_when_time),
    Step("confirm_when", ask_confirm_when, got_confirm_when, text_allowed=False),
    Step("length", ask_length, got_length),
    Step("repeat", ask_repeat, got_repeat, text_allowed=False),
    Step("monthly_kind", ask_monthly_kind, got_monthly_kind, text_allowed=False),
    Step("repeat_end", ask_repeat_end, got_repeat_end),
    Step("where", ask_where, got_where),
    Step("speaker", ask_speaker, got_speaker),
    Step("description", ask_description, got_description),
    Step("capacity", ask_capacity, got_capacity, numeric=True),
)


def draft_event(data: dict[str, Any]) -> Event:
    start = datetime.fromisoformat(data["starts_at"])
    until = data.get("repeat_until")
    return Event(
        title=data["title"],
        type=EventType(data["type"]),
        starts_at=start,
        ends_at=start + timedelta(minutes=int(data["minutes"])),
        place=data.get("place", ""),
        online_url=data.get("online_url", ""),
        speaker=data.get("speaker", ""),
        description=data.get("description", ""),
        capacity=data.get("capacity"),
        repeat=Repeat(data["repeat"]) if data.get("repeat") else None,
        repeat_until=date.fromisoformat(until) if until else None,
        repeat_count=data.get("repeat_count"),
        id=data.get("event_id"),
    )


def data_of(event: Event) -> dict[str, Any]:
    return {
        "event_id": event.id,
        "title": event.title,
        "type": event.type.value,
        "starts_at": event.starts_at.isoformat(),
        "minutes": int((event.ends_at - event.starts_at).total_seconds() // 60),
        "repeat": event.repeat.value if event.repeat else None,
        "repeat_until": event.repeat_until.isoformat() if event.repeat_until else None,
        "repeat_count": event.repeat_count,
        "place": event.place,
        "online_url": event.online_url,
        "speaker": event.speaker,
        "description": event.description,
        "capacity": event.capacity,
    }
