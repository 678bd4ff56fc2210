"""Every entry point in the registry, tried where others can read: each command and
subcommand typed in a Telegram group and sent as a deep link (`/start PAYLOAD`) in a group,
each button action pressed there, each conversation flow answered there, as a member and
as an officer.

Nothing declared private is sent to a group (the group gets at most a note that says where
the answer went), nothing officer-only runs for a member, and a private flow never keeps a
conversation in a group. The entry points are read from the registry and spied on there,
so a new feature is covered without touching this file.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta

import pytest

from adapters.fake import Sent
from bot.commands import Access, Where
from bot.context import Context
from bot.conversation import Answer, Flow, FlowContext, Step, Transition
from bot.model import ButtonEvent
from bot.router import Action, Registry, Route
from bot.stores.core import CONVERSATIONS, ConversationKey, ConversationState
from tests.hostile.harness import GROUP, MEMBER, OFFICER, OFFICERS_CHAT, Hostile, hostile_app, seed

WHO = (MEMBER, OFFICER)
ARGS = ("", "1")
ACTION_ARGUMENTS = ("1", "open:1", "x")
CONTENT_FREE = (
    "is done in private, so nobody else sees your work",
    "to you privately.",
    "I have answered you privately.",
    "Open a private chat with me first",
)
"""What a group may be told about something private: where the answer went, no more."""


@dataclass(frozen=True)
class Door:
    """One entry point as declared: who may use it and whether it is private."""

    name: str
    officer: bool
    private: bool


@dataclass
class Spies:
    """Which entry points ran, for whom, and whether in a private chat."""

    ran: list[tuple[str, str, bool]] = dataclasses.field(default_factory=list)

    def note(self, name: str, ctx: Context) -> None:
        self.ran.append((name, ctx.sender.user_id, ctx.chat.is_private))

    def take(self) -> list[tuple[str, str, bool]]:
        taken, self.ran = self.ran, []
        return taken


def door_of(name: str, access: tuple[Access, ...], where: tuple[Where, ...]) -> Door:
    return Door(name, any(a.for_officers for a in access), Where.PRIVATE in where)


def command_doors(registry: Registry) -> dict[str, Door]:
    """'/name' or '/name sub' -> its door (a subcommand inherits its command's rules)."""
    doors = {
        f"/{name}": door_of(f"/{name}", (r.spec.access,), (r.spec.where,))
        for name, r in registry.commands.items()
    }
    for (parent, name), route in registry.subcommands.items():
        top = registry.commands[parent].spec
        doors[f"/{parent} {name}"] = door_of(
            f"/{parent} {name}", (top.access, route.spec.access), (top.where, route.spec.where)
        )
    return doors


def spy_on(registry: Registry, spies: Spies) -> None:
    """Replace every handler in the registry with one that records that it ran."""

    def route_spy(route: Route, name: str) -> Route:
        async def spied(ctx: Context) -> None:
            spies.note(name, ctx)
            await route.handler(ctx)

        return dataclasses.replace(route, handler=spied)

    def action_spy(action: Action) -> Action:
        async def spied(ctx: Context, argument: str) -> None:
            spies.note(f"button {action.prefix}", ctx)
            await action.handler(ctx, argument)

        return dataclasses.replace(action, handler=spied)

    def step_spy(flow: Flow, step: Step) -> Step:
        async def spied(f: FlowContext, answer: Answer) -> Transition:
            spies.note(f"flow {flow.name}", f.ctx)
            return await step.receive(f, answer)

        return dataclasses.replace(step, receive=spied)

    for name, route in registry.commands.items():
        registry.commands[name] = route_spy(route, f"/{name}")
    for key, route in registry.subcommands.items():
        registry.subcommands[key] = route_spy(route, f"/{key[0]} {key[1]}")
    for prefix, action in registry.actions.items():
        registry.actions[prefix] = action_spy(action)
    for name, flow in registry.flows.items():
        steps = tuple(step_spy(flow, step) for step in flow.steps)
        registry.flows[name] = dataclasses.replace(flow, steps=steps)


@pytest.fixture(scope="module")
def walk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Hostile, Spies]]:
    with hostile_app(tmp_path_factory.mktemp("private-places")) as running:
        running.run(seed(running))
        running.verdict()
        spies = Spies()
        spy_on(running.app.services.registry, spies)
        yield running, spies


def group_messages(sent: list[Sent]) -> list[Sent]:
    """What people other than the sender could read; review notices to the officers' chat
    are by design (they name a draft, never its text) and are not counted."""
    return [s for s in sent if not s.chat.is_private and s.chat.chat_id != OFFICERS_CHAT]


def content_free(sent: Sent) -> bool:
    message = sent.message
    if message.choices or message.attachment is not None or message.form is not None:
        return False
    return any(note in sent.text for note in CONTENT_FREE) and len(sent.text) < 300


