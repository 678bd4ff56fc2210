"""Creating a poll: the row with its fresh secret, the close job, the post in each chat."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime
from typing import Any

from bot.audit import audit
from bot.context import Context
from bot.model import ChatKind, ChatRef
from bot.stores.polls import POLLS, Poll, PollKind, PollOption
from bot.stores.scheduling import ScheduledJob
from commands.polls.closing import JOB
from commands.polls.render import poll_message
from commands.polls.voting import post_key


def poll_from(data: dict[str, Any], now: datetime) -> Poll:
    kind = PollKind(data["kind"])
    return Poll(
        question=data["question"],
        kind=kind,
        options=[PollOption(o["label"], o.get("idea_id")) for o in data["options"]],
        deadline=datetime.fromisoformat(data["deadline"]).astimezone(UTC),
        created_at=now,
        chats=[ChatRef(pl, c, ChatKind(k)) for pl, c, k in data["chats"]],
        max_choices=int(data.get("max_choices", 1)) if kind is PollKind.MULTIPLE else 1,
        anonymous=bool(data.get("anonymous", True)),
        live_results=bool(data.get("live", False)),
        abstain=bool(data.get("abstain", False)),
        quorum=int(data["quorum"]) if data.get("quorum") else None,
    )


async def create_and_post(ctx: Context, data: dict[str, Any]) -> Poll:
    poll = await ctx.uow.get(POLLS).create(poll_from(data, ctx.now()), secrets.token_bytes(32))
    assert poll.id is not None
    await ctx.services.scheduler.schedule(
        ctx.uow,
        ScheduledJob(
            JOB,
            poll.deadline,
            ref=str(poll.id),
            payload={"summary": f"close poll #{poll.id} and post its results"},
        ),
    )
    live: list[tuple[int, ...]] | None = [] if poll.live_results else None
    message = poll_message(poll, ctx.config.clp.zone, live=live)
    await ctx.services.outbox.post(ctx.uow, post_key(poll.id), poll.chats, message)
    await audit(ctx, "poll.create", f"poll #{poll.id}", poll.question)
    return poll
