"""/events: what is on (ours and neighbouring CLPs'), and one event's details."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.commands import record_number
from bot.context import Context
from bot.model import Choice, OutgoingMessage
from bot.paging import PAGE_SIZE, Page, asked_page, page_choices, past_end, pressed_page, show_page
from bot.richtext import Block, Inline, b, bullets, p, shorten
from bot.router import Router
from bot.stores import UnitOfWork
from bot.stores.events import EVENTS, NEIGHBOUR_EVENTS, Event, Rsvp, RsvpStatus
from commands.events import render
from commands.events.occurrences import next_start
from commands.events.pages import OurEvents
from commands.events.specs import EVENTS as EVENTS_SPEC

router = Router("events.listing")


def parse_id(text: str) -> int | None:
    return record_number(text.strip().split(" ", 1)[0].lstrip("#"))


async def upcoming(ctx: Context) -> list[tuple[datetime, Event]]:
    """Our events that have not finished, by their next start."""
    return await upcoming_events(ctx.uow, ctx.config.clp.zone, ctx.now())


async def upcoming_events(
    uow: UnitOfWork, zone: ZoneInfo, now: datetime
) -> list[tuple[datetime, Event]]:
    """Our events that have not finished at `now`, by their next start."""
    found = []
    for event in await uow.get(EVENTS).active(now):
        start = next_start(event, zone, now)
        if start is not None:
            found.append((start, event))
    return sorted(found, key=lambda pair: (pair[0], pair[1].id or 0))


@router.command(EVENTS_SPEC)
async def events(ctx: Context) -> None:
    asked = asked_page(ctx.args, "/events all")
    arg = asked.rest.lower()
    if asked.problem:
        await ctx.reply(asked.problem)
    elif arg and arg != "all":
        event_id = parse_id(arg)
        if event_id is None:
            await ctx.reply(
                f"I don't understand {shorten(ctx.args.strip())!r}. Type /events for what is on,"
                " /events all for everything, or /events and an event's number, like /events 3."
            )
            return
        await show_details(ctx, event_id)
    elif arg == "all" or asked.number > 1 or ctx.args.strip():
        await list_events(ctx, Page(asked.number, 0))
    else:
        await list_events(ctx, None)


@router.action("eventspage")
async def events_page_button(ctx: Context, argument: str) -> None:
    number, _ = pressed_page(argument)
    await list_events(ctx, Page(number or 1, 0))


async def going_at(uow: UnitOfWork, shown: list[tuple[datetime, Event]]) -> dict[int, int]:
    """How many are coming to each event, at its next date for a repeating one."""
    dates = {e.id: start for start, e in shown if e.id and e.repeat is not None}
    return await uow.get(EVENTS).going_counts([e.id for _, e in shown if e.id], dates)


async def list_events(ctx: Context, asked: Page | None) -> None:
    """What is on: the first few (`asked` None: `[events] list_limit` of each), or one page
    of everything (ours first, then neighbouring CLPs')."""
    zone, now = ctx.config.clp.zone, ctx.now()
    size = ctx.config.events.list_limit if asked is None else PAGE_SIZE
    number = 1 if asked is None else asked.number
    ours = await OurEvents.load(ctx.uow, zone, now)
    neighbours = ctx.uow.get(NEIGHBOUR_EVENTS)
    theirs_total = await neighbours.count_upcoming(now)
    page = Page(number, ours.total + theirs_total, size)
    if page.total == 0:
        await ctx.reply("Nothing is planned just now. Check again soon, or ask an officer.")
        return
    if page.past_end:
        await ctx.reply(past_end(page, "/events all"))
        return
    if asked is None:  # the first few of each
        reads = [(0, min(size, ours.total)), (0, min(size, theirs_total))]
    else:
        reads = page.within(ours.total, theirs_total)
    (ours_at, ours_n), (theirs_at, theirs_n) = reads
    ours_shown = await ours.page(ours_at, ours_n)
    theirs_shown = await neighbours.upcoming_page(now, theirs_at, theirs_n) if theirs_n else []
    going = await going_at(ctx.uow, ours_shown)
    blocks: list[Block] = []
    if ours_shown:
        blocks.append(p(b(f"Coming up at {ctx.config.clp.name}")))
        lines = [render.line(e, s, zone, going.get(e.id or 0, 0)) for s, e in ours_shown]
        blocks.append(bullets(*lines))
    if theirs_shown:
        blocks.append(p(b("At neighbouring CLPs")))
        blocks.append(bullets(*(render.neighbour_line(n, zone) for n in theirs_shown)))
    hint: list[Inline] = []
    if ours_shown:  # neighbours' events have no numbers: their links give the details
        example = ours_shown[0][1].id
        hint.append(f"Type /events and a number for details and to reply, like /events {example}.")
    more = page.total - len(ours_shown) - len(theirs_shown)
    if asked is None and more:
        hint.append(f" {more} more: /events all.")
    elif page.count > 1:
        hint.append(f" {page.line} Type /events all page N to jump to a page.")
    if hint:
        blocks.append(p(*hint))
    choices = tuple(Choice(f"I'll come: #{e.id}", f"rsvp:{e.id}") for _, e in ours_shown[:5])
    if asked is not None:
        choices = page_choices("eventspage", page) + choices
    await show_page(ctx, OutgoingMessage(blocks=tuple(blocks), choices=choices))


async def show_details(ctx: Context, event_id: int) -> None:
    store = ctx.uow.get(EVENTS)
    event = await store.get(event_id)
    if event is None:
        await ctx.reply(f"There is no event #{event_id}. Type /events to see what is on.")
        return
    zone = ctx.config.clp.zone
    start = next_start(event, zone, ctx.now())
    date = start if event.repeat is not None else None
    rsvps = await store.rsvps(event_id, date)
    going = sum(1 for r in rsvps if r.status is RsvpStatus.GOING)
    waiting = sum(1 for r in rsvps if r.status is RsvpStatus.WAITING)
    maybe = sum(1 for r in rsvps if r.status is RsvpStatus.MAYBE)
    blocks = render.details(event, start, zone, going, waiting)
    if maybe:
        blocks += (p(f"{maybe} maybe."),)
    choices: list[Choice] = []
    if not event.cancelled and start is not None:
        mine = await store.rsvp_of(event_id, ctx.sender, date)
        if mine is not None and mine.status is not RsvpStatus.CANCELLED:
            blocks += (p(f"You are {STATES[mine.status]}{_dates(event, mine)}."),)
            if mine.status is not RsvpStatus.GOING:
                choices.append(Choice("I'll come", f"rsvp:{event_id}"))
            choices.append(Choice("Cancel my reply", f"unrsvp:{event_id}"))
            if mine.status is not RsvpStatus.MAYBE:
                choices.append(Choice("Add access needs", f"needs:{event_id}"))
        else:
            choices.append(Choice("I'll come", f"rsvp:{event_id}"))
            if event.repeat is not None:
                choices.append(Choice("Every time", f"rsvp-every:{event_id}"))
            choices.append(Choice("Maybe", f"maybe:{event_id}"))
        choices.append(Choice("Add to my calendar", f"ics:{event_id}"))
    elif start is None and not event.cancelled:
        blocks += (p("This event has finished."),)
    await ctx.reply(OutgoingMessage(blocks=blocks, choices=tuple(choices)))


STATES = {
    RsvpStatus.GOING: "coming",
    RsvpStatus.WAITING: "on the waiting list",
    RsvpStatus.MAYBE: "down as maybe",
}


def _dates(event: Event, mine: Rsvp) -> str:
    if event.repeat is None:
        return ""
    return " on the next date" if mine.occurrence is not None else " every time"


@router.autocomplete("events")
async def suggest_events(ctx: Context, typed: str) -> list[Choice]:
    """Upcoming events by number and title, for the id arguments of /events, /rsvp, ..."""
    wanted = typed.strip().lstrip("#").casefold()
    zone = ctx.config.clp.zone
    return [
        Choice(f"#{event.id} {event.title} ({start.astimezone(zone):%d %b})"[:100], str(event.id))
        for start, event in await upcoming(ctx)
        if not wanted or wanted in f"{event.id} {event.title}".casefold()
    ]
