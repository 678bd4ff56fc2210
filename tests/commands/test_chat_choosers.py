"""The chat choosers of /announce and /poll: chats by the names their platform reports,
paged so that no message carries more choices than the platform takes, whatever the
number of chats; names looked up when the app starts and after an event's commit."""

from __future__ import annotations

from adapters.console.adapter import CHAT as CONSOLE_CHAT
from adapters.console.adapter import ConsoleAdapter
from adapters.fake import FakeAdapter
from bot.chat_names import fallback_label
from bot.chat_picker import PER_PAGE
from bot.config import Config
from bot.model import Capabilities, Role
from bot.targets import CONSOLE
from tests.commands.events_support import events_app, events_config
from tests.support import FrozenClock, make_config, running_app

MANY = 250
GROUP_IDS = [-1_000_000 - n for n in range(MANY)]


def many_chats_config(sqlite_url: str) -> Config:
    return make_config(
        sqlite_url,
        telegram={"enabled": True, "token": "1:x", "announce_chats": GROUP_IDS},
    )


def telegram_with_names(max_choices: int = 100) -> FakeAdapter:
    names = {str(chat): f"Branch {n + 1}" for n, chat in enumerate(GROUP_IDS)}
    capabilities = Capabilities(
        buttons=True, files=True, direct_messages=True, max_choices=max_choices
    )
    return FakeAdapter(
        platform="telegram", officers={"olive"}, chat_names=names, capabilities=capabilities
    )


async def test_250_announce_chats_are_paged_by_name_and_one_can_be_chosen(
    sqlite_url: str, clock: FrozenClock
) -> None:
    tg = telegram_with_names()
    config = many_chats_config(sqlite_url)
    async with running_app(config, tg, clock=clock):
        assert len(tg.name_lookups) == MANY  # asked once, as the app started
        await tg.command("/announce", user="olive")
        await tg.say("Branch meeting on Thursday.", user="olive")
        seen: list[str] = []
        pages = 0
        while True:
            prompt = tg.last()
            pages += 1
            assert len(prompt.labels) <= tg.capabilities.max_choices
            assert prompt.labels[0] == "Everywhere"
            assert f"Page {pages} of {-(-MANY // PER_PAGE)}." in prompt.text
            seen += [label for label in prompt.labels if label.startswith("Branch")]
            if "Next »" not in prompt.labels:
                break
            await tg.press("Next »", user="olive")
        assert pages == 25
        assert seen == [f"Branch {n} (Telegram)" for n in range(1, MANY + 1)]
        assert not any("-100" in label for label in seen)  # never a raw id
        await tg.press("« Previous", user="olive")
        assert "Page 24 of 25." in tg.last().text
        await tg.press("Branch 231 (Telegram)", user="olive")
        assert "✓ Branch 231 (Telegram)" in tg.last().labels
        assert "Done (1 chosen)" in tg.last().labels
        await tg.press("Done (1 chosen)", user="olive")
        await tg.press("Now", user="olive")
        assert "Goes to: Branch 231 (Telegram)" in tg.last().text
        assert len(tg.name_lookups) == MANY  # the cache answered: no lookup in an event


async def test_a_platform_with_few_choices_gets_smaller_pages(
    sqlite_url: str, clock: FrozenClock
) -> None:
    tg = telegram_with_names(max_choices=8)
    async with running_app(many_chats_config(sqlite_url), tg, clock=clock):
        await tg.command("/announce", user="olive")
        await tg.say("Hello.", user="olive")
        await tg.press("Branch 1 (Telegram)", user="olive")
        for _ in range(3):
            assert len(tg.last().labels) <= 8
            await tg.press("Next »", user="olive")
        assert len(tg.last().labels) <= 8


async def test_the_poll_chooser_is_paged_by_name_too(sqlite_url: str, clock: FrozenClock) -> None:
    tg = telegram_with_names()
    async with running_app(many_chats_config(sqlite_url), tg, clock=clock):
        await tg.command("/poll", user="olive")
        await tg.say("Which campaign first?", user="olive")
        await tg.say("Buses\nHousing", user="olive")
        await tg.press("Single choice", user="olive")
        await tg.press("Anonymous (recommended)", user="olive")
        await tg.press("When it closes (recommended)", user="olive")
        await tg.say("Thursday 18:00", user="olive")
        prompt = tg.last()
        assert "Step 7 of 8" in prompt.text
        assert "Page 1 of 26." in prompt.text  # 250 announce chats and this chat
        assert len(prompt.labels) <= tg.capabilities.max_choices
        assert "✓ Branch 1 (Telegram)" in prompt.labels
        await tg.press("✓ Branch 1 (Telegram)", user="olive")  # taken out again
        assert "249 chats chosen." in tg.last().text
        await tg.press("Next »", user="olive")
        assert "Page 2 of 26." in tg.last().text
        assert "✓ Branch 11 (Telegram)" in tg.last().labels


async def test_a_name_missing_or_stale_is_looked_up_after_the_commit(
    sqlite_url: str, clock: FrozenClock
) -> None:
    tg = FakeAdapter(platform="telegram", officers={"olive"})
    dc = FakeAdapter(platform="discord", officers={"olive"})
    async with events_app(events_config(sqlite_url), tg, dc, clock):
        await tg.command("/announce", user="olive")
        await tg.say("Hello.", user="olive")
        assert "Discord channel 555" in tg.last().labels  # the platform could not say
        dc.chat_names["555"] = "#news"
        clock.advance(hours=7)  # past the time a name is kept
        asked = len(dc.name_lookups)
        await tg.press("Telegram group -100", user="olive")
        assert "Discord channel 555" in tg.last().labels  # shown as known, then asked
        assert len(dc.name_lookups) == asked + 1
        await tg.press("✓ Telegram group -100", user="olive")
        assert "#news (Discord)" in tg.last().labels


def test_the_console_is_this_terminal_not_console_console() -> None:
    assert fallback_label(CONSOLE) == "Console"
    assert CONSOLE == CONSOLE_CHAT


async def test_the_console_names_its_one_chat() -> None:
    console = ConsoleAdapter("Olive", Role.OFFICER)
    assert await console.chat_name(CONSOLE_CHAT) == "This terminal"
