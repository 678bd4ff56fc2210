"""Events end to end on the real python-telegram-bot against the fake Bot API: RSVP with the
button, capacity and the waiting list, access needs seen by officers only."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.commands.events_support import seed_event
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_app import telegram_app
from tests.support import FrozenClock


@pytest.fixture
async def server() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram() as fake:
        yield fake


async def test_rsvp_waiting_list_and_access_needs_on_telegram(
    server: FakeTelegram, sqlite_url: str, clock: FrozenClock
) -> None:
    olive, ann, bob = server.user("Olive"), server.user("Ann"), server.user("Bob")
    members = server.group("Members")
    async with telegram_app(server, sqlite_url, clock=clock, officers=[olive.id]) as run:
        event_id = await seed_event(run.app, capacity=1)
        ann_chat, bob_chat = server.private_chat(ann), server.private_chat(bob)

        await server.push_message(members, ann, "/events")
        listing = await server.next_message(members)
        assert "Housing policy discussion" in listing.text
        assert "Tue 10 Mar 19:00, Town Hall" in listing.text
        await server.press(f"I'll come: #{event_id}", user=ann, chat=members)
        coming = await server.next_message(members)
        assert "Thanks Ann, you are coming" in coming.text

        await server.push_message(bob_chat, bob, f"/rsvp {event_id}")
        waiting = await server.next_message(bob_chat)
        assert "number 1 on the waiting list" in waiting.text

        # access needs: not in the group, but privately
        await server.press("Add access needs", user=ann, chat=members)
        assert "private chat" in (await server.next_message(members)).text
        await server.push_message(ann_chat, ann, f"/events {event_id}")
        await server.next_message(ann_chat)
        await server.press("Add access needs", user=ann, chat=ann_chat)
        assert "Only officers see this" in (await server.next_message(ann_chat)).text
        await server.push_message(ann_chat, ann, "Wheelchair <access> please")
        assert "officers will see" in (await server.next_message(ann_chat)).text

        await server.push_message(bob_chat, bob, f"/event attendees {event_id}")
        assert "for officers only" in (await server.next_message(bob_chat)).text
        olive_chat = server.private_chat(olive)
        await server.push_message(olive_chat, olive, f"/event attendees {event_id}")
        attendees = (await server.next_message(olive_chat)).text
        assert "Ann (telegram) — access needs: Wheelchair &lt;access&gt; please" in attendees
        assert "Waiting list (1)" in attendees
        assert all("Wheelchair" not in text for text in server.sent_texts(members.id))

        # Ann cancels: Bob moves up and is told in a direct message (his user id)
        await server.push_message(ann_chat, ann, f"/rsvp {event_id} cancel")
        assert "no longer down" in (await server.next_message(ann_chat)).text
        promoted = await server.next_message(bob_chat)
        assert f"a place freed up at #{event_id}" in promoted.text
