"""The small rough edges found by trying events, announcements, consultations, polls and
/audit as officers and members would (issue 15, item 10): each one fixed stays fixed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.richtext import Block, Paragraph
from bot.stores.polls import Poll, PollKind, PollOption
from commands.events.dates import describe_relative
from commands.polls.counting import instant_runoff
from commands.polls.render import results_blocks
from tests.commands.events_support import add_event, events_app, events_config, platforms
from tests.commands.test_announce import compose
from tests.support import FrozenClock

LONDON = events_config("sqlite:///unused.sqlite3").clp.zone


async def test_a_bare_length_is_minutes_and_online_is_not_a_place(
    sqlite_url: str, clock: FrozenClock
) -> None:
    tg, dc = platforms()
    async with events_app(events_config(sqlite_url), tg, dc, clock):
        await tg.command("/event add", user="olive")
        for answer in ("Online training", "Training", "next Tuesday 7pm", "Yes", "90"):
            await (tg.press if answer in ("Training", "Yes") else tg.say)(answer, user="olive")
        assert "Does it repeat?" in tg.last().text  # "90" was read as 90 minutes
        await tg.press("One-off", user="olive")
        await tg.say("Online https://meet.example.org/x", user="olive")
        await tg.press("No speaker", user="olive")
        await tg.press("Skip", user="olive")
        await tg.say("1", user="olive")
        preview = tg.last().text
        assert "to 20:30" in preview
        assert "Where: online (https://meet.example.org/x)" in preview
        assert "Online and online" not in preview
        assert "Places: 1" in preview  # the preview says how many places
        await tg.press("Save", user="olive")
        await tg.command("/events 1", user="ann")
        details = tg.last().text
        assert "1 place, none taken yet." in details
        assert "0 of 1" not in details


async def test_cancelling_for_one_person_says_person(sqlite_url: str, clock: FrozenClock) -> None:
    tg, dc = platforms()
    async with events_app(events_config(sqlite_url), tg, dc, clock):
        await add_event(tg)
        await tg.command("/rsvp 1", user="ann")
        await tg.command("/event cancel 1", user="olive")
        await tg.press("Yes, cancel it", user="olive")
        assert "1 person is being told." in tg.last().text


async def test_an_announcement_due_later_today_says_today(
    sqlite_url: str, clock: FrozenClock
) -> None:
    tg, dc = platforms()
    async with events_app(events_config(sqlite_url), tg, dc, clock):
        await compose(tg, "today 6pm")
        await tg.press("Confirm", user="olive")
        await tg.command("/announcements", user="olive")
        listing = tg.last().text
        assert "#1 due today, 18:00 (GMT)" in listing
        assert "next Monday" not in listing


def test_relative_days() -> None:
    now = datetime(2026, 3, 2, 23, 30, tzinfo=UTC)  # 23:30 GMT, Monday
    assert describe_relative(now + timedelta(minutes=20), LONDON, now) == "today, 23:50 (GMT)"
    assert describe_relative(now + timedelta(hours=1), LONDON, now) == "tomorrow, 00:30 (GMT)"
    assert describe_relative(now + timedelta(days=2), LONDON, now).startswith("Wednesday 4 March")


async def test_stopping_a_flow_names_its_command(sqlite_url: str, clock: FrozenClock) -> None:
    tg, dc = platforms()
    async with events_app(events_config(sqlite_url), tg, dc, clock):
        await tg.command("/event add", user="olive")
        await tg.command("/cancel", user="olive")
        assert "Stopped /event add." in tg.last().text
        await tg.command(
            "/consultation add Safer streets | Safer streets | https://e.org | today | in 6 weeks",
            user="olive",
        )
        await tg.press("Save and announce", user="olive")
        await tg.command("/consultation edit 1", user="olive")
        await tg.command("/cancel", user="olive")
        assert "Stopped /consultation edit." in tg.last().text


async def test_help_reads_as_help(sqlite_url: str, clock: FrozenClock) -> None:
    tg, dc = platforms()
    async with events_app(events_config(sqlite_url), tg, dc, clock):
        await tg.command("/help consultation", user="olive")
        assert "| today | in 6 weeks" in tg.last().text  # never a date in the past
        await tg.command("/help audit", user="olive")
        shown = tg.last().text
        assert "[retention]" not in shown
        assert "kept for two years" in shown


def paragraphs(blocks: list[Block]) -> str:
    return " ".join(
        "".join(part.text for part in block.parts)
        for block in blocks
        if isinstance(block, Paragraph)
    )


def test_an_elimination_with_nothing_to_transfer_says_so() -> None:
    options = [PollOption("Buses"), PollOption("Trams"), PollOption("Trains")]
    now = datetime(2026, 3, 2, tzinfo=UTC)
    poll = Poll("Transport?", PollKind.RANKED, options, now, now, id=1)
    outcome = instant_runoff([(1,), (1,), (2,), (2,), (2,), (0, 2)], 3)
    text = paragraphs(results_blocks(poll, outcome, "Results"))
    assert "Eliminated: Buses. Transfers: Trains +1." in text
    poll.options.append(PollOption("Bikes"))
    outcome = instant_runoff([(1,), (1,), (2,), (2,), (3, 1)], 4)  # nobody put Buses first
    text = paragraphs(results_blocks(poll, outcome, "Results"))
    assert "Transfers." not in text
    assert "Eliminated: Buses. No votes to transfer." in text
