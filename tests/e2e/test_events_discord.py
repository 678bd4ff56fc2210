"""Events end to end on the real discord.py against the fake Discord: RSVP with the button
and the slash command, capacity and the waiting list, access needs (a private modal) seen by
officers only, the freed place told by direct message."""

from __future__ import annotations

from bot.app import App
from tests.commands.events_support import seed_event
from tests.fakes.discord_api import FakeDiscord


async def test_rsvp_waiting_list_and_access_needs_on_discord(
    discord_server: FakeDiscord, discord_app: App
) -> None:
    server = discord_server
    event_id = await seed_event(discord_app, capacity=1)
    ann, bob = server.member("Ann"), server.member("Bob")
    olive = server.member("Olive", roles=("Officer",))

    listing = await server.wait_reply(await server.slash(ann, "events"))
    assert "Housing policy discussion" in listing.content
    coming = await server.wait_reply(
        await server.click(ann, listing.button(f"I'll come: #{event_id}"))
    )
    assert "Thanks Ann, you are coming" in coming.content

    waiting = await server.wait_reply(await server.slash(bob, "rsvp", {"event": event_id}))
    assert "number 1 on the waiting list" in waiting.content

    prompt = await server.wait_reply(await server.click(ann, coming.button("Add access needs")))
    assert "Only officers see this" in prompt.content
    modal = await server.wait_reply(await server.click(ann, prompt.button("Write your answer")))
    assert modal.is_modal
    (box,) = modal.components
    saved = await server.wait_reply(
        await server.submit_modal(
            ann, modal.data["custom_id"], {box["custom_id"]: "BSL interpreter"}
        )
    )
    assert "officers will see" in saved.content

    refused = await server.wait_reply(
        await server.slash(bob, "event", {"event": event_id}, subcommand="attendees")
    )
    assert "for officers only" in refused.content
    attendees = await server.wait_reply(
        await server.slash(olive, "event", {"event": event_id}, subcommand="attendees")
    )
    assert attendees.ephemeral
    assert "access needs: BSL interpreter" in attendees.content
    public = [m.get("content", "") for m in server.channel_messages()]
    assert all("BSL" not in text for text in public)
    assert all(r.ephemeral for r in server.interaction_replies() if not r.is_modal)

    cancelled = await server.wait_reply(await server.click(ann, coming.button("Cancel my reply")))
    assert "no longer down" in cancelled.content
    await server.wait_until(lambda: len(server.dm_messages(bob)) == 1)
    assert f"a place freed up at #{event_id}" in server.dm_messages(bob)[0]["content"]
