"""Conversations over Telegram: started in a group, continued in private with buttons."""

from __future__ import annotations

from adapters.telegram.adapter import EXPIRED
from bot.model import ChatKind, ChatRef, Choice, OutgoingMessage
from tests.adapters.telegram.flows import flows_router
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_app import telegram_app


async def test_a_private_flow_started_in_a_group_continues_in_private(
    server: FakeTelegram, sqlite_url: str
) -> None:
    async with telegram_app(server, sqlite_url, router=flows_router()):
        ann, group = server.user("Ann"), server.group("Members")
        chat = server.private_chat(ann)
        await server.push_message(group, ann, "/order")
        invite = (await server.next_message(group)).text
        assert "/order is done in private" in invite
        assert "https://t.me/clp_test_bot?start=order" in invite
        await server.push_message(chat, ann, "/start order")  # the deep link, as Telegram sends it
        question = await server.next_message(chat)
        assert question.text == "Tea or coffee?"
        assert question.labels == ["Tea", "Coffee"]
        assert "tea" not in [b["callback_data"] for b in question.buttons]  # opaque ids only
        await server.press("Coffee", user=ann, chat=chat)
        assert (await server.next_message(chat)).text == "Whose coffee is it?"
        await server.push_message(chat, ann, "Ann & <Bob>")
        assert (await server.next_message(chat)).text == "One coffee for Ann &amp; &lt;Bob&gt;."
    assert [c.ok for c in server.calls("answerCallbackQuery")] == [True]
    assert server.sent_texts(group.id) == [invite]  # nothing of the draft in the group


async def test_a_button_from_before_a_restart_still_works(
    server: FakeTelegram, sqlite_url: str
) -> None:
    ann = server.user("Ann")
    chat = server.private_chat(ann)
    async with telegram_app(server, sqlite_url, router=flows_router()):
        await server.push_message(chat, ann, "/order")
        question = await server.next_message(chat)
    async with telegram_app(server, sqlite_url, router=flows_router()):
        await server.press("Tea", user=ann, chat=chat)
        assert (await server.next_message(chat)).text == "Whose tea is it?"
        await server.press("Coffee", user=ann, chat=chat)  # its step has passed: it says so
        stale = await server.next_message(chat)
        assert stale.text.startswith("That button belongs to an earlier question.")
    assert question.edits == 0


async def test_forged_callback_data_is_refused(server: FakeTelegram, sqlite_url: str) -> None:
    ann = server.user("Ann")
    chat = server.private_chat(ann)
    async with telegram_app(server, sqlite_url, router=flows_router()):
        await server.push_message(chat, ann, "/order")
        question = await server.next_message(chat)
        real = question.callback_data("Tea")
        for forged in (
            "tea",
            real[:-1] + ("A" if real[-1] != "A" else "B"),
            "1" + "A" * 12 + "tea",
        ):
            await server.press_data(question, forged, user=ann)
        answered = await server.wait_calls("answerCallbackQuery", 3)
        assert [a["text"] for a in answered] == [EXPIRED] * 3
        await server.push_message(chat, ann, "2")  # nothing was chosen by the forgeries
        assert (await server.next_message(chat)).text == "Whose coffee is it?"


async def test_a_button_pressed_in_another_chat_does_not_resolve(
    server: FakeTelegram, sqlite_url: str
) -> None:
    async with telegram_app(server, sqlite_url, router=flows_router()):
        ann, bob = server.user("Ann"), server.user("Bob")
        chat = server.private_chat(ann)
        await server.push_message(chat, ann, "/order")
        question = await server.next_message(chat)
        elsewhere = server.private_chat(bob)
        await server.push_message(elsewhere, bob, "/whoami")
        bobs = await server.next_message(elsewhere)
        await server.press_data(bobs, question.callback_data("Tea"), user=bob)
        answered = await server.wait_calls("answerCallbackQuery")
        assert answered[-1]["text"] == EXPIRED
    assert server.sent_texts(elsewhere.id) == [bobs.text]


async def test_send_and_edit_keep_the_keyboard_working(
    server: FakeTelegram, sqlite_url: str
) -> None:
    async with telegram_app(server, sqlite_url) as run:
        group = server.group("Announcements")
        target = ChatRef("telegram", str(group.id), ChatKind.GROUP)
        ref = await run.adapter.send(target, OutgoingMessage.text("Talk on <Tuesday>"))
        choices = (Choice("Going", "rsvp:1"),)
        await run.adapter.edit(
            ref, OutgoingMessage.text("Talk moved to Wednesday", choices=choices)
        )
    [posted] = server.sent(group.id)
    assert posted.text == "Talk moved to Wednesday"
    assert posted.edits == 1
    assert posted.labels == ["Going"]
    assert server.calls("sendMessage")[0]["text"] == "Talk on &lt;Tuesday&gt;"


async def test_in_a_group_a_typed_answer_is_asked_for_as_a_reply(
    server: FakeTelegram, sqlite_url: str
) -> None:
    async with telegram_app(server, sqlite_url, router=flows_router()):
        olive, group = server.user("Olive"), server.group("Officers")
        command = await server.push_message(group, olive, "/note")
        question = await server.next_message(group)
        assert question.text == "What should I note?"
        assert question.reply_markup is not None
        assert question.reply_markup["force_reply"] is True
        assert question.reply_markup["selective"] is True  # only Olive gets the reply box
        asked = server.calls("sendMessage")[-1]
        assert asked["reply_parameters"]["message_id"] == command_message_id(server, command)
        await server.push_message(group, olive, "Book the hall", reply_to=question)
        assert (await server.next_message(group)).text == "Noted: Book the hall"


def command_message_id(server: FakeTelegram, update_id: int) -> int:
    """The message id of the update the fake queued with `update_id`."""
    for call in server.calls("getUpdates"):
        for update in call.result or []:
            if update["update_id"] == update_id:
                return int(update["message"]["message_id"])
    raise AssertionError(f"update {update_id} was never fetched")
