"""Officer actions tried by members: by command, by forged button values, by replaying a
button from an officer's message, and in an officer's flow after the officer lost the
role. Each is refused with a clear message and changes nothing in the database.

Everything is read from the registry, so a new officer command, action or flow is
covered without touching this file.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from bot.model import ButtonEvent
from tests.hostile.explore import Spot, explore, load, park
from tests.hostile.harness import (
    DISCORD_GROUP,
    GROUP,
    MEMBER,
    OFFICER,
    Hostile,
    hostile_app,
    seed,
    table_dump,
)

REFUSED = ("for officers only", "only officers")
ROLE_RECORDS = ("conversations", "members", "audit_log")
"""The ended conversation, and the change of role that the audit trail records."""


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Hostile]:
    with hostile_app(tmp_path_factory.mktemp("permissions")) as running:
        running.run(seed(running))
        running.verdict()
        yield running


async def dump(bot: Hostile, leave_out: tuple[str, ...] = ()) -> dict[str, Any]:
    async with bot.unit() as uow:
        tables = await table_dump(uow)
    return {name: rows for name, rows in tables.items() if name not in leave_out}


def officer_lines(bot: Hostile) -> list[str]:
    registry = bot.app.services.registry
    lines = [f"/{n}" for n, r in registry.commands.items() if r.spec.access.for_officers]
    for (parent, name), route in registry.subcommands.items():
        top = registry.commands[parent].spec
        if top.access.for_officers or route.spec.access.for_officers:
            lines.append(f"/{parent} {name}")
    return lines


def answers_to(bot: Hostile, user: str) -> list[str]:
    """What reached `user`: answers to them, and their private chat (where a refusal in a
    group goes)."""
    return [
        s.text
        for s in bot.new_messages()
        if s.to_user == user or (s.chat.is_private and s.chat.chat_id == user)
    ]


def assert_refused(texts: list[str], what: str) -> None:
    assert texts, f"{what}: the member got no answer"
    assert any(r in t.lower() for t in texts for r in REFUSED), f"{what}: {texts}"


def test_every_officer_command_refuses_a_member(bot: Hostile) -> None:
    lines = officer_lines(bot)
    assert "/event add" in lines
    assert "/poll close" in lines
    before = bot.run(dump(bot))
    for line in lines:
        for args in ("", "1", "2 1", "1 closes tomorrow"):
            for platform, group in (("telegram", None), ("telegram", GROUP), ("discord", None)):
                fake = bot.fakes[platform]
                bot.run(fake.command(f"{line} {args}".strip(), user=MEMBER, group=group))
                assert_refused(answers_to(bot, MEMBER), f"{line} {args} on {platform}")
    bot.run(bot.settle())
    assert bot.run(dump(bot)) == before


def officer_button_values(bot: Hostile) -> list[str]:
    arguments = ("", "1", "2", "open:1", "approve:1", "return:1", "submitted:2", "1:0", "x")
    registry = bot.app.services.registry
    prefixes = [p for p, a in registry.actions.items() if a.access.for_officers]
    assert "review" in prefixes
    assert "event-cancel" in prefixes
    return [f"{prefix}:{arg}" for prefix in prefixes for arg in arguments]


@pytest.mark.parametrize("platform", ["telegram", "discord"])
def test_forged_officer_buttons_are_refused(bot: Hostile, platform: str) -> None:
    fake = bot.fakes[platform]
    before = bot.run(dump(bot))
    for value in officer_button_values(bot):
        for group in (None, GROUP if platform == "telegram" else DISCORD_GROUP):
            event = ButtonEvent(
                sender=fake.identity(MEMBER), chat=fake.chat(MEMBER, group), value=value
            )
            bot.run(fake.push(event))
            assert_refused(answers_to(bot, MEMBER), f"{value} on {platform}")
    bot.run(bot.settle())
    assert bot.run(dump(bot)) == before


def test_buttons_replayed_from_officers_screens_are_refused(bot: Hostile) -> None:
    """What an officer is shown in the officers' group, pressed there by a member."""
    tg = bot.telegram
    screens = ("/review", "/review open 1", "/ideas 1", "/event cancel 1", "/poll 1")
    bot.new_messages()
    for line in screens:
        bot.run(tg.command(line, user=OFFICER, group=GROUP))
    offered = [c.value for s in bot.new_messages() for c in s.message.choices]
    registry = bot.app.services.registry
    officer_values = [
        v
        for v in offered
        if (action := registry.actions.get(v.partition(":")[0])) is not None
        and action.access.for_officers
    ]
    assert len(officer_values) >= 5, offered
    before = bot.run(dump(bot))
    for value in officer_values:
        bot.run(tg.press(value, user=MEMBER, group=GROUP))
        assert_refused(answers_to(bot, MEMBER), f"replayed {value}")
    assert bot.run(dump(bot)) == before


