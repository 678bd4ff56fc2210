"""Replying to an event: "I'll come", the waiting list, access needs, cancelling a reply.

Access needs are asked privately (a form where the platform has one, otherwise only in a
private chat) and shown to officers only, in /event attendees.
"""

from __future__ import annotations

from bot import conversation
from bot.commands import Where
from bot.context import Context, Services
from bot.conversation import Answer, Finish, Flow, FlowContext, Retry, Step, Transition
from bot.limits import over_limit
from bot.model import Choice, OutgoingMessage
from bot.router import Router
from bot.stores import UnitOfWork
from bot.stores.events import EVENTS, Event, Rsvp, RsvpStatus
from commands.events.dates import describe
from commands.events.listing import parse_id
from commands.events.occurrences import next_start
from commands.events.specs import RSVP
from commands.personal import Answerer, answerer

router = Router("events.rsvp")
ACCESS_NEEDS_MAX = 1000


async def _open_event(ctx: Context, event_id: int, say: Answerer) -> Event | None:
    event = await ctx.uow.get(EVENTS).get(event_id)
    if event is None:
        await say(f"There is no event #{event_id}. Type /events to see what is on.")
        return None
    if event.cancelled:
        await say(f"#{event_id} {event.title} has been cancelled.")
        return None
    if next_start(event, ctx.config.clp.zone, ctx.now()) is None:
        await say(f"#{event_id} {event.title} has already finished.")
        return None
    return event


@router.command(RSVP)
async def rsvp_command(ctx: Context) -> None:
    event_id = parse_id(ctx.args)
    if event_id is None:
        await ctx.reply(
            "Which event? Give its number, like /rsvp 3 (add 'every' for every date of a "
            "repeating event, 'maybe' if you are not sure, 'cancel' to withdraw). "
            "Type /events to see the numbers."
        )
        return
    words = ctx.args.strip().lower().split()[1:]
    if "cancel" in words:
        await cancel_reply(ctx, event_id)
    else:
        await reply(ctx, event_id, every="every" in words, maybe="maybe" in words)


@router.action("rsvp")
async def rsvp_button(ctx: Context, argument: str) -> None:
    event_id = parse_id(argument)
    if event_id is not None:
        await reply(ctx, event_id)


@router.action("rsvp-every")
async def rsvp_every_button(ctx: Context, argument: str) -> None:
    event_id = parse_id(argument)
    if event_id is not None:
        await reply(ctx, event_id, every=True)


@router.action("maybe")
async def maybe_button(ctx: Context, argument: str) -> None:
    event_id = parse_id(argument)
    if event_id is not None:
        await reply(ctx, event_id, maybe=True)


@router.action("unrsvp")
async def unrsvp_button(ctx: Context, argument: str) -> None:
    event_id = parse_id(argument)
    if event_id is not None:
        await cancel_reply(ctx, event_id)


async def reply(
    ctx: Context,
    event_id: int,
    every: bool = False,
    maybe: bool = False,
    *,
    privately: bool = False,
) -> None:
    """Going (or maybe) to the next date of the event, or to every date with `every`.
    `privately`: answered where only the member sees it (a press on a post in a group)."""
    say = answerer(ctx, privately)
    event = await _open_event(ctx, event_id, say)
    if event is None:
        return
    zone = ctx.config.clp.zone
    start = next_start(event, zone, ctx.now())
    assert start is not None
    repeating = event.repeat is not None
    date = start if repeating and not every else None
    outcome = await ctx.uow.get(EVENTS).rsvp(event_id, ctx.sender, ctx.now(), date, maybe)
    for promoted in outcome.promoted:
        await tell_promoted(ctx, event, promoted)
    covers = "every date" if outcome.rsvp.occurrence is None and repeating else None
    when = covers or describe(outcome.rsvp.occurrence or start, zone)
    name, title = ctx.sender.display_name, f"#{event_id} {event.title}"
    status = outcome.rsvp.status
    if status is RsvpStatus.WAITING:
        on = f" ({when})" if repeating else ""
        text = (
            f"{name}, {title} is full{on}, so you are number "
            f"{outcome.waiting_position} on the waiting list. I will tell you if a place frees up."
        )
    elif status is RsvpStatus.MAYBE:
        text = f"Noted, {name}: maybe for {title} ({when}). Press I'll come when you know."
    elif outcome.already:
        text = f"{name}, you are already down as coming to {title} ({when})."
    else:
        text = f"Thanks {name}, you are coming to {title}, {when}."
    choices: list[Choice] = []
    if status is not RsvpStatus.MAYBE:
        text += " Any access needs? Only officers see them."
        choices.append(Choice("Add access needs", f"needs:{event_id}"))
    else:
        choices.append(Choice("I'll come", f"rsvp:{event_id}"))
    if repeating and outcome.rsvp.occurrence is not None and status is not RsvpStatus.MAYBE:
        text += " Coming every time? Press Every time."
        choices.append(Choice("Every time", f"rsvp-every:{event_id}"))
    choices.append(Choice("Cancel my reply", f"unrsvp:{event_id}"))
    await say(OutgoingMessage.text(text, choices=tuple(choices)))


