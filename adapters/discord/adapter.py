"""`DiscordAdapter`: the Adapter protocol on discord.py 2.7 with application commands.

Lifecycle: `start` points discord.py's REST base and gateway at the configured URLs, logs
in, connects in a background task and waits for READY. Each interaction becomes a
neutral event fed to the core while an `Exchange` answers it (ephemerally in a guild).
Every REST request keeps to Discord's global rate limit (`ratelimit.py`); answers to
interactions are exempt from it and never wait behind a fan-out.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Sequence

import discord
import yarl
from discord import app_commands

from adapters.discord import roles
from adapters.discord.client import ClpClient
from adapters.discord.interactions import Exchange, chat_of, identity_of
from adapters.discord.outgoing import Outgoing
from adapters.discord.people import KnownMembers
from adapters.discord.ratelimit import GlobalLimiter, limit_requests
from adapters.discord.render import MAX_MESSAGE
from adapters.discord.slash import build_command
from adapters.discord.tokens import ChoiceTarget, FormTarget, MenuTarget, OpenForm, Tokens
from adapters.discord.views import MAX_CHOICES, build_modal, modal_fields
from bot.adapter import DeliveryError, EventSink, SentPart, StartError
from bot.commands import CommandSpec
from bot.config import DiscordConfig
from bot.model import (
    ButtonEvent,
    Capabilities,
    ChatRef,
    CommandEvent,
    FormEvent,
    Identity,
    IncomingEvent,
    MessageRef,
    OutgoingMessage,
    Role,
)

log = logging.getLogger("clpbot.discord")
EXPIRED = "This button has expired. Type the command again to start afresh."


class DiscordAdapter:
    platform = "discord"
    capabilities = Capabilities(
        buttons=True,
        forms=True,
        edits=True,
        direct_messages=True,
        files=True,
        images=True,
        native_polls=False,
        private_replies_in_groups=True,
        max_message_length=MAX_MESSAGE,
        max_choices=MAX_CHOICES,
    )

    def __init__(
        self,
        config: DiscordConfig,
        *,
        defer_after: float = 2.0,
        guild_ready_timeout: float = 2.0,
        ready_timeout: float = 60.0,
        limiter: GlobalLimiter | None = None,
    ) -> None:
        self.config = config
        self.defer_after = defer_after
        self.ready_timeout = ready_timeout
        self.client = ClpClient(self, guild_ready_timeout=guild_ready_timeout)
        self.limiter = limiter or GlobalLimiter()
        limit_requests(self.client.http, self.limiter)
        self.tokens = Tokens()
        self.out = Outgoing(self.client, self.tokens)
        self.members = KnownMembers(self.client)
        self._sink: EventSink | None = None
        self._live: dict[int, tuple[IncomingEvent, Exchange]] = {}
        self._connection: asyncio.Task[None] | None = None
        self._finished = asyncio.Event()

    # --- lifecycle ------------------------------------------------------------------

    async def start(self, sink: EventSink) -> None:
        self._sink = sink
        self.tokens.buttons = sink.buttons
        discord.http.Route.BASE = self.config.api_base_url.rstrip("/")
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(self.config.gateway_url)
        try:
            await self.client.login(self.config.token)
        except discord.LoginFailure as exc:
            raise StartError(
                f"Discord refused the token ({exc}): copy it again from the Developer Portal",
                key="discord.token",
            ) from exc
        except (discord.HTTPException, OSError) as exc:
            raise StartError(
                f"discord: could not log in at {self.config.api_base_url}: {exc}"
            ) from exc
        self._connection = asyncio.create_task(self._connect(), name="discord-gateway")
        ready = asyncio.ensure_future(self.client.wait_until_ready())
        done, _ = await asyncio.wait(
            {ready, self._connection}, timeout=self.ready_timeout, return_when="FIRST_COMPLETED"
        )
        if ready not in done:
            ready.cancel()
            await self.stop()
            raise StartError(
                f"discord: not ready within {self.ready_timeout:.0f} s: check that"
                f" {self.config.gateway_url} is reachable and the token is the bot's"
            )

    async def _connect(self) -> None:
        try:
            await self.client.connect(reconnect=True)
        except Exception:
            log.exception("the Discord connection ended with an error")
        finally:
            self._finished.set()

    async def wait_finished(self) -> None:
        await self._finished.wait()

    async def stop(self) -> None:
        await self.client.close()
        if self._connection is not None:
            self._connection.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._connection
        self._finished.set()

    def declare_commands(self, specs: Sequence[CommandSpec]) -> None:
        """Fill the command tree before the gateway connects, so a slash command used the
        moment the bot is back resolves instead of being "changed since Discord loaded it".

        The tree also knows every command globally without publishing it there, so an
        invocation from a DM (a global command from an earlier deployment) still resolves.
        """
        tree = self.client.tree
        guilds: list[discord.Object] = (
            []
            if self.config.global_commands
            else [discord.Object(g) for g in self.config.guild_ids]
        )
        for spec in specs:
            command = build_command(spec, self._on_command, self._suggest)
            tree.add_command(command, override=True)
            if guilds:
                tree.add_command(command, guilds=guilds, override=True)

    async def sync_commands(self, specs: Sequence[CommandSpec]) -> None:
        """Publish to each of the CLP's guilds (instant), or globally with `global_commands`."""
        self.declare_commands(specs)  # the same commands again: harmless, and never missing
        guilds: list[discord.Object] = (
            []
            if self.config.global_commands
            else [discord.Object(g) for g in self.config.guild_ids]
        )
        targets: list[discord.Object | None] = [*guilds] or [None]
        for guild in targets:
            synced = await self.client.tree.sync(guild=guild)
            log.info("synced %d slash commands to %s", len(synced), guild.id if guild else "all")

    # --- incoming -------------------------------------------------------------------

    async def _on_command(self, interaction: discord.Interaction, name: str, args: str) -> None:
        event = CommandEvent(
            sender=identity_of(interaction),
            chat=chat_of(interaction),
            name=name,
            args=args,
            mentions=self.members.mentions(args),  # "/officers add @ann" too
        )
        await self._feed(interaction, event)

    async def on_component(self, interaction: discord.Interaction) -> None:
        data: dict[str, object] = dict(interaction.data or {})
        sender, chat = identity_of(interaction), chat_of(interaction)
        target = await self.tokens.get(chat.chat_id, str(data.get("custom_id", "")))
        if isinstance(target, MenuTarget):
            values = data.get("values")
            chosen = values[0] if isinstance(values, list) and values else ""
            target = await self.tokens.get(chat.chat_id, str(chosen))
        if isinstance(target, OpenForm):
            modal = await build_modal(target.form, chat.chat_id, self.tokens)
            await Exchange(interaction, self.defer_after).open_modal(modal)
        elif isinstance(target, ChoiceTarget):
            ref = MessageRef(chat, str(interaction.message.id)) if interaction.message else None
            await self._feed(
                interaction, ButtonEvent(sender=sender, chat=chat, value=target.value, message=ref)
            )
        elif isinstance(target, FormTarget):
            fields = modal_fields(data, target.field_names)
            mentions = self.members.mentions("\n".join(fields.values()))
            event = FormEvent(
                sender=sender,
                chat=chat,
                form_id=target.form_id,
                fields=fields,
                mentions=mentions,
            )
            await self._feed(interaction, event)
        else:
            await Exchange(interaction, self.defer_after).send([EXPIRED], {})

    async def _feed(self, interaction: discord.Interaction, event: IncomingEvent) -> None:
        self.members.remember(interaction.user)
        exchange = Exchange(interaction, self.defer_after)
        self._live[id(event)] = (event, exchange)
        try:
            if self._sink is not None:
                await self._sink.feed(event, self)
        except Exception:
            log.exception("error handling a Discord interaction (the bot carries on)")
        finally:
            del self._live[id(event)]
            await exchange.finish()

    async def _suggest(
        self, interaction: discord.Interaction, lookup: str, current: str
    ) -> list[app_commands.Choice[str]]:
        suggest = getattr(self._sink, "suggest", None)
        if suggest is None:
            return []
        event = CommandEvent(sender=identity_of(interaction), chat=chat_of(interaction), name="")
        choices = await suggest(event, self, lookup, current)
        return [app_commands.Choice(name=c.label[:100], value=c.value[:100]) for c in choices]

    def _exchange_for(self, event: IncomingEvent) -> Exchange | None:
        live = self._live.get(id(event))
        if live is not None and live[0] is event:
            return live[1]
        # a handler may answer through a new event for the same person (/start topic)
        for _, exchange in reversed(self._live.values()):
            if (
                str(exchange.user_id) == event.sender.user_id
                and str(exchange.interaction.channel_id) == event.chat.chat_id
            ):
                return exchange
        return None

    # --- outgoing -------------------------------------------------------------------

    async def reply(self, event: IncomingEvent, message: OutgoingMessage) -> MessageRef:
        exchange = self._exchange_for(event)
        if exchange is None:  # the interaction is over: never answer in public, use a DM
            return await self.out.direct(int(event.sender.user_id), message)
        return await self.out.answer(exchange, event.chat, message)

    async def send(self, chat: ChatRef, message: OutgoingMessage) -> MessageRef:
        return await self.out.send(chat, message)

    async def send_parts(
        self, chat: ChatRef, message: OutgoingMessage, *, skip: int = 0
    ) -> AsyncIterator[SentPart]:
        """Channel posts part by part; a private chat or a person (whose DM channel may
        need opening first) as one send."""
        if chat.is_private:
            yield SentPart(await self.out.send(chat, message), last=True, primary=True)
            return
        async for part in self.out.post_parts(chat, message, skip):
            yield part

    async def send_to(self, person: Identity, message: OutgoingMessage) -> MessageRef:
        if person.platform != self.platform:
            raise DeliveryError(f"{person.key} is not a Discord user", permanent=True)
        return await self.out.direct(int(person.user_id), message)

    async def answer_press(self, event: ButtonEvent, message: OutgoingMessage) -> bool:
        """Ephemeral, while the press's interaction lasts."""
        exchange = self._exchange_for(event)
        if exchange is None:
            return False
        await self.out.answer(exchange, event.chat, message)
        return True

    async def edit(self, ref: MessageRef, message: OutgoingMessage) -> None:
        await self.out.edit(ref, message)

    async def role_of(self, event: IncomingEvent) -> Role:
        """Officer only by a role held in one of the CLP's servers (see roles.py)."""
        exchange = self._exchange_for(event)
        if exchange is None and not event.chat.is_private:
            return Role.MEMBER  # which server it came from is unknown: never an officer
        user: discord.abc.Snowflake = (
            exchange.interaction.user
            if exchange is not None
            else discord.Object(int(event.sender.user_id))
        )
        officer = await roles.is_officer(
            self.client,
            user,
            self.config.officer_roles,
            self.config.guild_ids,
            from_guild=exchange.interaction.guild_id if exchange is not None else None,
        )
        return Role.OFFICER if officer else Role.MEMBER

    def private_link(self, payload: str) -> str | None:
        return None

    async def chat_name(self, chat: ChatRef) -> str | None:
        """ "#name" of a server channel: from the gateway's cache, else asked over REST."""
        if chat.platform != self.platform or chat.is_private or not chat.chat_id.isdigit():
            return None
        if not self.client.is_ready():  # not connected yet: nothing to ask
            return None
        channel: object = self.client.get_channel(int(chat.chat_id))
        if channel is None:
            try:
                channel = await self.client.fetch_channel(int(chat.chat_id))
            except discord.HTTPException as exc:
                log.info("discord: no name for channel %s: %s", chat.chat_id, exc)
                return None
        name = getattr(channel, "name", None)
        return f"#{name}" if isinstance(name, str) and name else None
