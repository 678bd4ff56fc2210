"""/announce over Telegram end to end with 250 announce groups: the chooser shows each by
its title (getChat), a page at a time, and no keyboard ever has more than the 100 buttons
Telegram takes."""

from __future__ import annotations

from tests.adapters.telegram.test_e2e_polls import expect
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_app import telegram_app
from tests.support import FrozenClock

TELEGRAM_MOST_BUTTONS = 100


async def test_250_groups_are_chosen_by_title_in_pages_under_100_buttons(
    server: FakeTelegram, sqlite_url: str, clock: FrozenClock
) -> None:
    groups = [server.group(f"Ward {n}") for n in range(1, 251)]
    olive = server.user("Olive")
    officer = server.private_chat(olive)
    async with telegram_app(
        server,
        sqlite_url,
        clock=clock,
        officers=(olive.id,),
        announce_chats=tuple(g.id for g in groups),
    ) as run:
        await run.app.names_known()  # on a busy machine the start may not wait for them all
        assert len(server.calls("getChat")) == 250  # every title asked once, at start
        await server.push_message(officer, olive, "/announce")
        await expect(server, officer, "What should the announcement say?")
        await server.push_message(officer, olive, "Ward meetings resume next week.")
        prompt = await expect(server, officer, "Where should it go?")
        titles: list[str] = []
        while True:
            assert len(prompt.buttons) <= TELEGRAM_MOST_BUTTONS
            assert prompt.labels[0] == "Everywhere"
            titles += [label for label in prompt.labels if label.startswith("Ward")]
            if "Next »" not in prompt.labels:
                break
            await server.press("Next »", user=olive, chat=officer)
            prompt = await expect(server, officer, "Where should it go?")
        assert titles == [f"Ward {n} (Telegram)" for n in range(1, 251)]
        await server.press("Ward 250 (Telegram)", user=olive, chat=officer)
        prompt = await expect(server, officer, "Where should it go?")
        assert "✓ Ward 250 (Telegram)" in prompt.labels
        await server.press("Done (1 chosen)", user=olive, chat=officer)
        await expect(server, officer, "When should it go out?")
        await server.press("Now", user=olive, chat=officer)
        preview = await expect(server, officer, "Preview")
        assert "Ward 250 (Telegram)" in preview.text
        assert len(server.calls("getChat")) == 250  # answered from what start-up learnt
