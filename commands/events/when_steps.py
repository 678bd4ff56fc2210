"""When an event (or an announcement) starts: read, asked for its time if only a day was
given, and confirmed back before it is kept."""

from __future__ import annotations

from datetime import UTC, date, datetime

from bot.conversation import Answer, FlowContext, Goto, Receive, Retry, Transition
from bot.dates import names_a_time, parse_time_of_day, read_moment
from bot.model import Choice, OutgoingMessage
from bot.richtext import shorten
from commands.events.dates import describe
from commands.events.step_helpers import after
from commands.events.step_helpers import zone as _zone


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
