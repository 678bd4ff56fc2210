"""A poll over Discord end to end: an officer builds it with buttons and modals, it is
posted to the announcement channel, members vote and change votes with buttons (answered
ephemerally, never in public), and it closes by itself at the deadline (controlled time)."""

from __future__ import annotations

from typing import Any

from tests.adapters.discord.conftest import DiscordRig
from tests.fakes.discord_api import FakeDiscord, FakeUser
from tests.fakes.discord_payloads import Reply
from tests.support import FrozenClock


def buttons(message: dict[str, Any]) -> dict[str, str]:
    """label -> custom_id of the buttons on a posted message."""
    found: dict[str, str] = {}
    for row in message.get("components", []):
        for component in row.get("components", [row]):
            if component.get("type") == 2:
                found[str(component["label"])] = str(component["custom_id"])
    return found


async def typed(server: FakeDiscord, user: FakeUser, prompt: Reply, text: str) -> Reply:
    opened = await server.wait_reply(await server.click(user, prompt.button("Write your answer")))
    return await server.wait_reply(
        await server.submit_modal(user, opened.data["custom_id"], {"text": text})
    )


async def pressed(server: FakeDiscord, user: FakeUser, prompt: Reply, label: str) -> Reply:
    return await server.wait_reply(await server.click(user, prompt.button(label)))


async def test_poll_created_voted_changed_and_closed_at_the_deadline(
    rig: DiscordRig, clock: FrozenClock
) -> None:
    server, app = rig.server, rig.app
    olive = server.member("Olive", roles=("Officer",))
    ann, bob = server.member("Ann"), server.member("Bob")

    step = await server.wait_reply(await server.slash(olive, "poll", subcommand="new"))
    assert "step 1 of 8" in step.content
    step = await typed(server, olive, step, "Which campaign first?")
    step = await typed(server, olive, step, "Buses\nHousing\nNHS")
    step = await pressed(server, olive, step, "Single choice")
    step = await pressed(server, olive, step, "Anonymous (recommended)")
    step = await pressed(server, olive, step, "When it closes (recommended)")
    step = await typed(server, olive, step, "Thursday 18:00")
    assert "Step 7 of 8" in step.content
    step = await pressed(server, olive, step, "Done")
    step = await pressed(server, olive, step, "Post the poll")
    assert "is posted to 1 chat and" in step.content
    assert step.ephemeral

    await app.services.outbox.deliver_pending()
    [posted] = server.channel_messages()
    assert "Which campaign first?" in posted["content"]
    ids = buttons(posted)
    assert list(ids) == ["1. Buses", "2. Housing", "3. NHS"]

    first = await server.wait_reply(await server.click(ann, ids["1. Buses"]))
    assert first.ephemeral
    assert "recorded: Buses" in first.content
    await server.wait_reply(await server.click(bob, ids["3. NHS"]))
    changed = await server.wait_reply(await server.click(ann, ids["3. NHS"]))
    assert "recorded: NHS" in changed.content

    clock.advance(days=4)
    assert await app.services.scheduler.run_due() >= 1  # the close (and any daily jobs)
    await app.services.outbox.deliver_pending()
    _poll, results = server.channel_messages()
    assert "2 took part." in results["content"]
    assert "NHS: 2 votes (100.0%)" in results["content"]
    route = f"/channels/{server.channel_id}/messages"
    [(name, chart)] = server.calls("POST", route, status=200)[-1].files  # the results' chart
    assert name.endswith("-results.png")
    assert chart.startswith(b"\x89PNG")

    late = await server.wait_reply(await server.click(bob, ids["1. Buses"]))
    assert late.ephemeral
    assert "not counted" in late.content
    assert not any("recorded" in m["content"] for m in server.channel_messages())
