"""`CommandSpec` -> discord.py application commands.

discord.py reads a command's options from its callback's signature, so each command gets
one generic callback with a synthetic `__signature__` (one keyword parameter per declared
argument, typed `str` or `int`) plus the attributes its decorators would have set
(descriptions, renames, choices, autocomplete). The callback turns the typed options back
into the text the core parses: the values joined in declared order, subcommands first.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from typing import Any

import discord
from discord import app_commands

from adapters.discord.render import plain_label
from bot.commands import ArgSpec, ArgType, CommandSpec

OnCommand = Callable[[discord.Interaction, str, str], Awaitable[None]]
"""Called with the interaction, the command name and the argument text."""
Suggest = Callable[[discord.Interaction, str, str], Awaitable[list[app_commands.Choice[str]]]]
"""Called with the interaction, the lookup name (`ArgSpec.autocomplete`) and what is typed."""


def build_command(
    spec: CommandSpec, on_command: OnCommand, suggest: Suggest
) -> app_commands.Command[Any, ..., Any] | app_commands.Group:
    if not spec.subcommands:
        return _command(spec, spec.name, "", on_command, suggest)
    group = app_commands.Group(name=spec.name, description=spec.description)
    for sub in spec.subcommands[:25]:
        group.add_command(_command(sub, spec.name, sub.name, on_command, suggest))
    return group


def _command(
    spec: CommandSpec, top: str, prefix: str, on_command: OnCommand, suggest: Suggest
) -> app_commands.Command[Any, ..., Any]:
    args = spec.args[:25]
    keys = [f"arg{n}" for n in range(len(args))]

    async def callback(interaction: discord.Interaction, **values: Any) -> None:
        words = [prefix] if prefix else []
        words += [str(values[k]) for k in keys if values.get(k) is not None]
        await on_command(interaction, top, " ".join(words))

    callback.__signature__ = _signature(args, keys)  # type: ignore[attr-defined]
    callback.__discord_app_commands_param_description__ = {  # type: ignore[attr-defined]
        k: plain_label(a.description, 100) for k, a in zip(keys, args, strict=True)
    }
    callback.__discord_app_commands_param_rename__ = {  # type: ignore[attr-defined]
        k: a.name for k, a in zip(keys, args, strict=True)
    }
    callback.__discord_app_commands_param_choices__ = {  # type: ignore[attr-defined]
        k: [app_commands.Choice(name=plain_label(c, 100), value=c) for c in a.choices[:25]]
        for k, a in zip(keys, args, strict=True)
        if a.choices
    }
    callback.__discord_app_commands_param_autocomplete__ = {  # type: ignore[attr-defined]
        k: _autocomplete(a.autocomplete, suggest)
        for k, a in zip(keys, args, strict=True)
        if a.autocomplete and not a.choices and _option_type(a) is str
    }
    return app_commands.Command(name=spec.name, description=spec.description, callback=callback)


def _signature(args: tuple[ArgSpec, ...], keys: list[str]) -> inspect.Signature:
    params = [inspect.Parameter("interaction", inspect.Parameter.POSITIONAL_OR_KEYWORD)]
    for key, arg in zip(keys, args, strict=True):
        params.append(
            inspect.Parameter(
                key,
                inspect.Parameter.KEYWORD_ONLY,
                annotation=_option_type(arg),
                default=inspect.Parameter.empty if arg.required else None,
            )
        )
    return inspect.Signature(params)


def _option_type(arg: ArgSpec) -> type:
    return int if arg.type is ArgType.INTEGER else str


def _autocomplete(
    lookup: str, suggest: Suggest
) -> Callable[[discord.Interaction, str], Awaitable[list[app_commands.Choice[str]]]]:
    async def complete(
        interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return (await suggest(interaction, lookup, current))[:25]

    return complete
