"""The real discord.py client against the fake Discord: login, sync, interactions, safety."""

from __future__ import annotations

import discord
import pytest

from bot.model import ChatKind, ChatRef, OutgoingMessage
from tests.adapters.discord.conftest import DiscordRig
from tests.fakes.discord_api import FakeDiscord


async def test_logs_in_and_becomes_ready(rig: DiscordRig) -> None:
    server = rig.server
    assert server.identified.is_set()
    assert rig.adapter.client.is_ready()
    assert [c.path for c in server.log[:2]] == ["/users/@me", "/oauth2/applications/@me"]
    assert rig.adapter.client.get_guild(server.guild_id) is not None


async def test_command_list_is_synced_with_descriptions_and_options(rig: DiscordRig) -> None:
    server = rig.server
    puts = server.calls("PUT", "/applications/{app}/guilds/{guild}/commands")
    assert len(puts) == 1
    synced = {c["name"]: c for c in server.commands[str(server.guild_id)]}
    assert synced["help"]["description"] == "The commands you can use"
    assert synced["help"]["options"] == [
        {"type": 3, "name": "command", "description": "A command to explain", "required": False}
    ]
    echo = synced["echo"]["options"][0]
    assert (echo["name"], echo["required"]) == ("text", True)
    assert {"whoami", "conduct", "order", "purge"} <= synced.keys()


async def test_help_through_an_interaction_is_private(rig: DiscordRig) -> None:
    server = rig.server
    interaction = await server.slash(server.member("Ann"), "help")
    reply = await server.wait_reply(interaction)
    assert reply.kind == "callback"
    assert reply.type == 4
    assert reply.ephemeral
    assert "**Commands you can use**" in reply.content
    assert "`/whoami` — Who the bot thinks you are" in reply.content
    assert reply.data["allowed_mentions"] == {"parse": []}


async def test_help_with_an_option(rig: DiscordRig) -> None:
    server = rig.server
    interaction = await server.slash(server.member("Ann"), "help", {"command": "whoami"})
    reply = await server.wait_reply(interaction)
    assert "/whoami" in reply.content
    assert "Commands you can use" not in reply.content


async def test_a_flow_with_buttons_and_a_modal_stays_private(rig: DiscordRig) -> None:
    server = rig.server
    ann = server.member("Ann")
    first = await server.wait_reply(await server.slash(ann, "order"))
    assert first.ephemeral
    assert first.labels == ["Tea", "Coffee"]  # text not allowed here: no "Write" button
    second = await server.wait_reply(await server.click(ann, first.button("Coffee")))
    assert second.ephemeral
    assert "sugars in your coffee" in second.content
    opened = await server.wait_reply(await server.click(ann, second.button("Write your answer")))
    assert opened.is_modal
    (box,) = opened.components
    assert box["style"] == 2  # a paragraph box
    assert box["max_length"] == 4000
    retry = await server.wait_reply(
        await server.submit_modal(ann, opened.data["custom_id"], {box["custom_id"]: "two"})
    )
    assert retry.ephemeral
    assert "'two' is not a number" in retry.content
    again = await server.wait_reply(await server.click(ann, retry.button("Write your answer")))
    done = await server.wait_reply(
        await server.submit_modal(ann, again.data["custom_id"], {"text": "2"})
    )
    assert done.content == "One coffee, 2 sugars."
    assert done.ephemeral
    assert server.calls("POST", "/channels/{id}/messages") == []  # nothing in public


async def test_officer_command_refused_for_a_member_and_run_for_an_officer(
    rig: DiscordRig,
) -> None:
    server = rig.server
    member = await server.wait_reply(await server.slash(server.member("Ann"), "purge"))
    assert "/purge is for officers only" in member.content
    olive = server.member("Olive", roles=("Officer",))
    officer = await server.wait_reply(await server.slash(olive, "purge"))
    assert officer.content == "Purged."
    whoami = await server.wait_reply(await server.slash(olive, "whoami"))
    assert "Your role here: officer." in whoami.content


async def test_role_is_looked_up_for_a_direct_message(rig: DiscordRig) -> None:
    server = rig.server
    olive = server.member("Olive", roles=("Officer",))
    reply = await server.wait_reply(await server.slash(olive, "whoami", dm=True))
    assert "Your role here: officer." in reply.content
    assert not reply.ephemeral  # a DM is private already
    assert server.calls("GET", f"/guilds/{server.guild_id}/members/{olive.id}")