async def cancel_reply(ctx: Context, event_id: int) -> None:
    """Withdraw the reply that covers the next date: the one for that date, else the one
    for every date."""
    store = ctx.uow.get(EVENTS)
    event = await store.get(event_id)
    if event is None:
        await ctx.reply(f"There is no event #{event_id}. Type /events to see what is on.")
        return
    start = next_start(event, ctx.config.clp.zone, ctx.now())
    mine = await store.rsvp_of(event_id, ctx.sender, start if event.repeat else None)
    occurrence = mine.occurrence if mine is not None else None
    result = await store.cancel_rsvp(event_id, ctx.sender, ctx.now(), occurrence)
    if result.cancelled is None:
        await ctx.reply(f"You had not replied to #{event_id} {event.title}: nothing to cancel.")
        return
    for promoted in result.promoted:
        await tell_promoted(ctx, event, promoted)
    which = ""
    if event.repeat is not None:
        zone = ctx.config.clp.zone
        which = f" on {describe(occurrence, zone)}" if occurrence else " for every date"
    await ctx.reply(
        f"Done: you are no longer down for #{event_id} {event.title}{which}. "
        f"Changed your mind? /rsvp {event_id}"
    )


async def tell_promoted(ctx: Context, event: Event, promoted: Rsvp) -> None:
    """A place freed up: tell the member privately, through the outbox."""
    await post_promoted(ctx.services, ctx.uow, event, promoted)


async def post_promoted(services: Services, uow: UnitOfWork, event: Event, promoted: Rsvp) -> None:
    on = ""
    if promoted.occurrence is not None:
        on = f" on {describe(promoted.occurrence, services.config.clp.zone)}"
    message = OutgoingMessage.text(
        f"Good news: a place freed up at #{event.id} {event.title}{on}, and it is yours. "
        f"If you can no longer come, type /rsvp {event.id} cancel so someone else can."
    )
    key = f"promoted:{event.id}:{promoted.member.key}:{promoted.seq}"
    await services.outbox.post(uow, key, [promoted.private_chat], message)


# --- access needs ----------------------------------------------------------------------


@router.action("needs", where=Where.PRIVATE)
async def needs_button(ctx: Context, argument: str) -> None:
    event_id = parse_id(argument)
    if event_id is None:
        return
    replied = [r for r in await ctx.uow.get(EVENTS).rsvps_of(ctx.sender) if r.event_id == event_id]
    if not any(r.status in (RsvpStatus.GOING, RsvpStatus.WAITING) for r in replied):
        await ctx.reply(f"Reply first with /rsvp {event_id}, then add your access needs.")
        return
    await conversation.start(ctx, ACCESS_NEEDS, {"event_id": event_id})


async def ask_needs(f: FlowContext) -> OutgoingMessage:
    return OutgoingMessage.text(
        f"What access needs should the organisers of #{f.data['event_id']} know about "
        "(step-free access, hearing loop, dietary needs, childcare...)? Only officers see this."
    )


async def got_needs(f: FlowContext, answer: Answer) -> Transition:
    text = answer.text.strip()
    if not text:
        return Retry("Please type your access needs, or /cancel to leave it.")
    problem = over_limit("answer", text, ACCESS_NEEDS_MAX)
    if problem:
        return Retry(problem)
    event_id = int(f.data["event_id"])
    saved = await f.ctx.uow.get(EVENTS).set_access_needs(event_id, f.ctx.sender, text)
    if not saved:
        return Finish(OutgoingMessage.text(f"You are no longer down for #{event_id}."))
    return Finish(
        OutgoingMessage.text(f"Thank you. The officers will see your access needs for #{event_id}.")
    )


ACCESS_NEEDS = router.flow(
    Flow("access_needs", (Step("needs", ask_needs, got_needs),), where=Where.PRIVATE)
)
