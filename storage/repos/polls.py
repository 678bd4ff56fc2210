"""SQL implementation of polls and ballots.

Votes are upserts on the (poll, voter_key) primary key, guarded by the poll being open in
the same statement: simultaneous presses leave one row, and a vote racing the close
either lands before the close counts or is refused.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, delete, event, exists, func, insert, literal, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from bot.model import ChatKind, ChatRef, Identity
from bot.stores.polls import (
    DurableCast,
    NamedBallot,
    Poll,
    PollKind,
    PollOption,
    PollStatus,
    VoterView,
)
from storage.models.accounts import PersonIdentity
from storage.models.polls import BallotDraftRow, BallotRow, PollRow
from storage.repos.ballot_batcher import batcher_for
from storage.repos.poll_traces import traces_for
from storage.repos.voter_reads import VoterRead, voter_reads_for


def _poll(row: Any) -> Poll:
    """A poll from its row: an ORM `PollRow` or a Core row of the polls table."""
    return Poll(
        question=row.question,
        kind=PollKind(row.kind),
        options=[PollOption(o["label"], o.get("idea_id")) for o in row.options],
        deadline=row.deadline,
        created_at=row.created_at,
        chats=[ChatRef(p, c, ChatKind(k)) for p, c, k in row.chats],
        max_choices=row.max_choices,
        anonymous=row.anonymous,
        live_results=row.live_results,
        abstain=row.abstain,
        quorum=row.quorum,
        status=PollStatus(row.status),
        closed_at=row.closed_at,
        results=dict(row.results) if row.results is not None else None,
        id=row.id,
    )


_FOR_VOTER = (
    select(PollRow, PersonIdentity.person_id, PersonIdentity.display_name)
    .outerjoin(
        PersonIdentity,
        (PersonIdentity.platform == bindparam("platform"))
        & (PersonIdentity.user_id == bindparam("user")),
    )
    .where(PollRow.id == bindparam("poll"))
    .execution_options(populate_existing=True)
)
"""Built once: a vote burst spends more building the expression than running it."""


class SqlPollStore:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def create(self, poll: Poll, secret: bytes) -> Poll:
        row = PollRow(
            question=poll.question,
            kind=poll.kind.value,
            options=[{"label": o.label, "idea_id": o.idea_id} for o in poll.options],
            max_choices=poll.max_choices,
            anonymous=poll.anonymous,
            live_results=poll.live_results,
            abstain=poll.abstain,
            quorum=poll.quorum,
            deadline=poll.deadline,
            chats=[[c.platform, c.chat_id, c.kind.value] for c in poll.chats],
            status=poll.status.value,
            secret=secret,
            results=None,
            created_at=poll.created_at,
            closed_at=None,
        )
        self.session.add(row)
        await self.session.flush()
        poll.id = row.id
        return poll

    async def get(self, poll_id: int) -> Poll | None:
        row = await self.session.scalar(
            select(PollRow).where(PollRow.id == poll_id).execution_options(populate_existing=True)
        )
        return _poll(row) if row else None

    async def open_polls(self) -> list[Poll]:
        rows = await self.session.scalars(
            select(PollRow).where(PollRow.status == PollStatus.OPEN.value).order_by(PollRow.id)
        )
        return [_poll(r) for r in rows]

    async def latest(self, limit: int) -> list[Poll]:
        rows = await self.session.scalars(select(PollRow).order_by(PollRow.id.desc()).limit(limit))
        return [_poll(r) for r in rows]

    async def created_between(self, start: datetime, end: datetime) -> list[Poll]:
        rows = await self.session.scalars(
            select(PollRow)
            .where(PollRow.created_at >= start, PollRow.created_at < end)
            .order_by(PollRow.id)
        )
        return [_poll(r) for r in rows]

    async def secret(self, poll_id: int) -> bytes | None:
        return await self.session.scalar(
            select(PollRow.secret).where(
                PollRow.id == poll_id, PollRow.status == PollStatus.OPEN.value
            )
        )

    async def for_voter(self, poll_id: int, who: Identity) -> VoterView | None:
        """Read with the other votes arriving now (`VoterReads`), unless this event already
        holds a connection: then through it, since waiting for a second connection while
        holding one could empty the pool with every holder waiting for the next."""
        if self.session.in_transaction():
            found = (
                await self.session.execute(
                    _FOR_VOTER, {"poll": poll_id, "platform": who.platform, "user": who.user_id}
                )
            ).first()
            read = VoterRead(*found) if found is not None else VoterRead(None, None, None)
        else:
            engine = self.session.bind
            assert isinstance(engine, AsyncEngine)
            read = await voter_reads_for(engine).read(poll_id, who.platform, who.user_id)
        if read.poll is None:
            return None
        is_open = read.poll.status == PollStatus.OPEN.value
        return VoterView(
            poll=_poll(read.poll),
            secret=read.poll.secret if is_open else None,
            person_id=read.person_id if read.display_name == who.display_name else None,
        )

    async def cast(
        self, poll_id: int, voter_key: str, choices: tuple[int, ...], person_id: int | None
    ) -> bool:
        is_open = (PollRow.id == poll_id) & (PollRow.status == PollStatus.OPEN.value)
        if self._dialect == "postgresql":
            # a shared row lock: votes never wait for each other, the close waits for them
            locked = await self.session.scalar(
                select(PollRow.id).where(is_open).with_for_update(read=True)
            )
            if locked is None:
                return False
        insert = postgresql.insert if self._dialect == "postgresql" else sqlite.insert
        source = select(
            literal(poll_id),
            literal(voter_key),
            literal(list(choices), BallotRow.choices.type),
            literal(person_id, BallotRow.person_id.type),
        ).where(exists().where(is_open))
        statement = insert(BallotRow).from_select(
            ["poll_id", "voter_key", "choices", "person_id"], source
        )
        statement = statement.on_conflict_do_update(
            index_elements=["poll_id", "voter_key"],
            set_={"choices": statement.excluded.choices, "person_id": statement.excluded.person_id},
        )
        result = await self.session.execute(statement)
        return bool(getattr(result, "rowcount", 0))

    def durable_cast(self) -> DurableCast:
        engine = self.session.bind
        assert isinstance(engine, AsyncEngine)
        return batcher_for(engine).cast

    async def ballot(self, poll_id: int, voter_key: str) -> tuple[int, ...] | None:
        choices = await self.session.scalar(
            select(BallotRow.choices).where(
                BallotRow.poll_id == poll_id, BallotRow.voter_key == voter_key
            )
        )
        return tuple(choices) if choices is not None else None

    async def draft(self, poll_id: int, voter_key: str) -> tuple[int, ...]:
        choices = await self.session.scalar(
            select(BallotDraftRow.choices).where(
                BallotDraftRow.poll_id == poll_id, BallotDraftRow.voter_key == voter_key
            )
        )
        return tuple(choices or ())

    async def set_draft(self, poll_id: int, voter_key: str, choices: tuple[int, ...]) -> None:
        insert = postgresql.insert if self._dialect == "postgresql" else sqlite.insert
        statement = insert(BallotDraftRow).values(
            poll_id=poll_id, voter_key=voter_key, choices=list(choices)
        )
        await self.session.execute(
            statement.on_conflict_do_update(
                index_elements=["poll_id", "voter_key"],
                set_={"choices": statement.excluded.choices},
            )
        )

    async def ballots(self, poll_id: int) -> list[tuple[int, ...]]:
        rows = await self.session.scalars(
            select(BallotRow.choices).where(BallotRow.poll_id == poll_id)
        )
        return sorted(tuple(c) for c in rows)  # sorted: no storage order leaks out

    async def turnout(self, poll_id: int) -> int:
        count = await self.session.scalar(
            select(func.count()).select_from(BallotRow).where(BallotRow.poll_id == poll_id)
        )
        return int(count or 0)

    async def turnouts(self, poll_ids: Sequence[int]) -> dict[int, int]:
        found = dict.fromkeys(poll_ids, 0)
        if found:
            rows = await self.session.execute(
                select(BallotRow.poll_id, func.count())
                .where(BallotRow.poll_id.in_(list(found)))
                .group_by(BallotRow.poll_id)
            )
            found.update((int(poll_id), int(count)) for poll_id, count in rows)
        return found

    async def named_ballots(self, poll_id: int) -> list[NamedBallot]:
        rows = await self.session.execute(
            select(BallotRow.person_id, BallotRow.choices)
            .join(PollRow, PollRow.id == BallotRow.poll_id)
            .where(
                BallotRow.poll_id == poll_id,
                PollRow.anonymous.is_(False),
                BallotRow.person_id.is_not(None),
            )
            .order_by(BallotRow.person_id)
        )
        return [NamedBallot(int(person or 0), tuple(choices)) for person, choices in rows]

    async def close(self, poll_id: int, now: datetime) -> bool:
        result = await self.session.execute(
            update(PollRow)
            .where(PollRow.id == poll_id, PollRow.status == PollStatus.OPEN.value)
            .values(status=PollStatus.CLOSED.value, closed_at=now, secret=None)
            .execution_options(synchronize_session=False)
        )
        if not getattr(result, "rowcount", 0):
            return False
        await self.session.execute(delete(BallotDraftRow).where(BallotDraftRow.poll_id == poll_id))
        anonymous = await self.session.scalar(
            select(PollRow.anonymous).where(PollRow.id == poll_id)
        )
        if anonymous:
            await self._rewrite_ballots(poll_id)
        engine = self.session.bind
        assert isinstance(engine, AsyncEngine)
        eraser = traces_for(engine)
        event.listen(
            self.session.sync_session, "after_commit", lambda _: eraser.erase_soon(), once=True
        )
        return True

    async def _rewrite_ballots(self, poll_id: int) -> None:
        """Every ballot again, under a fresh random key and in that key's order, in the
        close's transaction: the rows' places (SQLite cells, PostgreSQL tuples and their
        transaction ids) no longer follow the order the votes came in, and no key can be
        recomputed from anything, not even a copy of the secret."""
        choices = list(
            await self.session.scalars(
                select(BallotRow.choices).where(BallotRow.poll_id == poll_id)
            )
        )
        await self.session.execute(delete(BallotRow).where(BallotRow.poll_id == poll_id))
        keys = sorted(secrets.token_hex(32) for _ in choices)
        rows = [
            {"poll_id": poll_id, "voter_key": key, "choices": ballot, "person_id": None}
            for key, ballot in zip(keys, choices, strict=True)
        ]
        if rows:
            await self.session.execute(insert(BallotRow), rows)

    async def traces_erased(self) -> None:
        engine = self.session.bind
        assert isinstance(engine, AsyncEngine)
        await traces_for(engine).settled()

    async def save_results(self, poll_id: int, results: dict[str, Any]) -> None:
        await self.session.execute(
            update(PollRow).where(PollRow.id == poll_id).values(results=results)
        )

    async def rekey(self, poll_id: int, old_key: str, new_key: str, person_id: int | None) -> None:
        for table in (BallotRow, BallotDraftRow):
            kept = await self.session.scalar(
                select(func.count())
                .select_from(table)
                .where(table.poll_id == poll_id, table.voter_key == new_key)
            )
            where = (table.poll_id == poll_id) & (table.voter_key == old_key)
            if kept:
                await self.session.execute(delete(table).where(where))
            else:
                values: dict[str, Any] = {"voter_key": new_key}
                if table is BallotRow and person_id is not None:
                    values["person_id"] = person_id
                await self.session.execute(
                    update(table)
                    .where(where)
                    .values(**values)
                    .execution_options(synchronize_session=False)
                )

    async def named_ballots_of(self, person_id: int) -> dict[int, tuple[int, ...]]:
        rows = await self.session.execute(
            select(BallotRow.poll_id, BallotRow.choices)
            .where(BallotRow.person_id == person_id)
            .order_by(BallotRow.poll_id)
        )
        return {int(poll): tuple(choices) for poll, choices in rows}

    async def delete_ballot(self, poll_id: int, voter_key: str) -> bool:
        is_open = await self.session.scalar(
            select(PollRow.id).where(PollRow.id == poll_id, PollRow.status == PollStatus.OPEN.value)
        )
        if is_open is None:
            return False
        removed = 0
        for table in (BallotRow, BallotDraftRow):
            result = await self.session.execute(
                delete(table).where(table.poll_id == poll_id, table.voter_key == voter_key)
            )
            removed += int(getattr(result, "rowcount", 0) or 0) if table is BallotRow else 0
        return bool(removed)

    async def unlink_person(self, person_id: int) -> int:
        result = await self.session.execute(
            update(BallotRow)
            .where(BallotRow.person_id == person_id)
            .values(person_id=None)
            .execution_options(synchronize_session=False)
        )
        return int(getattr(result, "rowcount", 0) or 0)

    async def idea_ids_in_polls(self) -> set[int]:
        found: set[int] = set()
        for options in await self.session.scalars(select(PollRow.options)):
            found.update(int(o["idea_id"]) for o in options if o.get("idea_id") is not None)
        return found

    @property
    def _dialect(self) -> str:
        return self.session.get_bind().dialect.name
