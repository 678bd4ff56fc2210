"""Migration 0011: co-authors once typed as names become plain text, with no access."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from alembic import command
from sqlalchemy import Connection, text

from bot.model import Identity
from bot.stores.submissions import NAMED_COAUTHORS, SUBMISSIONS
from storage.sql import SqlStorage, alembic_config

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


def to(revision: str) -> Callable[[Connection], None]:
    def run(connection: Connection) -> None:
        config = alembic_config(connection)
        if revision == "head":
            command.upgrade(config, "head")
        else:
            command.downgrade(config, revision)

    return run


async def test_name_only_coauthors_become_plain_text(storage_url: str) -> None:
    storage = SqlStorage(storage_url)
    try:
        await storage.upgrade()
        async with storage.engine.begin() as connection:
            await connection.run_sync(to("0010"))
            await connection.execute(
                text(
                    "INSERT INTO submissions (id, author_platform, author_user_id, author_name,"
                    " status, fields, show_name, created_at, updated_at) VALUES (1, 'telegram',"
                    " '42', 'Ann', 'draft', :fields, false, :now, :now)"
                ),
                {"fields": '{"title": "Buses"}', "now": NOW},
            )
            for position, name in enumerate(["Bob Smith", "@carol"]):
                await connection.execute(
                    text(
                        "INSERT INTO submission_coauthors (submission_id, position, name,"
                        " match_key) VALUES (1, :position, :name, :key)"
                    ),
                    {"position": position, "name": name, "key": name.casefold()},
                )
            await connection.run_sync(to("head"))
        async with storage.unit() as uow:
            store = uow.get(SUBMISSIONS)
            draft = await store.get(1)
            impostor = Identity("telegram", "666", "Bob Smith")
            assert await store.visible_to(impostor) == []
            assert await store.invitations(impostor) == []
        assert draft is not None
        assert draft.coauthors == []
        assert draft.fields[NAMED_COAUTHORS] == "Bob Smith, @carol"
        assert draft.title == "Buses"
    finally:
        await storage.close()
