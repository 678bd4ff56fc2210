"""/calendar: a calendar file of every upcoming event, or of one, and the address of the
feed to subscribe to (commands/events/feed.py) where the bot has one."""

from __future__ import annotations

from bot.config import WebConfig
from bot.context import Context
from bot.model import OutgoingMessage
from bot.richtext import Block, code, link, p, paragraphs, plural
from bot.router import Router
from bot.stores.events import EVENTS
from commands.events.ics import attachment, build_calendar, calendar_id
from commands.events.listing import parse_id, upcoming
from commands.events.specs import CALENDAR
from commands.personal import answerer

router = Router("events.calendar")


@router.command(CALENDAR)
async def calendar(ctx: Context) -> None:
    zone, now, clp = ctx.config.clp.zone, ctx.now(), ctx.config.clp.name
    if ctx.args.strip():
        event_id = parse_id(ctx.args)
        if event_id is None:
            await ctx.reply("Give an event's number, like /calendar 3, or just /calendar.")
            return
        await send_one(ctx, event_id)
        return
    events = [event for _, event in await upcoming(ctx)]
    address = subscribe_blocks(ctx.config.web)
    if not events:
        text = "Nothing is planned just now, so there is no calendar file to send."
        later = address if ctx.config.web.calendar_url else ()
        await ctx.reply(OutgoingMessage(blocks=(p(text), *later)))
        return
    text = f"{plural(len(events), 'upcoming event')}: open the file to add them to your calendar."
    data = build_calendar(events, zone, clp, now, deployment=await calendar_id(ctx.services))
    blocks = (p(text), *address)
    await ctx.reply(OutgoingMessage(blocks=blocks, attachment=attachment(data)))


def subscribe_blocks(web: WebConfig) -> tuple[Block, ...]:
    """Where to subscribe, or that there is nowhere (no public address: web disabled)."""
    https = web.calendar_url
    if https is None:
        return (
            p(
                "This bot has no public web address, so there is no calendar to subscribe "
                "to: the file holds the events as they are now (send /calendar again for "
                "changes)."
            ),
        )
    webcal = "webcal://" + https.split("://", 1)[1]
    return (
        p("To have new and changed events appear by themselves, subscribe: ", code(webcal)),
        p(
            "Google Calendar: Other calendars, From URL, paste ",
            link(https, https),
            ". Outlook: Add calendar, Subscribe from web. Apple Calendar: File, "
            "New Calendar Subscription.",
        ),
    )


@router.action("ics")
async def calendar_button(ctx: Context, argument: str) -> None:
    event_id = parse_id(argument)
    if event_id is not None:
        await send_one(ctx, event_id)


async def send_one(ctx: Context, event_id: int, *, privately: bool = False) -> None:
    """`privately`: to the member only (a press on a post in a group)."""
    say = answerer(ctx, privately)
    event = await ctx.uow.get(EVENTS).get(event_id)
    if event is None:
        await say(f"There is no event #{event_id}. Type /events to see what is on.")
        return
    zone, name = ctx.config.clp.zone, ctx.config.clp.name
    data = build_calendar(
        [event], zone, name, ctx.now(), deployment=await calendar_id(ctx.services)
    )
    text = f"#{event_id} {event.title}: open the file to add it to your calendar."
    file = attachment(data, f"event-{event_id}.ics")
    await say(OutgoingMessage(blocks=paragraphs(text), attachment=file))
