"""`TelegramAdapter`: the Adapter protocol on python-telegram-bot's Application.

Every update goes through one handler that translates it to a neutral event and feeds the
core; updates from one chat are handled in order, different chats concurrently, and a
failure with one update is logged without touching the others.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections import OrderedDict
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import replace
from typing import Any

from telegram import (
    BotCommand,
    BotCommandScope,
    BotCommandScopeChat,
    BotCommandScopeChatAdministrators,
    CallbackQuery,
    Chat,
    Message,
    Update,
)
from telegram.error import InvalidToken, TelegramError
from telegram.ext import CallbackContext, TypeHandler

from adapters.telegram import translate
from adapters.telegram.client import TelegramApp, build_application, start_receiving
from adapters.telegram.delivery import Delivery
from adapters.telegram.keyboards import MAX_BUTTONS
from adapters.telegram.people import KnownMembers
from adapters.telegram.presses import Presses
from adapters.telegram.ratelimit import FloodLimiter
from adapters.telegram.roles import OfficerRoles, admins_via
from adapters.telegram.webhook import WebhookRoute
from bot.adapter import DeliveryError, EventSink, SentPart, StartError
from bot.commands import Access, CommandSpec
from bot.config import TelegramConfig, WebConfig
from bot.model import (
    ButtonEvent,
    Capabilities,
    ChatKind,
    ChatRef,
    CommandEvent,
    Identity,
    IncomingEvent,
    MessageRef,
    OutgoingMessage,
    Role,
    TextEvent,
)
from bot.web import WebRoute

log = logging.getLogger("clpbot.telegram")

EXPIRED = "This button has expired: please use the latest message or type the command again."
UNREADABLE = "I can only read text. Please type your answer as a message."
REMEMBERED_MESSAGES = 10_000
_DEEP_LINK_PAYLOAD = re.compile(r"[A-Za-z0-9_-]{1,64}")


class TelegramAdapter:
    platform = translate.PLATFORM
    capabilities = Capabilities(
        buttons=True,
        native_polls=False,  # polls use buttons; the bot's database is the record of votes
        edits=True,
        direct_messages=True,
        files=True,
        images=True,
        private_replies_in_groups=False,
        max_message_length=4096,
        max_choices=MAX_BUTTONS,
    )

    def __init__(
        self,
        config: TelegramConfig,
        *,
        limiter: FloodLimiter | None = None,
        poll_timeout: float = 10.0,
        roles_ttl: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
        web: WebConfig | None = None,
    ) -> None:
        """`web`: the web server's config when it takes the webhook (`Config.webhook_on_web`);
        otherwise webhook mode runs PTB's own server on `[telegram] listen`/`port`."""
        self.config = config
        self._webhook = WebhookRoute(config, web) if web is not None else None
        self.limiter = limiter or FloodLimiter()
        self.poll_timeout = poll_timeout
        self.roles_ttl = roles_ttl
        self.clock = clock
        self.presses = Presses()
        self.members = KnownMembers()
        self._app: TelegramApp | None = None
        self._sink: EventSink | None = None
        self._delivery: Delivery | None = None
        self._roles: OfficerRoles | None = None
        self._username = ""
        self._last_messages: OrderedDict[tuple[str, str], int] = OrderedDict()
        self._stopped = asyncio.Event()

    # --- lifecycle ----------------------------------------------------------------------

    async def start(self, sink: EventSink) -> None:
        self._sink = sink
        self._stopped.clear()
        app = build_application(self.config, self.limiter)
        app.add_handler(TypeHandler(Update, self._on_update))
        app.add_error_handler(self._on_error)
        await _started("reaching the Bot API", self.config, app.initialize())  # getMe
        self._app = app
        self._username = app.bot.username
        self._delivery = Delivery(app.bot, sink.buttons)
        config = self.config
        self._roles = OfficerRoles(
            config.officers,
            config.officers_chat,
            admins_via(app.bot),
            ttl=self.roles_ttl,
            clock=self.clock,
        )
        await app.start()
        if self._webhook is not None:
            self._webhook.app = app
            await _started("setting the webhook", config, self._webhook.set_webhook(app))
            how = f"webhook on the web server at {self._webhook.path}"
        else:
            own_server = f"{config.listen}:{config.port}" if config.mode == "webhook" else None
            receiving = start_receiving(app, config, self.poll_timeout)
            await _started("receiving updates", config, receiving, where=own_server)
            how = config.mode
        log.info("telegram: @%s receiving updates by %s", self._username, how)

    def web_routes(self) -> list[WebRoute]:
        """The webhook, when the web server takes it."""
        return [self._webhook.route()] if self._webhook is not None else []

    async def wait_finished(self) -> None:
        await self._stopped.wait()

    async def stop(self) -> None:
        app, self._app = self._app, None
        if self._webhook is not None:
            self._webhook.app = None  # 503 from now on: Telegram delivers it again later
        try:
            if app is not None:
                if app.updater is not None and app.updater.running:
                    await app.updater.stop()
                if app.running:
                    await app.stop()
                await app.shutdown()
        finally:
            self._stopped.set()

    # --- incoming -----------------------------------------------------------------------

    async def _on_update(
        self, update: Update, context: CallbackContext[Any, Any, Any, Any]
    ) -> None:
        try:
            await self._handle(update)
        except Exception:
            log.exception("could not handle Telegram update %s", update.update_id)

    async def _handle(self, update: Update) -> None:
        delivery = str(update.update_id)
        self.members.remember(update.effective_user)
        if update.callback_query is not None:
            await self._on_press(update.callback_query, delivery)
            return
        event: IncomingEvent | None = None
        if update.message is not None:
            self._remember(update.message)
            event = translate.message_event(update.message, self._username, delivery)
            if isinstance(event, TextEvent | CommandEvent):  # "/officers add @ann" too
                event = replace(event, mentions=self.members.mentions(update.message))
            unreadable = translate.unreadable_private_message(update)
            if event is None and unreadable is not None:
                await self.send(unreadable, OutgoingMessage.text(UNREADABLE))
        elif update.poll_answer is not None:
            event = translate.poll_answer_event(update.poll_answer, delivery)
        if event is not None:
            await self._feed(event)

    def _remember(self, message: Message) -> None:
        """The member's latest message in a group, for `reply` to answer under it."""
        if message.from_user is None or message.chat.type == Chat.PRIVATE:
            return
        key = (str(message.chat.id), str(message.from_user.id))
        self._last_messages.pop(key, None)
        self._last_messages[key] = message.message_id
        while len(self._last_messages) > REMEMBERED_MESSAGES:
            self._last_messages.popitem(last=False)

    async def _on_press(self, query: CallbackQuery, delivery: str) -> None:
        chat = query.message.chat.id if query.message is not None else query.from_user.id
        assert self._sink is not None
        value = await self._sink.buttons.resolve(self.platform, str(chat), query.data or "")
        if value is None:
            try:
                await query.answer(EXPIRED, show_alert=True)
            except TelegramError as exc:  # too old to answer
                log.info("could not answer a button press: %s", exc)
            return
        event = translate.button_event(query, value, delivery)
        async with self.presses.handling(event, query):  # answered once the core is done
            await self._feed(event)

    async def _feed(self, event: IncomingEvent) -> None:
        if self._sink is None:
            raise RuntimeError("the Telegram adapter is not started")
        await self._sink.feed(event, self)

    async def _on_error(self, update: object, context: CallbackContext[Any, Any, Any, Any]) -> None:
        log.error("error in the Telegram application", exc_info=context.error)

    # --- outgoing -----------------------------------------------------------------------

    @property
    def delivery(self) -> Delivery:
        if self._delivery is None:
            raise DeliveryError("the Telegram adapter is not started")
        return self._delivery

    async def send(self, chat: ChatRef, message: OutgoingMessage) -> MessageRef:
        if chat.platform != self.platform:
            raise DeliveryError(f"{chat} is not a Telegram chat", permanent=True)
        if chat.person is not None:
            return await self.send_to(chat.person, message)
        return MessageRef(chat, await self.delivery.send(chat.chat_id, message))

    async def send_parts(
        self, chat: ChatRef, message: OutgoingMessage, *, skip: int = 0
    ) -> AsyncIterator[SentPart]:
        if chat.platform != self.platform:
            raise DeliveryError(f"{chat} is not a Telegram chat", permanent=True)
        # a person's private chat with the bot has their user id: a person target's chat_id
        parts = self.delivery.send_parts(chat.chat_id, message, skip=skip)
        async for message_id, last, primary in parts:
            yield SentPart(MessageRef(chat, message_id), last=last, primary=primary)

    async def reply(self, event: IncomingEvent, message: OutgoingMessage) -> MessageRef:
        """In a group, the answer is threaded under the member's last message there."""
        if event.chat.is_private:
            return await self.send(event.chat, message)
        reply_to = self._last_messages.get((event.chat.chat_id, event.sender.user_id))
        sent = await self.delivery.send(event.chat.chat_id, message, reply_to=reply_to)
        return MessageRef(event.chat, sent)

    async def send_to(self, person: Identity, message: OutgoingMessage) -> MessageRef:
        """On Telegram a user's private chat with the bot has the user's own id."""
        if person.platform != self.platform:
            raise DeliveryError(f"{person.key} is not a Telegram user", permanent=True)
        return await self.send(ChatRef(self.platform, person.user_id, ChatKind.PRIVATE), message)

    async def answer_press(self, event: ButtonEvent, message: OutgoingMessage) -> bool:
        """The press's callback answer, as an alert only the presser sees."""
        return await self.presses.answer(event, message)

    async def edit(self, ref: MessageRef, message: OutgoingMessage) -> None:
        await self.delivery.edit(ref.chat.chat_id, ref.message_id, message)

    def declare_commands(self, specs: Sequence[CommandSpec]) -> None:
        return None  # nothing to know locally: commands are read from each message

    async def sync_commands(self, specs: Sequence[CommandSpec]) -> None:
        """The menu: members' commands for everyone, every command for the officers."""
        if self._app is None:
            raise RuntimeError("the Telegram adapter is not started")
        bot = self._app.bot
        shown = [s for s in specs if not s.hidden]
        members = [BotCommand(s.name, s.description) for s in shown if s.access is Access.MEMBER]
        everyone = [BotCommand(s.name, s.description) for s in shown]
        scopes: list[BotCommandScope] = []
        if len(everyone) > len(members):
            scopes += [BotCommandScopeChat(officer) for officer in self.config.officers]
            if self.config.officers_chat is not None:
                scopes.append(BotCommandScopeChatAdministrators(self.config.officers_chat))
        try:
            await bot.set_my_commands(members)
        except TelegramError as exc:
            log.error("could not set the Telegram command menu: %s", exc)
        for scope in scopes:
            try:
                await bot.set_my_commands(everyone, scope=scope)
            except TelegramError as exc:  # an officer who never opened a chat with the bot
                log.warning("could not set the officers' menu (%s): %s", scope.type, exc)

    # --- people -------------------------------------------------------------------------

    async def role_of(self, event: IncomingEvent) -> Role:
        if self._roles is None or event.sender.platform != self.platform:
            return Role.MEMBER
        return await self._roles.role_of(int(event.sender.user_id))

    async def chat_name(self, chat: ChatRef) -> str | None:
        """The group's or channel's title (a private chat: the person's name), by getChat."""
        if self._app is None or chat.platform != self.platform or chat.person is not None:
            return None
        try:
            found = await self._app.bot.get_chat(int(chat.chat_id))
        except (TelegramError, ValueError) as exc:
            log.info("telegram: no name for chat %s: %s", chat.chat_id, exc)
            return None
        name: str | None = found.title or found.full_name or found.username
        return name

    def private_link(self, payload: str) -> str | None:
        if not self._username:
            return None
        if _DEEP_LINK_PAYLOAD.fullmatch(payload):
            return f"https://t.me/{self._username}?start={payload}"
        return f"https://t.me/{self._username}"


async def _started(
    what: str, config: TelegramConfig, step: Awaitable[object], where: str | None = None
) -> None:
    """Await a start-up step; a failure becomes one plain `StartError` line for the CLI
    (`where`: what it reached for, when not the Bot API)."""
    try:
        await step
    except InvalidToken as exc:
        raise StartError(
            f"the Bot API at {config.base_url} refused the token ({exc}): copy it again from"
            " @BotFather",
            key="telegram.token",
        ) from exc
    except (TelegramError, OSError) as exc:
        raise StartError(f"telegram: failed {what} ({where or config.base_url}): {exc}") from exc
