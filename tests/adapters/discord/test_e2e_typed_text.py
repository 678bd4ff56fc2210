"""Hostile text through the real discord.py: a lone surrogate, NUL, ANSI colour codes and a
right-to-left override in a slash command's option are cleaned where the event is made,
so the idea is stored (SQLite and PostgreSQL refuse the raw text) and answered."""

from __future__ import annotations

from tests.adapters.discord.conftest import DiscordRig

HOSTILE = "Free buses \ud800 for all\x00 \x1b[31mnow\u202e!"


async def test_a_lone_surrogate_in_an_idea_is_answered_and_stored_cleaned(
    rig: DiscordRig,
) -> None:
    server = rig.server
    ann = server.member("Ann\u2066")
    recorded = await server.wait_reply(await server.slash(ann, "idea", {"text": HOSTILE}))
    assert "idea #1 is recorded" in recorded.content
    shown = await server.wait_reply(await server.slash(ann, "ideas", {"id": 1}, subcommand="show"))
    assert "Free buses \ufffd for all [31mnow!" in shown.content
    for reply in (recorded, shown):
        assert "something went wrong" not in reply.content
        assert not any(c in reply.content for c in "\x00\x1b\u202e\u2066\ud800")
