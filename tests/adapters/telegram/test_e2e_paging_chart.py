"""Through python-telegram-bot against the fake Bot API: /ideas pages with a Next button
that edits the list in place, and a poll's results arrive with the bar chart as a photo
(sendPhoto, PNG bytes) after the text, for a meeting with Abstain and a quorum."""

from __future__ import annotations

from bot.stores.ideas import IDEAS, Idea
from tests.adapters.telegram.test_e2e_polls import expect
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_app import telegram_app
from tests.support import FrozenClock


async def test_next_edits_the_ideas_list_in_place(
    server: FakeTelegram, sqlite_url: str, clock: FrozenClock
) -> None:
    ann = server.user("Ann")
    chat = server.private_chat(ann)
    async with telegram_app(server, sqlite_url, clock=clock) as run:
        async with run.app.storage.unit() as uow:
            for n in range(1, 301):
                await uow.get(IDEAS).add(Idea(f"Idea number {n}", None, clock()))
        await server.push_message(chat, ann, "/ideas")
        first = await expect(server, chat, "Page 1 of 30")
        assert first.labels[0] == "Next ▶"
        assert len(first.text) <= 4096
        await server.press("Next ▶", user=ann, chat=chat)
        await server.wait_for(lambda: first.edits == 1)
        assert "Page 2 of 30" in first.text
        assert "Idea number 11" in first.text
        assert first.labels[:2] == ["◀ Previous", "Next ▶"]
        assert len(server.sent(chat.id)) == 1  # the same message, edited


async def test_poll_results_come_with_the_chart_as_a_photo(
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
        await server.push_message(officer, olive, "Buses; Housing")
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
        await server.press("Offer Abstain", user=olive, chat=officer)
        await expect(server, officer, "Abstain will be offered")
        await server.press("Set a quorum", user=olive, chat=officer)
        await expect(server, officer, "How many members must vote")
        await server.push_message(officer, olive, "2")
        await expect(server, officer, "Quorum: 2 voters")
        await server.press("Post the poll", user=olive, chat=officer)
        await expect(server, officer, "is posted to 1 chat and")

        posted = await expect(server, group, "Which campaign first?")
        assert posted.labels == ["1. Buses", "2. Housing", "Abstain"]
        await server.press("1. Buses", user=ann, chat=group)
        await expect(server, server.private_chat(ann), "recorded: Buses")
        await server.press("Abstain", user=bob, chat=group)
        await expect(server, server.private_chat(bob), "recorded: Abstain")

        clock.advance(days=4)
        assert await run.app.services.scheduler.run_due() >= 1
        await run.app.services.outbox.deliver_pending()
        results = await expect(server, group, "results")
        assert "2 took part. 1 abstained" in results.text
        assert "Quorum of 2 reached: 2 voted." in results.text
        chart = await server.next_message(group)
        assert chart.photo is not None
        name, content = chart.photo
        assert name == f"poll-{posted.text.split('#')[1].split(':')[0]}-results.png"
        assert content.startswith(b"\x89PNG")
    assert not server.calls("sendDocument")
