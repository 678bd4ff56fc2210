"""After an anonymous poll closes, the database files themselves tie no ballot to a member.

Six members vote (one changes her mind, one more never submits), an officer closes the
poll, and then the raw files are searched: SQLite's main file and WAL (a backup taken then
is the main file), and on PostgreSQL the heap and index files of the poll tables, read from
the data directory (`pg_relation_filepath`, after a CHECKPOINT), with pageinspect for the
tuple headers. Not there: the poll's secret, any voter key the secret made, a dead row
version, a sequence or time that orders the ballots or the people who cast them.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.ext.asyncio import AsyncConnection

from adapters.fake import FakeAdapter
from bot.app import App
from storage.repos.poll_traces import traces_for
from storage.sql import SqlStorage
from tests.commands.polls_support import GROUP, OFFICER, make_poll
from tests.support import FrozenClock, make_config, running_app

VOTERS = ("ann", "bob", "cat", "dan", "eve", "fay")
DRAFTER = "gus"
"""Builds a ballot and never submits it: the close deletes the draft, key and all."""
OPTIONS = ("Buses", "Housing", "NHS", "Schools", "Energy", "Parks")
TABLES = ("polls", "poll_ballots", "poll_ballot_drafts")


@pytest.fixture
async def app(storage_url: str, clock: FrozenClock) -> AsyncIterator[App]:
    async with running_app(make_config(storage_url), FakeAdapter(officers={OFFICER})) as app:
        yield app


def fake_of(app: App) -> FakeAdapter:
    adapter = app.services.adapters["fake"]
    assert isinstance(adapter, FakeAdapter)
    return adapter


def engine_of(app: App) -> SqlStorage:
    assert isinstance(app.storage, SqlStorage)
    return app.storage


def voter_key(secret: bytes, person: int) -> str:
    return hmac.new(secret, f"person:{person}".encode(), hashlib.sha256).hexdigest()


async def vote_then_close(app: App) -> tuple[bytes, list[str], list[int]]:
    """The secret, the voter keys it made, and the voters' person ids, read before the
    close (as anyone with the database could); then the poll is closed."""
    fake = fake_of(app)
    number = await make_poll(app, fake, options=OPTIONS, kind="multiple", most=2)
    for option, user in enumerate(VOTERS):  # each voter's choice tells who they are
        await fake.press(f"vote:{number}:{option}", user=user, group=GROUP)
        await fake.press(f"vote:{number}:submit", user=user, group=GROUP)
    await fake.press(f"vote:{number}:{len(VOTERS) - 1}", user="ann", group=GROUP)
    await fake.press(f"vote:{number}:submit", user="ann", group=GROUP)  # she changes it
    await fake.press(f"vote:{number}:2", user=DRAFTER, group=GROUP)  # never submitted
    async with engine_of(app).engine.connect() as db:
        secret = await db.scalar(text("SELECT secret FROM polls WHERE id = :id"), {"id": number})
        people = [
            int(
                await db.scalar(
                    text("SELECT person_id FROM person_identities WHERE user_id = :u"), {"u": u}
                )
            )
            for u in (*VOTERS, DRAFTER)
        ]
        keys_then = set(await db.scalars(text("SELECT voter_key FROM poll_ballots")))
        drafts_then = set(await db.scalars(text("SELECT voter_key FROM poll_ballot_drafts")))
    assert isinstance(secret, bytes)
    keys = [voter_key(secret, person) for person in people]
    assert keys_then == set(keys[:-1])  # the test reads what an attacker would
    assert voter_key(secret, people[-1]) in drafts_then
    await fake.command(f"/poll close {number}", user=OFFICER)
    assert f"Closed poll #{number}" in fake.pop_all()[-1].text
    return secret, keys, people


def file_bytes(path: Path) -> bytes:
    return path.read_bytes()


def assert_nothing_ties(blob: bytes, secret: bytes, keys: list[str], where: str) -> None:
    assert secret not in blob, f"the poll's secret is still in {where}"
    assert secret.hex().encode() not in blob, f"the poll's secret (hex) is still in {where}"
    for key in keys:
        assert key.encode() not in blob, f"a voter key the secret made is still in {where}"


async def test_the_database_files_after_the_close(app: App) -> None:
    secret, keys, people = await vote_then_close(app)
    if engine_of(app).engine.dialect.name == "sqlite":
        await search_sqlite_files(app, secret, keys, people)
    else:
        await search_postgresql_heap(app, secret, keys, people)


async def search_sqlite_files(app: App, secret: bytes, keys: list[str], people: list[int]) -> None:
    database = Path(engine_of(app).engine.url.database or "")
    files = sorted(database.parent.glob(database.name + "*"))
    assert database in files
    for path in files:
        assert_nothing_ties(file_bytes(path), secret, keys, path.name)
    async with engine_of(app).engine.connect() as db:
        await assert_no_order(db, keys, people)
        with pytest.raises(Exception, match="rowid"):
            await db.execute(text("SELECT rowid FROM poll_ballots"))
        stored = list(await db.scalars(text("SELECT voter_key FROM poll_ballots")))
    # the cells lie in the file in the order of their new random keys, nothing else
    blob = file_bytes(database)
    offsets = [blob.index(key.encode()) for key in sorted(stored)]
    assert offsets in (sorted(offsets), sorted(offsets, reverse=True))


async def search_postgresql_heap(
    app: App, secret: bytes, keys: list[str], people: list[int]
) -> None:
    async with engine_of(app).engine.connect() as db:
        await db.execute(text("CHECKPOINT"))  # what the server holds in memory, on disk
        directory = Path(str(await db.scalar(text("SHOW data_directory"))))
        relations = [
            *TABLES,
            *await db.scalars(
                text("SELECT indexname FROM pg_indexes WHERE tablename = ANY(:t)"),
                {"t": list(TABLES)},
            ),
        ]
        paths = {
            name: directory / str(await db.scalar(text(f"SELECT pg_relation_filepath('{name}')")))
            for name in relations
        }
        await assert_no_order(db, keys, people)
        await assert_no_dead_tuples(db)
        await db.commit()
    if not all(path.exists() for path in paths.values()):
        pytest.skip("the data directory is not readable here (run as root on the server)")
    for name, path in paths.items():
        assert_nothing_ties(file_bytes(path), secret, keys, f"{name} ({path})")


async def assert_no_order(db: AsyncConnection, keys: list[str], people: list[int]) -> None:
    ballots = (await db.execute(text("SELECT * FROM poll_ballots"))).all()
    assert len(ballots) == len(VOTERS)
    assert {row.voter_key for row in ballots}.isdisjoint(keys)
    assert all(row.person_id is None for row in ballots)
    assert set(ballots[0]._mapping) == {"poll_id", "voter_key", "choices", "person_id"}
    assert await db.scalar(text("SELECT count(*) FROM poll_ballot_drafts")) == 0
    columns = await db.run_sync(
        lambda sync: [c["name"] for c in inspect(sync).get_columns("persons")]
    )
    assert columns == ["id"]  # no time of first sight
    assert sorted(people) != list(range(min(people), min(people) + len(people)))
    if db.dialect.name == "postgresql":  # one transaction wrote every ballot, in key order
        xmins = set(await db.scalars(text("SELECT xmin::text FROM poll_ballots")))
        assert len(xmins) == 1
        by_place = list(await db.scalars(text("SELECT voter_key FROM poll_ballots ORDER BY ctid")))
        assert by_place == sorted(by_place)


async def assert_no_dead_tuples(db: AsyncConnection) -> None:
    """pageinspect: the poll tables' pages hold exactly their live rows, each once (VACUUM
    FULL left no old row version behind, and no free space holding one)."""
    await db.execute(text("CREATE EXTENSION IF NOT EXISTS pageinspect"))
    for table in TABLES:
        rows = int(await db.scalar(text(f"SELECT count(*) FROM {table}")))
        pages = int(await db.scalar(text(f"SELECT pg_relation_size('{table}') / 8192")))
        items: list[object] = []
        for page in range(pages):
            found = await db.execute(
                text(f"SELECT lp_flags FROM heap_page_items(get_raw_page('{table}', {page}))")
            )
            items += [flags for (flags,) in found]
        assert items == [1] * rows, (table, rows, items)  # 1: a normal, live tuple


async def test_sqlite_zeroes_deleted_rows_and_truncates_the_wal(storage: SqlStorage) -> None:
    """secure_delete: a deleted row's bytes do not stay in the page's free space (here some
    ballots being built are deleted, others stay), and the checkpoint empties the WAL.
    Debian builds SQLite with secure_delete on by default, other builds (macOS, some
    wheels) do not: the engine turns it on for every connection, whatever the build."""
    if storage.engine.dialect.name != "sqlite":
        pytest.skip("SQLite's secure_delete and WAL")
    async with storage.engine.connect() as db:
        assert await db.scalar(text("PRAGMA secure_delete")) == 1
    gone = [f"gone{n:02}".ljust(64, "x") for n in range(10)]
    kept = [f"kept{n:02}".ljust(64, "y") for n in range(10)]
    async with storage.engine.begin() as db:
        await db.execute(
            text(
                "INSERT INTO polls (question, kind, options, max_choices, anonymous,"
                " live_results, deadline, chats, status, created_at)"
                " VALUES ('q', 'single', '[]', 1, 1, 0, '2026-01-01', '[]', 'open', '2026-01-01')"
            )
        )
        for key in gone + kept:
            await db.execute(
                text("INSERT INTO poll_ballot_drafts VALUES (1, :k, '[0]')"), {"k": key}
            )
    async with storage.engine.begin() as db:
        await db.execute(text("DELETE FROM poll_ballot_drafts WHERE voter_key LIKE 'gone%'"))
    eraser = traces_for(storage.engine)
    eraser.erase_soon()
    await eraser.settled()
    database = Path(storage.engine.url.database or "")
    wal = database.with_name(database.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0
    blob = file_bytes(database)
    assert all(key.encode() in blob for key in kept)
    assert not any(key.encode() in blob for key in gone)
