"""Every step of every registered flow, reached with valid answers, then given generated
text, pressed choices (offered, stale and forged) and filled-in forms, on a Telegram-like
and a Discord-like adapter: no crash, no apology, every message within the limits, and the
member is still in a conversation or was told it ended."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.model import ButtonEvent, FormEvent, TextEvent
from tests.hostile.explore import Spot, explore, park
from tests.hostile.harness import Hostile, hostile_app, seed
from tests.hostile.strategies import hostile_fields, hostile_text


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Hostile]:
    with hostile_app(tmp_path_factory.mktemp("flows")) as running:
        running.run(seed(running))
        running.verdict()
        yield running


@pytest.fixture(scope="module")
def spots(bot: Hostile) -> list[Spot]:
    found: list[Spot] = []
    for flow in bot.app.services.registry.flows.values():
        found += bot.run(explore(bot, flow))
    bot.verdict()  # valid answers are checked in the features' own tests
    return found


def test_every_step_of_every_flow_is_reached(bot: Hostile, spots: list[Spot]) -> None:
    reached = {(s.flow, s.step) for s in spots}
    missing = [
        f"{flow.name}/{step.name}"
        for flow in bot.app.services.registry.flows.values()
        for step in flow.steps
        if (flow.name, step.name) not in reached
    ]
    assert not missing, f"add answers to tests/hostile/explore.py that reach: {missing}"


@st.composite
def answers(draw: st.DrawFn, spot: Spot) -> tuple[str, str | dict[str, str]]:
    offered = [value for _, value in spot.state.offered]
    kind = draw(st.sampled_from(("text", "text", "choice", "form")))
    if kind == "text":
        return kind, draw(hostile_text())
    if kind == "choice":
        forged = st.one_of(hostile_text(), st.sampled_from(("@back", "@skip", "vote:1:0")))
        values = st.sampled_from(offered) if offered else forged
        return kind, draw(st.one_of(values, forged))
    return kind, draw(hostile_fields())


def test_anything_at_any_step(bot: Hostile, spots: list[Spot]) -> None:
    @given(
        st.sampled_from(spots).flatmap(lambda s: st.tuples(st.just(s), answers(s))),
        st.sampled_from(("telegram", "discord")),
    )
    def check(drawn: tuple[Spot, tuple[str, str | dict[str, str]]], platform: str) -> None:
        spot, (kind, value) = drawn
        fake = bot.fakes[platform]
        sender, chat = fake.identity(spot.user), fake.chat(spot.user)

        async def go() -> None:
            await park(bot, spot.state, platform)
            if isinstance(value, dict):
                await fake.push(FormEvent(sender=sender, chat=chat, form_id="text", fields=value))
            elif kind == "choice":
                await fake.push(ButtonEvent(sender=sender, chat=chat, value=value))
            else:
                await fake.push(TextEvent(sender=sender, chat=chat, text=value))
            await bot.settle()

        bot.run(go())
        shown = value if isinstance(value, dict) else value[:200]
        bot.assert_clean(f"{spot.label} on {platform}, {kind} {shown!r}")

    check()
