"""Office holdings on SQLite and PostgreSQL: by person, read through any linked account."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.model import Identity
from bot.stores.accounts import ACCOUNTS
from bot.stores.offices import OFFICES, Holding
from storage.sql import SqlStorage

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
PAT_TG = Identity("telegram", "1", "Pat")
PAT_DC = Identity("discord", "2", "Pat D")
SAM = Identity("telegram", "3", "Sam")


async def test_holdings_follow_the_person(storage: SqlStorage) -> None:
    async with storage.unit() as uow:
        accounts, offices = uow.get(ACCOUNTS), uow.get(OFFICES)
        pat, pat_dc, sam = [await accounts.person_of(who, NOW) for who in (PAT_TG, PAT_DC, SAM)]
        assert await offices.grant(Holding("Chair", pat, "console:x", NOW)) is not None
        assert await offices.grant(Holding("Chair", pat, "console:x", NOW)) is None
        later = NOW + timedelta(days=1)
        assert await offices.grant(Holding("Youth Officer", pat_dc, "telegram:1", later))
        assert await offices.grant(Holding("Chair", pat_dc, "telegram:1", later))
        assert await offices.grant(Holding("Youth Officer", sam, "telegram:1", later))
        await accounts.merge(pat, pat_dc)
        await offices.merge_people(pat, pat_dc)
    async with storage.unit() as uow:
        offices = uow.get(OFFICES)
        assert await offices.offices_of(PAT_DC) == ["Chair", "Youth Officer"]
        assert await offices.offices_of(PAT_TG) == ["Chair", "Youth Officer"]
        assert await offices.offices_of(Identity("telegram", "9", "Nobody")) == []
        held = await offices.holdings()
        assert [(h.office, h.person_id == pat) for h in held] == [
            ("Chair", True),
            ("Youth Officer", True),
            ("Youth Officer", False),
        ]
        assert len(await offices.holders_of(["Youth Officer"])) == 2
        assert await offices.holders_of([]) == []
        assert await offices.forget_granter({"telegram:1"}, "(erased)") == 2
        youth = held[1]
        assert youth.id is not None
        assert await offices.revoke(youth.id)
        assert not await offices.revoke(youth.id)
        assert await offices.get(youth.id) is None
        assert await offices.forget(pat) == 1
        assert [h.granted_by for h in await offices.holdings()] == ["(erased)"]
