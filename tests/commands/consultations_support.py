"""Shared by the consultation, feed and digest tests: a config whose announce chats are on
two fake platforms (Telegram and Discord), and those platforms."""

from __future__ import annotations

from typing import Any

from adapters.fake import FakeAdapter
from adapters.fake.adapter import Sent
from bot.config import Config
from bot.model import ChatKind, ChatRef
from tests.support import make_config

TG_GROUP = ChatRef("telegram", "-100", ChatKind.GROUP)
DC_CHANNEL = ChatRef("discord", "555", ChatKind.CHANNEL)
ANNOUNCE = (TG_GROUP, DC_CHANNEL)


def clp_config(storage_url: str, **sections: dict[str, Any]) -> Config:
    return make_config(
        storage_url,
        clp={"name": "Testshire CLP"},
        telegram={"enabled": True, "token": "1:x", "announce_chats": [-100]},
        discord={"enabled": True, "token": "x", "guild_ids": [1], "announce_channels": [555]},
        **sections,
    )


def platforms() -> tuple[FakeAdapter, FakeAdapter]:
    return (
        FakeAdapter(platform="telegram", officers={"olive"}),
        FakeAdapter(platform="discord", officers={"olive"}),
    )


def posted(fake: FakeAdapter, chat: ChatRef) -> list[str]:
    """The text of everything sent to `chat` (not replies)."""
    return [s.text for s in fake.sent if s.chat == chat and s.to_user is None]


def answer(fake: FakeAdapter, user: str = "ann") -> Sent:
    """The bot's latest reply to `user` (the outbox may post to groups meanwhile)."""
    for sent in reversed(fake.sent):
        if sent.to_user == user:
            return sent
    raise AssertionError(f"the bot has not answered {user}")
