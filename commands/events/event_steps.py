"""The questions of /event add and /event edit, one step per field.

Answers are kept in the conversation's data as JSON-friendly values; `draft_event` turns
them into an `Event`. While editing (`data["editing"]`), every field step returns to the
review instead of going on to the next question.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from typing import Any

from bot.commands import whole_number
from bot.conversation import (
    SKIP,
    Answer,
    FlowContext,
    Goto,
    Receive,
    Retry,
    Step,
    Transition,
    skip_choice,
)
from bot.dates import names_a_time, parse_time_of_day, read_moment
from bot.limits import over_limit
from bot.model import Choice, OutgoingMessage
from bot.richtext import shorten
from bot.stores.events import Event, EventType, Repeat
from commands.events.dates import describe, ordinal
from commands.events.render import says_only_online
from commands.events.repeats import describe_pattern, monthly_choices

URL = re.compile(r"https?://\S+", re.IGNORECASE)
DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(m|min|mins|minutes?|h|hrs?|hours?)?\s*$", re.I)
"""A bare number is minutes ("90"), as the example "90 minutes" suggests."""
REPEAT_TIMES = re.compile(r"^\s*(\d{1,3})\s*(times?|x|occurrences?)?\s*$", re.IGNORECASE)
NO_END = "no-end"
TITLE_MAX = 300
PLACE_MAX = 500
SPEAKER_MAX = 300
DESCRIPTION_MAX = 4000
MAX_CAPACITY = 100_000


def after(f: FlowContext, default: str) -> Goto:
    return Goto("review" if f.data.get("editing") else default)


def _zone(f: FlowContext) -> Any:
    return f.ctx.config.clp.zone


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


# --- when --------------------------------------------------------------------------------


async def ask_when(f: FlowContext) -> OutgoingMessage:
    return OutgoingMessage.text(
        f"When does it start? Times are in {f.ctx.config.clp.timezone}. For example: "
        "next Tuesday 7pm, 14 March 18:30, tomorrow 19:00."
    )


async def got_when(f: FlowContext, answer: Answer) -> Transition:
    found = read_moment(answer.text, _zone(f), f.ctx.now())
    if found is None:
        return Retry(
            f"I could not read {shorten(answer.text.strip())!r} as a date and time. Try "
            "for example "
            "'next Tuesday 7pm' or '14 March 18:30'."
        )
    if not names_a_time(answer.text):  # "tomorrow", "next Friday": never guess the time
        return day_only(f, found, "When does it start?")
    if found <= f.ctx.now():
        return Retry(f"{describe(found, _zone(f))} is in the past. When does it start?")
    f.data["proposed_start"] = found.isoformat()
    return Goto("confirm_when")


async def ask_when_time(f: FlowContext) -> OutgoingMessage:
    day = date.fromisoformat(f.data["day"])
    return OutgoingMessage.text(
        f"What time on {day:%A} {day.day} {day:%B}? For example: 19:00 or 7pm."
    )


def time_into(key: str, then: str) -> Receive:
    """The answer to "What time on ...?": the moment goes into `f.data[key]`, then `then`."""

    async def got_time(f: FlowContext, answer: Answer) -> Transition:
        found = at_time_on(f, answer.text)
        if isinstance(found, Retry):
            return found
        f.data[key] = found.isoformat()
        return Goto(then)

    return got_time


got_when_time = time_into("proposed_start", then="confirm_when")


def day_only(f: FlowContext, found: datetime, again: str) -> Transition:
    """A day without a time: keep the day and ask for the time (step "when_time")."""
    day = found.astimezone(_zone(f)).date()
    if day < f.ctx.now().astimezone(_zone(f)).date():
        return Retry(f"{day:%A} {day.day} {day:%B %Y} is in the past. {again}")
    f.data["day"] = day.isoformat()
    return Goto("when_time")


def at_time_on(f: FlowContext, text: str) -> datetime | Retry:
    """The typed time of day on the day kept in `f.data["day"]`, in the CLP's zone."""
    clock = parse_time_of_day(text)
    if clock is None:
        return Retry(f"I could not read {shorten(text.strip())!r} as a time: try 19:00 or 7pm.")
    day = date.fromisoformat(f.data["day"])
    found = datetime.combine(day, clock, tzinfo=_zone(f)).astimezone(UTC)
    if found <= f.ctx.now():
        return Retry(f"{describe(found, _zone(f))} is in the past. What time?")
    return found


