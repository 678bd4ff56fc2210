"""An anonymous poll's ballots cannot be tied to a member: not through any command, not
in the export, not in the logs, not in the database after the close. Open polls can."""

from __future__ import annotations

import csv
import io
import logging

import pytest
from sqlalchemy import text

from adapters.fake import FakeAdapter
from bot.app import App
from bot.cli import QUIET_LOGGERS
from storage.sql import SqlStorage
from tests.commands.polls_support import GROUP, OFFICER, answer, in_group, make_poll
from tests.support import FrozenClock

VOTERS = {"ann": "3. NHS", "bob": "1. Buses"}
IDENTIFYING = ("ann", "bob", "Ann", "Bob")


def csv_rows(export: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(export)))


async def vote_and_export(app: App, fake: FakeAdapter, number: int) -> tuple[str, str, str]:
    """Vote, look at the poll as an officer while open and after the close, export it."""
    for user, label in VOTERS.items():
        await fake.press(label, user=user, group=GROUP)
    await fake.press("2. Housing", user="bob", group=GROUP)  # bob changes his vote
    await fake.command(f"/poll {number}", user=OFFICER)
    while_open = answer(fake, OFFICER).text
    await fake.command(f"/poll close {number}", user=OFFICER)
    await app.services.outbox.deliver_pending()
    await fake.command(f"/poll {number}", user=OFFICER)
    after = answer(fake, OFFICER).text + "\n" + in_group(fake)[-1].text
    await fake.command(f"/poll export {number}", user=OFFICER)
    attachment = answer(fake, OFFICER).message.attachment
    assert attachment is not None
    return while_open, after, attachment.content.decode()


async def test_anonymous_poll_reveals_turnout_only(
    app: App, fake: FakeAdapter, clock: FrozenClock, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)  # everything, as `clpbot run --log-level debug` logs
    for quiet in QUIET_LOGGERS:
        caplog.set_level(logging.WARNING, logger=quiet)
    number = await make_poll(app, fake)
    await fake.command(f"/poll export {number}", user=OFFICER)
    assert "only when it closes" in answer(fake, OFFICER).text  # hidden results: no peeking
    while_open, after, export = await vote_and_export(app, fake, number)
    assert "2 members have voted so far" in while_open
    assert "2 took part" in after
    rows = csv_rows(export)
    assert ["took part", "2"] in rows
    assert ["NHS", "1"] in rows
    assert ["Housing", "1"] in rows
    for seen in (while_open, after, export, caplog.text):
        for word in IDENTIFYING:
            assert word not in seen
    assert "voter" not in export


async def test_after_the_close_the_database_cannot_tie_ballots_to_members(
    app: App, fake: FakeAdapter, clock: FrozenClock
) -> None:
    number = await make_poll(app, fake)
    await vote_and_export(app, fake, number)
    assert isinstance(app.storage, SqlStorage)
    async with app.storage.engine.connect() as db:
        secret = await db.scalar(text("SELECT secret FROM polls WHERE id = :id"), {"id": number})
        ballots = (
            await db.execute(text("SELECT * FROM poll_ballots WHERE poll_id = :id"), {"id": number})
        ).all()
        drafts = await db.scalar(text("SELECT count(*) FROM poll_ballot_drafts"))
        outbox = (await db.execute(text("SELECT chat_id, message FROM outbox"))).all()
        conversations = (await db.execute(text("SELECT user_id FROM conversations"))).all()
    assert secret is None  # destroyed: voter keys can no longer be recomputed
    assert len(ballots) == 2
    assert all(row.person_id is None for row in ballots)
    assert set(ballots[0]._mapping) == {"poll_id", "voter_key", "choices", "person_id"}
    assert drafts == 0
    # confirmations went straight to the voters, never through a stored queue
    assert {chat for chat, _ in outbox} == {GROUP}
    assert not any(user in ("ann", "bob") for (user,) in conversations)


async def test_open_poll_export_lists_who_voted_what(
    app: App, fake: FakeAdapter, clock: FrozenClock
) -> None:
    number = await make_poll(app, fake, anonymous=False)
    _, _, export = await vote_and_export(app, fake, number)
    rows = csv_rows(export)
    assert ["Ann", "fake:ann", "NHS"] in rows
    assert ["Bob", "fake:bob", "Housing"] in rows