def test_member_buttons_act_only_on_the_members_own_records(bot: Hostile) -> None:
    """Drafts and ideas of another member (bob's draft #2 and idea #2), pressed by ann."""
    values = (
        "draft:withdraw:2",
        "draft:erase:2",
        "draft:continue:2",
        "draft:open:2",
        "submit:resume:2",
        "ideacomm:2:0",
    )
    before = bot.run(dump(bot, leave_out=("conversations",)))
    for value in values:
        bot.run(bot.telegram.press(value, user=MEMBER))
        texts = answers_to(bot, MEMBER)
        assert texts
    assert bot.run(dump(bot, leave_out=("conversations",))) == before


@pytest.fixture(scope="module")
def officer_spots(bot: Hostile) -> list[Spot]:
    spots: list[Spot] = []
    for flow in bot.app.services.registry.flows.values():
        if flow.access.for_officers:
            spots += bot.run(explore(bot, flow))
    bot.verdict()
    return spots


def test_an_officer_who_loses_the_role_mid_flow_is_stopped(
    bot: Hostile, officer_spots: list[Spot]
) -> None:
    assert {s.flow for s in officer_spots} >= {"event", "announce", "poll"}
    tg = bot.telegram
    try:
        for spot in officer_spots:
            tg.officers.add(spot.user)
            bot.run(park(bot, spot.state))
            tg.officers.discard(spot.user)
            before = bot.run(dump(bot, leave_out=ROLE_RECORDS))
            offered = [v for _, v in spot.state.offered]
            if offered:
                bot.run(tg.press(offered[0], user=spot.user))
            else:
                bot.run(tg.say("Night buses", user=spot.user))
            assert_refused(answers_to(bot, spot.user), spot.label)
            assert bot.run(load(bot, spot.user)) is None, spot.label
            assert bot.run(dump(bot, leave_out=ROLE_RECORDS)) == before, spot.label
    finally:
        tg.officers.add(OFFICER)


def test_a_member_in_a_group_never_enters_another_members_flow(bot: Hostile) -> None:
    tg = bot.telegram
    bot.run(tg.command("/poll", user=OFFICER, group=GROUP))
    bot.run(tg.say("Which campaign next?", user=OFFICER, group=GROUP))
    key_state = bot.run(_group_state(bot, OFFICER))
    assert key_state is not None
    assert key_state.step == "options"
    offered = [v for _, v in key_state.offered]
    bot.new_messages()
    for value in offered:
        bot.run(tg.press(value, user=MEMBER, group=GROUP))
    bot.run(tg.say("Buses\nHousing", user=MEMBER, group=GROUP))
    to_member = [s for s in bot.new_messages() if s.to_user == MEMBER]
    assert len(to_member) == len(offered)
    assert all("not waiting for an answer from you" in s.text for s in to_member)
    after = bot.run(_group_state(bot, OFFICER))
    assert after is not None
    assert (after.step, after.data) == (key_state.step, key_state.data)
    bot.run(tg.command("/cancel", user=OFFICER, group=GROUP))


async def _group_state(bot: Hostile, user: str) -> Any:
    from bot.stores.core import CONVERSATIONS, ConversationKey

    async with bot.unit() as uow:
        return await uow.get(CONVERSATIONS).load(ConversationKey("telegram", GROUP, user))


def test_a_private_flow_asked_for_in_a_group_stays_out_of_it(bot: Hostile) -> None:
    bot.run(bot.telegram.command("/submit", user=MEMBER, group=GROUP))
    [invite] = [s for s in bot.new_messages() if s.to_user == MEMBER]
    assert "done in private" in invite.text
    assert bot.run(_group_state(bot, MEMBER)) is None
