"""/poll for officers: a conversation that builds a poll step by step, then posts it.

The question; the options (typed one per line, or picked from members' open ideas); the
kind (single, several with a maximum, ranked); anonymous or open; results hidden or live;
the deadline; the chats to post it in; a last look before it goes out, where a poll for a
meeting can offer Abstain and set a quorum.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from bot import conversation
from bot.commands import Access, whole_number
from bot.context import Context
from bot.conversation import Answer, Flow, FlowContext, Goto, Retry, Step, Transition
from bot.dates import read_moment
from bot.limits import over_limit
from bot.model import Choice, OutgoingMessage
from bot.richtext import shorten
from bot.stores.ideas import IDEAS
from bot.stores.polls import PollKind
from commands.polls.admin import show_poll
from commands.polls.last_steps import (
    ask_chats,
    ask_confirm,
    ask_quorum,
    got_chats,
    got_confirm,
    got_quorum,
)
from commands.polls.render import KIND_LABELS, short, when
from commands.polls.specs import POLL, router
from commands.polls.step_common import DONE, MAX_OPTION, MAX_OPTIONS, MAX_QUESTION, ask, tick


async def ask_question(f: FlowContext) -> OutgoingMessage:
    return OutgoingMessage.text("New poll, step 1 of 8: what is the question?")


async def got_question(f: FlowContext, answer: Answer) -> Transition:
    text = " ".join(answer.text.split())
    if not text:
        return Retry("Please type the question.")
    problem = over_limit("question", text, MAX_QUESTION)
    if problem:
        return Retry(problem)
    f.data["question"] = text
    return Goto("options")


async def ask_options(f: FlowContext) -> OutgoingMessage:
    choices: list[Choice] = []
    if await f.ctx.uow.get(IDEAS).count_open():
        choices.append(Choice("Pick from ideas", "ideas"))
    hint = f.ctx.adapter.capabilities.lines_hint
    text = (
        f"Step 2 of 8: type the options (2 to {MAX_OPTIONS}), one per line"
        f"{' (' + hint + ')' if hint else ''} or on one line separated by semicolons:"
        " Buses; Housing; NHS"
    )
    current = f.data.get("options") or []
    if current:
        choices.insert(0, Choice("Keep these options", "keep"))
        listed = "; ".join(o["label"] for o in current)
        text += f" Or keep the options so far: {listed}."
    return ask(text, *choices)


async def got_options(f: FlowContext, answer: Answer) -> Transition:
    if answer.choice == "ideas":
        return Goto("ideas")
    if answer.choice == "keep" and len(f.data.get("options") or []) >= 2:
        return Goto("kind")
    labels = option_labels(answer.text)
    if len(labels) < 2 or len(labels) > MAX_OPTIONS:
        return Retry(
            f"Please type 2 to {MAX_OPTIONS} options, one per line or separated by semicolons"
            f" ({len(labels)} given)."
        )
    too_long = next((label for label in labels if len(label) > MAX_OPTION), None)
    if too_long is not None:
        return Retry(f"Please keep each option to {MAX_OPTION} characters: {short(too_long)!r}.")
    f.data["options"] = [{"label": label, "idea_id": None} for label in labels]
    return Goto("kind")


def option_labels(typed: str) -> list[str]:
    """Options one per line, or on a single line separated by semicolons (the console and
    a phone keyboard send one line); blanks and repeats dropped, white space tidied."""
    lines = [line for line in typed.splitlines() if line.strip()]
    parts = lines[0].split(";") if len(lines) == 1 else lines
    labels: dict[str, str] = {}  # by case-folded text: "buses" repeats "Buses"
    for part in parts:
        label = " ".join(part.split())
        if label:
            labels.setdefault(label.casefold(), label)
    return list(labels.values())


async def ask_ideas(f: FlowContext) -> OutgoingMessage:
    picked = {o.get("idea_id") for o in f.data.get("options") or []}
    ideas = await f.ctx.uow.get(IDEAS).open_page(0, 20)
    choices = [
        Choice(
            f"{tick(idea.id in picked)}#{idea.id} {short(idea.text, 30)} ({idea.support})",
            f"idea:{idea.id}",
        )
        for idea in ideas
    ]
    choices.append(Choice("Done", DONE))
    count = len(f.data.get("options") or [])
    return ask(
        f"Step 2 of 8: press ideas to add or remove them as options ({count} chosen so far;"
        " most supported first), then Done.",
        *choices,
    )


async def got_ideas(f: FlowContext, answer: Answer) -> Transition:
    options: list[dict[str, Any]] = list(f.data.get("options") or [])
    if answer.choice == DONE:
        if len(options) < 2:
            return Retry("Please pick at least 2 ideas, or go back and type the options.")
        return Goto("kind")
    idea_id = int((answer.choice or "idea:0").split(":")[1])
    if any(o.get("idea_id") == idea_id for o in options):
        options = [o for o in options if o.get("idea_id") != idea_id]
    else:
        idea = await f.ctx.uow.get(IDEAS).get(idea_id)
        if idea is None:
            return Retry("That idea is gone. Pick another:")
        if len(options) >= MAX_OPTIONS:
            return Retry(f"A poll has at most {MAX_OPTIONS} options. Press Done.")
        options.append({"label": short(idea.text, MAX_OPTION), "idea_id": idea_id})
    f.data["options"] = options
    return Retry("Picked." if options else "Nothing picked yet.")


async def ask_kind(f: FlowContext) -> OutgoingMessage:
    return ask(
        "Step 3 of 8: what kind of vote?",
        *(Choice(label.capitalize(), kind.value) for kind, label in KIND_LABELS.items()),
    )


async def got_kind(f: FlowContext, answer: Answer) -> Transition:
    f.data["kind"] = answer.choice
    return Goto("max" if answer.choice == PollKind.MULTIPLE.value else "anonymous")


async def ask_max(f: FlowContext) -> OutgoingMessage:
    n = len(f.data["options"])
    return ask(f"How many options may a member choose at most? Type a number from 2 to {n}.")


async def got_max(f: FlowContext, answer: Answer) -> Transition:
    n = len(f.data["options"])
    most = whole_number(answer.text, 2, n)
    if most is None:
        return Retry(f"Please type a number from 2 to {n}.")
    f.data["max_choices"] = most
    return Goto("anonymous")


async def ask_anonymous(f: FlowContext) -> OutgoingMessage:
    return ask(
        "Step 4 of 8: anonymous (nobody, officers included, can see how anyone voted) or open"
        " (officers can see who voted what)?",
        Choice("Anonymous (recommended)", "anonymous"),
        Choice("Open", "open"),
    )


async def got_anonymous(f: FlowContext, answer: Answer) -> Transition:
    f.data["anonymous"] = answer.choice != "open"
    return Goto("results")


async def ask_results(f: FlowContext) -> OutgoingMessage:
    return ask(
        "Step 5 of 8: when may members see the results?",
        Choice("When it closes (recommended)", "hidden"),
        Choice("Live, as votes come in", "live"),
    )


async def got_results(f: FlowContext, answer: Answer) -> Transition:
    f.data["live"] = answer.choice == "live"
    return Goto("deadline")


def _default_deadline(ctx: Context) -> datetime:
    hours = ctx.config.polls.default_deadline_hours
    return (ctx.now() + timedelta(hours=hours)).replace(second=0, microsecond=0)


async def ask_deadline(f: FlowContext) -> OutgoingMessage:
    default = when(_default_deadline(f.ctx), f.ctx.config.clp.zone)
    return ask(
        "Step 6 of 8: when does the poll close? Type a date and time, for example"
        " 'Friday 18:00' or '12 June 9am', or press the default.",
        Choice(f"{default}", "default"),
    )


async def got_deadline(f: FlowContext, answer: Answer) -> Transition:
    ctx = f.ctx
    if answer.choice == "default":
        deadline: datetime | None = _default_deadline(ctx)
    else:
        deadline = read_moment(answer.text, ctx.config.clp.zone, ctx.now())
    if deadline is None:
        return Retry(f"I could not read {shorten(answer.text)!r} as a date and time.")
    if deadline <= ctx.now():
        return Retry(f"{when(deadline, ctx.config.clp.zone)} has passed: give a future time.")
    f.data["deadline"] = deadline.isoformat()
    return Goto("chats")


POLL_FLOW = router.flow(
    Flow(
        "poll",
        (
            Step("question", ask_question, got_question),
            Step("options", ask_options, got_options),
            Step("ideas", ask_ideas, got_ideas, text_allowed=False),
            Step("kind", ask_kind, got_kind, text_allowed=False),
            Step("max", ask_max, got_max),
            Step("anonymous", ask_anonymous, got_anonymous, text_allowed=False),
            Step("results", ask_results, got_results, text_allowed=False),
            Step("deadline", ask_deadline, got_deadline),
            Step("chats", ask_chats, got_chats, text_allowed=False),
            Step("confirm", ask_confirm, got_confirm, text_allowed=False),
            Step("quorum", ask_quorum, got_quorum, numeric=True),
        ),
        access=Access.POLLS,
    )
)


async def start_poll(ctx: Context, data: dict[str, Any] | None = None) -> None:
    """Begin /poll; `data` may hold a question and options already (from ideas)."""
    step = "options" if data and data.get("question") else None
    await conversation.start(
        ctx, POLL_FLOW, data, step=step, history=["question"] if step else None
    )


@router.command(POLL)
async def poll_command(ctx: Context) -> None:
    wanted = ctx.args.strip().lstrip("#")
    if wanted:
        await show_poll(ctx, wanted)
        return
    await start_poll(ctx)


@router.subcommand(POLL, "new")
async def poll_new(ctx: Context) -> None:
    await start_poll(ctx)


@router.subcommand(POLL, "show")
async def poll_show(ctx: Context) -> None:
    await show_poll(ctx, ctx.args)
