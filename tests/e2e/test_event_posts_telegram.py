"""An event announced on saving, end to end on the real python-telegram-bot against the
fake Bot API: the post in the announce group with its buttons, "I'll come" and "Add to my
calendar" answered in the member's private chat (never the group), the post edited when the
time changes and marked cancelled, without buttons, when the event is cancelled."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_app import telegram_app
from tests.fakes.telegram_payloads import TgChat, TgUser
from tests.support import FrozenClock


@pytest.fixture
async def server() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram() as fake:
        yield fake


async def _answer(server: FakeTelegram, chat: TgChat, user: TgUser, answer: str) -> str:
    """Type or press `answer` in a private conversation; returns the bot's next message."""
    if answer.startswith("press:"):
        await server.press(answer.removeprefix("press:"), user=user, chat=chat)
    else:
        await server.push_message(chat, user, answer)
    return (await server.next_message(chat)).text


async def test_announced_event_with_buttons_on_telegram(
    server: FakeTelegram, sqlite_url: str, clock: FrozenClock
) -> None:
    olive, ann = server.user("Olive"), server.user("Ann")
    members = server.group("Members")
    olive_chat, ann_chat = server.private_chat(olive), server.private_chat(ann)
    async with telegram_app(
        server, sqlite_url, clock=clock, officers=[olive.id], announce_chats=[members.id]
    ) as run:
        steps = (
            "/event add",
            "Housing policy discussion",
            "press:Policy discussion",
            "next Tuesday 7pm",
            "press:Yes",
            "90 minutes",
            "press:One-off",
            "Town Hall",
            "press:No speaker",
            "press:Skip",
            "30",
        )
        for step in steps:
            review = await _answer(server, olive_chat, olive, step)
        assert "Save also announces it" in review
        saved = await _answer(server, olive_chat, olive, "press:Save")
        assert "being announced in the announce chats" in saved

        post = await server.next_message(members)
        await run.app.services.outbox.deliver_pending()  # its message id recorded too
        assert "New event: #1 Housing policy discussion" in post.text
        assert "Tuesday 10 March 2026, 19:00 (GMT)" in post.text
        assert post.labels == ["I'll come", "Add to my calendar"]

        await server.press("I'll come", user=ann, chat=members)
        coming = await server.next_message(ann_chat)
        assert "Thanks Ann, you are coming to #1 Housing policy discussion" in coming.text
        assert "Add access needs" in coming.labels
        await server.press("Add to my calendar", user=ann, chat=members)
        assert "open the file" in (await server.next_message(ann_chat)).text
        file = await server.next_message(ann_chat)
        assert file.document is not None
        assert file.document[0] == "event-1.ics"
        assert b"SUMMARY:Housing policy discussion" in file.document[1]
        assert server.sent(members.id) == [post]  # nothing about Ann in the group

        await _answer(server, olive_chat, olive, "/event edit 1")
        await _answer(server, olive_chat, olive, "press:Time")
        await _answer(server, olive_chat, olive, "next Wednesday 18:00")
        await _answer(server, olive_chat, olive, "press:Yes")
        updated = await _answer(server, olive_chat, olive, "press:Save the changes")
        assert "Its announcement is updated too." in updated
        await server.wait_for(lambda: post.edits == 1)
        assert "Wednesday 11 March 2026, 18:00 (GMT)" in post.text
        assert post.labels == ["I'll come", "Add to my calendar"]
        change = await server.next_message(ann_chat)
        assert "Change to #1 Housing policy discussion" in change.text

        await _answer(server, olive_chat, olive, "/event cancel 1")
        await _answer(server, olive_chat, olive, "press:Yes, cancel it")
        await server.wait_for(lambda: post.edits == 2)
        assert post.text.startswith("<b>Cancelled: #1 Housing policy discussion</b>")
        assert post.buttons == []
        assert server.sent(members.id) == [post]  # edited in place, never posted again
