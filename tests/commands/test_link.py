"""/link: a member on two platforms links them with a one-time code and votes once."""

from __future__ import annotations

import re

from adapters.fake import FakeAdapter
from bot.config import Config
from bot.stores.polls import POLLS
from tests.commands.polls_support import GROUP, make_poll
from tests.support import FrozenClock, running_app


def code_in(text: str) -> str:
    found = re.search(r"Your link code: (\S+)", text)
    assert found, text
    return found.group(1)


async def test_linked_accounts_vote_once(config: Config, clock: FrozenClock) -> None:
    tg = FakeAdapter(platform="tg", officers={"olive"})
    dc = FakeAdapter(platform="dc")
    async with running_app(config, tg, dc, clock=clock) as app:
        number = await make_poll(app, tg)
        await tg.press("1. Buses", user="ann", group=GROUP)  # ann on one platform
        await dc.press(f"vote:{number}:2", user="ann-dc")  # the same person on the other
        async with app.storage.unit() as uow:
            assert await uow.get(POLLS).turnout(number) == 2

        await tg.command("/link", user="ann")
        code = code_in(tg.last().text)
        await dc.command(f"/link {code.lower()}", user="ann-dc")
        assert "Linked: your Dc and Tg accounts are now one member" in dc.last().text
        async with app.storage.unit() as uow:
            store = uow.get(POLLS)
            assert await store.turnout(number) == 1  # the code-maker's vote is kept
            assert await store.ballots(number) == [(0,)]

        await dc.press(f"vote:{number}:1", user="ann-dc")  # a change from the other side
        await tg.press("3. NHS", user="ann", group=GROUP)
        async with app.storage.unit() as uow:
            assert await uow.get(POLLS).ballots(number) == [(2,)]

        await dc.command(f"/link {code}", user="ann-dc")
        assert "not valid or has expired" in dc.last().text  # one-time


async def test_expired_and_wrong_codes_are_refused(config: Config, clock: FrozenClock) -> None:
    tg = FakeAdapter(platform="tg")
    dc = FakeAdapter(platform="dc")
    async with running_app(config, tg, dc, clock=clock):
        await tg.command("/link", user="ann")
        code = code_in(tg.last().text)
        await tg.command(f"/link {code}", user="bob")
        assert "already has a tg account linked" in tg.last().text
        await tg.command("/link", user="ann")
        code = code_in(tg.last().text)
        clock.advance(minutes=config.polls.link_code_minutes + 1)
        await dc.command(f"/link {code}", user="ann-dc")
        assert "not valid or has expired" in dc.last().text
        await dc.command("/link NOPE-NOPE", user="ann-dc")
        assert "not valid or has expired" in dc.last().text


async def test_link_in_a_group_is_sent_to_a_private_chat(
    config: Config, clock: FrozenClock
) -> None:
    tg = FakeAdapter(platform="tg")
    async with running_app(config, tg, clock=clock):
        await tg.command("/link", user="ann", group=GROUP)
        reply = tg.last()
        assert "Your link code" not in reply.text
        assert reply.chat.chat_id == GROUP
        assert "private" in reply.text
