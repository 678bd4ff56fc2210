"""Revising a post not sent yet: only rows nothing of which has gone out get the new message."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.model import ChatKind, ChatRef
from bot.stores.scheduling import OUTBOX, OutboxState
from storage.sql import SqlStorage

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
OLD, NEW = {"blocks": ["old"]}, {"blocks": ["new"]}


async def test_revise_changes_only_rows_not_sent_yet(storage: SqlStorage) -> None:
    chats = [ChatRef("telegram", f"-{n}", ChatKind.GROUP) for n in (1, 2, 3, 4)]
    async with storage.unit() as uow:
        outbox = uow.get(OUTBOX)
        await outbox.enqueue("event-post:1", chats, OLD, NOW)
        await outbox.enqueue("other:1", chats[:1], OLD, NOW)
        sent, part, _, _ = await outbox.for_post("event-post:1")
        assert sent.id is not None
        assert part.id is not None
        await outbox.claim(NOW, 3, ["telegram"], "me", NOW + timedelta(minutes=2))
        await outbox.mark_sent(sent.id, NOW, "m1")
        await outbox.mark_part(part.id, 1, "m2")
        await outbox.mark_retry(part.id, 1, NOW, "timed out", owner="me")  # pending again
        await uow.commit()
    async with storage.unit() as uow:
        assert await uow.get(OUTBOX).revise("event-post:1", NEW) == 1
        await uow.commit()
    async with storage.unit() as uow:
        rows = await uow.get(OUTBOX).for_post("event-post:1")
        [other] = await uow.get(OUTBOX).for_post("other:1")
    assert [(r.chat.chat_id, r.message) for r in rows] == [
        ("-1", OLD),  # sent
        ("-2", OLD),  # its first part went out
        ("-3", OLD),  # being sent just now
        ("-4", NEW),
    ]
    assert rows[2].state is OutboxState.SENDING
    assert other.message == OLD
