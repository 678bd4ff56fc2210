"""The hot queries use an index, on SQLite and on PostgreSQL (EXPLAIN of what they send).

Each store call below runs on a small database while its statements are captured; each
SELECT is then explained with the same parameters. On PostgreSQL sequential scans are
switched off for the EXPLAIN (`enable_seqscan = off`): on a table this small the planner
would rightly prefer one, so what is checked is that an index *can* serve the query.
On SQLite, "SCAN t USING INDEX i" is a walk along an index in the order asked for (with
the LIMIT, it stops there); a plain "SCAN t" reads the whole table.

Left out: the open consultations, whose "still open" test (a closing date, or a
publication date plus `[feeds] assume_open_days`) no index can serve; there are a few
hundred at most, and the page reads only its LIMIT of them.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import event, text

from bot.model import ChatKind, ChatRef, Identity
from bot.stores import UnitOfWork
from bot.stores.audit import AUDIT
from bot.stores.consultations import CONSULTATIONS
from bot.stores.core import CONVERSATIONS, ConversationKey
from bot.stores.events import EVENTS
from bot.stores.ideas import IDEAS
from bot.stores.polls import POLLS
from bot.stores.scheduling import OUTBOX, SCHEDULE, ScheduledJob
from bot.stores.submissions import REVIEW_QUEUE, SUBMISSIONS
from storage.sql import SqlStorage

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
ANN = Identity("fake", "ann", "Ann")
Call = Callable[[UnitOfWork], Awaitable[Any]]


async def _seed(storage: SqlStorage) -> None:
    async with storage.unit() as uow:
        chats = [ChatRef("fake", f"g{n}", ChatKind.GROUP) for n in range(30)]
        await uow.get(OUTBOX).enqueue("seed", chats, {"blocks": []}, NOW)
        for n in range(30):
            await uow.get(SCHEDULE).add(ScheduledJob("noop", NOW + timedelta(hours=n), f"r{n}"))


async def _plans(storage: SqlStorage, call: Call) -> list[tuple[str, str]]:
    """Each SELECT `call` runs, with its query plan as one string."""
    captured: list[tuple[str, Any]] = []

    def capture(_c: Any, _cur: Any, statement: str, parameters: Any, *_rest: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            captured.append((statement, parameters))

    event.listen(storage.engine.sync_engine, "before_cursor_execute", capture)
    try:
        async with storage.unit() as uow:
            await call(uow)
    finally:
        event.remove(storage.engine.sync_engine, "before_cursor_execute", capture)
    plans = []
    async with storage.engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if not sqlite:
            await connection.execute(text("SET enable_seqscan = off"))
        for statement, parameters in captured:
            explain = "EXPLAIN QUERY PLAN " if sqlite else "EXPLAIN "
            rows = await connection.exec_driver_sql(explain + statement, parameters)
            plans.append((statement, " | ".join(str(row[-1]) for row in rows)))
        await connection.rollback()
    return plans


HOT: dict[str, tuple[str, Call]] = {
    "the outbox claim": (
        "outbox",
        lambda uow: uow.get(OUTBOX).claim(NOW, 200, ["fake"], "me", NOW + timedelta(minutes=1)),
    ),
    "the scheduler's due jobs": ("scheduled_jobs", lambda uow: uow.get(SCHEDULE).due(NOW, 100)),
    "the jobs added since the last sweep": (
        "scheduled_jobs",
        lambda uow: uow.get(SCHEDULE).pending(after_id=10),
    ),
    "a conversation": (
        "conversations",
        lambda uow: uow.get(CONVERSATIONS).load(ConversationKey("fake", "ann", "ann")),
    ),
    "drafts per consultation": (
        "submissions",
        lambda uow: uow.get(CONSULTATIONS).draft_counts([1, 2, 3]),
    ),
    "a member's drafts (/drafts)": (
        "submissions",
        lambda uow: uow.get(SUBMISSIONS).visible_to(ANN),
    ),
    "the review queue's page": (
        "submissions",
        lambda uow: uow.get(SUBMISSIONS).with_status_page(REVIEW_QUEUE, 0, 10),
    ),
    "the audit log (/audit)": ("audit_log", lambda uow: uow.get(AUDIT).latest(20)),
    "open polls (/polls)": ("polls", lambda uow: uow.get(POLLS).open_polls()),
    "a page of ideas (/ideas)": ("ideas", lambda uow: uow.get(IDEAS).open_page(0, 10)),
    "a page of events (/events all)": (
        "events",
        lambda uow: uow.get(EVENTS).one_offs_page(NOW, 0, 10),
    ),
    "the digest's counts of drafts and motions": (
        "submissions",
        lambda uow: uow.get(SUBMISSIONS).progress_counts(
            NOW - timedelta(days=7), NOW, NOW.date() - timedelta(days=7), NOW.date()
        ),
    ),
    "the digest's new ideas": (
        "ideas",
        lambda uow: uow.get(IDEAS).new_open(NOW - timedelta(days=7), NOW, 10),
    ),
    "the digest's poll turnouts": ("poll_ballots", lambda uow: uow.get(POLLS).turnouts([1, 2, 3])),
    "the repeating series still on (/events, reminders)": (
        "events",
        lambda uow: uow.get(EVENTS).repeating(NOW),
    ),
}


@pytest.mark.parametrize("name", HOT)
async def test_a_hot_query_uses_an_index(storage: SqlStorage, name: str) -> None:
    table, call = HOT[name]
    await _seed(storage)
    plans = [(sql, plan) for sql, plan in await _plans(storage, call) if table in sql]
    assert plans, f"{name}: no SELECT on {table} was run"
    for sql, plan in plans:
        if storage.engine.dialect.name == "sqlite":  # "SCAN t USING INDEX": an index walk
            assert re.search(rf"SCAN {table}( |$)(?!USING)", plan) is None, f"{name}: {plan}\n{sql}"
        else:
            assert f"Seq Scan on {table}" not in plan, f"{name}: {plan}\n{sql}"
