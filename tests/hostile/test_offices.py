"""Every officer entry point tried by the holder of each office, and by a member: allowed
exactly when the office gives the permission the entry point declares.

Read from the registry and the config's offices, so a new officer command, action, flow,
permission or office is covered without touching this file.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest

from bot.commands import Access
from bot.permissions import Permission
from bot.stores.accounts import ACCOUNTS
from bot.stores.core import CONVERSATIONS, ConversationKey, ConversationState
from bot.stores.offices import OFFICES, Holding
from tests.hostile.harness import MEMBER, Hostile, hostile_app, seed
from tests.hostile.test_permissions import answers_to

REFUSED = ("for officers only", "only officers")


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Hostile]:
    with hostile_app(tmp_path_factory.mktemp("offices")) as running:
        running.run(seed(running))
        running.run(_appoint(running))
        running.verdict()
        yield running


def holder(office: str) -> str:
    return "holder" + "".join(ch for ch in office.lower() if ch.isalnum())


async def _appoint(bot: Hostile) -> None:
    async with bot.unit() as uow:
        for office in bot.config.offices:
            who = bot.telegram.identity(holder(office))
            person = await uow.get(ACCOUNTS).person_of(who, bot.clock.now)
            await uow.get(OFFICES).grant(Holding(office, person, "console:seed", bot.clock.now))
        await uow.commit()


def people(bot: Hostile) -> list[tuple[str, frozenset[Permission]]]:
    """Each office's holder with their permissions, and a member with none."""
    offices = bot.config.offices.items()
    return [*((holder(o), frozenset(p)) for o, p in offices), (MEMBER, frozenset())]


def allowed(needs: tuple[Access, ...], held: frozenset[Permission]) -> bool:
    """The oracle, written out rather than asking the code under test."""

    def one(access: Access) -> bool:
        if access is Access.MEMBER:
            return True
        if access is Access.OFFICER:
            return bool(held)
        return Permission(access.value) in held

    return all(one(a) for a in needs)


def refused(bot: Hostile, user: str) -> bool:
    texts = answers_to(bot, user)
    return any(r in t.lower() for t in texts for r in REFUSED)


def officer_commands(bot: Hostile) -> list[tuple[str, tuple[Access, ...]]]:
    registry = bot.app.services.registry
    doors: list[tuple[str, tuple[Access, ...]]] = [
        (f"/{name}", (route.spec.access,))
        for name, route in registry.commands.items()
        if route.spec.access.for_officers
    ]
    for (parent, name), route in registry.subcommands.items():
        top = registry.commands[parent].spec
        if top.access.for_officers or route.spec.access.for_officers:
            doors.append((f"/{parent} {name}", (top.access, route.spec.access)))
    return doors


def test_every_officer_command_by_each_office_and_a_member(bot: Hostile) -> None:
    doors = officer_commands(bot)
    assert {"/review", "/event add", "/poll close", "/officers add", "/audit"} <= {
        line for line, _ in doors
    }
    assert any(held and not allowed(n, held) for _, n in doors for _, held in people(bot))
    tg = bot.telegram
    for line, needs in doors:
        for user, held in people(bot):
            bot.run(tg.command(line, user=user))
            expected = allowed(needs, held)
            assert refused(bot, user) is not expected, f"{line} by {user} ({sorted(held)})"
            bot.run(tg.command("/cancel", user=user))
            bot.new_messages()
    bot.run(bot.settle())


def test_every_officer_button_by_each_office_and_a_member(bot: Hostile) -> None:
    actions = {p: a for p, a in bot.app.services.registry.actions.items() if a.access.for_officers}
    assert {"review", "event-cancel", "officers-remove"} <= actions.keys()
    tg = bot.telegram
    for prefix, action in actions.items():
        for user, held in people(bot):
            bot.run(tg.press(f"{prefix}:x", user=user))
            expected = allowed((action.access,), held)
            assert refused(bot, user) is not expected, f"{prefix} by {user} ({sorted(held)})"
    bot.run(bot.settle())


def test_every_officer_flow_by_each_office_and_a_member(bot: Hostile) -> None:
    """An answer inside an officer's flow counts only for holders of its permission."""
    flows = [f for f in bot.app.services.registry.flows.values() if f.access.for_officers]
    assert {"event", "announce", "poll", "officers-add"} <= {f.name for f in flows}
    tg = bot.telegram
    for flow in flows:
        for user, held in people(bot):
            bot.run(_park(bot, user, flow.name, flow.steps[0].name))
            bot.run(tg.say("Night buses", user=user))
            expected = allowed((flow.access,), held)
            assert refused(bot, user) is not expected, f"{flow.name} by {user}"
            bot.run(tg.command("/cancel", user=user))
            bot.new_messages()


async def _park(bot: Hostile, user: str, flow: str, step: str) -> None:
    async with bot.unit() as uow:
        key = ConversationKey("telegram", user, user)
        store = uow.get(CONVERSATIONS)
        await store.delete(key)
        expires = bot.clock.now + timedelta(hours=1)
        await store.save(ConversationState(key, flow, step, expires))
        await uow.commit()
