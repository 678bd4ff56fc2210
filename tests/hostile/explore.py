"""Reach every step of every registered flow with valid answers, and keep a snapshot of the
conversation at each step, so a test can put a member back on any step and try anything.

A flow is started by its command (or by a starter below for flows opened by a button),
then explored breadth first: at each step every offered choice and a list of plausible
typed answers are tried, each from the same saved state; a new step reached is saved too.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from adapters.fake import FakeAdapter
from bot.conversation import Flow
from bot.stores.core import CONVERSATIONS, ConversationKey, ConversationState
from tests.hostile.harness import MEMBER, OFFICER, Hostile

PLAUSIBLE = (
    "Night buses",
    "Fund night buses on the main routes through the town, every night of the week.",
    "next Tuesday 7pm",
    "Friday 18:00",
    "in 30 days",
    "2",
    "3",
    "90 minutes",
    "https://forum.example.org/c/2",
    "Town Hall, Room 2",
    "Buses\nHousing\nNHS",
    "every Monday 09:00",
    "10 times",
    "Jo Bloggs MP",
    "no",
    "yes",
    "today",
    "Safer streets",
)

STARTERS: dict[str, tuple[str, tuple[str, ...]]] = {
    # flow: (user, lines: "/command ..." typed, anything else pressed as a button value);
    # "flow:more" is another start of the same flow, for steps one path cannot reach
    "submit": ("dan", ("/submit", "submit:agree")),
    "review-return": (OFFICER, ("/review open 1", "review:return:1")),
    "review-date": (OFFICER, ("/review open 2", "review:submitted:2")),
    "access_needs": ("bob", ("needs:1",)),
    "consultation_add": (OFFICER, ("/consultation add",)),
    "consultation_edit": (OFFICER, ("/consultation edit 1",)),
    "consultation_edit:closes": (OFFICER, ("/consultation edit 1", "closes")),
    "poll": (OFFICER, ("/poll",)),
    "equalities-comment": (OFFICER, ("equalities:1",)),
    "officers-add:office": (OFFICER, ("/officers add @bob",)),
    "report:reason": (MEMBER, ("/report idea 1",)),
    "idea edit": (MEMBER, ("/ideas edit 1",)),
    "idea hide": (OFFICER, ("ideahide:2",)),
}


@dataclass(frozen=True)
class Spot:
    """A conversation parked on one step: restore it, then send anything."""

    flow: str
    step: str
    user: str
    state: ConversationState

    @property
    def label(self) -> str:
        return f"{self.flow}/{self.step}"


async def park(bot: Hostile, state: ConversationState, platform: str = "telegram") -> None:
    """Put the member back on the saved step (on `platform`)."""
    state = copy.deepcopy(state)
    state.key = ConversationKey(platform, state.key.chat_id, state.key.user_id)
    state.expires_at = bot.clock() + timedelta(hours=1)
    state.version = 0  # put there afresh, whatever the row went through since the snapshot
    async with bot.unit() as uow:
        await uow.get(CONVERSATIONS).save(state)


async def load(bot: Hostile, user: str, platform: str = "telegram") -> ConversationState | None:
    key = ConversationKey(platform, user, user)
    async with bot.unit() as uow:
        state: ConversationState | None = await uow.get(CONVERSATIONS).load(key)
    return state


def starters(flow: Flow) -> list[tuple[str, tuple[str, ...]]]:
    more = [start for name, start in STARTERS.items() if name.startswith(f"{flow.name}:")]
    return [starter(flow), *more]


def starter(flow: Flow) -> tuple[str, tuple[str, ...]]:
    if flow.name in STARTERS:
        return STARTERS[flow.name]
    if flow.command is None:
        raise AssertionError(
            f"flow {flow.name!r} has no command: add how to start it to STARTERS in {__name__}"
        )
    return (OFFICER if flow.access.for_officers else MEMBER, (f"/{flow.command}",))


async def _start(fake: FakeAdapter, user: str, lines: Sequence[str]) -> None:
    for line in lines:
        if line.startswith("/"):
            await fake.command(line, user=user)
        else:
            await fake.press(line, user=user)


async def explore(bot: Hostile, flow: Flow, limit: int = 160) -> list[Spot]:
    """Steps of `flow` reachable with valid answers from each of its starts."""
    spots: list[Spot] = []
    for user, lines in starters(flow):
        spots += await explore_from(bot, flow, user, lines, limit)
    return spots


async def explore_from(
    bot: Hostile, flow: Flow, user: str, lines: Sequence[str], limit: int
) -> list[Spot]:
    """Steps of `flow` reachable with valid answers, each with a parked state.

    A step reached by different paths (a submission's title after "submission" or after
    "motion") is kept once per path, up to `limit` spots.
    """
    fake = bot.telegram
    await _start(fake, user, lines)
    first = await load(bot, user)
    if first is None or first.flow != flow.name:
        raise AssertionError(f"{lines} did not start flow {flow.name!r} for {user}")
    spots = [Spot(flow.name, first.step, user, copy.deepcopy(first))]
    seen: set[tuple[str, tuple[str, ...]]] = {(first.step, ())}
    queue = list(spots)
    while queue and len(spots) < limit:
        spot = queue.pop(0)
        answers: list[tuple[str, str]] = [("press", v) for _, v in spot.state.offered]
        answers += [("say", text) for text in PLAUSIBLE]
        for how, value in answers:
            await park(bot, spot.state)
            if how == "press":
                await fake.press(value, user=user)
            else:
                await fake.say(value, user=user)
            await bot.settle()
            now = await load(bot, user)
            if now is None or now.flow != flow.name:
                continue
            path = (now.step, tuple(now.history))
            if path not in seen:
                seen.add(path)
                found = Spot(flow.name, now.step, user, copy.deepcopy(now))
                spots.append(found)
                queue.append(found)
    async with bot.unit() as uow:
        await uow.get(CONVERSATIONS).delete(ConversationKey("telegram", user, user))
    return spots
