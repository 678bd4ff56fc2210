"""Sending: rendered chunks, the view and the file on the last one, mentions always off.

Channel sends go through discord.py's HTTP client, which waits out 429s on its own and
retries 5xx answers (with a nonce, so a retry cannot post twice); we add a few retries for
a dropped connection, and a send that fails for good is logged and raised as a
`DeliveryError` (permanent for a missing channel or permission) for the outbox.
Ephemeral answers can only be edited through their interaction's webhook, so we remember
which exchange sent which message (a bounded map).
"""

from __future__ import annotations

import asyncio
import io
import logging
from collections import OrderedDict
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any, TypeVar

import aiohttp
import discord

from adapters.discord.interactions import NONE, Exchange
from adapters.discord.render import MAX_MESSAGE, render
from adapters.discord.tokens import Tokens
from adapters.discord.views import build_view
from bot.adapter import DeliveryError, SentPart
from bot.model import ChatKind, ChatRef, MessageRef, OutgoingMessage

log = logging.getLogger("clpbot.discord")
T = TypeVar("T")
RETRIES = 3
REMEMBERED = 5_000


class Outgoing:
    def __init__(self, client: discord.Client, tokens: Tokens, retry_delay: float = 1.0) -> None:
        self.client = client
        self.tokens = tokens
        self.retry_delay = retry_delay
        self._ephemeral: OrderedDict[str, Exchange] = OrderedDict()
        self._dm_channels: OrderedDict[int, int] = OrderedDict()

    async def extras(self, message: OutgoingMessage, channel_id: str) -> dict[str, Any]:
        extras: dict[str, Any] = {}
        view = await build_view(message, channel_id, self.tokens)
        if view is not None:
            extras["view"] = view
        if message.attachment is not None:
            extras["file"] = discord.File(
                io.BytesIO(message.attachment.content), filename=message.attachment.filename
            )
        return extras

    async def answer(
        self, exchange: Exchange, chat: ChatRef, message: OutgoingMessage
    ) -> MessageRef:
        extras = await self.extras(message, chat.chat_id)
        message_id = await exchange.send(render(message.blocks), extras)
        ref = MessageRef(chat, str(message_id or 0))
        self._ephemeral[ref.message_id] = exchange
        while len(self._ephemeral) > REMEMBERED:
            self._ephemeral.popitem(last=False)
        return ref

    async def send(self, chat: ChatRef, message: OutgoingMessage) -> MessageRef:
        """Post to a channel, or to a person (their DM channel)."""
        if chat.person is not None:
            return await self.direct(int(chat.person.user_id), message)
        if chat.kind is ChatKind.PRIVATE:
            return await self._private(chat, message)
        return await self._post(chat, message)

    async def _private(self, chat: ChatRef, message: OutgoingMessage) -> MessageRef:
        target = self.client.get_channel(int(chat.chat_id))
        if isinstance(target, discord.abc.GuildChannel | discord.Thread):
            # never post something meant for one person in front of a channel
            raise DeliveryError(
                f"discord: {chat.chat_id} is a server channel, not a private chat", permanent=True
            )
        return await self._post(chat, message)  # a DM channel (people go through `direct`)

    async def _post(self, chat: ChatRef, message: OutgoingMessage) -> MessageRef:
        first: MessageRef | None = None
        async for part in self.post_parts(chat, message):
            first = first or part.ref
        assert first is not None
        return first

    async def post_parts(
        self, chat: ChatRef, message: OutgoingMessage, skip: int = 0
    ) -> AsyncIterator[SentPart]:
        """Each Discord message of `message` once sent, after the first `skip`; the view
        and the file go with the last, and the first is the post's ref (as `send`)."""
        channel = self.client.get_partial_messageable(int(chat.chat_id))
        chunks = render(message.blocks)
        for n, chunk in enumerate(chunks):
            if n < skip:
                continue
            last = n == len(chunks) - 1
            extras = await self.extras(message, chat.chat_id) if last else {}
            sent = await self._retrying(
                f"send to channel {chat.chat_id}",
                lambda c=chunk, e=extras: channel.send(c, allowed_mentions=NONE, **e),  # type: ignore[misc]
            )
            yield SentPart(MessageRef(chat, str(sent.id)), last=last, primary=n == 0)

    async def direct(self, user_id: int, message: OutgoingMessage) -> MessageRef:
        """A DM to the person, in their DM channel: opened once, then remembered."""
        channel_id = await self.dm_channel(user_id)
        return await self._post(ChatRef("discord", str(channel_id), ChatKind.PRIVATE), message)

    async def dm_channel(self, user_id: int) -> int:
        """The user's DM channel: one `POST /users/@me/channels` the first time (no user
        lookup, no guess at a channel id that would 404), remembered after that."""
        known = self._dm_channels.get(user_id)
        if known is None:
            cached = self.client.get_user(user_id)
            if cached is not None and cached.dm_channel is not None:
                known = cached.dm_channel.id
            else:
                data = await self._retrying(
                    f"open a DM with user {user_id}",
                    lambda: self.client.http.start_private_message(user_id),
                )
                known = int(data["id"])
        self._dm_channels[user_id] = known
        self._dm_channels.move_to_end(user_id)
        while len(self._dm_channels) > REMEMBERED:
            self._dm_channels.popitem(last=False)
        return known

    async def edit(self, ref: MessageRef, message: OutgoingMessage) -> None:
        content = render(message.blocks)[0][:MAX_MESSAGE]
        view = await build_view(message, ref.chat.chat_id, self.tokens)
        extras: dict[str, Any] = {"view": view}  # None takes the buttons off
        exchange = self._ephemeral.get(ref.message_id)
        if exchange is not None:
            await exchange.edit(int(ref.message_id), content, extras)
            return
        channel = self.client.get_partial_messageable(int(ref.chat.chat_id))
        partial = channel.get_partial_message(int(ref.message_id))
        await self._retrying(
            f"edit message {ref.message_id}",
            lambda: partial.edit(content=content, allowed_mentions=NONE, **extras),
        )

    async def _retrying(self, what: str, call: Callable[[], Awaitable[T]]) -> T:
        """Retry when the request may not have reached Discord; log a final failure."""
        for attempt in range(1, RETRIES + 1):
            try:
                return await call()
            except (TimeoutError, aiohttp.ClientConnectionError) as error:
                if attempt == RETRIES:
                    log.error("could not %s after %d tries: %s", what, attempt, error)
                    raise DeliveryError(f"discord: could not {what}: {error}") from error
                log.warning("could not %s (%s), retrying", what, error)
                await asyncio.sleep(self.retry_delay * attempt)
            except discord.HTTPException as error:
                log.error("could not %s: %s %s", what, error.status, error.text)
                # a missing channel or a missing permission will not mend on a retry
                permanent = isinstance(error, discord.NotFound | discord.Forbidden)
                raise DeliveryError(
                    f"discord: could not {what}: {error.status} {error.text}", permanent=permanent
                ) from error
        raise AssertionError("unreachable")
