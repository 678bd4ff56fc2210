"""The whole /submit flow through Discord: buttons, modals, all of it private to the member."""

from __future__ import annotations

import asyncio

import pytest

from bot.adapter import DeliveryError
from bot.model import ChatKind, ChatRef, Identity, OutgoingMessage, person_target
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


async def test_a_person_target_becomes_a_dm_and_never_a_channel_post(
    rig: DiscordRig,
) -> None:
    server = rig.server
    ann = server.member("Ann")
    note = OutgoingMessage.text("Your draft was accepted.")
    await rig.adapter.send(person_target(Identity("discord", str(ann.id), "Ann")), note)
    await rig.adapter.send_to(Identity("discord", str(ann.id), "Ann"), note)
    assert [dm["content"] for dm in server.dm_messages(ann)] == ["Your draft was accepted."] * 2
    assert len(server.calls("POST", "/users/@me/channels")) == 1  # opened once, remembered
    assert server.calls("POST", f"/channels/{ann.id}/messages") == []
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


def dm_button(body: dict[str, object], label: str) -> str:
    rows = body.get("components")
    assert isinstance(rows, list)
    for row in rows:
        for item in row["components"]:
            if item.get("label") == label:
                return str(item["custom_id"])
    raise AssertionError(f"no button {label!r} in the DM")


async def test_a_coauthor_mentioned_by_username_is_linked_only_after_accepting(
    rig: DiscordRig,
) -> None:
    server = rig.server
    ann, bob = server.member("Ann"), server.member("Bob")
    server.member("Bobby")  # another account whose name merely starts the same
    await server.wait_reply(await server.slash(bob, "help"))  # Bob has used the bot
    conduct = await server.wait_reply(await server.slash(ann, "submit"))
    kind = await last_reply(server, await server.click(ann, conduct.button(conduct.labels[0])), 2)
    commission = await server.wait_reply(
        await server.click(ann, kind.button("NPF consultation submission"))
    )
    title = await server.wait_reply(await server.click(ann, commission.button("Safer streets")))
    problem = await write(server, ann, title, "Night buses")
    proposal = await write(server, ann, problem, "The last bus leaves at 9pm.")
    evidence = await write(server, ann, proposal, "Run buses until midnight.")
    coauthors = await server.wait_reply(await server.click(ann, evidence.button("Skip (optional)")))
    refused = await write(server, ann, coauthors, "Bob")  # a name is not an account
    assert "A name is not enough" in refused.content
    names = await write(server, ann, refused, "@bob")
    assert "I have asked Bob privately to accept" in names.content
    await rig.app.services.outbox.deliver_pending()
    (invitation,) = server.dm_messages(bob)
    assert "asks you to co-author draft #1" in str(invitation["content"])
    listing = await server.wait_reply(await server.slash(bob, "drafts", dm=True))
    assert "Night buses" in listing.content  # only the invitation's title
    assert "Your drafts" not in listing.content
    accepted = await server.wait_reply(
        await server.click(bob, dm_button(invitation, "Accept"), dm=True)
    )
    assert "You are now a co-author of draft #1" in accepted.content
    mine = await server.wait_reply(await server.slash(bob, "drafts", dm=True))
    assert "Your drafts" in mine.content
    assert "#1 Night buses" in mine.content
    assert server.calls("POST", "/channels/{id}/messages", status=404) == []
