"""One interaction's answers: the first within Discord's 3 seconds, follow-ups after.

An `Exchange` wraps a `discord.Interaction` while the core handles the event it became.
If no answer is ready after `defer_after` seconds it defers ("thinking…"), so Discord does
not show "This interaction failed"; every later answer is a follow-up through the
interaction webhook (valid for 15 minutes). Answers in a guild channel are ephemeral:
only the member sees them.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

import discord

from bot.model import ChatKind, ChatRef, Identity

log = logging.getLogger("clpbot.discord")
NONE = discord.AllowedMentions.none()
PLATFORM = "discord"


def identity_of(interaction: discord.Interaction) -> Identity:
    user = interaction.user
    return Identity(PLATFORM, str(user.id), user.display_name)


def chat_of(interaction: discord.Interaction) -> ChatRef:
    kind = ChatKind.PRIVATE if interaction.guild_id is None else ChatKind.CHANNEL
    return ChatRef(PLATFORM, str(interaction.channel_id), kind)


class Exchange:
    def __init__(self, interaction: discord.Interaction, defer_after: float) -> None:
        self.interaction = interaction
        self.ephemeral = interaction.guild_id is not None
        self.answered = False
        self._lock = asyncio.Lock()
        self._timer = asyncio.get_running_loop().call_later(defer_after, self._defer_soon)
        self._deferring: asyncio.Task[None] | None = None

    @property
    def user_id(self) -> int:
        return self.interaction.user.id

    def _defer_soon(self) -> None:
        self._deferring = asyncio.create_task(self._defer())

    async def _defer(self) -> None:
        async with self._lock:
            if self.interaction.response.is_done():
                return
            try:
                await self.interaction.response.defer(ephemeral=self.ephemeral, thinking=True)
            except discord.HTTPException:
                log.exception("could not defer interaction %s", self.interaction.id)

    async def send(self, chunks: list[str], extras: dict[str, Any]) -> int | None:
        """Send the chunks (the view and file go with the last); the first message's id."""
        first: int | None = None
        async with self._lock:
            self._timer.cancel()
            for n, chunk in enumerate(chunks):
                last = n == len(chunks) - 1
                message_id = await self._send_one(chunk, extras if last else {})
                first = message_id if first is None else first
        self.answered = True
        return first

    async def _send_one(self, content: str, extras: dict[str, Any]) -> int | None:
        response = self.interaction.response
        if not response.is_done():
            result = await response.send_message(
                content, ephemeral=self.ephemeral, allowed_mentions=NONE, **extras
            )
            return result.message_id
        message = await self.interaction.followup.send(
            content, ephemeral=self.ephemeral, allowed_mentions=NONE, wait=True, **extras
        )
        return message.id

    async def open_modal(self, modal: discord.ui.Modal) -> None:
        async with self._lock:
            self._timer.cancel()
            await self.interaction.response.send_modal(modal)
        self.answered = True

    async def edit(self, message_id: int, content: str, extras: dict[str, Any]) -> None:
        await self.interaction.followup.edit_message(
            message_id, content=content, allowed_mentions=NONE, **extras
        )

    async def finish(self) -> None:
        """Acknowledge an interaction the core left unanswered, so Discord does not fail it."""
        self._timer.cancel()
        if self._deferring is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await self._deferring
        if self.answered:
            return
        async with self._lock:
            response = self.interaction.response
            try:
                if not response.is_done():
                    if self.interaction.type is discord.InteractionType.component:
                        await response.defer()  # a silent acknowledgement of the press
                    else:
                        await response.send_message(
                            "Done.", ephemeral=self.ephemeral, allowed_mentions=NONE
                        )
                elif response.type is discord.InteractionResponseType.deferred_channel_message:
                    await self.interaction.followup.send(
                        "Done.", ephemeral=self.ephemeral, allowed_mentions=NONE
                    )
            except discord.HTTPException:
                log.warning("could not acknowledge interaction %s", self.interaction.id)
