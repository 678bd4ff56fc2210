"""Private things stay out of Telegram groups, through the real PTB Application against the
fake Bot API: a deep link typed in a group, an officer's private view asked for in a
group, and a refusal to a member who never opened a private chat with the bot."""

from __future__ import annotations

from bot import conversation
from bot.commands import CommandSpec
from bot.context import Context
from bot.conversation import Answer, Finish, Flow, FlowContext, Step, Transition
from bot.model import Choice, OutgoingMessage
from bot.router import Router
from tests.adapters.telegram.flows import flows_router
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_app import telegram_app


async def test_start_mydata_in_a_group_sends_nothing_private_there(
    server: FakeTelegram, sqlite_url: str
) -> None:
    async with telegram_app(server, sqlite_url):
        ann, group = server.user("Ann"), server.group("Members")
        await server.push_message(server.private_chat(ann), ann, "/start")  # known to the bot
        await server.next_message(server.private_chat(ann))
        for payload in ("mydata", "drafts", "submit", "forgetme", "link"):
            await server.push_message(group, ann, f"/start {payload}")
            invite = await server.next_message(group)
            assert "is done in private" in invite.text, payload
            assert f"https://t.me/clp_test_bot?start={payload}" in invite.text
        await server.push_message(group, ann, "/help")  # everything before it was answered
        await server.next_message(group)
        posted = server.sent(group.id)
        assert [m for m in posted if m.document is not None] == []
        assert len(posted) == 6
        assert server.unread(server.private_chat(ann)) == []


async def test_an_officer_asking_for_a_private_view_in_a_group_gets_it_privately(
    server: FakeTelegram, sqlite_url: str
) -> None:
    olive, group = server.user("Olive"), server.group("Officers")
    async with telegram_app(server, sqlite_url, officers=[olive.id]):
        await server.push_message(group, olive, "/start mydata")
        note = await server.next_message(group)
        assert "sent /mydata to you privately" in note.text
        chat = server.private_chat(olive)
        assert (
            "You asked for /mydata in a group: I answer here"
            in (await server.next_message(chat)).text
        )
        assert "Your data" in (await server.next_message(chat)).text
        data = await server.next_message(chat)
        assert data.document is not None
        assert b'"telegram:' in data.document[1]
        assert [m for m in server.sent(group.id) if m.document is not None] == []


async def test_a_refusal_to_a_member_without_a_private_chat_says_nothing_in_the_group(
    server: FakeTelegram, sqlite_url: str
) -> None:
    async with telegram_app(server, sqlite_url, router=flows_router()):
        ann, group = server.user("Ann"), server.group("Members")
        server.fail("sendMessage", code=403, description="Forbidden: bot can't initiate")
        await server.push_message(group, ann, "/purge")
        note = await server.next_message(group)
        assert "officers" not in note.text
        assert "Open a private chat with me first: https://t.me/clp_test_bot" in note.text


PICK = CommandSpec("pick", "Pick a name or type one, in any chat")


async def ask_pick(f: FlowContext) -> OutgoingMessage:
    return OutgoingMessage.text("Which name?", choices=(Choice("Ann", "ann"),))


async def got_pick(f: FlowContext, answer: Answer) -> Transition:
    return Finish(OutgoingMessage.text(f"Picked {answer.choice or answer.text}."))


def pick_router() -> Router:
    router = flows_router()
    flow = router.flow(Flow("pick", (Step("name", ask_pick, got_pick),)))

    @router.command(PICK)
    async def pick(ctx: Context) -> None:
        await conversation.start(ctx, flow)

    return router


async def test_a_question_with_buttons_in_a_group_also_asks_for_a_reply(
    server: FakeTelegram, sqlite_url: str
) -> None:
    """Privacy mode hides ordinary group messages from the bot, and one message cannot hold
    both buttons and a reply box: the reply box comes in a message of its own."""
    async with telegram_app(server, sqlite_url, router=pick_router()):
        olive, group = server.user("Olive"), server.group("Officers")
        await server.push_message(group, olive, "/pick")
        question = await server.next_message(group)
        assert question.buttons[0]["text"] == "Ann"
        reply_box = await server.next_message(group)
        assert reply_box.reply_markup is not None
        assert reply_box.reply_markup["force_reply"] is True
        assert reply_box.reply_markup["selective"] is True
        await server.push_message(group, olive, "Bob", reply_to=reply_box)
        assert (await server.next_message(group)).text == "Picked Bob."


async def test_an_administrator_of_another_group_is_no_officer(
    server: FakeTelegram, sqlite_url: str
) -> None:
    """Officers are the configured ids and the administrators of the officers' chat only."""
    officers_chat, elsewhere = server.group("Officers"), server.group("Mallory's group")
    mallory = server.user("Mallory")
    server.set_admins(elsewhere, mallory)
    async with telegram_app(
        server, sqlite_url, router=flows_router(), officers_chat=officers_chat.id
    ):
        await server.push_message(elsewhere, mallory, "/purge")
        refusal = await server.next_message(server.private_chat(mallory))
        assert "/purge is for officers only" in refusal.text
        assert server.unread(elsewhere) == []
    assert {call["chat_id"] for call in server.calls("getChatAdministrators")} == {officers_chat.id}
