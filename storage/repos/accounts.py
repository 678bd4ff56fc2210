"""SQL implementation of linked identities and link codes."""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from bot.model import Identity
from bot.stores.accounts import LinkCode
from storage.models.accounts import LinkCodeRow, Person, PersonIdentity


class SqlAccountStore:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def person_of(self, who: Identity, now: datetime) -> int:
        row = await self.session.get(PersonIdentity, (who.platform, who.user_id))
        if row is not None:
            if row.display_name != who.display_name:
                row.display_name = who.display_name
            return row.person_id
        person = Person(id=await self._unused_person_id())
        self.session.add(person)
        await self.session.flush()
        # two first-sight events of one member at once (a burst): the second insert waits
        # for the first's commit, then does nothing, and the first's person is the one
        insert = postgresql.insert if self._dialect == "postgresql" else sqlite.insert
        await self.session.execute(
            insert(PersonIdentity)
            .values(
                platform=who.platform,
                user_id=who.user_id,
                person_id=person.id,
                display_name=who.display_name,
            )
            .on_conflict_do_nothing()
        )
        found = await self.find_person(who)
        assert found is not None
        if found != person.id:
            await self.session.delete(person)
            await self.session.flush()
        return found

    @property
    def _dialect(self) -> str:
        return self.session.get_bind().dialect.name

    async def find_person(self, who: Identity) -> int | None:
        return await self.session.scalar(
            select(PersonIdentity.person_id).where(
                PersonIdentity.platform == who.platform, PersonIdentity.user_id == who.user_id
            )
        )

    async def _unused_person_id(self) -> int:
        """A random id (1 to 2**31 - 1, PostgreSQL's integer): a sequence would number
        people in the order they were first seen, which is the order of their first votes."""
        while True:
            candidate = secrets.randbelow(2**31 - 1) + 1
            if await self.session.get(Person, candidate) is None:
                return candidate

    async def identities(self, person_id: int) -> list[Identity]:
        rows = await self.session.scalars(
            select(PersonIdentity)
            .where(PersonIdentity.person_id == person_id)
            .order_by(PersonIdentity.platform)
        )
        return [Identity(r.platform, r.user_id, r.display_name) for r in rows]

    async def save_code(self, code_hash: str, code: LinkCode) -> None:
        await self.session.execute(
            delete(LinkCodeRow).where(LinkCodeRow.person_id == code.person_id)
        )
        self.session.add(
            LinkCodeRow(
                code_hash=code_hash,
                person_id=code.person_id,
                platform=code.platform,
                expires_at=code.expires_at,
            )
        )
        await self.session.flush()

    async def take_code(self, code_hash: str, now: datetime) -> LinkCode | None:
        row = await self.session.get(LinkCodeRow, code_hash)
        if row is None:
            return None
        code = LinkCode(row.person_id, row.platform, row.expires_at)
        result = await self.session.execute(
            delete(LinkCodeRow).where(LinkCodeRow.code_hash == code_hash)
        )
        if not getattr(result, "rowcount", 0):
            return None  # someone else used it at the same moment
        return code if code.expires_at > now else None

    async def merge(self, keep: int, gone: int) -> None:
        await self.session.execute(
            update(PersonIdentity)
            .where(PersonIdentity.person_id == gone)
            .values(person_id=keep)
            .execution_options(synchronize_session=False)
        )
        await self.session.execute(delete(LinkCodeRow).where(LinkCodeRow.person_id == gone))
        self.session.expunge_all()

    async def forget(self, person_id: int) -> int:
        await self.session.execute(delete(LinkCodeRow).where(LinkCodeRow.person_id == person_id))
        result = await self.session.execute(
            delete(PersonIdentity).where(PersonIdentity.person_id == person_id)
        )
        await self.session.execute(delete(Person).where(Person.id == person_id))
        self.session.expunge_all()
        return int(getattr(result, "rowcount", 0) or 0)
