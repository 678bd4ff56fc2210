"""Every registered command and subcommand with generated argument text, as a member and
as an officer, in a private chat and in a group, on a Telegram-like and a Discord-like
adapter: no crash, no apology, every message within both platforms' limits.

Commands are read from the registry, so a new command is covered without touching this.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.hostile.harness import DISCORD_GROUP, GROUP, MEMBER, OFFICER, Hostile, hostile_app, seed
from tests.hostile.strategies import hostile_text


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Hostile]:
    with hostile_app(tmp_path_factory.mktemp("commands")) as running:
        running.run(seed(running))
        running.verdict()
        yield running


def command_lines(bot: Hostile) -> list[str]:
    registry = bot.app.services.registry
    lines = [f"/{name}" for name in registry.commands]
    lines += [f"/{parent} {name}" for parent, name in registry.subcommands]
    return sorted(lines)


def test_every_command_is_reachable_from_the_registry(bot: Hostile) -> None:
    lines = command_lines(bot)
    assert "/help" in lines
    assert any(line.count(" ") == 1 for line in lines)  # subcommands too


@st.composite
def invocations(draw: st.DrawFn, lines: list[str]) -> tuple[str, str, str, str | None]:
    line = draw(st.sampled_from(lines))
    args = draw(hostile_text())
    platform = draw(st.sampled_from(("telegram", "discord")))
    user = draw(st.sampled_from((MEMBER, OFFICER, "bob")))
    where = draw(st.sampled_from((None, "group")))
    group = None if where is None else (GROUP if platform == "telegram" else DISCORD_GROUP)
    return platform, f"{line} {args}", user, group


def test_any_arguments_to_any_command(bot: Hostile) -> None:
    lines = command_lines(bot)

    @given(invocations(lines))
    def check(invocation: tuple[str, str, str, str | None]) -> None:
        platform, line, user, group = invocation
        fake = bot.fakes[platform]

        async def go() -> None:
            await fake.command(line, user=user, group=group)
            await bot.settle()

        bot.run(go())
        bot.assert_clean(f"{line[:200]!r} by {user} on {platform} in {group or 'private'}")

    check()


@pytest.mark.parametrize("user", [MEMBER, OFFICER])
def test_the_nastiest_fragments_to_every_command(bot: Hostile, user: str) -> None:
    """A fixed sweep (every command x every nasty fragment) on top of the random one."""
    from tests.hostile.strategies import FRAGMENTS

    failures: list[str] = []
    for line in command_lines(bot):
        for fragment in (*FRAGMENTS, "x" * 100_000):
            for group in (None, GROUP):
                bot.run(bot.telegram.command(f"{line} {fragment}", user=user, group=group))
                failures += [
                    f"{line} {fragment[:40]!r} in {group or 'private'}: {problem}"
                    for problem in bot.verdict()
                ]
        bot.run(bot.settle())
        failures += [f"posts after {line}: {problem}" for problem in bot.verdict()]
    assert not failures, f"{len(failures)} problems:\n" + "\n".join(failures[:40])
