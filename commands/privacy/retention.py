"""Retention: a daily job deletes what `[retention]` says is kept no longer: conversations
that timed out, drafts returned (or withdrawn) and never touched again, old audit entries,
stored buttons, the update ids already handled, messages long sent and jobs finished.
The author of a deleted draft is told privately."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from bot.config import Config
from bot.model import OutgoingMessage, person_target
from bot.router import Router
from bot.scheduling.outbox import EDITED_LATER
from bot.scheduling.scheduler import JobContext
from bot.stores.audit import AUDIT
from bot.stores.buttons import BUTTONS, DELIVERIES
from bot.stores.core import CONVERSATIONS
from bot.stores.scheduling import OUTBOX, SCHEDULE, JobState, ScheduledJob
from bot.stores.submissions import SUBMISSIONS, Draft, Status
from bot.stores.web import WEB_SESSIONS

if TYPE_CHECKING:
    from bot.context import Services

router = Router("privacy.retention")
log = logging.getLogger("clpbot.retention")
RETENTION = "retention"
REF = "daily"
EXPIRED_DRAFTS = {Status.RETURNED, Status.WITHDRAWN}


def recurrence(config: Config) -> dict[str, Any]:
    hour, minute = config.retention.time.split(":")
    return {"hour": int(hour), "minute": int(minute)}


@router.job(RETENTION, run_late=True)
async def enforce(job: JobContext) -> None:
    now, rules, uow = job.now(), job.services.config.retention, job.uow
    conversations = await uow.get(CONVERSATIONS).delete_expired(
        now - timedelta(days=rules.conversations_days)
    )
    drafts = await uow.get(SUBMISSIONS).delete_untouched(
        EXPIRED_DRAFTS, now - timedelta(days=rules.returned_drafts_days)
    )
    for draft in drafts:
        await _tell_author(job, draft, rules.returned_drafts_days)
    entries = await uow.get(AUDIT).delete_before(now - timedelta(days=rules.audit_days))
    buttons = await uow.get(BUTTONS).delete_before(now - timedelta(days=rules.buttons_days))
    deliveries = await uow.get(DELIVERIES).delete_before(
        now - timedelta(days=rules.deliveries_days)
    )
    sent = await uow.get(OUTBOX).delete_finished_before(
        now - timedelta(days=rules.outbox_days), keep_prefixes=sorted(EDITED_LATER)
    )
    jobs = await uow.get(SCHEDULE).delete_finished_before(now - timedelta(days=rules.jobs_days))
    web = await uow.get(WEB_SESSIONS).delete_expired(now)
    log.info(
        "retention: deleted %d conversations, %d drafts, %d audit entries, %d stored buttons,"
        " %d handled update ids, %d sent messages, %d finished jobs, %d expired web sign-ins",
        conversations,
        len(drafts),
        entries,
        buttons,
        deliveries,
        sent,
        jobs,
        web,
    )


async def _tell_author(job: JobContext, draft: Draft, days: float) -> None:
    if not draft.author.platform or not draft.author.user_id:
        return
    chat = person_target(draft.author)
    message = OutgoingMessage.text(
        f"Your {draft.status.label} draft #{draft.id} “{draft.title}” has been deleted:"
        f" nobody had touched it for {days:g} days, and the CLP keeps such drafts no longer."
    )
    await job.services.outbox.post(job.uow, f"retention:draft:{draft.id}", [chat], message)


@router.on_startup
async def keep_in_step(services: Services) -> None:
    """Exactly one pending retention job, at the time the config says now."""
    wanted = recurrence(services.config)
    async with services.storage.unit() as uow:
        pending = [
            j
            for j in await uow.get(SCHEDULE).for_ref(RETENTION, REF)
            if j.state is JobState.PENDING
        ]
        if len(pending) == 1 and pending[0].recurrence == wanted:
            return
        await services.scheduler.cancel(uow, RETENTION, REF)
        due = services.scheduler.next_occurrence(wanted, services.clock())
        assert due is not None
        summary = f"the daily clean-up of old data ({services.config.retention.time})"
        await services.scheduler.schedule(
            uow,
            ScheduledJob(RETENTION, due, ref=REF, payload={"summary": summary}, recurrence=wanted),
        )
