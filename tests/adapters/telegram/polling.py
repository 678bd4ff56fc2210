"""Creating a poll as an officer would, through the real Telegram adapter: shared by the
tests that press its group buttons across restarts and workers."""

from __future__ import annotations

from tests.fakes.telegram_api import FakeTelegram, SentMessage, TgChat, TgUser


async def expect(server: FakeTelegram, chat: TgChat, needle: str) -> SentMessage:
    while True:
        message = await server.next_message(chat)
        if needle in message.text:
            return message


async def post_a_poll(
    server: FakeTelegram, officer: TgUser, group: TgChat, question: str = "Which first?"
) -> SentMessage:
    """/poll in the officer's private chat, to the end; the poll as posted in `group`."""
    chat = server.private_chat(officer)
    await server.push_message(chat, officer, "/poll")
    await expect(server, chat, "step 1 of 8")
    await server.push_message(chat, officer, question)
    await expect(server, chat, "Step 2 of 8")
    await server.push_message(chat, officer, "Buses\nHousing\nNHS")
    await expect(server, chat, "Step 3 of 8")
    await server.press("Single choice", user=officer, chat=chat)
    await expect(server, chat, "Step 4 of 8")
    await server.press("Anonymous (recommended)", user=officer, chat=chat)
    await expect(server, chat, "Step 5 of 8")
    await server.press("When it closes (recommended)", user=officer, chat=chat)
    await expect(server, chat, "Step 6 of 8")
    await server.push_message(chat, officer, "Thursday 18:00")
    await expect(server, chat, "Step 7 of 8")
    await server.press("Done", user=officer, chat=chat)
    await expect(server, chat, "Step 8 of 8")
    await server.press("Post the poll", user=officer, chat=chat)
    await expect(server, chat, "is posted to 1 chat and")
    return await expect(server, group, question)
