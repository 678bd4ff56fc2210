"""The weekly "digest" job at `[digest] weekday, time` (CLP time zone), kept in step with
the config at every start, and the private copies for subscribers."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.config import Config
from bot.model import ChatRef, Identity, person_target
from bot.router import Router
from bot.scheduling.scheduler import JobContext
from bot.stores import UnitOfWork
from bot.stores.digest import SUBSCRIPTIONS
from bot.stores.scheduling import SCHEDULE, JobState, ScheduledJob
from bot.targets import announce_chats
from commands.digest.build import build_digest
from commands.digest.render import to_message

if TYPE_CHECKING:
    from bot.context import Services

DIGEST = "digest"
REF = "weekly"

router = Router("digest-weekly")


def recurrence(config: Config) -> dict[str, Any]:
    at = config.digest.at
    return {"day_of_week": config.digest.weekday[:3], "hour": at.hour, "minute": at.minute}


async def targets(config: Config, uow: UnitOfWork) -> list[ChatRef]:
    """The announce chats, then each subscriber's private chat."""
    subscribers = await uow.get(SUBSCRIPTIONS).subscribers()
    private = [person_target(Identity(s.platform, s.user_id, "")) for s in subscribers]
    return list(dict.fromkeys([*announce_chats(config), *private]))


@router.job(DIGEST)
async def post_digest(job: JobContext) -> None:
    digest = await build_digest(job.services, job.uow, job.due_at)
    chats = await targets(job.services.config, job.uow)
    await job.services.outbox.post(job.uow, digest.key, chats, to_message(digest))


@router.on_startup
async def keep_in_step(services: Services) -> None:
    """Exactly one pending digest job, at the time the config says now."""
    wanted = recurrence(services.config)
    async with services.storage.unit() as uow:
        pending = [
            j for j in await uow.get(SCHEDULE).for_ref(DIGEST, REF) if j.state is JobState.PENDING
        ]
        if len(pending) == 1 and pending[0].recurrence == wanted:
            return
        await services.scheduler.cancel(uow, DIGEST, REF)
        due = services.scheduler.next_occurrence(wanted, services.clock())
        assert due is not None
        summary = (
            f"the weekly digest ({services.config.digest.weekday} {services.config.digest.time})"
        )
        await services.scheduler.schedule(
            uow, ScheduledJob(DIGEST, due, ref=REF, payload={"summary": summary}, recurrence=wanted)
        )
