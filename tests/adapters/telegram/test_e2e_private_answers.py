"""Through the real python-telegram-bot: what is private reaches the member by account,
never the group, also when the member never opened a private chat with the bot."""

from __future__ import annotations

from tests.adapters.telegram.test_e2e_polls import expect
from tests.fakes.telegram_api import FakeTelegram, TgChat, TgUser
from tests.fakes.telegram_app import telegram_app
from tests.support import FrozenClock


async def post_poll(server: FakeTelegram, olive: TgUser, group: TgChat) -> None:
    officer = server.private_chat(olive)
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
    await expect(server, officer, "Step 7 of 8")
    await server.press("Done", user=olive, chat=officer)
    await expect(server, officer, "Step 8 of 8")
    await server.press("Post the poll", user=olive, chat=officer)
    await expect(server, officer, "is posted to 1 chat and")


async def test_a_vote_from_a_member_with_no_private_chat_is_acknowledged_to_them_alone(
    server: FakeTelegram, sqlite_url: str, clock: FrozenClock
) -> None:
    group = server.group("Members")
    olive, dan = server.user("Olive"), server.user("Dan", "Voter")
    server.never_started.add(dan.id)  # Dan never opened a private chat with the bot
    async with telegram_app(
        server, sqlite_url, clock=clock, officers=(olive.id,), announce_chats=(group.id,)
    ):
        await post_poll(server, olive, group)
        posted = await expect(server, group, "Which campaign first?")
        in_group = len(server.sent_texts(group.id))
        before = len(server.calls("answerCallbackQuery"))
        await server.press("2. Housing", user=dan, chat=group)
        (answer,) = (await server.wait_calls("answerCallbackQuery", before + 1))[before:]
        assert answer.get("show_alert") is True  # only the presser sees it
        assert "Your vote in poll #1 is recorded: Housing." in str(answer["text"])
        assert len(str(answer["text"])) <= 200
        refused = [c for c in server.calls("sendMessage") if c.status == 403]
        assert [int(c["chat_id"]) for c in refused] == [dan.id]  # tried privately first
    after = server.sent_texts(group.id)
    assert len(after) == in_group  # nothing more in the group: nobody is told who voted
    assert not any("Dan" in text for text in after)
    assert posted.labels == ["1. Buses", "2. Housing", "3. NHS"]


async def test_every_other_press_is_answered_once_and_silently(
    server: FakeTelegram, sqlite_url: str, clock: FrozenClock
) -> None:
    group = server.group("Members")
    olive, ann = server.user("Olive"), server.user("Ann")
    server.private_chat(ann)
    async with telegram_app(
        server, sqlite_url, clock=clock, officers=(olive.id,), announce_chats=(group.id,)
    ):
        await post_poll(server, olive, group)
        await expect(server, group, "Which campaign first?")
        before = len(server.calls("answerCallbackQuery"))
        await server.press("1. Buses", user=ann, chat=group)
        await expect(server, server.private_chat(ann), "recorded: Buses")
        answers = (await server.wait_calls("answerCallbackQuery", before + 1))[before:]
        assert len(answers) == 1
        assert answers[0].get("text") is None  # the answer went to her private chat
