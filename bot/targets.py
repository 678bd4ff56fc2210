"""Where posts go: the configured announce chats and officers' chats on every platform.

The console counts as both when it is enabled, so a terminal session shows what the
platforms would receive.
"""

from __future__ import annotations

from bot.config import Config
from bot.model import ChatKind, ChatRef

CONSOLE = ChatRef("console", "console", ChatKind.PRIVATE)


def announce_chats(config: Config) -> list[ChatRef]:
    chats: list[ChatRef] = []
    if config.telegram.enabled:
        chats += [
            ChatRef("telegram", str(c), _telegram_kind(c)) for c in config.telegram.announce_chats
        ]
    if config.discord.enabled:
        chats += [
            ChatRef("discord", str(c), ChatKind.CHANNEL) for c in config.discord.announce_channels
        ]
    if config.console.enabled:
        chats.append(CONSOLE)
    return chats


def officer_chats(config: Config) -> list[ChatRef]:
    chats: list[ChatRef] = []
    if config.telegram.enabled and config.telegram.officers_chat is not None:
        chat = config.telegram.officers_chat
        chats.append(ChatRef("telegram", str(chat), _telegram_kind(chat)))
    if config.discord.enabled and config.discord.officers_channel is not None:
        chats.append(ChatRef("discord", str(config.discord.officers_channel), ChatKind.CHANNEL))
    if config.console.enabled:
        chats.append(CONSOLE)
    return chats


def _telegram_kind(chat_id: int) -> ChatKind:
    """Telegram: positive ids are people (private chats), negative ones groups/channels."""
    return ChatKind.PRIVATE if chat_id > 0 else ChatKind.GROUP
