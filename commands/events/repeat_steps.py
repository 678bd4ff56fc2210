"""Whether and how an event repeats: weekly, a monthly pattern, and until when."""

from __future__ import annotations

import re
from datetime import datetime

from bot.conversation import Answer, FlowContext, Goto, Retry, Transition
from bot.dates import read_moment
from bot.model import Choice, OutgoingMessage
from bot.stores.events import Repeat
from commands.events.dates import ordinal
from commands.events.repeats import describe_pattern, monthly_choices
from commands.events.step_helpers import after
from commands.events.step_helpers import zone as _zone

REPEAT_TIMES = re.compile(r"^\s*(\d{1,3})\s*(times?|x|occurrences?)?\s*$", re.IGNORECASE)
NO_END = "no-end"


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
