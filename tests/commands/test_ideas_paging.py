"""/ideas a page at a time: Next/Previous (edited in place), typed "page N", past the end,
and /ideas search WORDS; with 300 ideas, each reply stays within one Discord message."""

from __future__ import annotations

from adapters.fake import FakeAdapter
from bot.app import App
from bot.model import Capabilities
from bot.paging import NEXT, PAGE_SIZE, PREVIOUS
from bot.stores.ideas import IDEAS, Idea
from tests.support import FrozenClock

DISCORD_LIMIT = 2000


async def seed(app: App, clock: FrozenClock, count: int = 300) -> None:
    async with app.storage.unit() as uow:
        store = uow.get(IDEAS)
        for n in range(1, count + 1):
            topic = "Buses" if n % 3 == 0 else "Housing"
            text = f"{topic} idea number {n}: " + "long words " * 200
            await store.add(Idea(text, None, clock()))


async def test_ideas_page_through_with_buttons_edited_in_place(
    app: App, fake: FakeAdapter, clock: FrozenClock
) -> None:
    await seed(app, clock)
    await fake.command("/ideas")
    first = fake.last()
    assert "Page 1 of 30 (300 in all)" in first.text
    assert "idea number 1:" in first.text
    assert "idea number 11:" not in first.text
    assert first.labels[0] == NEXT
    assert PREVIOUS not in first.labels
    assert len(first.text) < DISCORD_LIMIT
    await fake.press(NEXT)
    second = fake.last()
    assert second.edited
    assert second.ref == first.ref
    assert "Page 2 of 30" in second.text
    assert "idea number 11:" in second.text
    assert second.labels[:2] == [PREVIOUS, NEXT]
    await fake.press(PREVIOUS)
    assert "Page 1 of 30" in fake.last().text


async def test_typed_page_and_past_the_end(app: App, fake: FakeAdapter, clock: FrozenClock) -> None:
    await seed(app, clock)
    await fake.command("/ideas page 30")
    last = fake.last()
    assert "Page 30 of 30" in last.text
    assert "idea number 300:" in last.text
    assert NEXT not in last.labels
    assert PREVIOUS in last.labels
    await fake.command("/ideas page 31")
    assert "There is no page 31: the list has 30 pages" in fake.last().text
    await fake.command("/ideas page two")
    assert "“page two” is not a page" in fake.last().text
    await fake.command("/ideas page")
    assert "is not a page" in fake.last().text


async def test_search_matches_every_word_in_any_case_with_paging(
    app: App, fake: FakeAdapter, clock: FrozenClock
) -> None:
    await seed(app, clock)
    await fake.command("/ideas search BUSES idea")
    found = fake.last()
    assert "Ideas matching “buses idea”" in found.text
    assert "Page 1 of 10 (100 in all)" in found.text
    assert "Housing" not in found.text
    await fake.press(NEXT)
    assert "Page 2 of 10" in fake.last().text
    assert "Buses idea number 33:" in fake.last().text
    await fake.command("/ideas search buses page 10")
    assert "Page 10 of 10" in fake.last().text
    await fake.command("/ideas search 100%")
    assert "No open idea matches “100%”" in fake.last().text
    await fake.command("/ideas search")
    assert "Type the words to look for" in fake.last().text


async def test_without_edits_the_next_page_is_a_new_message(
    app: App, fake: FakeAdapter, clock: FrozenClock
) -> None:
    await seed(app, clock, count=PAGE_SIZE + 1)
    fake.capabilities = Capabilities(buttons=True, direct_messages=True)
    await fake.command("/ideas")
    await fake.press(NEXT)
    second = fake.last()
    assert not second.edited
    assert "Page 2 of 2" in second.text
    assert "idea number 11:" in second.text


async def test_one_page_shows_no_paging(app: App, fake: FakeAdapter, clock: FrozenClock) -> None:
    await seed(app, clock, count=3)
    await fake.command("/ideas")
    shown = fake.last()
    assert "Page" not in shown.text
    assert NEXT not in shown.labels
