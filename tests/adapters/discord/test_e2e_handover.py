"""/officers add over the real discord.py: the member picked by a user mention in the
slash command's option, the office and the confirmation from buttons, the new officer
told by DM; their new power counts at once."""

from __future__ import annotations

from tests.adapters.discord.conftest import DiscordRig


async def test_an_officer_role_hands_an_office_over_by_mention(rig: DiscordRig) -> None:
    server = rig.server
    olive = server.member("Olive", roles=("Officer",))
    pat = server.member("Pat")
    refused = await server.wait_reply(await server.slash(pat, "review", subcommand="queue"))
    assert "for officers only" in refused.content  # and the bot has now seen Pat

    asked = await server.slash(olive, "officers", {"member": f"<@{pat.id}>"}, subcommand="add")
    office = await server.wait_reply(asked)
    assert "Which office does **Pat** take?" in office.content
    assert office.ephemeral
    menu = next(c["custom_id"] for c in office.components if c["type"] == 3)
    token = dict(office.options())["Policy Officer"]  # ten offices and more: a menu
    confirm = await server.wait_reply(await server.click(olive, menu, values=[token]))
    assert "Policy Officer" in confirm.content
    done = await server.wait_reply(await server.click(olive, confirm.button("Confirm")))
    assert "Done: Pat is now Policy Officer" in done.content

    await rig.app.services.outbox.deliver_pending()
    [told] = server.dm_messages(pat)
    assert "You are now Policy Officer" in told["content"]
    queue = await server.wait_reply(await server.slash(pat, "review", subcommand="queue"))
    assert "Review queue" in queue.content
    whoami = await server.wait_reply(await server.slash(pat, "whoami"))
    assert "Your offices: **Policy Officer**" in whoami.content
    roster = await server.wait_reply(await server.slash(olive, "officers", subcommand="list"))
    assert "Pat (Discord)" in roster.content
    assert "Discord members with the role “Officer”" in roster.content
