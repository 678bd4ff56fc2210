"""The real PTB Application against the fake Bot API: commands, menu, roles, rendering."""

from __future__ import annotations

from tests.adapters.telegram.flows import PARAGRAPH, flows_router
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_app import telegram_app


async def test_start_help_and_whoami_in_a_private_chat(
    server: FakeTelegram, sqlite_url: str
) -> None:
    async with telegram_app(server, sqlite_url):
        ann = server.user("Ann", "<Smith>")
        chat = server.private_chat(ann)
        await server.push_message(chat, ann, "/start")
        welcome = await server.next_message(chat)
        assert "Welcome to the <b>Our CLP</b> bot." in welcome.text
        assert welcome.parse_mode == "HTML"
        await server.push_message(chat, ann, "/help")
        assert (
            "<code>/whoami</code> — Who the bot thinks you are"
            in (await server.next_message(chat)).text
        )
        await server.push_message(chat, ann, "/whoami")
        whoami = (await server.next_message(chat)).text
        assert "<b>Ann &lt;Smith&gt;</b> on Telegram" in whoami
        assert f"(id {ann.id})" in whoami


async def test_the_menu_is_set_from_the_command_declarations(
    server: FakeTelegram, sqlite_url: str
) -> None:
    officers_chat = server.group("Officers")
    async with telegram_app(
        server, sqlite_url, router=flows_router(), officers=[4242], officers_chat=officers_chat.id
    ) as run:
        specs = run.app.services.registry.specs()
    members_menu = {c["command"]: c["description"] for c in server.commands["default"]}
    assert members_menu["help"] == "The commands you can use"
    assert members_menu["order"] == "Order a cup of tea"
    assert "purge" not in members_menu  # officers only
    assert "essay" not in members_menu  # hidden
    officers_menu = [c["command"] for c in server.commands["chat:4242"]]
    assert officers_menu == [s.name for s in specs if not s.hidden]
    admins_menu = server.commands[f"chat_administrators:{officers_chat.id}"]
    assert [c["command"] for c in admins_menu] == officers_menu


async def test_an_officer_command_is_refused_for_a_member(
    server: FakeTelegram, sqlite_url: str
) -> None:
    officers_chat = server.group("Officers")
    olive, ozzy, ann = server.user("Olive"), server.user("Ozzy"), server.user("Ann")
    server.set_admins(officers_chat, ozzy)
    async with telegram_app(
        server,
        sqlite_url,
        router=flows_router(),
        officers=[olive.id],
        officers_chat=officers_chat.id,
    ):
        group = server.group("Members")
        await server.push_message(group, ann, "/purge")  # refused privately, not in the group
        refusal = await server.next_message(server.private_chat(ann))
        assert "/purge is for officers only" in refusal.text
        await server.push_message(group, olive, "/purge@clp_test_bot")
        assert (await server.next_message(group)).text == "Purged."
        await server.push_message(group, ozzy, "/purge")  # an admin of the officers' chat
        assert (await server.next_message(group)).text == "Purged."
    asked = server.calls("getChatAdministrators")
    assert asked
    assert asked[0]["chat_id"] == officers_chat.id


async def test_a_command_for_another_bot_is_left_alone(
    server: FakeTelegram, sqlite_url: str
) -> None:
    async with telegram_app(server, sqlite_url):
        ann, group = server.user("Ann"), server.group("Members")
        await server.push_message(group, ann, "/help@some_other_bot")
        await server.push_message(group, ann, "/whoami")
        assert "on Telegram" in (await server.next_message(group)).text
    assert len(server.sent(group.id)) == 1


async def test_long_replies_are_split_and_files_are_sent_as_documents(
    server: FakeTelegram, sqlite_url: str
) -> None:
    async with telegram_app(server, sqlite_url, router=flows_router()):
        ann = server.user("Ann")
        chat = server.private_chat(ann)
        await server.push_message(chat, ann, "/essay")
        await server.wait_calls("sendDocument")
    texts = server.sent_texts(chat.id)[:-1]
    assert len(texts) > 1
    assert all(len(text) <= 4096 for text in texts)
    assert all(text.startswith(tuple(f"{n}. " for n in range(1, 11))) for text in texts)
    escaped = PARAGRAPH.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    assert "\n\n".join(texts) == "\n\n".join(f"{n}. {escaped}" for n in range(1, 11))
    document = server.sent(chat.id)[-1].document
    assert document == ("talk.ics", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")


async def test_a_sticker_in_private_gets_a_hint_and_group_chatter_is_ignored(
    server: FakeTelegram, sqlite_url: str
) -> None:
    async with telegram_app(server, sqlite_url):
        ann = server.user("Ann")
        chat, group = server.private_chat(ann), server.group("Members")
        await server.push_message(group, ann, "lovely weather")
        sticker: dict[str, object] = {"file_id": "s1", "file_unique_id": "s1", "type": "regular"}
        sticker |= {"width": 512, "height": 512, "is_animated": False, "is_video": False}
        message = {"message_id": 77, "date": 0, "chat": chat.payload(), "from": ann.payload()}
        await server.push_update({"message": {**message, "sticker": sticker}})
        assert "I can only read text" in (await server.next_message(chat)).text
        await server.push_message(chat, ann, "/whoami")
        assert "on Telegram" in (await server.next_message(chat)).text
    assert server.sent(group.id) == []