async def forget_conversations(bot: Hostile, user: str) -> list[str]:
    """Close the user's conversations here and privately; the private flows found in the
    group (there must be none)."""
    wrong: list[str] = []
    flows = bot.app.services.registry.flows
    async with bot.unit() as uow:
        store = uow.get(CONVERSATIONS)
        for chat in (GROUP, user):
            key = ConversationKey("telegram", chat, user)
            state = await store.load(key)
            if state is None:
                continue
            if chat == GROUP and flows[state.flow].where is Where.PRIVATE:
                wrong.append(state.flow)
            await store.delete(key)
        await uow.commit()
    return wrong


def judge(
    bot: Hostile, spies: Spies, door: Door, user: str, how: str, *, crashes: bool = True
) -> list[str]:
    """What went wrong with one attempt at `door` by `user` in the group. `crashes=False`:
    a handler that fails on forged conversation data is not what is tested here."""
    problems: list[str] = []
    bot.run(bot.settle())
    sent = bot.new_messages()
    ran = [r for r in spies.take() if r[0] == door.name]
    officer = user == OFFICER
    if door.officer and not officer:
        if ran:
            problems.append(f"{how}: ran for a member")
        replies = [s for s in sent if s.to_user == user and not s.chat.is_private]
        problems += [f"{how}: refused in the group: {s.text[:80]!r}" for s in replies]
    if door.private:
        shown = group_messages(sent)
        problems += [f"{how}: in the group: {s.text[:80]!r}" for s in shown if not content_free(s)]
        if not officer and ran:
            problems.append(f"{how}: ran in the group for a member")
        if officer and any(not private for _, _, private in ran):
            problems.append(f"{how}: ran in the group, not in the officer's private chat")
    if crashes:
        problems += [f"{how}: {p}" for p in bot.errors.describe()]
    bot.errors.records.clear()
    wrong = bot.run(forget_conversations(bot, user))
    problems += [f"{how}: private flow {name!r} kept in the group" for name in wrong]
    return problems


def test_the_walk_covers_every_kind_of_entry_point(walk: tuple[Hostile, Spies]) -> None:
    bot, _ = walk
    registry = bot.app.services.registry
    doors = command_doors(registry)
    assert {"/mydata", "/drafts", "/submit", "/forgetme", "/audit"} <= {
        name for name, d in doors.items() if d.private
    }
    assert doors["/review open"] == Door("/review open", officer=True, private=True)
    assert doors["/event attendees"].private
    assert registry.actions["review"].where is Where.PRIVATE
    assert registry.flows["review-return"].where is Where.PRIVATE
    assert registry.flows["submit"].where is Where.PRIVATE


@pytest.mark.parametrize("deep_link", [False, True], ids=["typed", "deep-link"])
def test_every_command_in_a_group(walk: tuple[Hostile, Spies], deep_link: bool) -> None:
    """Typed, or as `/start PAYLOAD` (how a t.me link opens the bot, also typed in a group)."""
    bot, spies = walk
    problems: list[str] = []
    for line, door in command_doors(bot.app.services.registry).items():
        if deep_link and line == "/start":
            continue
        for user in WHO:
            for args in ARGS:
                typed = f"{line} {args}".strip()
                if deep_link:
                    typed = f"/start {typed.removeprefix('/')}"
                bot.run(bot.telegram.command(typed, user=user, group=GROUP))
                problems += judge(bot, spies, door, user, f"{typed} by {user}")
    assert not problems, "\n".join(problems[:20])


def test_every_button_pressed_in_a_group(walk: tuple[Hostile, Spies]) -> None:
    bot, spies = walk
    tg = bot.telegram
    problems: list[str] = []
    for prefix, action in bot.app.services.registry.actions.items():
        door = door_of(f"button {prefix}", (action.access,), (action.where,))
        for user in WHO:
            for argument in ACTION_ARGUMENTS:
                value = f"{prefix}:{argument}"
                event = ButtonEvent(
                    sender=tg.identity(user), chat=tg.chat(user, GROUP), value=value
                )
                bot.run(tg.push(event))
                problems += judge(bot, spies, door, user, f"{value} by {user}")
    assert not problems, "\n".join(problems[:20])


def test_every_flow_answered_in_a_group(walk: tuple[Hostile, Spies]) -> None:
    """A conversation found in a group (forged, or left from before an upgrade) is
    answered there only if the flow allows it, and only by someone allowed to use it."""
    bot, spies = walk
    problems: list[str] = []
    for name, flow in bot.app.services.registry.flows.items():
        door = door_of(f"flow {name}", (flow.access,), (flow.where,))
        for user in WHO:
            for answer in ("Night buses", "1"):
                bot.run(_park_in_group(bot, flow, user))
                bot.run(bot.telegram.say(answer, user=user, group=GROUP))
                how = f"{name} answered {answer!r} by {user}"
                problems += judge(bot, spies, door, user, how, crashes=False)
    assert not problems, "\n".join(problems[:20])


async def _park_in_group(bot: Hostile, flow: Flow, user: str) -> None:
    state = ConversationState(
        key=ConversationKey("telegram", GROUP, user),
        flow=flow.name,
        step=flow.steps[0].name,
        expires_at=bot.clock() + timedelta(hours=1),
        data={"draft_id": 1, "event_id": 1, "consultation_id": 1},
    )
    async with bot.unit() as uow:
        await uow.get(CONVERSATIONS).save(state)
        await uow.commit()
