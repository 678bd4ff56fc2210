"""Scheduled announcements: the job that posts one (through the outbox, once per chat per
run), /announcements and /announce cancel."""

from __future__ import annotations

from bot.audit import audit
from bot.context import Context, Services
from bot.model import OutgoingMessage
from bot.richtext import Block, Inline, b, bullets, p, paragraphs
from bot.router import Router
from bot.scheduling.scheduler import JobContext
from bot.stores import UnitOfWork
from bot.stores.events import ANNOUNCEMENTS, Announcement, AnnouncementState
from bot.stores.scheduling import SCHEDULE, JobState, ScheduledJob
from bot.targets import announce_chats
from commands.events.dates import describe_relative
from commands.events.listing import parse_id
from commands.events.specs import ANNOUNCE, ANNOUNCE_CANCEL
from commands.events.specs import ANNOUNCEMENTS as ANNOUNCEMENTS_SPEC

router = Router("events.announcements")
ANNOUNCE_JOB = "announcement"


def announcement_message(text: str) -> OutgoingMessage:
    paras = [" ".join(part.split()) for part in text.replace("\r", "").split("\n\n")]
    return OutgoingMessage(blocks=paragraphs(*(x for x in paras if x)))


def post_key(announcement_id: int, due_at_iso: str) -> str:
    return f"announce:{announcement_id}:{due_at_iso}"


async def schedule_job(services: Services, uow: UnitOfWork, a: Announcement) -> ScheduledJob:
    preview = a.text if len(a.text) <= 60 else a.text[:57] + "..."
    return await services.scheduler.schedule(
        uow,
        ScheduledJob(
            ANNOUNCE_JOB,
            a.due_at,
            ref=str(a.id),
            payload={"announcement_id": a.id, "summary": f"announcement #{a.id} ({preview})"},
            recurrence=a.recurrence,
        ),
    )


@router.job(ANNOUNCE_JOB)
async def post_announcement(job: JobContext) -> None:
    store = job.uow.get(ANNOUNCEMENTS)
    announcement = await store.get(int(job.job.payload["announcement_id"]))
    if announcement is None or announcement.state is not AnnouncementState.SCHEDULED:
        return
    assert announcement.id is not None
    chats = (
        announce_chats(job.services.config)
        if announcement.targets is None
        else announcement.targets
    )
    key = post_key(announcement.id, job.due_at.isoformat())
    await job.services.outbox.post(job.uow, key, chats, announcement_message(announcement.text))
    following = job.services.scheduler.next_occurrence(
        job.job.recurrence, max(job.now(), job.due_at)
    )
    if following is None:
        await store.set_state(announcement.id, AnnouncementState.DONE)
    else:
        await store.set_due(announcement.id, following)


@router.command(ANNOUNCEMENTS_SPEC)
async def list_announcements(ctx: Context) -> None:
    zone = ctx.config.clp.zone
    items: list[tuple[Inline, ...]] = []
    for a in await ctx.uow.get(ANNOUNCEMENTS).scheduled():
        jobs = await ctx.uow.get(SCHEDULE).for_ref(ANNOUNCE_JOB, str(a.id))
        pending = [j for j in jobs if j.state is JobState.PENDING]
        if pending:
            when = "due " + describe_relative(pending[0].due_at, zone, ctx.now())
        else:
            when = "missed while the bot was offline, not sent"
        repeat = f", {a.recurrence_text}" if a.recurrence_text else ""
        where = "everywhere" if a.targets is None else f"{len(a.targets)} chats"
        first_line = a.text.splitlines()[0]
        short = first_line if len(first_line) <= 80 else first_line[:77] + "..."
        items.append((b(f"#{a.id}"), f" {when}{repeat}, {where}: {short}"))
    if not items:
        await ctx.reply("No announcements are scheduled. /announce writes one.")
        return
    blocks: list[Block] = [
        p(b("Scheduled announcements")),
        bullets(*items),
        p("/announce cancel and a number stops one."),
    ]
    await ctx.reply(OutgoingMessage(blocks=tuple(blocks)))


@router.subcommand(ANNOUNCE, ANNOUNCE_CANCEL.name)
async def cancel_announcement(ctx: Context) -> None:
    announcement_id = parse_id(ctx.args)
    if announcement_id is None:
        await ctx.reply("Which one? Give its number, like /announce cancel 3 (/announcements).")
        return
    store = ctx.uow.get(ANNOUNCEMENTS)
    announcement = await store.get(announcement_id)
    if announcement is None or announcement.state is not AnnouncementState.SCHEDULED:
        await ctx.reply(
            f"There is no scheduled announcement #{announcement_id}. /announcements lists them."
        )
        return
    await store.set_state(announcement_id, AnnouncementState.CANCELLED)
    await ctx.services.scheduler.cancel(ctx.uow, ANNOUNCE_JOB, str(announcement_id))
    await audit(ctx, "announcement.cancel", f"announcement #{announcement_id}")
    await ctx.reply(f"Cancelled announcement #{announcement_id}: it will not be posted again.")
