"""Command groups: on Discord a command with subcommands cannot be run bare, so every
group whose bare form does something declares a default subcommand that does the same
(`/announce new` is `/announce`); a group without one only lists its subcommands."""

from __future__ import annotations

import pytest

from adapters.fake import FakeAdapter
from bot.app import App, build_router
from bot.commands import Access, CommandSpec
from bot.router import Router

GROUPS = [spec for spec in build_router().freeze().specs() if spec.subcommands]


def test_a_default_not_declared_is_made_from_the_command() -> None:
    spec = CommandSpec(
        "thing",
        "Do the thing",
        access=Access.OFFICER,
        subcommands=(CommandSpec("stop", "Stop it"),),
        default="new",
    )
    made = spec.subcommand("new")
    assert made is not None
    assert (made.description, made.access) == ("Do the thing", Access.OFFICER)
    with pytest.raises(ValueError, match="needs subcommands"):
        CommandSpec("lonely", "No group", default="new")


def test_the_default_runs_the_bare_handler_unless_it_has_its_own() -> None:
    spec = CommandSpec("thing", "Do it", subcommands=(CommandSpec("x", "X"),), default="new")
    router = Router("t")

    @router.command(spec)
    async def bare(ctx: object) -> None: ...

    registry = router.freeze()
    found = registry.resolve("thing", "new")
    assert found is not None
    assert found[0].handler is bare
    assert found[0].parent is spec


@pytest.mark.parametrize("spec", GROUPS, ids=[s.name for s in GROUPS])
async def test_every_group_reaches_its_bare_action_through_a_subcommand(
    spec: CommandSpec, app: App, fake: FakeAdapter
) -> None:
    if spec.default:
        found = app.services.registry.resolve(spec.name, spec.default)
        assert found is not None
        assert found[0].parent is spec
        return
    await fake.command(f"/{spec.name}", user="olive")  # without a default: it lists the group
    said = fake.last().text
    assert all(f"/{spec.name} {sub.name}" in said for sub in spec.subcommands), said


async def test_announce_new_starts_the_announcement(app: App, fake: FakeAdapter) -> None:
    await fake.command("/announce new", user="olive")
    assert "What should the announcement say?" in fake.last().text
    await fake.command("/announce", user="olive")
    assert "What should the announcement say?" in fake.last().text
    await fake.command("/announce later", user="olive")
    assert "/announce new" in fake.last().text
