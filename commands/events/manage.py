"""Officers: /event add and /event edit (one conversation), /event cancel, /event attendees."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot import conversation
from bot.audit import audit
from bot.commands import Access
from bot.context import Context
from bot.conversation import Answer, Finish, Flow, FlowContext, Goto, Step, Transition
from bot.model import Choice, OutgoingMessage
from bot.permissions import Permission
from bot.richtext import Block, b, bullets, p, plural
from bot.router import Router
from bot.stores import UnitOfWork
from bot.stores.events import EVENTS, Event, Rsvp, RsvpStatus
from bot.targets import announce_chats
from commands.events import posting, render
from commands.events.dates import describe
from commands.events.event_steps import FIELD_STEPS, data_of, draft_event
from commands.events.listing import parse_id
from commands.events.occurrences import next_start
from commands.events.reminders import cancel_reminders, schedule_reminders
from commands.events.rsvp import tell_promoted
from commands.events.specs import EVENT, EVENT_ADD, EVENT_ATTENDEES, EVENT_CANCEL, EVENT_EDIT

router = Router("events.manage")
SAVE, QUIET = "save", "save-quiet"

FIELDS = (
    ("Title", "title"),
    ("Type", "type"),
    ("Time", "when"),
    ("Length", "length"),
    ("Repeats", "repeat"),
    ("Place or link", "where"),
    ("Speaker", "speaker"),
    ("Description", "description"),
    ("Capacity", "capacity"),
)


async def ask_review(f: FlowContext) -> OutgoingMessage:
    event = draft_event(f.data)
    blocks = render.details(event, event.starts_at, f.ctx.config.clp.zone, going=0)
    if event.id is None:
        blocks = (p(b(f"New event: {event.title}")), *blocks[1:])
    places = "no limit" if event.capacity is None else f"{event.capacity:,}"
    note: tuple[Block, ...] = ()
    if event.id is None:  # announced by default: "Save" is what officers always pressed
        saving = [Choice("Save", SAVE), Choice("Save without announcing", QUIET)]
        note = (p("Save also announces it in the announce chats, with an I'll come button."),)
    elif await posting.is_announced(f.ctx.uow, event.id):
        saving = [Choice("Save the changes", QUIET)]  # the post is brought up to date
    else:
        saving = [Choice("Save the changes", QUIET), Choice("Save and announce", SAVE)]
    return OutgoingMessage(
        # the places line of a saved event says how many are taken: here, only how many
        blocks=(p(b("Please check:")), *blocks[:-1], p(b("Places: "), places), *note),
        choices=(*saving, Choice("Change something", "change"), Choice("Discard", "discard")),
    )


async def got_review(f: FlowContext, answer: Answer) -> Transition:
    if answer.choice == "change":
        return Goto("pick_field")
    if answer.choice == "discard":
        return Finish(OutgoingMessage.text("Discarded: nothing was saved."))
    return Finish(await save(f.ctx, draft_event(f.data), announce=answer.choice == SAVE))


async def ask_pick_field(f: FlowContext) -> OutgoingMessage:
    return OutgoingMessage.text(
        "What do you want to change?",
        choices=(*(Choice(label, step) for label, step in FIELDS), Choice("Nothing", "review")),
    )


async def got_pick_field(f: FlowContext, answer: Answer) -> Transition:
    f.data["editing"] = True
    return Goto(answer.choice or "review")


EVENT_FLOW = router.flow(
    Flow(
        "event",
        (
            *FIELD_STEPS,
            Step("review", ask_review, got_review, text_allowed=False),
            Step("pick_field", ask_pick_field, got_pick_field, text_allowed=False),
        ),
        access=Access.EVENTS,
        command="event add",
    )
)


async def save(ctx: Context, event: Event, announce: bool = False) -> OutgoingMessage:
    store, now, zone = ctx.uow.get(EVENTS), ctx.now(), ctx.config.clp.zone
    event.updated_at = now
    if event.id is None:
        event.created_at, event.created_by = now, ctx.sender.key
        await store.add(event)
        verb = "Saved"
        before = None
    else:
        before = await store.get(event.id)
        if before is None or before.cancelled:
            return OutgoingMessage.text(f"#{event.id} no longer exists or was cancelled.")
        event.created_by, event.created_at = before.created_by, before.created_at
        for promoted in await store.update(event):
            await tell_promoted(ctx, event, promoted)
        verb = "Updated"
    await schedule_reminders(ctx.services, ctx.uow, event, now)
    updated = 0
    if before is not None:
        await _tell_about_change(ctx, before, event)
        updated = await posting.refresh(ctx, event)
    action = "event.add" if before is None else "event.edit"
    await audit(ctx, action, f"event #{event.id}", event.title)
    start = next_start(event, zone, now) or event.starts_at
    text = (
        f"{verb} #{event.id} {event.title}, {describe(start, zone)}. "
        f"Members see it in /events; reminders go out {_offsets(ctx)} before."
    )
    if announce and await posting.announce(ctx.services, ctx.uow, event):
        text += " It is being announced in the announce chats, with an I'll come button."
    elif announce and not announce_chats(ctx.config):
        text += " It was not announced: no announce chats are configured."
    elif before is None:
        text += f" It was not announced; /event edit {event.id} can announce it later."
    elif updated:
        text += " Its announcement is updated too."
    return OutgoingMessage.text(text)


def _offsets(ctx: Context) -> str:
    return " and ".join(f"{h:g} h" for h in ctx.config.events.reminder_hours)


async def _tell_about_change(ctx: Context, before: Event, after: Event) -> None:
    """The time or the place moved: everyone who replied hears it privately."""
    moved = (before.starts_at, before.place, before.online_url) != (
        after.starts_at,
        after.place,
        after.online_url,
    )
    if not moved:
        return
    zone = ctx.config.clp.zone
    start = next_start(after, zone, ctx.now()) or after.starts_at
    message = OutgoingMessage(
        blocks=(
            p(b(f"Change to #{after.id} {after.title}")),
            p("Now: ", describe(start, zone), ", ", *render.where(after)),
        )
    )
    chats = [r.private_chat for r in await ctx.uow.get(EVENTS).rsvps(after.id or 0)]
    key = f"event-changed:{after.id}:{ctx.now().isoformat()}"
    await ctx.services.outbox.post(ctx.uow, key, chats, message)


@router.command(EVENT)
async def event_help(ctx: Context) -> None:
    lines = [f"{sub.usage(EVENT.name)} — {sub.description}" for sub in EVENT.subcommands]
    said = ctx.args.strip()
    opening = f"I don't know /event {said}. " if said else ""
    await ctx.reply(
        OutgoingMessage(blocks=(p(opening + "Officers' event commands:"), bullets(*lines)))
    )


@router.subcommand(EVENT, EVENT_ADD.name)
async def add(ctx: Context) -> None:
    await conversation.start(ctx, EVENT_FLOW)


async def _event_arg(ctx: Context, usage: str) -> Event | None:
    event_id = parse_id(ctx.args)
    if event_id is None:
        await ctx.reply(f"Which event? Give its number, like {usage} 3. /events lists them.")
        return None
    event = await ctx.uow.get(EVENTS).get(event_id)
    if event is None:
        await ctx.reply(f"There is no event #{event_id}. /events lists them.")
        return None
    return event


@router.subcommand(EVENT, EVENT_EDIT.name)
async def edit(ctx: Context) -> None:
    event = await _event_arg(ctx, "/event edit")
    if event is None:
        return
    if event.cancelled:
        await ctx.reply(f"#{event.id} {event.title} is cancelled and cannot be changed.")
        return
    data = {**data_of(event), "editing": True}
    await conversation.start(ctx, EVENT_FLOW, data, step="pick_field", history=["review"])


@router.subcommand(EVENT, EVENT_CANCEL.name)
async def cancel(ctx: Context) -> None:
    event = await _event_arg(ctx, "/event cancel")
    if event is None:
        return
    if event.cancelled:
        await ctx.reply(f"#{event.id} {event.title} is already cancelled.")
        return
    await ctx.reply(
        OutgoingMessage.text(
            f"Cancel #{event.id} {event.title}? Everyone who replied will be told.",
            choices=(
                Choice("Yes, cancel it", f"event-cancel:{event.id}"),
                Choice("No, keep it", f"event-keep:{event.id}"),
            ),
        )
    )


@router.action("event-keep", access=Access.EVENTS)
async def keep_event(ctx: Context, argument: str) -> None:
    event_id = parse_id(argument)
    event = await ctx.uow.get(EVENTS).get(event_id) if event_id is not None else None
    name = f"#{event.id} {event.title}" if event is not None else "The event"
    await ctx.reply(f"{name} is not cancelled: nothing changed.")


@router.action("event-cancel", access=Access.EVENTS)
async def confirm_cancel(ctx: Context, argument: str) -> None:
    event_id = parse_id(argument)
    store = ctx.uow.get(EVENTS)
    event = await store.get(event_id) if event_id is not None else None
    if event is None or event.cancelled:
        await ctx.reply("That event does not exist or is already cancelled.")
        return
    event.cancelled, event.updated_at = True, ctx.now()
    await store.update(event)
    await cancel_reminders(ctx.services, ctx.uow, event.id or 0)
    await posting.refresh(ctx, event)  # the post says it is cancelled, without its buttons
    replied = await store.rsvps(event.id or 0)
    zone = ctx.config.clp.zone
    start = next_start(event, zone, ctx.now()) or event.starts_at
    message = OutgoingMessage.text(
        f"Cancelled: #{event.id} {event.title} ({describe(start, zone)}) will not take place. "
        "Sorry for the change; /events shows what else is on."
    )
    key = f"event-cancelled:{event.id}"
    await ctx.services.outbox.post(ctx.uow, key, [r.private_chat for r in replied], message)
    await audit(ctx, "event.cancel", f"event #{event.id}", event.title)
    told = plural(len(replied), "person is", "people are")
    await ctx.reply(f"Cancelled #{event.id} {event.title}; {told} being told.")


@router.subcommand(EVENT, EVENT_ATTENDEES.name)
async def attendees(ctx: Context) -> None:
    event = await _event_arg(ctx, "/event attendees")
    if event is None:
        return
    if not ctx.can(
        Permission.EVENTS
    ):  # the spec says so too; access needs are never shown to members
        await ctx.reply("Sorry, only officers can see who is coming.")
        return
    blocks = await attendee_blocks(ctx.uow, event, ctx.config.clp.zone, ctx.now())
    await ctx.reply(OutgoingMessage(blocks=tuple(blocks)))


async def attendee_blocks(
    uow: UnitOfWork, event: Event, zone: ZoneInfo, now: datetime
) -> list[Block]:
    """Who is coming (at the next date of a repeating event), the waiting list and maybes,
    with access needs: for officers only (/event attendees and the web desk)."""
    start = next_start(event, zone, now)
    date = start if event.repeat is not None and start is not None else None
    rsvps = await uow.get(EVENTS).rsvps(event.id or 0, date)
    going = [r for r in rsvps if r.status is RsvpStatus.GOING]
    waiting = [r for r in rsvps if r.status is RsvpStatus.WAITING]
    maybe = [r for r in rsvps if r.status is RsvpStatus.MAYBE]
    cap = f" of {event.capacity}" if event.capacity is not None else ""
    on = f" on {describe(date, zone)}" if date is not None else ""
    blocks: list[Block] = [p(b(f"#{event.id} {event.title}{on}: {len(going)}{cap} coming"))]

    def person(n: int, r: Rsvp) -> tuple[str, ...]:
        needs = f" — access needs: {r.access_needs}" if r.access_needs else ""
        return (f"{n}. {r.member.display_name} ({r.member.platform}){needs}",)

    if going:
        blocks.append(bullets(*(person(n, r) for n, r in enumerate(going, 1))))
    if waiting:
        blocks.append(p(b(f"Waiting list ({len(waiting)})")))
        blocks.append(bullets(*(person(n, r) for n, r in enumerate(waiting, 1))))
    if maybe:
        blocks.append(p(b(f"Maybe ({len(maybe)})")))
        blocks.append(bullets(*(person(n, r) for n, r in enumerate(maybe, 1))))
    if not rsvps:
        blocks.append(p("Nobody has replied yet."))
    return blocks
