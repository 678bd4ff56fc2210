"""The whole /submit flow through Discord: buttons, modals, all of it private to the member."""

from __future__ import annotations

import asyncio

import pytest

from bot.adapter import DeliveryError
from bot.model import ChatKind, ChatRef, OutgoingMessage
from bot.stores.submissions import SUBMISSIONS, Status
from tests.adapters.discord.conftest import DiscordRig
from tests.fakes.discord_api import FakeDiscord, FakeUser, Interaction
from tests.fakes.discord_payloads import Reply


async def last_reply(server: FakeDiscord, interaction: Interaction, expected: int = 1) -> Reply:
    await server.wait_reply(interaction, expected - 1)
    return interaction.replies[-1]


async def write(server: FakeDiscord, user: FakeUser, prompt: Reply, text: str) -> Reply:
    """Press "Write your answer" on `prompt`, type `text` in the modal, send it."""
    modal = await server.wait_reply(await server.click(user, prompt.button("Write your answer")))
    assert modal.is_modal
    (box,) = modal.components
    assert box["style"] == 2
    return await server.wait_reply(
        await server.submit_modal(user, modal.data["custom_id"], {box["custom_id"]: text})
    )


async def test_submit_flow_with_modals_and_buttons_kept_private(rig: DiscordRig) -> None:
    server = rig.server
    ann = server.member("Ann")
    conduct = await server.wait_reply(await server.slash(ann, "submit"))
    assert conduct.labels == ["I agree to follow it"]
    agreed = await server.click(ann, conduct.button("I agree to follow it"))
    kind = await last_reply(server, agreed, expected=2)
    assert "Step 1 of 8" in kind.content
    commission = await server.wait_reply(
        await server.click(ann, kind.button("NPF consultation submission"))
    )
    title = await server.wait_reply(await server.click(ann, commission.button("Safer streets")))
    assert "the title" in title.content
    problem = await write(server, ann, title, "Buses for @everyone")
    assert "the problem" in problem.content
    proposal = await write(server, ann, problem, "The last bus leaves at 9pm.")
    evidence = await write(server, ann, proposal, "Run buses until midnight.")
    coauthors = await server.wait_reply(await server.click(ann, evidence.button("Skip (optional)")))
    names = await server.wait_reply(await server.click(ann, coauthors.button("No co-authors")))
    preview = await server.wait_reply(
        await server.click(ann, names.button("Yes, members may see my name"))
    )
    assert "Check your draft" in preview.content
    assert "Buses for @\u200beveryone" in preview.content
    assert "Run buses until midnight." in preview.content
    sent = await server.wait_reply(await server.click(ann, preview.button("Send it for review")))
    assert "now with the officers for review" in sent.content
    every = server.interaction_replies()
    assert all(r.ephemeral for r in every if not r.is_modal)
    assert all(r.data.get("allowed_mentions") == {"parse": []} for r in every if not r.is_modal)
    assert server.channel_messages() == []  # nothing in front of the channel


async def test_private_send_to_a_member_id_becomes_a_dm_and_never_a_channel_post(
    rig: DiscordRig,
) -> None:
    server = rig.server
    ann = server.member("Ann")
    note = OutgoingMessage.text("Your draft was accepted.")
    await rig.adapter.send(ChatRef("discord", str(ann.id), ChatKind.PRIVATE), note)
    (dm,) = server.dm_messages(ann)
    assert dm["content"] == "Your draft was accepted."
    public = ChatRef("discord", str(server.channel_id), ChatKind.PRIVATE)
    with pytest.raises(DeliveryError) as refused:
        await rig.adapter.send(public, note)
    assert refused.value.permanent
    assert server.channel_messages() == []


async def test_a_double_tap_on_a_step_button_makes_one_draft(rig: DiscordRig) -> None:
    """Two presses of one button at once (through discord.py): the core handles the
    member's events one after the other, so the second meets the step already moved on."""
    server = rig.server
    ann = server.member("Ann")
    conduct = await server.wait_reply(await server.slash(ann, "submit"))
    kind = await last_reply(
        server, await server.click(ann, conduct.button("I agree to follow it")), expected=2
    )
    button = kind.button("NPF consultation submission")
    first, second = await asyncio.gather(server.click(ann, button), server.click(ann, button))
    answers = [(await server.wait_reply(i)).content for i in (first, second)]
    moved_on = [a for a in answers if a.startswith("That button belongs to an earlier question")]
    assert len(moved_on) == 1
    assert all("Step 2 of 8" in a for a in answers)  # the second is asked the new step
    async with rig.app.storage.unit() as uow:
        drafts = await uow.get(SUBMISSIONS).with_status(Status.DRAFT)
    assert len(drafts) == 1
