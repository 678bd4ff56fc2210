"""/submit over Telegram: asked in a group, drafted in private with inline buttons."""

from __future__ import annotations

from typing import Any

from bot.stores.submissions import SUBMISSIONS, Status
from tests.fakes.telegram_api import FakeTelegram, SentMessage, TgChat, TgUser
from tests.fakes.telegram_app import telegram_app
from tests.fakes.telegram_payloads import message_payload

PROBLEM = "The last bus leaves at nine, so shift workers walk home in the dark."
PROPOSAL = "Fund night buses on the main routes & <everywhere> else."


async def expect(server: FakeTelegram, chat: TgChat, needle: str) -> SentMessage:
    """The next message in `chat` that contains `needle` (the ones before it are read)."""
    while True:
        message = await server.next_message(chat)
        if needle in message.text:
            return message


async def test_submit_in_a_group_continues_in_private_to_the_review_queue(
    server: FakeTelegram, sqlite_url: str
) -> None:
    officers = server.group("Officers")
    group = server.group("Members")
    ann = server.user("Ann")
    chat = server.private_chat(ann)
    async with telegram_app(server, sqlite_url, officers_chat=officers.id):
        await server.push_message(group, ann, "/submit")
        invite = await server.next_message(group)
        assert "https://t.me/clp_test_bot?start=submit" in invite.text

        await server.push_message(chat, ann, "/start submit")
        conduct = await expect(server, chat, "Code of conduct")
        assert conduct.labels == ["I agree to follow it"]
        await server.press("I agree to follow it", user=ann, chat=chat)
        kind = await expect(server, chat, "Step 1 of 8")
        assert "NPF consultation submission" in kind.labels
        await server.press("NPF consultation submission", user=ann, chat=chat)
        assert "Safer streets" in (await expect(server, chat, "Step 2 of 8")).labels
        await server.press("Safer streets", user=ann, chat=chat)
        await expect(server, chat, "Step 3 of 8")
        await server.push_message(chat, ann, "Night buses")
        await expect(server, chat, "Step 4 of 8")
        await server.push_message(chat, ann, PROBLEM)
        await expect(server, chat, "Step 5 of 8")
        await server.push_message(chat, ann, PROPOSAL)
        await expect(server, chat, "Step 6 of 8")
        await server.press("Skip (optional)", user=ann, chat=chat)
        await expect(server, chat, "Step 7 of 8")
        await server.press("No co-authors", user=ann, chat=chat)
        await expect(server, chat, "Step 8 of 8")
        await server.press("No, only officers may see my name", user=ann, chat=chat)
        preview = await expect(server, chat, "Check your draft")
        assert "Fund night buses on the main routes &amp; &lt;everywhere&gt; else." in preview.text
        await server.press("Send it for review", user=ann, chat=chat)
        await expect(server, chat, "now with the officers for review")
        await server.wait_for(lambda: bool(server.sent(officers.id)))

    assert server.sent_texts(group.id) == [invite.text]  # the draft never showed in the group
    [notice] = server.sent(officers.id)
    assert "Night buses" in notice.text
    assert notice.labels  # the officers' button to open it
    pressed = server.calls("answerCallbackQuery")
    assert len(pressed) == 7
    assert all(call.get("text") is None for call in pressed)  # no "expired" among them


async def test_a_double_tap_on_a_step_button_makes_one_draft(
    server: FakeTelegram, sqlite_url: str
) -> None:
    """Two presses of one button in one batch of updates (python-telegram-bot handles them
    concurrently): the core takes the member's events in turn, so one draft is made."""
    ann = server.user("Ann")
    chat = server.private_chat(ann)
    async with telegram_app(server, sqlite_url) as run:
        await server.push_message(chat, ann, "/submit")
        await expect(server, chat, "Code of conduct")
        await server.press("I agree to follow it", user=ann, chat=chat)
        kind = await expect(server, chat, "Step 1 of 8")
        [data] = [b["callback_data"] for b in kind.buttons if b["text"].startswith("NPF")]
        await server.press_data(kind, str(data), user=ann)
        await server.press_data(kind, str(data), user=ann)
        first = await expect(server, chat, "Step 2 of 8")
        second = await expect(server, chat, "Step 2 of 8")
        assert "earlier question" not in first.text
        assert second.text.startswith("That button belongs to an earlier question")
        async with run.app.storage.unit() as uow:
            drafts = await uow.get(SUBMISSIONS).with_status(Status.DRAFT)
    assert len(drafts) == 1


async def push_mentions(
    server: FakeTelegram, chat: TgChat, user: TgUser, text: str, entities: list[dict[str, Any]]
) -> None:
    """A message with mention entities, as Telegram marks `@username` and picked members."""
    message = message_payload(server.new_message_id(), chat, user, text=text, entities=entities)
    await server.push_update({"message": message})


async def test_a_coauthor_mentioned_by_account_is_linked_only_after_accepting(
    server: FakeTelegram, sqlite_url: str
) -> None:
    ann, bob, cat = server.user("Ann"), server.user("Bob"), server.user("Cat", id=4242)
    mallory = server.user("Bob", id=6666)  # the same display name as Bob, another account
    chat, bobs, cats, mallorys = (server.private_chat(u) for u in (ann, bob, cat, mallory))
    async with telegram_app(server, sqlite_url) as run:
        await server.push_message(bobs, bob, "/start")  # Bob has used the bot
        await expect(server, bobs, "")
        await server.push_message(chat, ann, "/submit")
        await expect(server, chat, "Code of conduct")
        await server.press("I agree to follow it", user=ann, chat=chat)
        await expect(server, chat, "Step 1 of 8")
        await server.press("NPF consultation submission", user=ann, chat=chat)
        await expect(server, chat, "Step 2 of 8")
        await server.press("Safer streets", user=ann, chat=chat)
        for step, answer in ((3, "Night buses"), (4, PROBLEM), (5, PROPOSAL)):
            await expect(server, chat, f"Step {step} of 8")
            await server.push_message(chat, ann, answer)
        await expect(server, chat, "Step 6 of 8")
        await server.press("Skip (optional)", user=ann, chat=chat)
        await expect(server, chat, "Step 7 of 8")
        await server.push_message(chat, ann, "Bob")  # a name: refused
        assert "A name is not enough" in (await expect(server, chat, "can't tell who")).text
        text = "@bob, Cat"  # a username, and Cat picked from the member list (no username)
        entities = [
            {"type": "mention", "offset": 0, "length": 4},
            {"type": "text_mention", "offset": 6, "length": 3, "user": cat.payload()},
        ]
        await push_mentions(server, chat, ann, text, entities)
        await expect(server, chat, "I have asked Bob, Cat privately to accept")
        await run.app.services.outbox.deliver_pending()
        invitation = await expect(server, bobs, "asks you to co-author draft #1")
        assert invitation.labels == ["Accept", "Decline"]
        await expect(server, cats, "asks you to co-author draft #1")
        await server.push_message(mallorys, mallory, "/drafts")
        assert "no drafts yet" in (await server.next_message(mallorys)).text
        await server.push_message(bobs, bob, "/drafts 1")
        assert "There is no draft #1 among yours" in (await server.next_message(bobs)).text
        await server.press("Accept", user=bob, chat=bobs)
        await expect(server, bobs, "You are now a co-author of draft #1")
        await server.push_message(bobs, bob, "/drafts")
        listing = await expect(server, bobs, "Your drafts")
        assert "#1 Night buses" in listing.text
    assert not any("Night buses" in text for text in server.sent_texts(mallorys.id))