async def ask_confirm_when(f: FlowContext) -> OutgoingMessage:
    # back here from a later step (/back), the proposal was already accepted as the start
    start = datetime.fromisoformat(f.data.get("proposed_start") or f.data["starts_at"])
    return OutgoingMessage.text(
        f"{describe(start, _zone(f))} — is that right?",
        choices=(Choice("Yes", "yes"), Choice("No, type it again", "no")),
    )


async def got_confirm_when(f: FlowContext, answer: Answer) -> Transition:
    if answer.choice != "yes":
        return Goto("when")
    f.data["starts_at"] = f.data.pop("proposed_start", None) or f.data["starts_at"]
    return after(f, "length")


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


# --- repeating ---------------------------------------------------------------------------


async def ask_repeat(f: FlowContext) -> OutgoingMessage:
    return OutgoingMessage.text(
        "Does it repeat?",
        choices=(
            Choice("One-off", "once"),
            Choice("Weekly", "weekly"),
            Choice("Monthly", "monthly"),
        ),
    )


async def got_repeat(f: FlowContext, answer: Answer) -> Transition:
    if answer.choice == "once":
        f.data.update(repeat=None, repeat_until=None, repeat_count=None)
        return after(f, "where")
    if answer.choice == "monthly":
        return Goto("monthly_kind")
    f.data["repeat"] = Repeat.WEEKLY.value
    return Goto("repeat_end")


def _local_start(f: FlowContext) -> datetime:
    return datetime.fromisoformat(f.data["starts_at"]).astimezone(_zone(f))


async def ask_monthly_kind(f: FlowContext) -> OutgoingMessage:
    start = _local_start(f)
    note = (
        f" Months without a {ordinal(start.day)} are skipped: choose the last day for the "
        "end of every month."
        if start.day > 28
        else ""
    )
    return OutgoingMessage.text(
        f"Which day of each month?{note}",
        choices=tuple(Choice(label, kind.value) for label, kind in monthly_choices(start)),
    )


async def got_monthly_kind(f: FlowContext, answer: Answer) -> Transition:
    f.data["repeat"] = Repeat(answer.choice or Repeat.MONTHLY.value).value
    return Goto("repeat_end")


async def ask_repeat_end(f: FlowContext) -> OutgoingMessage:
    said = describe_pattern(Repeat(f.data["repeat"]), _local_start(f))
    return OutgoingMessage.text(
        f"It repeats {said}. Until when, or how many times? For example: 'until 30 June' or "
        "'10 times'; or press No end.",
        choices=(Choice("No end", NO_END),),
    )


async def got_repeat_end(f: FlowContext, answer: Answer) -> Transition:
    if answer.choice == NO_END:
        f.data.update(repeat_count=None, repeat_until=None)
        return after(f, "where")
    text = answer.text.strip()
    times = REPEAT_TIMES.match(text)
    if times:
        count = int(times.group(1))
        if not 2 <= count <= 200:
            return Retry("Please give between 2 and 200 times.")
        f.data.update(repeat_count=count, repeat_until=None)
        return after(f, "where")
    last = read_moment(re.sub(r"^until\s+", "", text, flags=re.I), _zone(f), f.ctx.now())
    start = datetime.fromisoformat(f.data["starts_at"])
    if last is None:
        return Retry("Please give an end date like 'until 30 June' or a number like '10 times'.")
    last_day = last.astimezone(_zone(f)).date()
    if last_day <= start.astimezone(_zone(f)).date():
        return Retry("The end must be after the first time it happens.")
    f.data.update(repeat_until=last_day.isoformat(), repeat_count=None)
    return after(f, "where")


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
