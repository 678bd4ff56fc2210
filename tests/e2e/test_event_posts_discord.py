"""An announced event end to end on the real discord.py against the fake Discord: the post
in the announce channel with its buttons, "I'll come" and "Add to my calendar" answered
ephemerally, and the post edited to say it is cancelled, its buttons taken off."""

from __future__ import annotations

from typing import Any

from bot.app import App
from bot.stores.events import EVENTS
from commands.events.posting import announce
from tests.commands.events_support import seed_event
from tests.fakes.discord_api import FakeDiscord


def _button(message: dict[str, Any], label: str) -> str:
    for row in message.get("components") or []:
        for component in row.get("components") or []:
            if component.get("label") == label:
                return str(component["custom_id"])
    raise AssertionError(f"no button {label!r} in {message}")


async def test_announced_event_with_buttons_on_discord(
    discord_server: FakeDiscord, discord_app: App
) -> None:
    server = discord_server
    event_id = await seed_event(discord_app, capacity=20)
    async with discord_app.storage.unit() as uow:
        event = await uow.get(EVENTS).get(event_id)
        assert event is not None
        assert await announce(discord_app.services, uow, event) == 1
        await uow.commit()
    await server.wait_until(lambda: len(server.channel_messages()) == 1)
    # the post is at Discord; waiting for the delivery pass to end (it holds the outbox's
    # lock) makes sure its message id is recorded too, which the cancel below edits by. An
    # edit made while a post is still being sent keeps the old text (a known window).
    await discord_app.services.outbox.deliver_pending()
    [post] = server.channel_messages()
    assert f"New event: #{event_id} Housing policy discussion" in post["content"]
    assert "**Places: **20" in post["content"]

    ann = server.member("Ann")
    coming = await server.wait_reply(await server.click(ann, _button(post, "I'll come")))
    assert coming.ephemeral
    assert "Thanks Ann, you are coming to #1 Housing policy discussion" in coming.content
    assert "Add access needs" in coming.labels
    calendar = await server.wait_reply(await server.click(ann, _button(post, "Add to my calendar")))
    assert calendar.ephemeral
    assert "open the file" in calendar.content
    assert [a["filename"] for a in calendar.data["attachments"]] == ["event-1.ics"]
    assert len(server.channel_messages()) == 1  # nothing about Ann in the channel

    olive = server.member("Olive", roles=("Officer",))
    asked = await server.wait_reply(
        await server.slash(olive, "event", {"event": event_id}, subcommand="cancel")
    )
    done = await server.wait_reply(await server.click(olive, asked.button("Yes, cancel it")))
    assert "Cancelled #1" in done.content
    route = f"/channels/{server.channel_id}/messages/{{id}}"
    await server.wait_until(lambda: bool(server.calls("PATCH", route)))
    [edit] = server.calls("PATCH", route)
    assert "Cancelled: #1 Housing policy discussion" in edit.body["content"]
    assert edit.body["components"] == []  # the buttons are taken off
