"""Replying to an event: "I'll come", the waiting list, access needs, cancelling a reply.

Access needs are asked privately (a form where the platform has one, otherwise only in a
private chat) and shown to officers only, in /event attendees.
"""

from __future__ import annotations

from bot import conversation
from bot.commands import Where
from bot.context import Context, Services
from bot.conversation import Answer, Finish, Flow, FlowContext, Retry, Step, Transition
from bot.model import Choice, OutgoingMessage
from bot.router import Router
from bot.stores import UnitOfWork
from bot.stores.events import EVENTS, Event, Rsvp, RsvpStatus
from commands.events.dates import describe
from commands.events.listing import parse_id
from commands.events.occurrences import next_start
from commands.events.specs import RSVP

router = Router("events.rsvp")
ACCESS_NEEDS_MAX = 1000


async def _open_event(ctx: Context, event_id: int) -> Event | None:
    event = await ctx.uow.get(EVENTS).get(event_id)
    if event is None:
        await ctx.reply(f"There is no event #{event_id}. Type /events to see what is on.")
        return None
    if event.cancelled:
        await ctx.reply(f"#{event_id} {event.title} has been cancelled.")
        return None
    if next_start(event, ctx.config.clp.zone, ctx.now()) is None:
        await ctx.reply(f"#{event_id} {event.title} has already finished.")
        return None
    return event


@router.command(RSVP)
async def rsvp_command(ctx: Context) -> None:
    event_id = parse_id(ctx.args)
    if event_id is None:
        await ctx.reply(
            "Which event? Give its number, like /rsvp 3 (or /rsvp 3 cancel to withdraw). "
            "Type /events to see the numbers."
        )
        return
    if ctx.args.strip().lower().endswith("cancel"):
        await cancel_reply(ctx, event_id)
    else:
        await reply_going(ctx, event_id)


@router.action("rsvp")
async def rsvp_button(ctx: Context, argument: str) -> None:
    event_id = parse_id(argument)
    if event_id is not None:
        await reply_going(ctx, event_id)


@router.action("unrsvp")
async def unrsvp_button(ctx: Context, argument: str) -> None:
    event_id = parse_id(argument)
    if event_id is not None:
        await cancel_reply(ctx, event_id)


async def reply_going(ctx: Context, event_id: int) -> None:
    event = await _open_event(ctx, event_id)
    if event is None:
        return
    outcome = await ctx.uow.get(EVENTS).rsvp(event_id, ctx.sender, ctx.now())
    await ctx.uow.commit()
    start = next_start(event, ctx.config.clp.zone, ctx.now())
    assert start is not None
    when = describe(start, ctx.config.clp.zone)
    name = ctx.sender.display_name
    if outcome.rsvp.status is RsvpStatus.WAITING:
        text = (
            f"{name}, #{event_id} {event.title} is full, so you are number "
            f"{outcome.waiting_position} on the waiting list. I will tell you if a place frees up."
        )
    elif outcome.already:
        text = f"{name}, you are already down as coming to #{event_id} {event.title} ({when})."
    else:
        text = f"Thanks {name}, you are coming to #{event_id} {event.title}, {when}."
    text += " Any access needs? Only officers see them."
    choices = (
        Choice("Add access needs", f"needs:{event_id}"),
        Choice("Cancel my reply", f"unrsvp:{event_id}"),
    )
    await ctx.reply(OutgoingMessage.text(text, choices=choices))


async def cancel_reply(ctx: Context, event_id: int) -> None:
    store = ctx.uow.get(EVENTS)
    event = await store.get(event_id)
    if event is None:
        await ctx.reply(f"There is no event #{event_id}. Type /events to see what is on.")
        return
    result = await store.cancel_rsvp(event_id, ctx.sender, ctx.now())
    if result.cancelled is None:
        await ctx.reply(f"You had not replied to #{event_id} {event.title}: nothing to cancel.")
        return
    for promoted in result.promoted:
        await tell_promoted(ctx, event, promoted)
    await ctx.uow.commit()
    ctx.services.outbox.wake()
    await ctx.reply(
        f"Done: you are no longer down for #{event_id} {event.title}. "
        f"Changed your mind? /rsvp {event_id}"
    )


async def tell_promoted(ctx: Context, event: Event, promoted: Rsvp) -> None:
    """A place freed up: tell the member privately, through the outbox."""
    await post_promoted(ctx.services, ctx.uow, event, promoted)


async def post_promoted(services: Services, uow: UnitOfWork, event: Event, promoted: Rsvp) -> None:
    message = OutgoingMessage.text(
        f"Good news: a place freed up at #{event.id} {event.title}, and it is yours. "
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
    mine = await ctx.uow.get(EVENTS).rsvp_of(event_id, ctx.sender)
    if mine is None or mine.status is RsvpStatus.CANCELLED:
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
    if len(text) > ACCESS_NEEDS_MAX:
        return Retry(f"Please keep it under {ACCESS_NEEDS_MAX} characters (now {len(text)}).")
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