async def test_everyone_in_member_text_cannot_ping(rig: DiscordRig) -> None:
    server = rig.server
    text = "hello @everyone and @here, <@&3001> **loud**"
    reply = await server.wait_reply(
        await server.slash(server.member("Ann"), "echo", {"text": text})
    )
    await server.wait_until(lambda: len(server.channel_messages()) == 1)
    (posted,) = server.channel_messages()
    for payload in (reply.data, posted):
        assert payload["allowed_mentions"] == {"parse": []}
        content = payload["content"]
        assert "@everyone" not in content
        assert "@here" not in content
        assert "<@&3001>" not in content
        assert "@\u200beveryone" in content
        assert "\\*\\*loud\\*\\*" in content


async def test_rate_limited_channel_send_is_waited_out_and_delivered_once(
    rig: DiscordRig,
) -> None:
    server = rig.server
    route = f"/channels/{server.channel_id}/messages"
    server.rate_limit("POST", route, times=1, retry_after=0.05)
    chat = ChatRef("discord", str(server.channel_id), ChatKind.CHANNEL)
    ref = await rig.adapter.send(chat, OutgoingMessage.text("The meeting starts at 7pm."))
    limited, delivered = server.calls("POST", route)
    assert (limited.status, delivered.status) == (429, 200)
    (posted,) = server.channel_messages()
    assert posted["content"] == "The meeting starts at 7pm."
    assert posted["allowed_mentions"] == {"parse": []}
    # the retry is the same message: Discord drops a second one with this nonce
    assert posted["enforce_nonce"] is True
    assert limited.body["nonce"] == delivered.body["nonce"]
    assert ref.message_id


async def test_long_messages_are_split_at_2000(rig: DiscordRig) -> None:
    server = rig.server
    chat = ChatRef("discord", str(server.channel_id), ChatKind.CHANNEL)
    paragraphs = [f"Paragraph {n}: " + "word " * 80 for n in range(12)]
    await rig.adapter.send(chat, OutgoingMessage.text(*paragraphs))
    posted = [m["content"] for m in server.channel_messages()]
    assert len(posted) > 1
    assert all(len(m) <= 2000 for m in posted)
    assert "\n\n".join(posted).split() == "\n\n".join(paragraphs).split()


async def test_files_are_sent_as_attachments(rig: DiscordRig) -> None:
    server = rig.server
    interaction = await server.slash(server.member("Ann"), "export")
    reply = await server.wait_reply(interaction)
    assert reply.content == "Your export:"
    (call,) = server.calls("POST", "/interactions/{id}/{token}/callback")
    assert call.files == (("draft.txt", b"My draft\n"),)


async def test_many_choices_become_a_select_menu(rig: DiscordRig) -> None:
    server = rig.server
    ann = server.member("Ann")
    menu = await server.wait_reply(await server.slash(ann, "many"))
    options = menu.options()
    assert len(options) == 30
    assert options[0][0] == "Option 1"
    menu_id = next(c["custom_id"] for c in menu.components if c["type"] == 3 and c["options"])
    label, token = options[6]
    picked = await server.wait_reply(await server.click(ann, menu_id, values=[token]))
    assert picked.content == "You picked 7."
    assert label == "Option 7"


async def test_unknown_or_forged_button_has_expired(rig: DiscordRig) -> None:
    server = rig.server
    reply = await server.wait_reply(await server.click(server.member("Ann"), "many:3"))
    assert "This button has expired" in reply.content
    assert reply.ephemeral


@pytest.mark.parametrize("defer_after", [0.0])
async def test_slow_work_is_deferred_then_followed_up(rig: DiscordRig) -> None:
    server = rig.server
    interaction = await server.slash(server.member("Ann"), "slow")
    deferred = await server.wait_reply(interaction)
    assert (deferred.kind, deferred.type, deferred.ephemeral) == ("callback", 5, True)
    rig.slow_gate.set()
    followup = await server.wait_reply(interaction, 1)
    assert followup.kind == "followup"
    assert followup.content == "Finally done."
    assert followup.ephemeral
    assert len(interaction.replies) == 2


async def test_a_failing_command_or_unknown_command_does_not_stop_the_bot(
    rig: DiscordRig,
) -> None:
    server = rig.server
    ann = server.member("Ann")
    broken = await server.wait_reply(await server.slash(ann, "broken"))
    assert "something went wrong on our side" in broken.content
    unknown = await server.wait_reply(await server.slash(ann, "nosuchcommand"))
    assert "Please try again" in unknown.content
    ok = await server.wait_reply(await server.slash(ann, "help"))
    assert "Commands you can use" in ok.content


async def test_routes_to_the_configured_addresses(
    rig: DiscordRig, discord_server: FakeDiscord
) -> None:
    assert discord_server.api_base_url == discord.http.Route.BASE
    assert str(discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY) == discord_server.gateway_url
