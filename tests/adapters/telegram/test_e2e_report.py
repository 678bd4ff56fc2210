"""A report through the real PTB Application against the fake Bot API: the Report button
on an idea, the reason typed privately, the report in the officers' group only (with the
button that hides the idea) and the thanks in the reporter's private chat."""

from __future__ import annotations

from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_app import telegram_app


async def test_a_report_reaches_the_officers_group_and_never_the_members_group(
    server: FakeTelegram, sqlite_url: str
) -> None:
    ann, bob = server.user("Ann"), server.user("Bob")
    officers, members = server.group("Officers"), server.group("Members")
    server.set_admins(officers, server.user("Olive"))
    async with telegram_app(server, sqlite_url, officers_chat=officers.id):
        await server.push_message(members, bob, "/idea Councillor Smith is a crook")
        assert "idea #1 is recorded" in (await server.next_message(members)).text
        ann_chat = server.private_chat(ann)
        await server.push_message(ann_chat, ann, "/ideas 1")
        shown = await server.next_message(ann_chat)
        assert "Report" in [button["text"] for button in shown.buttons]
        await server.press("Report", user=ann, chat=ann_chat)
        assert "Why are you reporting idea #1?" in (await server.next_message(ann_chat)).text
        await server.push_message(ann_chat, ann, "It attacks a councillor <b>by name</b>")
        thanks = await server.next_message(ann_chat)
        assert "your report #1 about idea #1 is with the officers" in thanks.text
        notice = await server.next_message(officers)
        assert "It attacks a councillor &lt;b&gt;by name&lt;/b&gt;" in notice.text  # as typed
        assert "Reported by Ann" in notice.text
        assert [button["text"] for button in notice.buttons] == ["Hide idea #1"]
        await server.push_message(members, bob, "/help")  # everything before it was answered
        await server.next_message(members)
        posted = server.sent_texts(members.id)
        assert not [t for t in posted if "It attacks" in t or "Reported by" in t], posted
