"""Limits per member on ideas: so many an hour (by person, linked accounts together, safe
against a burst), a close match offered to support instead, and editing or withdrawing
one's own idea until others support it."""

from __future__ import annotations

import asyncio
import uuid

from adapters.fake import FakeAdapter
from bot.app import App
from bot.config import Config
from bot.stores.accounts import ACCOUNTS
from bot.stores.ideas import IDEAS, IdeaStatus
from tests.commands.test_link import code_in
from tests.support import FrozenClock, make_config, running_app

LIMIT_TEXT = "in the last hour, the most one member can"


async def add(fake: FakeAdapter, text: str, user: str = "ann") -> int:
    await fake.command(f"/idea {text}", user=user)
    reply = fake.pop_all()[-1].text
    assert "is recorded" in reply, reply
    return int(reply.split("#")[1].split(" ")[0])


async def test_five_an_hour_then_the_time_of_the_next_and_the_text_kept(
    app: App, fake: FakeAdapter, clock: FrozenClock
) -> None:
    for _ in range(5):
        await add(fake, f"Idea number {uuid.uuid4().hex}")
        clock.advance(minutes=10)
    await fake.command("/idea 3: More youth workers in every ward")
    refusal = fake.last().text
    assert "You have put forward 5 ideas in the last hour" in refusal
    assert "You can add your next at 11:00 (Europe/London time)" in refusal
    assert "nothing is lost:\n\n3: More youth workers in every ward" in refusal
    clock.advance(minutes=10)  # 10:00 UTC + 1 h: the first leaves the hour
    await add(fake, "3: More youth workers in every ward")
    await fake.command("/idea Something else", user="bob")  # others are not limited
    assert "is recorded" in fake.last().text


async def test_the_limit_comes_from_config_and_the_next_time_is_local(
    sqlite_url: str, clock: FrozenClock
) -> None:
    clock.now = clock.now.replace(month=7, hour=22, minute=30, second=15)  # BST
    config = make_config(sqlite_url, ideas={"per_member_per_hour": 2})
    fake = FakeAdapter()
    async with running_app(config, fake, clock=clock):
        await add(fake, "Night buses")
        await add(fake, "Library hours")
        await fake.command("/idea Street lights")
        refusal = fake.last().text
        assert "You have put forward 2 ideas in the last hour" in refusal
        assert "at 00:31 on Friday 3 July (Europe/London time)" in refusal


async def test_linked_accounts_count_together(config: Config, clock: FrozenClock) -> None:
    tg = FakeAdapter(platform="tg")
    dc = FakeAdapter(platform="dc")
    async with running_app(config, tg, dc, clock=clock):
        await tg.command("/link", user="ann")
        await dc.command(f"/link {code_in(tg.last().text)}", user="ann-dc")
        for _ in range(3):
            await add(tg, f"Telegram idea {uuid.uuid4().hex}")
        for _ in range(2):
            await add(dc, f"Discord idea {uuid.uuid4().hex}", user="ann-dc")
        await dc.command("/idea One too many", user="ann-dc")
        assert "You have put forward 5 ideas" in dc.last().text
        await tg.command("/idea One too many")
        assert "You have put forward 5 ideas" in tg.last().text


async def test_a_burst_of_300_at_once_stores_only_the_limit(
    storage_url: str, clock: FrozenClock
) -> None:
    """300 /idea events of one member the bot has never seen, in 300 chats (so none waits
    for another's conversation), at the same moment: exactly the limit is stored, on both
    databases."""
    fake = FakeAdapter()
    async with running_app(make_config(storage_url), fake, clock=clock) as app:
        await asyncio.gather(
            *(fake.command(f"/idea Burst {uuid.uuid4().hex}", group=f"g{n}") for n in range(300))
        )
        replies = fake.pop_all()
        assert sum("is recorded" in r.text for r in replies) == 5
        assert sum(LIMIT_TEXT in r.text for r in replies) == 295
        assert not [r.text for r in replies if "Sorry" in r.text]
        async with app.storage.unit() as uow:
            person = (await uow.get(IDEAS).open_ideas())[0].author_person_id
            assert person is not None
            assert len(await uow.get(IDEAS).by_author(person)) == 5


