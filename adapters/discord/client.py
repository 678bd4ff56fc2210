"""The discord.py client: minimal intents, no mentions by default, a command tree, and
every interaction handed to the adapter.

Slash commands and autocomplete go through the `CommandTree` (built from the command
declarations by `slash.py`); buttons, menus and modal submits arrive in `on_interaction`
and are routed by their opaque custom_ids.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands

if TYPE_CHECKING:
    from adapters.discord.adapter import DiscordAdapter

log = logging.getLogger("clpbot.discord")


def intents() -> discord.Intents:
    """Guilds only (roles and channels for the cache): slash commands need no more, and
    nothing privileged."""
    return discord.Intents(guilds=True)


class ClpClient(discord.Client):
    def __init__(self, adapter: DiscordAdapter, *, guild_ready_timeout: float) -> None:
        # the bot never joins voice: the warnings about voice libraries are only noise
        discord.VoiceClient.warn_nacl = discord.VoiceClient.warn_dave = False
        super().__init__(
            intents=intents(),
            allowed_mentions=discord.AllowedMentions.none(),
            guild_ready_timeout=guild_ready_timeout,
        )
        self.adapter = adapter
        self.tree = ClpTree(self)

    async def on_interaction(self, interaction: discord.Interaction) -> None:
        if interaction.type in (
            discord.InteractionType.component,
            discord.InteractionType.modal_submit,
        ):
            await self.adapter.on_component(interaction)

    async def on_error(self, event_method: str, /, *args: Any, **kwargs: Any) -> None:
        log.exception("error in discord event %s (the bot carries on)", event_method)


class ClpTree(app_commands.CommandTree[ClpClient]):
    async def on_error(
        self, interaction: discord.Interaction[ClpClient], error: app_commands.AppCommandError
    ) -> None:
        if isinstance(error, app_commands.CommandNotFound | app_commands.CommandSignatureMismatch):
            message = "That command has changed since Discord last loaded it. Please try again."
        else:
            log.error("error in /%s", getattr(interaction.command, "name", "?"), exc_info=error)
            message = "Sorry, something went wrong with that command. Please try again."
        try:
            if interaction.response.is_done():
                await interaction.followup.send(message, ephemeral=True)
            else:
                await interaction.response.send_message(message, ephemeral=True)
        except discord.HTTPException:
            log.warning("could not tell the member about the error")
