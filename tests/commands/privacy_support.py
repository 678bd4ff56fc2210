"""A member, Ann, with data in every feature on two linked platforms (telegram "ann" and
discord "ann-dc"), for the /mydata, /forgetme and audit tests. Bob and Olive (an officer)
have data of their own that must survive Ann's erasure."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from adapters.fake import FakeAdapter
from bot.app import App
from bot.config import Config
from bot.model import Identity
from bot.stores.accounts import ACCOUNTS
from bot.stores.events import EVENTS
from bot.stores.ideas import IDEAS, Idea, IdeaStatus
from bot.stores.polls import POLLS, Poll, PollKind, PollOption
from bot.stores.submissions import SUBMISSIONS, CoAuthor, Draft, HistoryEntry, Kind, Status
from tests.commands.events_support import seed_event
from tests.commands.polls_support import GROUP, make_poll
from tests.commands.submit_support import send_submission
from tests.support import make_config

ANN_TG = Identity("telegram", "ann", "Ann")
ANN_DC = Identity("discord", "ann-dc", "Ann-Dc")
BOB = Identity("telegram", "bob", "Bob")
OLIVE = Identity("telegram", "olive", "Olive")


def privacy_config(storage_url: str) -> Config:
    return make_config(
        storage_url,
        telegram={"enabled": True, "token": "1:x", "officers_chat": -999},
        discord={"enabled": True, "token": "x", "guild_ids": [1]},
    )


def platforms() -> tuple[FakeAdapter, FakeAdapter]:
    return (
        FakeAdapter(platform="telegram", officers={"olive"}),
        FakeAdapter(platform="discord", officers={"olive"}),
    )


@dataclass
class Seeded:
    """The numbers of what was made for Ann (and for others, to check they survive)."""

    person: int
    sent_draft: int
    """In review (not yet sent by the CLP): deleted by /forgetme."""
    forum_draft: int
    """Submitted to the Policy Forum, with a co-author: kept without names."""
    discord_draft: int
    """An unfinished draft on the linked Discord account: deleted."""
    bobs_draft: int
    """Bob's, naming Ann as a co-author: Ann's name comes off."""
    event: int
    plain_idea: int
    poll_idea: int
    promoted_idea: int
    bobs_idea: int
    open_poll: int
    closed_poll: int
    idea_poll: int


def link_code(text: str) -> str:
    found = re.search(r"Your link code: (\S+)", text)
    assert found, text
    return found.group(1)


async def seed_everything(app: App, tg: FakeAdapter, dc: FakeAdapter) -> Seeded:
    """Give Ann data in every feature, on both platforms, through commands where cheap."""
    clock_now = app.services.clock()
    # /link: one person on both platforms
    await tg.command("/link", user="ann")
    await dc.command(f"/link {link_code(tg.last().text)}", user="ann-dc")
    assert "Linked" in dc.last().text
    # submissions: one sent through /submit (this also records the code of conduct)
    await send_submission(tg, "ann", title="Safer crossings")
    async with app.storage.unit() as uow:
        person = await uow.get(ACCOUNTS).person_of(ANN_TG, clock_now)
        drafts = uow.get(SUBMISSIONS)
        [sent] = [d for d in await drafts.authored_by(ANN_TG) if d.title == "Safer crossings"]
        assert sent.status is Status.IN_REVIEW
        forum = await drafts.add(
            Draft(
                author=ANN_TG,
                created_at=clock_now - timedelta(days=60),
                updated_at=clock_now - timedelta(days=10),
                author_chat_id="ann",
                kind=Kind.SUBMISSION,
                status=Status.SUBMITTED,
                fields={"title": "Night buses", "problem": "No buses", "proposal": "Buses"},
                coauthors=[CoAuthor(Identity("telegram", "cat", "Cat"), accepted=True)],
                show_name=True,
                forum_submitted_on=date(2026, 2, 20),
            )
        )
        assert forum.id is not None
        for actor, action in ((ANN_TG, "sent for review"), (OLIVE, "marked submitted")):
            await drafts.record(
                HistoryEntry(forum.id, actor.display_name, actor.key, action, clock_now)
            )
        on_discord = await drafts.add(
            Draft(author=ANN_DC, created_at=clock_now, updated_at=clock_now, fields={"title": "X"})
        )
        bobs = await drafts.add(
            Draft(
                author=BOB,
                created_at=clock_now,
                updated_at=clock_now,
                kind=Kind.MOTION,
                fields={"title": "Bob's motion"},
                coauthors=[
                    CoAuthor(ANN_TG, accepted=True),
                    CoAuthor(Identity("telegram", "dan", "Dan"), accepted=True),
                ],
            )
        )
        # ideas: one plain, one in a poll, one turned into a draft; Ann supports Bob's
        ideas = uow.get(IDEAS)
        plain = await ideas.add(Idea("Free school meals", person, clock_now))
        in_poll = await ideas.add(Idea("Night tube", person, clock_now))
        promoted = await ideas.add(Idea("Rent caps", person, clock_now, status=IdeaStatus.PROMOTED))
        bob_person = await uow.get(ACCOUNTS).person_of(BOB, clock_now)
        bobs_idea = await ideas.add(Idea("More libraries", bob_person, clock_now))
        assert bobs_idea.id is not None
        assert in_poll.id is not None
        await ideas.support(bobs_idea.id, person, clock_now)
        await ideas.support(bobs_idea.id, bob_person, clock_now)
        idea_poll = await uow.get(POLLS).create(
            Poll(
                "Which idea?",
                PollKind.SINGLE,
                [PollOption("Night tube", in_poll.id), PollOption("Other")],
                clock_now + timedelta(days=3),
                clock_now,
            ),
            b"s" * 32,
        )
    # events: Ann takes the last place (with access needs), Bob waits
    event = await seed_event(app, capacity=1)
    await tg.command(f"/rsvp {event}", user="ann")
    await tg.command(f"/rsvp {event}", user="bob")
    assert "waiting list" in tg.last().text
    async with app.storage.unit() as uow:
        assert await uow.get(EVENTS).set_access_needs(event, ANN_TG, "Step-free access")
    # polls: an open-ballot poll Ann voted in, closed; an anonymous one still open
    closed = await make_poll(app, tg, options=("Monday", "Tuesday"), anonymous=False)
    await tg.press("1. Monday", user="ann", group=GROUP)
    await tg.press("2. Tuesday", user="bob", group=GROUP)
    await tg.command(f"/poll close {closed}", user="olive")
    opened = await make_poll(app, tg)
    await dc.press(f"vote:{opened}:2", user="ann-dc")
    await tg.press("1. Buses", user="bob", group=GROUP)
    # subscriptions on both platforms; an unfinished /submit on Discord
    await tg.command("/subscribe", user="ann")
    await dc.command("/subscribe", user="ann-dc")
    await dc.command("/submit", user="ann-dc")
    await dc.press("I agree to follow it", user="ann-dc")
    await dc.press("Start a new one", user="ann-dc")  # the unfinished draft "X" is offered
    assert "step 1" in dc.last().text.lower()
    # a role change recorded in the audit log: Ann was an officer for a while
    tg.officers.add("ann")
    await tg.command("/whoami", user="ann")
    tg.officers.discard("ann")
    await tg.command("/whoami", user="ann")
    assert sent.id
    assert on_discord.id
    assert bobs.id
    assert plain.id
    assert promoted.id
    assert idea_poll.id
    return Seeded(
        person=person,
        sent_draft=sent.id,
        forum_draft=forum.id,
        discord_draft=on_discord.id,
        bobs_draft=bobs.id,
        event=event,
        plain_idea=plain.id,
        poll_idea=in_poll.id,
        promoted_idea=promoted.id,
        bobs_idea=bobs_idea.id,
        open_poll=opened,
        closed_poll=closed,
        idea_poll=idea_poll.id,
    )


def json_attachment(fake: FakeAdapter, user: str) -> dict[str, Any]:
    [sent] = [s for s in fake.sent if s.to_user == user and s.message.attachment is not None][-1:]
    attachment = sent.message.attachment
    assert attachment is not None
    assert attachment.filename.endswith(".json")
    data: dict[str, Any] = json.loads(attachment.content.decode("utf-8"))
    return data