async def test_a_close_match_is_offered_to_support_instead(
    app: App, fake: FakeAdapter, clock: FrozenClock
) -> None:
    theirs = await add(fake, "Free bus travel for under-25s", user="bob")
    await fake.command("/idea free bus travel for the under 25s")
    offer = fake.last()
    assert f"Idea #{theirs} is much like yours: “Free bus travel for under-25s”" in offer.text
    assert "nothing is lost:\n\nfree bus travel for the under 25s" in offer.text
    assert offer.labels == [f"Support that one (#{theirs})", "Add mine anyway"]
    await fake.press(f"Support that one (#{theirs})")
    assert f"you support idea #{theirs}" in fake.last().text
    await fake.press("Add mine anyway", user="cat")  # not cat's idea: pressed on ann's chat
    async with app.storage.unit() as uow:
        assert len(await uow.get(IDEAS).open_ideas()) == 1
    await fake.press("Add mine anyway")
    assert "is recorded" in fake.last().text
    async with app.storage.unit() as uow:
        texts = [i.text for i in await uow.get(IDEAS).open_ideas()]
    assert sorted(texts) == ["Free bus travel for under-25s", "free bus travel for the under 25s"]
    await add(fake, "Free buses for everyone on Sundays", user="dan")  # not close: no offer


async def test_another_member_cannot_press_add_mine_anyway(
    app: App, fake: FakeAdapter, clock: FrozenClock
) -> None:
    await add(fake, "Free bus travel for under-25s", user="bob")
    await fake.command("/idea free bus travel for the under 25s", group="members")
    [anyway] = [c.value for c in fake.last().message.choices if c.label == "Add mine anyway"]
    await fake.press(anyway, user="cat", group="members")
    assert "That button is for the member who typed that idea" in fake.last().text
    async with app.storage.unit() as uow:
        assert len(await uow.get(IDEAS).open_ideas()) == 1


async def test_edit_and_withdraw_until_others_support_it(
    app: App, fake: FakeAdapter, clock: FrozenClock
) -> None:
    idea = await add(fake, "Night buses on Fridays")
    await fake.press(f"support:{idea}")  # the author's own support does not lock it
    await fake.command(f"/ideas edit {idea} Night buses on Fridays and Saturdays")
    assert f"Idea #{idea} now reads: Night buses on Fridays and Saturdays" in fake.last().text
    await fake.command(f"/ideas {idea}")
    assert {"Edit", "Withdraw", "Report"} <= set(fake.last().labels)
    await fake.command(f"/ideas {idea}", user="bob")
    assert "Edit" not in fake.last().labels
    async with app.storage.unit() as uow:  # looking stores nothing about bob
        assert await uow.get(ACCOUNTS).find_person(fake.identity("bob")) is None
    await fake.command(f"/ideas edit {idea} Bob's version", user="bob")
    assert f"Only the member who put idea #{idea} forward can edit it" in fake.last().text
    assert "Bob's version" in fake.last().text

    await fake.command(f"/ideas {idea}")
    await fake.press("Edit")
    assert "It reads now: Night buses on Fridays and Saturdays" in fake.last().text
    await fake.say("Night buses every weekend")
    assert "now reads: Night buses every weekend" in fake.last().text

    await fake.press(f"support:{idea}", user="bob")
    await fake.command(f"/ideas edit {idea} Night buses every night")
    refusal = fake.last().text
    assert "has support from other members now" in refusal
    assert "nothing is lost:\n\nNight buses every night" in refusal
    await fake.command(f"/ideas withdraw {idea}")
    assert "has support from other members now" in fake.last().text
    await fake.press(f"ideawithdraw:{idea}")
    assert "can no longer withdraw it" in fake.last().text
    async with app.storage.unit() as uow:
        kept = await uow.get(IDEAS).get(idea)
    assert kept is not None
    assert (kept.text, kept.status) == ("Night buses every weekend", IdeaStatus.OPEN)


async def test_withdrawn_ideas_leave_the_list(
    app: App, fake: FakeAdapter, clock: FrozenClock
) -> None:
    idea = await add(fake, "Plant more trees")
    await fake.command(f"/ideas {idea}")
    await fake.press("Withdraw")
    assert f"Idea #{idea} is withdrawn" in fake.last().text
    await fake.command("/ideas", user="bob")
    assert "Plant more trees" not in fake.last().text
    await fake.command(f"/ideas {idea}", user="bob")
    assert "withdrawn by its author" in fake.last().text
    assert "Plant more trees" not in fake.last().text
    await fake.command(f"/ideas withdraw {idea}")
    assert "not open any more (withdrawn)" in fake.last().text


async def test_edit_and_withdraw_without_a_number_say_what_to_type(
    app: App, fake: FakeAdapter, clock: FrozenClock
) -> None:
    await fake.command("/ideas edit")
    assert "Give your idea's number and its new text" in fake.last().text
    await fake.command("/ideas edit the bus one: Night buses")
    assert "Here is what you typed:\n\nthe bus one: Night buses" in fake.last().text
    await fake.command("/ideas withdraw")
    assert "Give your idea's number: /ideas withdraw 12." in fake.last().text
    await fake.command("/ideas edit 999 Something")
    assert "There is no idea #999" in fake.last().text
    assert "Something" in fake.last().text
