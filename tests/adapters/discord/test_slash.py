"""Command declarations -> slash command payloads, and options -> the core's argument text."""

from __future__ import annotations

from typing import Any

import discord
import pytest
from discord import app_commands

from adapters.discord.slash import build_command
from bot.commands import ArgSpec, ArgType, CommandSpec

EVENT = CommandSpec(
    "event",
    "Talks and training",
    subcommands=(
        CommandSpec(
            "add",
            "Add an event",
            args=(
                ArgSpec("when", "Date and time", required=True),
                ArgSpec("title", "What it is", required=True, rest=True),
            ),
        ),
        CommandSpec(
            "rsvp", "Say you will come", args=(ArgSpec("id", "Event", autocomplete="events"),)
        ),
    ),
)
POLL = CommandSpec(
    "poll",
    "Vote",
    args=(
        ArgSpec("kind", "Which kind", type=ArgType.CHOICE, choices=("yes-no", "multi")),
        ArgSpec("hours", "How long", type=ArgType.INTEGER, required=True),
    ),
)
calls: list[tuple[str, str]] = []


async def on_command(interaction: discord.Interaction, name: str, args: str) -> None:
    calls.append((name, args))


async def suggest(
    interaction: discord.Interaction, lookup: str, current: str
) -> list[app_commands.Choice[str]]:
    return [app_commands.Choice(name=f"{lookup}:{current}", value="1")]


@pytest.fixture
def tree() -> app_commands.CommandTree[discord.Client]:
    return app_commands.CommandTree(discord.Client(intents=discord.Intents.none()))


def payload(spec: CommandSpec, tree: app_commands.CommandTree[discord.Client]) -> dict[str, Any]:
    return build_command(spec, on_command, suggest).to_dict(tree)


def test_typed_options_with_choices_required_first(
    tree: app_commands.CommandTree[discord.Client],
) -> None:
    options = payload(POLL, tree)["options"]
    assert [(o["name"], o["type"], o["required"]) for o in options] == [
        ("hours", 4, True),
        ("kind", 3, False),
    ]
    assert options[1]["choices"] == [
        {"name": "yes-no", "value": "yes-no"},
        {"name": "multi", "value": "multi"},
    ]


def test_subcommands_make_a_group_with_autocomplete(
    tree: app_commands.CommandTree[discord.Client],
) -> None:
    data = payload(EVENT, tree)
    assert data["description"] == "Talks and training"
    add, rsvp = data["options"]
    assert (add["name"], add["type"]) == ("add", 1)
    assert [o["name"] for o in add["options"]] == ["when", "title"]
    assert rsvp["options"][0]["autocomplete"] is True


async def test_callback_joins_values_in_declared_order() -> None:
    calls.clear()
    command = build_command(POLL, on_command, suggest)
    assert isinstance(command, app_commands.Command)
    callback: Any = command.callback
    await callback(None, arg0="multi", arg1=24)
    await callback(None, arg0=None, arg1=3)
    group = build_command(EVENT, on_command, suggest)
    assert isinstance(group, app_commands.Group)
    add = group.get_command("add")
    assert isinstance(add, app_commands.Command)
    add_callback: Any = add.callback
    await add_callback(None, arg0="Tuesday 7pm", arg1="Housing talk")
    assert calls == [("poll", "multi 24"), ("poll", "3"), ("event", "add Tuesday 7pm Housing talk")]
