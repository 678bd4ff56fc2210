"""Discord API objects as the fake server sends them, and `Reply`, an answer it received."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

EPHEMERAL = 64
SNOWFLAKE_TIME = "2026-03-02T10:00:00.000000+00:00"


@dataclass(frozen=True)
class Reply:
    """One answer to an interaction.

    `kind` is "callback" (the first answer; `type` 4 message, 5 deferred, 6 deferred update,
    7 update, 9 modal), "followup", "edit" (of `target`, "@original" or a message id) or
    "delete". `data` is the message (or modal) payload the bot sent.
    """

    kind: str
    type: int | None
    data: dict[str, Any]
    message_id: int
    target: str | None = None

    @property
    def content(self) -> str:
        return str(self.data.get("content") or "")

    @property
    def ephemeral(self) -> bool:
        return bool((self.data.get("flags") or 0) & EPHEMERAL)

    @property
    def is_modal(self) -> bool:
        return self.type == 9

    @property
    def components(self) -> list[dict[str, Any]]:
        """Every component in the message or modal, rows flattened."""
        found: list[dict[str, Any]] = []
        for row in self.data.get("components") or []:
            found.extend(row.get("components") or [row])
        return found

    @property
    def custom_ids(self) -> list[str]:
        return [c["custom_id"] for c in self.components if "custom_id" in c]

    @property
    def labels(self) -> list[str]:
        return [str(c.get("label", "")) for c in self.components if c.get("type") == 2]

    def button(self, label: str) -> str:
        """The custom_id of the button labelled `label`."""
        for component in self.components:
            if component.get("type") == 2 and component.get("label") == label:
                return str(component["custom_id"])
        raise AssertionError(f"no button {label!r} in {self.labels}")

    def options(self) -> list[tuple[str, str]]:
        """(label, value) of every option in a select menu."""
        return [
            (o["label"], o["value"])
            for c in self.components
            if c.get("type") == 3
            for o in c.get("options", [])
        ]


def user_payload(user_id: int, name: str, *, bot: bool = False) -> dict[str, Any]:
    return {
        "id": str(user_id),
        "username": name.lower(),
        "global_name": name,
        "discriminator": "0",
        "avatar": None,
        "bot": bot,
    }


def member_payload(user_id: int, name: str, roles: list[int]) -> dict[str, Any]:
    return {
        "user": user_payload(user_id, name),
        "roles": [str(r) for r in roles],
        "joined_at": SNOWFLAKE_TIME,
        "deaf": False,
        "mute": False,
        "flags": 0,
        "permissions": "2248473465835073",
    }


def channel_payload(
    channel_id: int,
    guild_id: int | None,
    *,
    dm_user: dict[str, Any] | None = None,
    name: str = "general",
) -> dict[str, Any]:
    if dm_user is not None:
        return {"id": str(channel_id), "type": 1, "recipients": [dm_user], "last_message_id": None}
    return {
        "id": str(channel_id),
        "type": 0,
        "guild_id": str(guild_id),
        "name": name,
        "position": 0,
        "permission_overwrites": [],
        "nsfw": False,
        "parent_id": None,
    }


def role_payload(role_id: int, name: str, position: int) -> dict[str, Any]:
    return {
        "id": str(role_id),
        "name": name,
        "color": 0,
        "hoist": False,
        "position": position,
        "permissions": "0",
        "managed": False,
        "mentionable": False,
        "flags": 0,
    }


def guild_payload(
    guild_id: int, channel_id: int, role_ids: dict[str, int], bot: Any
) -> dict[str, Any]:
    roles = [role_payload(guild_id, "@everyone", 0)] + [
        role_payload(role_id, name, n) for n, (name, role_id) in enumerate(role_ids.items(), 1)
    ]
    return {
        "id": str(guild_id),
        "name": "Our CLP",
        "unavailable": False,
        "owner_id": "1",
        "roles": roles,
        "emojis": [],
        "stickers": [],
        "features": [],
        "channels": [channel_payload(channel_id, guild_id)],
        "threads": [],
        "members": [member_payload(bot.id, bot.name, [])],
        "voice_states": [],
        "presences": [],
        "member_count": 3,
        "large": False,
        "joined_at": SNOWFLAKE_TIME,
        "premium_tier": 0,
        "preferred_locale": "en-GB",
    }


def application_payload(app_id: int, bot: Any) -> dict[str, Any]:
    return {
        "id": str(app_id),
        "name": "clpbot",
        "description": "",
        "icon": None,
        "bot_public": False,
        "bot_require_code_grant": False,
        "owner": user_payload(1, "owner"),
        "verify_key": "0" * 64,
        "flags": 0,
        "summary": "",
        "team": None,
        "bot": user_payload(bot.id, bot.name, bot=True),
    }


def message_payload(
    message_id: int, channel_id: int, author: Any, body: dict[str, Any]
) -> dict[str, Any]:
    return {
        "id": str(message_id),
        "channel_id": str(channel_id),
        "type": 0,
        "content": body.get("content") or "",
        "author": user_payload(author.id, author.name, bot=True),
        "attachments": [],
        "embeds": body.get("embeds") or [],
        "components": body.get("components") or [],
        "mentions": [],
        "mention_roles": [],
        "mention_everyone": False,
        "pinned": False,
        "tts": False,
        "flags": body.get("flags") or 0,
        "timestamp": SNOWFLAKE_TIME,
        "edited_timestamp": None,
    }
