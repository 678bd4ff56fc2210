"""The schedule (what is due when) and the outbox (one row per post and target chat).

Both are the source of truth: APScheduler only wakes the bot at the right moment, and the
outbox is what makes a fan-out exactly-once per chat across crashes.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from bot.model import ChatRef
from bot.stores import StoreKey


class JobState(enum.StrEnum):
    PENDING = "pending"
    DONE = "done"
    MISSED = "missed"
    CANCELLED = "cancelled"


@dataclass(slots=True)
class ScheduledJob:
    """One thing to do at `due_at`. `kind` names the handler (`@router.job(kind)`).

    `recurrence` is None for a one-off, or cron fields in the CLP's time zone such as
    {"day_of_week": "mon", "hour": 9, "minute": 0}; after each run the job moves on.
    """

    kind: str
    due_at: datetime
    ref: str = ""
    payload: dict[str, Any] = field(default_factory=dict)
    recurrence: dict[str, Any] | None = None
    state: JobState = JobState.PENDING
    id: int | None = None
    last_run_at: datetime | None = None


class ScheduleStore(Protocol):
    async def add(self, job: ScheduledJob) -> ScheduledJob: ...

    async def get(self, job_id: int) -> ScheduledJob | None: ...

    async def pending(self, after_id: int = 0) -> list[ScheduledJob]:
        """Pending jobs with an id above `after_id` (every one by default), soonest first:
        the sweep arms their timers, reading only the jobs added since it last looked."""
        ...

    async def for_ref(self, kind: str, ref: str) -> list[ScheduledJob]: ...

    async def due(
        self, now: datetime, limit: int, after: tuple[datetime, int] | None = None
    ) -> list[ScheduledJob]:
        """Up to `limit` pending jobs due by `now`, in (due time, id) order, to claim in this
        transaction; with `after`, only those that come after that (due time, id).

        On PostgreSQL the rows are locked (`FOR UPDATE SKIP LOCKED`): a job that another
        process is claiming at this moment is skipped, never waited for.
        """
        ...

    async def claim_all(
        self, moves: Sequence[tuple[datetime, ScheduledJob]], now: datetime
    ) -> set[int]:
        """Move pending jobs on (next occurrence, or done) unless someone else did, in a few
        statements: each pair is the due time the job was read with and the job moved on.
        Compare-and-set on that due time, so two processes never both run one occurrence.
        Returns the ids claimed; the others were run (or cancelled) by someone else."""
        ...

    async def unclaim(self, job: ScheduledJob) -> None:
        """Undo this transaction's claim of `job` (given as it was read): pending again at
        its old time, as if it had not run (its handler failed)."""
        ...

    async def set_state(self, job_id: int, state: JobState) -> None: ...

    async def delete_finished_before(self, cutoff: datetime) -> int:
        """Jobs that will never run again (done, missed, cancelled) and were due before
        `cutoff`; the number deleted."""
        ...


class OutboxState(enum.StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    """Claimed by one process (`claimed_by`) until `lease_until`; see `OutboxStore.claim`."""
    SENT = "sent"
    FAILED = "failed"


@dataclass(slots=True)
class OutboxItem:
    post_key: str
    chat: ChatRef
    message: dict[str, Any]
    state: OutboxState = OutboxState.PENDING
    attempts: int = 0
    next_attempt_at: datetime | None = None
    last_error: str = ""
    id: int | None = None
    message_id: str | None = None
    """The platform's id of the sent message (to edit it later), once sent."""
    claimed_by: str | None = None
    """The process that is sending it (or sent it): host, pid and a random part."""
    lease_until: datetime | None = None
    parts_sent: int = 0
    """How many of the platform messages the post is split into are sent (and recorded)
    already: a retry or a restart sends only the rest."""


class OutboxStore(Protocol):
    async def enqueue(
        self, post_key: str, chats: Sequence[ChatRef], message: dict[str, Any], now: datetime
    ) -> int:
        """Add one row per chat; a (post_key, chat) already there is left alone.

        Returns how many rows were new, so enqueueing the same post twice sends once.
        """
        ...

    async def due(self, now: datetime, limit: int, platforms: Sequence[str]) -> list[OutboxItem]:
        """Pending rows due by `now` (a read-only look; delivery uses `claim`)."""
        ...

    async def claim(
        self,
        now: datetime,
        limit: int,
        platforms: Sequence[str],
        owner: str,
        lease_until: datetime,
    ) -> list[OutboxItem]:
        """Take up to `limit` rows to send: pending ones due by `now`, and "sending" ones
        whose lease ran out (their process died mid-send). They become "sending" for
        `owner` until `lease_until`. Rows another process is claiming at the same moment
        are skipped, never waited for, so two processes never claim one row.
        """
        ...

    async def renew(self, item_id: int, owner: str, lease_until: datetime) -> bool:
        """Extend `owner`'s lease right before sending; False when the row is no longer
        ours (another process took it over after our lease ran out, or it was sent)."""
        ...

    async def to_chat(self, platform: str, chat_id: str) -> list[OutboxItem]:
        """Every post queued for or sent to one chat (a member's direct messages)."""
        ...

    async def forget_chat(self, platform: str, chat_id: str) -> int:
        """Delete every row for one chat (on /forgetme: who was sent what is personal)."""
        ...

    async def renew_all(self, owner: str, lease_until: datetime) -> set[int]:
        """Extend the lease of every row `owner` is still sending; returns their ids (a row
        another process took over after our lease ran out is not among them)."""
        ...

    async def recover(self, owner: str) -> int:
        """At start: give back rows that an ended process left "sending", where the database
        can tell it has ended (SQLite: one process per file, so any other owner is gone).
        Elsewhere their leases decide. Returns how many rows are pending again."""
        ...

    async def release(self, item_ids: Sequence[int], owner: str) -> None:
        """Give claimed rows back unsent (this process is stopping): pending again now."""
        ...

    async def mark_sent(self, item_id: int, now: datetime, message_id: str) -> None: ...

    async def mark_part(self, item_id: int, parts_sent: int, message_id: str) -> None:
        """Record that the first `parts_sent` platform messages of the row are sent, and the
        post's message id if that part was the one holding it."""
        ...

    async def mark_retry(
        self,
        item_id: int,
        attempts: int,
        next_attempt_at: datetime,
        error: str,
        owner: str | None = None,
    ) -> None:
        """Pending again at `next_attempt_at`; with `owner`, only if that process still
        holds the row (otherwise its new holder decides)."""
        ...

    async def mark_failed(self, item_id: int, error: str, owner: str | None = None) -> None: ...

    async def for_post(self, post_key: str) -> list[OutboxItem]: ...

    async def revise(self, post_key: str, message: dict[str, Any]) -> int:
        """Give the rows of a post that nothing has been sent of yet a new message (its
        subject changed before it went out); returns how many. Sent rows are edited on the
        platform by whoever changed the subject."""
        ...

    async def delete_finished_before(
        self, cutoff: datetime, keep_prefixes: Sequence[str] = ()
    ) -> int:
        """Messages sent (or given up on) before `cutoff`, except the posts whose key starts
        with one of `keep_prefixes` (posts that are edited later); the number deleted."""
        ...


SCHEDULE: StoreKey[ScheduleStore] = StoreKey("schedule")
OUTBOX: StoreKey[OutboxStore] = StoreKey("outbox")
