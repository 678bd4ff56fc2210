"""A poll over Telegram end to end: an officer creates it in private, it is posted to the
announcement group, members vote and change votes with inline buttons (confirmed in
private, never in the group), and it closes by itself at the deadline (controlled time)."""

from __future__ import annotations

from tests.fakes.telegram_api import FakeTelegram, SentMessage, TgChat
from tests.fakes.telegram_app import telegram_app
from tests.support import FrozenClock


async def expect(server: FakeTelegram, chat: TgChat, needle: str) -> SentMessage:
    while True:
        message = await server.next_message(chat)
        if needle in message.text:
            return message


async def test_poll_created_voted_changed_and_closed_at_the_deadline(
    server: FakeTelegram, sqlite_url: str, clock: FrozenClock
) -> None:
    group = server.group("Members")
    olive, ann, bob = server.user("Olive"), server.user("Ann"), server.user("Bob")
    officer = server.private_chat(olive)
    for member in (ann, bob):
        server.private_chat(member)
    async with telegram_app(
        server, sqlite_url, clock=clock, officers=(olive.id,), announce_chats=(group.id,)
    ) as run:
        await server.push_message(officer, olive, "/poll")
        await expect(server, officer, "step 1 of 8")
        await server.push_message(officer, olive, "Which campaign first?")
        await expect(server, officer, "Step 2 of 8")
        await server.push_message(officer, olive, "Buses\nHousing\nNHS")
        await expect(server, officer, "Step 3 of 8")
        await server.press("Single choice", user=olive, chat=officer)
        await expect(server, officer, "Step 4 of 8")
        await server.press("Anonymous (recommended)", user=olive, chat=officer)
        await expect(server, officer, "Step 5 of 8")
        await server.press("When it closes (recommended)", user=olive, chat=officer)
        await expect(server, officer, "Step 6 of 8")
        await server.push_message(officer, olive, "Thursday 18:00")
        chats = await expect(server, officer, "Step 7 of 8")
        assert "✓ Members (Telegram)" in chats.labels  # by its title, as getChat gives it
        await server.press("Done", user=olive, chat=officer)
        await expect(server, officer, "Step 8 of 8")
        await server.press("Post the poll", user=olive, chat=officer)
        await expect(server, officer, "is posted to 1 chat and")

        posted = await expect(server, group, "Which campaign first?")
        assert posted.labels == ["1. Buses", "2. Housing", "3. NHS"]
        await server.press("1. Buses", user=ann, chat=group)
        await expect(server, server.private_chat(ann), "recorded: Buses")
        await server.press("3. NHS", user=bob, chat=group)
        await expect(server, server.private_chat(bob), "recorded: NHS")
        await server.press("3. NHS", user=ann, chat=group)  # ann changes her vote
        await expect(server, server.private_chat(ann), "recorded: NHS")

        clock.advance(days=4)
        assert await run.app.services.scheduler.run_due() >= 1  # the close (and daily jobs)
        await run.app.services.outbox.deliver_pending()
        results = await expect(server, group, "results")
        assert "2 took part." in results.text
        assert "NHS: 2 votes (100.0%)" in results.text

        await server.press("1. Buses", user=bob, chat=group)
        await expect(server, server.private_chat(bob), "not counted")
    in_group = [m.text for m in server.sent(group.id) if m.photo is None]
    assert len(in_group) == 2  # the poll and its results: no vote was ever shown there
    [chart] = [m for m in server.sent(group.id) if m.photo is not None]  # the results' chart
    assert chart.text == ""
