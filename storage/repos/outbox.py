"""SQL implementation of the outbox, with claims so that several processes share delivery.

A row is sent by the one process that claimed it: `claim` moves due rows to "sending" with
the claimer's token and a lease. On PostgreSQL the rows are picked with `FOR UPDATE SKIP
LOCKED`, so processes claiming at the same moment take different rows without waiting for
each other; the UPDATE re-checks that each row is still claimable, which is what keeps
SQLite (one writer at a time) and any other interleaving safe as well.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, delete, func, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.model import ChatKind, ChatRef
from bot.stores.scheduling import OutboxItem, OutboxState
from storage.models.scheduling import OutboxRow

PENDING, SENDING = OutboxState.PENDING.value, OutboxState.SENDING.value


def _item(row: OutboxRow) -> OutboxItem:
    return OutboxItem(
        post_key=row.post_key,
        chat=ChatRef(row.platform, row.chat_id, ChatKind(row.chat_kind)),
        message=dict(row.message),
        state=OutboxState(row.state),
        attempts=row.attempts,
        next_attempt_at=row.next_attempt_at,
        last_error=row.last_error,
        id=row.id,
        message_id=row.message_id,
        claimed_by=row.claimed_by,
        lease_until=row.lease_until,
        parts_sent=row.parts_sent,
    )


def _claimable(now: datetime) -> ColumnElement[bool]:
    """Due and pending, or left "sending" by a process whose lease ran out."""
    return or_(
        and_(OutboxRow.state == PENDING, OutboxRow.next_attempt_at <= now),
        and_(OutboxRow.state == SENDING, OutboxRow.lease_until <= now),
    )


class SqlOutboxStore:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def enqueue(
        self, post_key: str, chats: Sequence[ChatRef], message: dict[str, Any], now: datetime
    ) -> int:
        existing = set(
            await self.session.execute(
                select(OutboxRow.platform, OutboxRow.chat_id).where(OutboxRow.post_key == post_key)
            )
        )
        fresh = [c for c in dict.fromkeys(chats) if (c.platform, c.chat_id) not in existing]
        if fresh:
            await self.session.execute(
                insert(OutboxRow),
                [
                    {
                        "post_key": post_key,
                        "platform": c.platform,
                        "chat_id": c.chat_id,
                        "chat_kind": c.kind.value,
                        "message": message,
                        "state": PENDING,
                        "attempts": 0,
                        "next_attempt_at": now,
                        "last_error": "",
                        "created_at": now,
                    }
                    for c in fresh
                ],
            )
        return len(fresh)

    async def due(self, now: datetime, limit: int, platforms: Sequence[str]) -> list[OutboxItem]:
        rows = await self.session.scalars(
            select(OutboxRow)
            .where(
                OutboxRow.state == PENDING,
                OutboxRow.next_attempt_at <= now,
                OutboxRow.platform.in_(list(platforms)),
            )
            .order_by(OutboxRow.id)
            .limit(limit)
        )
        return [_item(row) for row in rows]

    async def claim(
        self,
        now: datetime,
        limit: int,
        platforms: Sequence[str],
        owner: str,
        lease_until: datetime,
    ) -> list[OutboxItem]:
        if not platforms or limit <= 0:
            return []
        candidates = list(
            await self.session.scalars(
                select(OutboxRow.id)
                .where(_claimable(now), OutboxRow.platform.in_(list(platforms)))
                .order_by(OutboxRow.id)
                .limit(limit)
                .with_for_update(skip_locked=True)  # PostgreSQL; SQLite renders nothing
            )
        )
        if not candidates:
            return []
        rows = await self.session.scalars(
            update(OutboxRow)
            .where(OutboxRow.id.in_(candidates), _claimable(now))
            .values(state=SENDING, claimed_by=owner, lease_until=lease_until)
            .returning(OutboxRow)
            .execution_options(populate_existing=True)
        )
        return sorted((_item(row) for row in rows), key=lambda item: item.id or 0)

    async def renew(self, item_id: int, owner: str, lease_until: datetime) -> bool:
        result = await self.session.execute(
            update(OutboxRow)
            .where(
                OutboxRow.id == item_id,
                OutboxRow.state == SENDING,
                OutboxRow.claimed_by == owner,
            )
            .values(lease_until=lease_until)
            .execution_options(synchronize_session=False)
        )
        return bool(getattr(result, "rowcount", 0))

    async def to_chat(self, platform: str, chat_id: str) -> list[OutboxItem]:
        rows = await self.session.scalars(
            select(OutboxRow)
            .where(OutboxRow.platform == platform, OutboxRow.chat_id == chat_id)
            .order_by(OutboxRow.id)
        )
        return [_item(row) for row in rows]

    async def forget_chat(self, platform: str, chat_id: str) -> int:
        result = await self.session.execute(
            delete(OutboxRow).where(OutboxRow.platform == platform, OutboxRow.chat_id == chat_id)
        )
        return int(getattr(result, "rowcount", 0) or 0)

    async def renew_all(self, owner: str, lease_until: datetime) -> set[int]:
        renewed = await self.session.scalars(
            update(OutboxRow)
            .where(OutboxRow.state == SENDING, OutboxRow.claimed_by == owner)
            .values(lease_until=lease_until)
            .returning(OutboxRow.id)
            .execution_options(synchronize_session=False)
        )
        return set(renewed)

    async def recover(self, owner: str) -> int:
        if self.session.get_bind().dialect.name != "sqlite":
            return 0  # PostgreSQL: other processes may be alive; the leases decide
        result = await self.session.execute(
            update(OutboxRow)
            .where(OutboxRow.state == SENDING, OutboxRow.claimed_by != owner)
            .values(state=PENDING, claimed_by=None, lease_until=None)
            .execution_options(synchronize_session=False)
        )
        return int(getattr(result, "rowcount", 0) or 0)

    async def release(self, item_ids: Sequence[int], owner: str) -> None:
        if not item_ids:
            return
        await self.session.execute(
            update(OutboxRow)
            .where(
                OutboxRow.id.in_(list(item_ids)),
                OutboxRow.state == SENDING,
                OutboxRow.claimed_by == owner,
            )
            .values(state=PENDING, claimed_by=None, lease_until=None)
            .execution_options(synchronize_session=False)
        )

    async def mark_sent(self, item_id: int, now: datetime, message_id: str) -> None:
        """Whoever sent it says so: even a process whose lease was taken over has sent it."""
        await self.session.execute(
            update(OutboxRow)
            .where(OutboxRow.id == item_id)
            .values(
                state=OutboxState.SENT.value, sent_at=now, message_id=message_id, lease_until=None
            )
        )

    async def mark_part(self, item_id: int, parts_sent: int, message_id: str) -> None:
        """Whoever sent the part says so, as with `mark_sent`."""
        await self.session.execute(
            update(OutboxRow)
            .where(OutboxRow.id == item_id, OutboxRow.parts_sent < parts_sent)
            .values(parts_sent=parts_sent, message_id=message_id or None)
            .execution_options(synchronize_session=False)
        )

    async def mark_retry(
        self,
        item_id: int,
        attempts: int,
        next_attempt_at: datetime,
        error: str,
        owner: str | None = None,
    ) -> None:
        await self.session.execute(
            update(OutboxRow)
            .where(OutboxRow.id == item_id, *self._held_by(owner))
            .values(
                state=PENDING,
                attempts=attempts,
                next_attempt_at=next_attempt_at,
                last_error=error[:1000],
                claimed_by=None,
                lease_until=None,
            )
            .execution_options(synchronize_session=False)
        )

    async def mark_failed(self, item_id: int, error: str, owner: str | None = None) -> None:
        await self.session.execute(
            update(OutboxRow)
            .where(OutboxRow.id == item_id, *self._held_by(owner))
            .values(state=OutboxState.FAILED.value, last_error=error[:1000], lease_until=None)
            .execution_options(synchronize_session=False)
        )

    @staticmethod
    def _held_by(owner: str | None) -> tuple[ColumnElement[bool], ...]:
        if owner is None:
            return ()
        return (OutboxRow.state == SENDING, OutboxRow.claimed_by == owner)

    async def for_post(self, post_key: str) -> list[OutboxItem]:
        rows = await self.session.scalars(
            select(OutboxRow).where(OutboxRow.post_key == post_key).order_by(OutboxRow.id)
        )
        return [_item(row) for row in rows]

    async def revise(self, post_key: str, message: dict[str, Any]) -> int:
        result = await self.session.execute(
            update(OutboxRow)
            .where(
                OutboxRow.post_key == post_key,
                OutboxRow.state == PENDING,
                OutboxRow.parts_sent == 0,
            )
            .values(message=message)
            .execution_options(synchronize_session=False)
        )
        return int(getattr(result, "rowcount", 0) or 0)

    async def delete_finished_before(
        self, cutoff: datetime, keep_prefixes: Sequence[str] = ()
    ) -> int:
        finished = (OutboxState.SENT.value, OutboxState.FAILED.value)
        kept = [OutboxRow.post_key.startswith(prefix, autoescape=True) for prefix in keep_prefixes]
        # when it was sent (or, given up on, queued): a post queued long ago and sent just
        # now is as fresh as its message id
        finished_at = func.coalesce(OutboxRow.sent_at, OutboxRow.created_at)
        result = await self.session.execute(
            delete(OutboxRow).where(
                OutboxRow.state.in_(finished), finished_at < cutoff, *[~k for k in kept]
            )
        )
        return int(getattr(result, "rowcount", 0) or 0)
