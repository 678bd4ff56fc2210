"""The audit store, and the erasure methods of the member and account stores, on SQLite and
PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.model import Identity
from bot.privacy import ERASED
from bot.stores.accounts import ACCOUNTS
from bot.stores.audit import AUDIT, AuditEntry
from bot.stores.core import MEMBERS
from storage.sql import SqlStorage

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
ANN = Identity("telegram", "ann", "Ann")


def entry(key: str, role: str, action: str, days_ago: float) -> AuditEntry:
    name = key.split(":")[1].title()
    return AuditEntry(name, key, role, action, "poll #1", NOW - timedelta(days=days_ago))


async def test_latest_anonymise_and_delete_before(storage: SqlStorage) -> None:
    async with storage.unit() as uow:
        audit = uow.get(AUDIT)
        await audit.add(entry("telegram:ann", "officer", "poll.close", 3))
        await audit.add(entry("telegram:ann", "member", "role.change", 2))
        await audit.add(entry("discord:ann", "member", "role.change", 1))
        await audit.add(entry("telegram:olive", "officer", "poll.create", 0))
    async with storage.unit() as uow:
        audit = uow.get(AUDIT)
        assert [e.action for e in await audit.latest(2)] == ["poll.create", "role.change"]
        mine = await audit.by_actors({"telegram:ann", "discord:ann"})
        assert [e.action for e in mine] == ["poll.close", "role.change", "role.change"]
        assert await audit.anonymise({"telegram:ann", "discord:ann"}, {"officer"}) == (2, 1)
    async with storage.unit() as uow:
        audit = uow.get(AUDIT)
        names = [(e.actor_name, e.actor_key) for e in await audit.latest(10)]
        assert names == [
            ("Olive", "telegram:olive"),
            (ERASED, ""),
            (ERASED, ""),
            ("Ann", "telegram:ann"),  # an officer's action keeps who did it
        ]
        assert await audit.delete_before(NOW - timedelta(days=1, hours=12)) == 2
        assert len(await audit.latest(10)) == 2


async def test_last_role_is_stored_only_for_officers_and_changes(storage: SqlStorage) -> None:
    async with storage.unit() as uow:
        members = uow.get(MEMBERS)
        assert await members.note_role(ANN, "member", NOW) is None
        assert await members.record_of(ANN) is None  # a member's first sight stores nothing
        assert await members.note_role(ANN, "officer", NOW) == "member"
        assert await members.note_role(ANN, "officer", NOW) is None
        assert await members.note_role(ANN, "member", NOW) == "officer"
        record = await members.record_of(ANN)
        assert record is not None
        assert record.last_role == "member"
        assert await members.forget(ANN)
        assert await members.record_of(ANN) is None
        assert not await members.forget(ANN)


async def test_forgetting_a_person_removes_identities_and_codes(storage: SqlStorage) -> None:
    async with storage.unit() as uow:
        accounts = uow.get(ACCOUNTS)
        person = await accounts.person_of(ANN, NOW)
        other = await accounts.person_of(Identity("discord", "ann", "Ann"), NOW)
        await accounts.merge(person, other)
    async with storage.unit() as uow:
        accounts = uow.get(ACCOUNTS)
        assert len(await accounts.identities(person)) == 2
        assert await accounts.forget(person) == 2
    async with storage.unit() as uow:
        accounts = uow.get(ACCOUNTS)
        assert await accounts.identities(person) == []
        assert await accounts.person_of(ANN, NOW) != person  # a new start
