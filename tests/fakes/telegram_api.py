"""A fake Telegram Bot API server on 127.0.0.1 for running the real python-telegram-bot.

    async with FakeTelegram() as server:                 # a random free port
        section = server.telegram_config(officers=[...])  # the [telegram] config keys
        ann = server.user("Ann")
        group = server.group("Members")
        await server.push_message(group, ann, "/help")    # an update for getUpdates
        reply = await server.next_message(group)          # waits for the bot's answer
        await server.press("Yes", user=ann, chat=server.private_chat(ann))
        server.calls("sendMessage")                       # every call, failed ones too
        server.sent_texts(group.id)                       # texts the bot posted there
        server.rate_limit("sendMessage", times=1, retry_after=3)   # the next call gets a 429

Wire format as PLATFORMS.md describes: `POST /bot<token>/<method>`, form or multipart fields,
each JSON-encoded except plain strings; answers `{"ok": true, "result": ...}`. When the bot
has set a webhook, pushed updates are POSTed to it (with its secret token) instead of
being queued for getUpdates, and getUpdates answers 409 as Telegram does.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import time
from collections.abc import Callable
from typing import Any

import aiohttp
from aiohttp import web

from tests.fakes.telegram_payloads import (
    Call,
    SentMessage,
    TgChat,
    TgUser,
    administrator_payload,
    command_entities,
    decode_field,
    error,
    message_payload,
)
from tests.fakes.telegram_replies import BotMethods

__all__ = ["Call", "FakeTelegram", "SentMessage", "TgChat", "TgUser"]

TOKEN = "123456:TEST-TOKEN"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


class FakeTelegram(BotMethods):
    def __init__(self, token: str = TOKEN, bot_username: str = "clp_test_bot") -> None:
        super().__init__(TgUser(999_000, "CLP Bot", username=bot_username, is_bot=True))
        self.token = token
        self.port = 0
        self.long_poll_cap = 1.0
        """getUpdates never holds a request longer than this, whatever timeout it asks."""
        self.webhook_deliveries: list[int] = []
        """HTTP status of every update POSTed to the bot's webhook."""
        self._updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1)
        self._user_ids = itertools.count(1001)
        self._group_ids = itertools.count(1)
        self._read: dict[int, int] = {}
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self._closing = False
        self._client: aiohttp.ClientSession | None = None

    # --- lifecycle ----------------------------------------------------------------------

    async def start(self) -> FakeTelegram:
        app = web.Application()
        app.router.add_post("/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(app, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = int(self._runner.addresses[0][1])
        return self

    async def close(self) -> None:
        self._closing = True
        await self._notify()  # let held getUpdates requests answer now
        if self._client is not None:
            await self._client.close()
        if self._runner is not None:
            await self._runner.cleanup()

    async def __aenter__(self) -> FakeTelegram:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    def telegram_config(self, **keys: Any) -> dict[str, Any]:
        """A `[telegram]` section pointing at this server; `keys` add or override."""
        return {"enabled": True, "token": self.token, "base_url": self.base_url, **keys}

    # --- people and chats ---------------------------------------------------------------

    def user(self, first_name: str, last_name: str = "", *, id: int | None = None) -> TgUser:
        user_id = next(self._user_ids) if id is None else id
        return TgUser(user_id, first_name, last_name, username=first_name.lower())

    def private_chat(self, user: TgUser) -> TgChat:
        chat = TgChat(user.id, "private", first_name=user.first_name)
        self.chats[chat.id] = chat
        return chat

    def group(self, title: str, *, id: int | None = None, kind: str = "supergroup") -> TgChat:
        chat_id = -1_001_000_000_000 - next(self._group_ids) if id is None else id
        chat = TgChat(chat_id, kind, title=title)
        self.chats[chat.id] = chat
        return chat

    def set_admins(self, chat: TgChat, *admins: TgUser) -> None:
        """getChatAdministrators for `chat` answers these (the first one is the owner)."""
        self.admins[chat.id] = [
            administrator_payload(user, owner=number == 0) for number, user in enumerate(admins)
        ]

    # --- updates ------------------------------------------------------------------------

    async def push_update(self, update: dict[str, Any]) -> int:
        """Queue a raw update (its `update_id` is added); returns the update id."""
        update = {"update_id": next(self._update_ids), **update}
        if self.webhook is not None:
            self.webhook_deliveries.append(await self.post_to_webhook(update))
        else:
            self._updates.append(update)
            await self._notify()
        return int(update["update_id"])

    async def push_message(
        self, chat: TgChat, user: TgUser, text: str, *, reply_to: SentMessage | None = None
    ) -> int:
        """A member types `text` in `chat` (as a reply to one of the bot's messages if
        `reply_to`); a leading /command is marked as Telegram does."""
        message = message_payload(
            self.new_message_id(), chat, user, text=text, entities=command_entities(text)
        )
        if not message["entities"]:
            del message["entities"]
        if reply_to is not None:
            message["reply_to_message"] = message_payload(
                reply_to.message_id, chat, self.me, text=reply_to.text
            )
        return await self.push_update({"message": message})

    async def press(self, label_or_data: str, *, user: TgUser, chat: TgChat | None = None) -> int:
        """Press the button with this label (or callback data) on the newest message that
        has one (in `chat` if given)."""
        for sent in reversed(self.sent(chat.id if chat else None)):
            for button in sent.buttons:
                if label_or_data in (button["text"], button.get("callback_data")):
                    return await self.press_data(sent, str(button["callback_data"]), user=user)
        raise AssertionError(f"no message offers a button {label_or_data!r}")

    async def press_data(self, message: SentMessage, data: str, *, user: TgUser) -> int:
        """A callback query with exactly this data, as if pressed on `message`."""
        chat = self.chat(message.chat_id)
        content = message_payload(message.message_id, chat, self.me, text=message.text)
        if message.buttons:
            content["reply_markup"] = message.reply_markup
        query = {
            "id": f"cq{next(self._update_ids)}",
            "from": user.payload(),
            "chat_instance": f"ci{chat.id}",
            "data": data,
            "message": content,
        }
        return await self.push_update({"callback_query": query})

    async def push_poll_answer(self, poll_id: str, user: TgUser, option_ids: list[int]) -> int:
        answer = {
            "poll_id": poll_id,
            "user": user.payload(),
            "option_ids": option_ids,
            "option_persistent_ids": [f"{poll_id}-{n}" for n in option_ids],
        }
        return await self.push_update({"poll_answer": answer})

    async def post_to_webhook(
        self, update: dict[str, Any], secret: str | None = None, url: str | None = None
    ) -> int:
        """POST `update` to the bot's webhook (or `url`) with `secret` (default: the one the
        bot set); returns the HTTP status."""
        assert self.webhook is not None, "the bot has not set a webhook"
        own_url, own_secret = self.webhook
        url = url or own_url
        token = own_secret if secret is None else secret
        headers = {SECRET_HEADER: token} if token else {}
        self._client = self._client or aiohttp.ClientSession(trust_env=False)
        async with self._client.post(url, json=update, headers=headers) as response:
            return response.status

    # --- observing ----------------------------------------------------------------------

    def sent_texts(self, chat_id: int | None = None) -> list[str]:
        return [m.text for m in self.sent(chat_id)]

    def unread(self, chat: TgChat) -> list[SentMessage]:
        """Messages posted in `chat` that `next_message` has not returned yet; marks them read."""
        messages = self.sent(chat.id)
        seen, self._read[chat.id] = self._read.get(chat.id, 0), len(messages)
        return messages[seen:]

    async def next_message(self, chat: TgChat, within: float = 10.0) -> SentMessage:
        """The oldest message posted in `chat` not returned before, waiting for it."""
        seen = self._read.get(chat.id, 0)
        await self.wait_for(lambda: len(self.sent(chat.id)) > seen, within)
        self._read[chat.id] = seen + 1
        return self.sent(chat.id)[seen]

    async def wait_for(self, condition: Callable[[], bool], within: float = 10.0) -> None:
        """Wait until `condition()` holds, re-checked after every request the bot makes."""
        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(condition), within)

    async def wait_calls(self, method: str, count: int = 1, within: float = 10.0) -> list[Call]:
        await self.wait_for(lambda: len(self.calls(method)) >= count, within)
        return self.calls(method)

    # --- failures -----------------------------------------------------------------------

    def rate_limit(self, method: str, times: int = 1, retry_after: float = 1) -> None:
        """The next `times` calls of `method` get a 429 with `retry_after`."""
        self.failures[method] = [error(429, "Too Many Requests", retry_after)] * times

    def fail(self, method: str, times: int = 1, code: int = 400, description: str = "") -> None:
        self.failures[method] = [error(code, description or f"Bad Request: {method}")] * times

    # --- the wire -----------------------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        if request.match_info["token"] != self.token:
            return web.json_response(error(401, "Unauthorized"), status=401)
        call = Call(method, {}, at=time.monotonic())
        for name, value in (await request.post()).items():
            if isinstance(value, str):
                call.params[name] = decode_field(name, value)
            elif isinstance(value, web.FileField):
                call.files[name] = (value.filename, value.file.read())
            else:
                call.files[name] = (name, bytes(value))
        if method == "getUpdates" and self.webhook is None:
            await self._wait_for_updates(call.params)
        body = self.answer(call, self._take_updates)
        call.status = 200 if body["ok"] else int(body["error_code"])
        call.result = body.get("result")
        self.recorded.append(call)
        await self._notify()
        return web.json_response(body, status=call.status)

    async def _wait_for_updates(self, params: dict[str, Any]) -> None:
        offset = int(params.get("offset") or 0)
        wait = min(float(params.get("timeout") or 0), self.long_poll_cap)
        if wait <= 0:
            return
        async with self._changed:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(
                    self._changed.wait_for(lambda: self._has_updates(offset)), wait
                )

    def _has_updates(self, offset: int) -> bool:
        return self._closing or any(u["update_id"] >= offset for u in self._updates)

    def _take_updates(self, offset: int) -> list[dict[str, Any]]:
        """Updates from `offset` on; an offset confirms (forgets) every earlier one."""
        self._updates = [u for u in self._updates if u["update_id"] >= offset]
        return list(self._updates)

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()
