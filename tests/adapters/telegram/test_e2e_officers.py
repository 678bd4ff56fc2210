"""/officers add over the real PTB library: the member picked by @username (a mention
entity, in the command itself or typed at the step), the office from inline buttons."""

from __future__ import annotations

from tests.adapters.telegram.test_e2e_submit import expect, push_mentions
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_app import telegram_app
from tests.fakes.telegram_payloads import command_entities


async def test_an_officer_hands_an_office_over_by_username(
    server: FakeTelegram, sqlite_url: str
) -> None:
    olive, pat, sam = server.user("Olive"), server.user("Pat"), server.user("Sam")
    olives, pats, sams = (server.private_chat(u) for u in (olive, pat, sam))
    async with telegram_app(server, sqlite_url, officers=[olive.id]) as run:
        for user, chat in ((pat, pats), (sam, sams)):
            await server.push_message(chat, user, "/review")  # seen by the bot; refused
            assert "for officers only" in (await server.next_message(chat)).text

        text = "/officers add @pat"
        entities = [*command_entities(text), {"type": "mention", "offset": 14, "length": 4}]
        await push_mentions(server, olives, olive, text, entities)
        picked = await expect(server, olives, "Which office does <b>Pat</b> take?")
        assert "Policy Officer" in picked.labels
        await server.press("Policy Officer", user=olive, chat=olives)
        await expect(server, olives, "Make <b>Pat</b> (Telegram) <b>Policy Officer</b>?")
        await server.press("Confirm", user=olive, chat=olives)
        await expect(server, olives, "Done: Pat is now Policy Officer")
        await run.app.services.outbox.deliver_pending()
        told = await expect(server, pats, "You are now Policy Officer")
        assert "review submissions and motions" in told.text
        await server.push_message(pats, pat, "/review")
        await expect(server, pats, "Review queue (0 waiting)</b>")

        await server.push_message(olives, olive, "/officers add")  # typed at the step
        await expect(server, olives, "Who takes an office?")
        await push_mentions(
            server, olives, olive, "@sam", [{"type": "mention", "offset": 0, "length": 4}]
        )
        await server.press("Youth Officer", user=olive, chat=olives)
        await server.press("Confirm", user=olive, chat=olives)
        await expect(server, olives, "Done: Sam is now Youth Officer")
        await server.push_message(olives, olive, "/officers")
        roster = await expect(server, olives, "The CLP's offices")
        assert "Pat (Telegram)" in roster.text
        assert "Sam (Telegram)" in roster.text
        assert f"telegram:{olive.id}" in roster.text  # the config's officer, shown as such
