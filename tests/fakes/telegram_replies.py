"""What the fake Telegram server answers to each Bot API method, and the state it keeps.

Only the methods the bot uses are implemented; any other answers 404 as Telegram does for
an unknown method, so a feature that starts using one notices here first.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

from tests.fakes.telegram_payloads import (
    Call,
    SentMessage,
    TgChat,
    TgUser,
    error,
    message_payload,
    poll_payload,
)

Body = dict[str, Any]
SENT_METHODS = ("sendMessage", "sendDocument", "sendPhoto", "sendPoll")


class BotMethods:
    def __init__(self, me: TgUser) -> None:
        self.me = me
        self.chats: dict[int, TgChat] = {}
        self.admins: dict[int, list[dict[str, Any]]] = {}
        self.webhook: tuple[str, str] | None = None
        """(url, secret token) once the bot has called setWebhook."""
        self.commands: dict[str, list[dict[str, Any]]] = {}
        """setMyCommands by scope type ("default", "chat:ID", "chat_administrators:ID")."""
        self.failures: dict[str, list[Body]] = {}
        self.never_started: set[int] = set()
        """Users who never opened a private chat with the bot: sending there is a 403."""
        self.recorded: list[Call] = []
        self.messages: dict[tuple[int, int], SentMessage] = {}
        self._poll_ids = itertools.count(1)
        self._message_ids = itertools.count(1)
        self.methods: dict[str, Callable[[Call], Body]] = {
            "getMe": self._get_me,
            "deleteWebhook": self._delete_webhook,
            "setWebhook": self._set_webhook,
            "setMyCommands": self._set_my_commands,
            "sendMessage": self._send_message,
            "sendDocument": self._send_document,
            "sendPhoto": self._send_photo,
            "sendPoll": self._send_poll,
            "editMessageText": self._edit_message_text,
            "editMessageReplyMarkup": self._edit_message_reply_markup,
            "deleteMessage": self._delete_message,
            "stopPoll": self._stop_poll,
            "answerCallbackQuery": self._answer_callback_query,
            "getChatAdministrators": self._get_chat_administrators,
            "getChatMember": self._get_chat_member,
            "getChat": self._get_chat,
        }

    def new_message_id(self) -> int:
        return next(self._message_ids)

    # --- observing ----------------------------------------------------------------------

    def calls(self, method: str | None = None) -> list[Call]:
        """Every request (answered or refused) in order, optionally of one method."""
        return [c for c in self.recorded if method is None or c.method == method]

    def sent(self, chat_id: int | None = None) -> list[SentMessage]:
        """Messages the bot posted successfully, oldest first (edits update them in place)."""
        return [m for m in self.messages.values() if chat_id is None or m.chat_id == chat_id]

    def chat(self, chat_id: int) -> TgChat:
        if chat_id not in self.chats:
            kind = "private" if chat_id > 0 else "supergroup"
            self.chats[chat_id] = TgChat(chat_id, kind, title="" if chat_id > 0 else "A group")
        return self.chats[chat_id]

    # --- answering ----------------------------------------------------------------------

    def answer(self, call: Call, take_updates: Callable[[int], list[Body]]) -> Body:
        queued = self.failures.get(call.method)
        if queued:
            return queued.pop(0)
        handler = self.methods.get(call.method)
        if call.method == "getUpdates":
            if self.webhook is not None:
                return error(409, "Conflict: can't use getUpdates while webhook is active")
            return _ok(take_updates(int(call.get("offset") or 0)))
        if handler is None:
            return error(404, "Not Found")
        result: Body = handler(call)
        return result

    def _get_me(self, call: Call) -> Body:
        return _ok(self.me.payload())

    def _delete_webhook(self, call: Call) -> Body:
        self.webhook = None
        return _ok(True)

    def _set_webhook(self, call: Call) -> Body:
        self.webhook = (str(call["url"]), str(call.get("secret_token", "")))
        return _ok(True)

    def _set_my_commands(self, call: Call) -> Body:
        scope = call.get("scope") or {"type": "default"}
        key = scope["type"] + (f":{scope['chat_id']}" if "chat_id" in scope else "")
        self.commands[key] = list(call["commands"])
        return _ok(True)

    def _send_message(self, call: Call) -> Body:
        return self._post(call, SentMessage(0, 0, text=str(call["text"])))

    def _send_document(self, call: Call) -> Body:
        document = call.files.get("document")
        return self._post(call, SentMessage(0, 0, text=call.get("caption", ""), document=document))

    def _send_photo(self, call: Call) -> Body:
        photo = call.files.get("photo")
        return self._post(call, SentMessage(0, 0, text=call.get("caption", ""), photo=photo))

    def _send_poll(self, call: Call) -> Body:
        poll = poll_payload(f"poll{next(self._poll_ids)}", call.params)
        return self._post(call, SentMessage(0, 0, text=poll["question"], poll=poll))

    def _post(self, call: Call, message: SentMessage) -> Body:
        if int(call["chat_id"]) in self.never_started:
            return error(403, "Forbidden: bot can't initiate conversation with a user")
        chat = self.chat(int(call["chat_id"]))
        message.chat_id, message.message_id = chat.id, self.new_message_id()
        message.parse_mode = call.get("parse_mode")
        message.reply_markup = call.get("reply_markup")
        self.messages[(chat.id, message.message_id)] = message
        return _ok(self._message_body(message))

    def _message_body(self, message: SentMessage) -> Body:
        inline = message.reply_markup if message.buttons else None  # as Telegram returns it
        content: dict[str, Any] = {"reply_markup": inline}
        if message.poll is not None:
            content["poll"] = message.poll
        elif message.photo is not None:
            file = {"file_id": f"p{message.message_id}", "file_unique_id": f"q{message.message_id}"}
            content["photo"] = [{**file, "width": 800, "height": 400}]
        elif message.document is not None:
            name = message.document[0]
            file = {"file_id": f"f{message.message_id}", "file_unique_id": f"u{message.message_id}"}
            content["document"] = {**file, "file_name": name}
        else:
            content["text"] = message.text
        chat = self.chat(message.chat_id)
        return message_payload(message.message_id, chat, self.me, **content)

    def _find(self, call: Call) -> SentMessage | None:
        return self.messages.get((int(call["chat_id"]), int(call["message_id"])))

    def _edit_message_text(self, call: Call) -> Body:
        message = self._find(call)
        if message is None:
            return error(400, "Bad Request: message to edit not found")
        message.text, message.edits = str(call["text"]), message.edits + 1
        message.parse_mode = call.get("parse_mode")
        message.reply_markup = call.get("reply_markup")
        return _ok(self._message_body(message))

    def _edit_message_reply_markup(self, call: Call) -> Body:
        message = self._find(call)
        if message is None:
            return error(400, "Bad Request: message to edit not found")
        message.reply_markup, message.edits = call.get("reply_markup"), message.edits + 1
        return _ok(self._message_body(message))

    def _delete_message(self, call: Call) -> Body:
        found = self.messages.pop((int(call["chat_id"]), int(call["message_id"])), None)
        return _ok(True) if found else error(400, "Bad Request: message to delete not found")

    def _stop_poll(self, call: Call) -> Body:
        message = self._find(call)
        if message is None or message.poll is None:
            return error(400, "Bad Request: message with poll to stop not found")
        message.poll = {**message.poll, "is_closed": True}
        return _ok(message.poll)

    def _answer_callback_query(self, call: Call) -> Body:
        return _ok(True)

    def _get_chat_administrators(self, call: Call) -> Body:
        chat_id = int(call["chat_id"])
        if chat_id not in self.admins:
            return error(400, "Bad Request: chat not found")
        return _ok(self.admins[chat_id])

    def _get_chat_member(self, call: Call) -> Body:
        user_id = int(call["user_id"])
        for admin in self.admins.get(int(call["chat_id"]), []):
            if admin["user"]["id"] == user_id:
                return _ok(admin)
        member = {"id": user_id, "is_bot": False, "first_name": "Member"}
        return _ok({"status": "member", "user": member})

    def _get_chat(self, call: Call) -> Body:
        """A chat made with `group` or `private_chat`; any other is "chat not found"."""
        chat = self.chats.get(int(call["chat_id"]))
        if chat is None:
            return error(400, "Bad Request: chat not found")
        gifts = {
            "unlimited_gifts": False,
            "limited_gifts": False,
            "unique_gifts": False,
            "premium_subscription": False,
            "gifts_from_channels": False,
        }
        full = {"accent_color_id": 0, "max_reaction_count": 11, "accepted_gift_types": gifts}
        return _ok({**chat.payload(), **full})


def _ok(result: Any) -> Body:
    return {"ok": True, "result": result}
