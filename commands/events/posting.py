"""A new event announced: one post to the announce chats with "I'll come" and "Add to my
calendar", brought up to date when the event changes and marked when it is cancelled.

The post goes through the outbox under one key per event, so however often it is asked for
(a double tap on Save) each chat gets it once, after the commit. The outbox row keeps the
platform's message id of each chat's post: that is what an edit needs. A press on the post
is answered where only the presser sees it (Discord: ephemerally; Telegram: their private
chat with the bot), through the same RSVP and calendar code as /rsvp and /calendar.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.context import Context, Services
from bot.model import Choice, MessageRef, OutgoingMessage
from bot.richtext import b, p
from bot.router import Router
from bot.scheduling.outbox import edited_later
from bot.serialize import message_to_json
from bot.stores import UnitOfWork
from bot.stores.events import Event
from bot.stores.scheduling import OUTBOX, OutboxItem
from bot.targets import announce_chats
from commands.events import render
from commands.events.calendar import send_one
from commands.events.dates import describe
from commands.events.listing import parse_id
from commands.events.occurrences import next_start
from commands.events.rsvp import reply

router = Router("events.posting")
log = logging.getLogger("clpbot.events")
COME, ICS = "post-rsvp", "post-ics"
DESCRIPTION_SHOWN = 800
"""Characters of the description a post shows: it stays one platform message (Discord:
2000), which is what an edit can replace; /events NUMBER shows the rest."""


POST_KEY = edited_later("event-post:")


def post_key(event_id: int) -> str:
    return f"{POST_KEY}{event_id}"


def post_message(event: Event, zone: ZoneInfo, now: datetime) -> OutgoingMessage:
    """The post as it stands: the next date of a repeating event; no count of replies,
    which would be out of date at the next one."""
    if event.cancelled:
        return cancelled_message(event, zone, now)
    start = next_start(event, zone, now) or event.starts_at
    shown = event
    if len(event.description) > DESCRIPTION_SHOWN:
        cut = event.description[:DESCRIPTION_SHOWN].rsplit(" ", 1)[0]
        shown = replace(event, description=f"{cut}… (the rest: /events {event.id})")
    details = render.details(shown, start, zone, going=0)[1:-1]
    blocks = [p(b(f"New event: #{event.id} {event.title}")), *details]
    if event.capacity is not None:
        blocks.append(p(b("Places: "), f"{event.capacity:,}"))
    blocks.append(p(f"Coming? Press I'll come (only you see the answer) or type /rsvp {event.id}."))
    return OutgoingMessage(
        blocks=tuple(blocks),
        choices=(
            Choice("I'll come", f"{COME}:{event.id}"),
            Choice("Add to my calendar", f"{ICS}:{event.id}"),
        ),
    )


def cancelled_message(event: Event, zone: ZoneInfo, now: datetime) -> OutgoingMessage:
    start = next_start(event, zone, now) or event.starts_at
    return OutgoingMessage(
        blocks=(
            p(b(f"Cancelled: #{event.id} {event.title}")),
            p(f"It was to be {describe(start, zone)}, ", *render.where(event), "."),
            p("It will not take place. /events shows what else is on."),
        )
    )


async def announce(services: Services, uow: UnitOfWork, event: Event) -> int:
    """Queue the post in the caller's transaction; returns how many chats get it (0 when
    it was posted already)."""
    assert event.id is not None
    chats = announce_chats(services.config)
    message = post_message(event, services.config.clp.zone, services.clock())
    return await services.outbox.post(uow, post_key(event.id), chats, message)


async def is_announced(uow: UnitOfWork, event_id: int) -> bool:
    return bool(await uow.get(OUTBOX).for_post(post_key(event_id)))


async def refresh(ctx: Context, event: Event) -> int:
    """The event changed (or was cancelled): the posts not sent yet go out as it now
    stands; the ones sent are edited after the commit where the platform allows it.
    Returns how many chats' posts will change."""
    assert event.id is not None
    key = post_key(event.id)
    outbox = ctx.uow.get(OUTBOX)
    message = post_message(event, ctx.config.clp.zone, ctx.now())
    revised = await outbox.revise(key, message_to_json(message))
    sent = [item for item in await outbox.for_post(key) if item.message_id]
    if sent:
        await ctx.deliver(lambda: _edit_all(ctx.services, sent, message))
    return revised + len(sent)


async def _edit_all(services: Services, sent: list[OutboxItem], message: OutgoingMessage) -> None:
    for item in sent:
        adapter = services.adapters.get(item.chat.platform)
        if adapter is None or not adapter.capabilities.edits or not item.message_id:
            continue
        try:
            await adapter.edit(MessageRef(item.chat, item.message_id), message)
        except Exception as error:  # one chat's refusal (post deleted) must not stop the rest
            log.warning("could not update the post %s in %s: %s", item.post_key, item.chat, error)


@router.action(COME)
async def come_button(ctx: Context, argument: str) -> None:
    event_id = parse_id(argument)
    if event_id is not None:
        await reply(ctx, event_id, privately=True)  # a repeating event: its next date


@router.action(ICS)
async def calendar_button(ctx: Context, argument: str) -> None:
    event_id = parse_id(argument)
    if event_id is not None:
        await send_one(ctx, event_id, privately=True)
