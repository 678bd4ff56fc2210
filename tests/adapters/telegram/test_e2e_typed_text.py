"""Hostile text through the real python-telegram-bot: a lone surrogate (JSON can carry half
a UTF-16 pair, which PTB's own entity parsing and both databases refuse), NUL, ANSI colour
codes and right-to-left overrides are cleaned where the event is made, and answered."""

from __future__ import annotations

from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_app import telegram_app

HOSTILE = "Free buses \ud800 for all\x00 \x1b[31mnow\u202e!"


async def test_a_lone_surrogate_in_an_idea_is_answered_and_stored_cleaned(
    server: FakeTelegram, sqlite_url: str
) -> None:
    async with telegram_app(server, sqlite_url):
        ann = server.user("Ann\u202e", "\ud83d")
        chat = server.private_chat(ann)
        await server.push_message(chat, ann, f"/idea {HOSTILE}")
        assert "idea #1 is recorded" in (await server.next_message(chat)).text
        await server.push_message(chat, ann, "/ideas show 1")
        shown = (await server.next_message(chat)).text
        assert "Free buses \ufffd for all [31mnow!" in shown
        await server.push_message(chat, ann, "/whoami")
        whoami = (await server.next_message(chat)).text
        assert "<b>Ann \ufffd</b> on Telegram" in whoami
        for text in server.sent_texts(chat.id):
            assert not any(c in text for c in "\x00\x1b\u202e\ud800\ud83d")
