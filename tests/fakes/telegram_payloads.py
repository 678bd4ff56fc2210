"""Bot API objects as the fake Telegram server sends them (Bot API 10, as PTB 22.8 expects),
and the people and chats tests talk about."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

NOW = 1_767_225_600  # a fixed "date" for every message: tests control time, not the fake

STRING_FIELDS = frozenset(
    {
        "text",
        "caption",
        "parse_mode",
        "callback_query_id",
        "url",
        "secret_token",
        "question",
        "description",
        "short_description",
        "language_code",
        "inline_message_id",
        "business_connection_id",
        "message_effect_id",
        "explanation",
        "explanation_parse_mode",
    }
)
"""Fields the Bot API defines as strings: PTB sends them raw, so "42" must stay "42"."""


def decode_field(name: str, raw: str) -> Any:
    """PTB JSON-encodes every value except plain strings."""
    if name in STRING_FIELDS:
        return raw
    try:
        return json.loads(raw)
    except ValueError:
        return raw


@dataclass(frozen=True)
class TgUser:
    id: int
    first_name: str
    last_name: str = ""
    username: str = ""
    is_bot: bool = False

    def payload(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "is_bot": self.is_bot, "first_name": self.first_name}
        if self.last_name:
            data["last_name"] = self.last_name
        if self.username:
            data["username"] = self.username
        return data


@dataclass(frozen=True)
class TgChat:
    id: int
    type: str  # "private", "group", "supergroup" or "channel"
    title: str = ""
    first_name: str = ""

    def payload(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "type": self.type}
        if self.title:
            data["title"] = self.title
        if self.first_name:
            data["first_name"] = self.first_name
        return data


@dataclass
class Call:
    """One request to the fake: its method, decoded fields, uploaded files and outcome."""

    method: str
    params: dict[str, Any]
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    status: int = 200
    result: Any = None
    at: float = 0.0
    """Real monotonic time of the request (for observing rates in real-time tests)."""

    @property
    def ok(self) -> bool:
        return self.status == 200

    def __getitem__(self, name: str) -> Any:
        return self.params[name]

    def get(self, name: str, default: Any = None) -> Any:
        return self.params.get(name, default)


@dataclass
class SentMessage:
    """A message the bot posted (text, document, photo or poll), kept up to date by edits."""

    message_id: int
    chat_id: int
    text: str = ""
    parse_mode: str | None = None
    reply_markup: dict[str, Any] | None = None
    document: tuple[str, bytes] | None = None
    photo: tuple[str, bytes] | None = None
    poll: dict[str, Any] | None = None
    edits: int = 0

    @property
    def buttons(self) -> list[dict[str, Any]]:
        rows = (self.reply_markup or {}).get("inline_keyboard", [])
        return [button for row in rows for button in row]

    @property
    def labels(self) -> list[str]:
        return [button["text"] for button in self.buttons]

    def callback_data(self, label: str) -> str:
        for button in self.buttons:
            if button["text"] == label:
                return str(button["callback_data"])
        raise AssertionError(f"no button {label!r} on message {self.message_id}: {self.labels}")


def message_payload(
    message_id: int, chat: TgChat, sender: TgUser, **content: Any
) -> dict[str, Any]:
    return {
        "message_id": message_id,
        "date": NOW,
        "chat": chat.payload(),
        "from": sender.payload(),
        **{key: value for key, value in content.items() if value is not None},
    }


def command_entities(text: str) -> list[dict[str, Any]]:
    """A leading `/command` (with `@bot`) is a bot_command entity, as Telegram marks it."""
    if not text.startswith("/") or len(text) < 2:
        return []
    word = text.split(maxsplit=1)[0]
    return [{"type": "bot_command", "offset": 0, "length": len(word.encode("utf-16-le")) // 2}]


def poll_payload(poll_id: str, params: dict[str, Any], closed: bool = False) -> dict[str, Any]:
    options = [
        {
            "text": option["text"] if isinstance(option, dict) else str(option),
            "voter_count": 0,
            "persistent_id": f"{poll_id}-{number}",
        }
        for number, option in enumerate(params.get("options", []))
    ]
    return {
        "id": poll_id,
        "question": params.get("question", ""),
        "options": options,
        "total_voter_count": 0,
        "is_closed": closed,
        "is_anonymous": bool(params.get("is_anonymous", True)),
        "type": params.get("type", "regular"),
        "allows_multiple_answers": bool(params.get("allows_multiple_answers", False)),
        "allows_revoting": True,
        "members_only": False,
    }


def administrator_payload(user: TgUser, owner: bool = False) -> dict[str, Any]:
    if owner:
        return {"status": "creator", "user": user.payload(), "is_anonymous": False}
    rights = [
        "can_be_edited",
        "is_anonymous",
        "can_manage_chat",
        "can_delete_messages",
        "can_manage_video_chats",
        "can_restrict_members",
        "can_promote_members",
        "can_change_info",
        "can_invite_users",
        "can_post_stories",
        "can_edit_stories",
        "can_delete_stories",
    ]
    return {"status": "administrator", "user": user.payload(), **dict.fromkeys(rights, False)}


def error(code: int, description: str, retry_after: float | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {"ok": False, "error_code": code, "description": description}
    if retry_after is not None:
        data["parameters"] = {"retry_after": retry_after}
    return data
