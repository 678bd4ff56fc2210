"""Polls for meetings: Abstain (in the turnout, for no option, and said so), a quorum whose
result says whether it was reached, and the bar chart on the results post: a PNG where the
platform shows images, nothing where it does not; matplotlib loads only to draw it."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import AsyncIterator

import pytest

from adapters.fake import FakeAdapter
from bot.app import App
from bot.config import Config
from bot.model import Capabilities
from tests.commands.polls_support import GROUP, OFFICER, in_group, make_poll, private_to
from tests.support import FrozenClock, running_app

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def pictures() -> FakeAdapter:
    images = Capabilities(buttons=True, files=True, images=True, direct_messages=True, edits=True)
    return FakeAdapter(officers={OFFICER}, capabilities=images)


@pytest.fixture
async def picture_app(
    config: Config, pictures: FakeAdapter, clock: FrozenClock
) -> AsyncIterator[App]:
    async with running_app(config, pictures, clock=clock) as running:
        yield running


async def close(app: App, fake: FakeAdapter, number: int) -> str:
    await fake.command(f"/poll close {number}", user=OFFICER)
    await app.services.outbox.deliver_pending()
    [results] = [s for s in in_group(fake) if f"Poll #{number} results" in s.text]
    return results.text


async def test_abstain_counts_in_the_turnout_not_for_an_option(
    app: App, fake: FakeAdapter, clock: FrozenClock
) -> None:
    number = await make_poll(app, fake, abstain=True)
    [posted] = [s for s in in_group(fake) if s.text.startswith(f"Poll #{number}:")]
    assert posted.labels[-1] == "Abstain"
    assert "press Abstain" in posted.text
    await fake.press("1. Buses", user="ann", group=GROUP)
    await fake.press("1. Buses", user="bob", group=GROUP)
    await fake.press("3. NHS", user="cat", group=GROUP)
    await fake.press("Abstain", user="dan", group=GROUP)
    assert "recorded: Abstain" in private_to(fake, "dan")[-1].text
    results = await close(app, fake, number)
    assert "4 took part. 1 abstained" in results
    assert "abstentions count in the turnout but for no option" in results
    assert "Buses: 2 votes (66.7%)" in results
    assert "Most votes: Buses." in results
    assert "Quorum" not in results


async def test_abstain_in_a_ranked_poll_and_not_offered_by_default(
    app: App, fake: FakeAdapter, clock: FrozenClock
) -> None:
    plain = await make_poll(app, fake)
    [posted] = [s for s in in_group(fake) if s.text.startswith(f"Poll #{plain}:")]
    assert "Abstain" not in posted.labels
    await fake.press(f"vote:{plain}:abstain", user="ann", group=GROUP)
    assert "not part of this poll" in private_to(fake, "ann")[-1].text
    ranked = await make_poll(app, fake, kind="ranked", abstain=True, question="Ranked?")
    await fake.press("2. Housing", user="ann", group=GROUP)
    await fake.press("Submit ballot", user="ann", group=GROUP)
    await fake.press("Abstain", user="bob", group=GROUP)
    results = await close(app, fake, ranked)
    assert "2 took part. 1 abstained" in results
    assert "Winner: Housing." in results


async def test_quorum_reached_and_not_reached(
    app: App, fake: FakeAdapter, clock: FrozenClock
) -> None:
    met = await make_poll(app, fake, quorum=3, abstain=True, question="Met?")
    [posted] = [s for s in in_group(fake) if s.text.startswith(f"Poll #{met}:")]
    assert "Quorum: at least 3 members must vote." in posted.text
    for user in ("ann", "bob"):
        await fake.press("2. Housing", user=user, group=GROUP)
    await fake.press("Abstain", user="cat", group=GROUP)  # abstentions count for the quorum
    assert "Quorum of 3 reached: 3 voted." in await close(app, fake, met)
    await fake.command(f"/poll export {met}", user=OFFICER)
    [export] = [s for s in fake.sent if s.message.attachment is not None][-1:]
    assert export.message.attachment is not None
    csv = export.message.attachment.content.decode()
    assert '"abstained",1' in csv
    assert '"quorum",3,"reached"' in csv
    short = await make_poll(app, fake, quorum=20, question="Short?")
    await fake.press("1. Buses", user="ann", group=GROUP)
    results = await close(app, fake, short)
    assert "Quorum of 20 not reached: 1 of 20 needed voted" in results


async def test_quorum_step_refuses_what_is_not_a_number(
    app: App, fake: FakeAdapter, clock: FrozenClock
) -> None:
    await fake.command("/poll", user=OFFICER, group=GROUP)
    for step in ("Q?", "A; B"):
        await fake.say(step, user=OFFICER, group=GROUP)
    for press in ("single", "anonymous", "hidden", "default", "done", "quorum"):
        await fake.press(press, user=OFFICER, group=GROUP)
    await fake.say("lots", user=OFFICER, group=GROUP)
    assert "Please type a whole number" in fake.last().text
    await fake.say("1", user=OFFICER, group=GROUP)  # a number, not the first button
    assert "Quorum: 1 voter" in fake.last().text
    await fake.press("quorum", user=OFFICER, group=GROUP)
    await fake.press("none", user=OFFICER, group=GROUP)
    assert "No quorum" in fake.last().text


async def test_the_chart_is_attached_where_images_are_shown(
    picture_app: App, pictures: FakeAdapter, clock: FrozenClock
) -> None:
    number = await make_poll(picture_app, pictures, abstain=True)
    await pictures.press("1. Buses", user="ann", group=GROUP)
    await pictures.press("Abstain", user="bob", group=GROUP)
    await pictures.command(f"/poll close {number}", user=OFFICER)
    await picture_app.services.outbox.deliver_pending()
    [post] = [s for s in in_group(pictures) if f"Poll #{number} results" in s.text]
    assert post.message.attachment is not None
    assert post.message.attachment.media_type == "image/png"
    assert post.message.attachment.content.startswith(PNG)


async def test_no_chart_where_images_are_not_shown(
    app: App, fake: FakeAdapter, clock: FrozenClock
) -> None:
    number = await make_poll(app, fake)
    await fake.press("1. Buses", user="ann", group=GROUP)
    await close(app, fake, number)
    [post] = [s for s in in_group(fake) if f"Poll #{number} results" in s.text]
    assert post.message.attachment is None


def test_chart_of_an_anonymous_ranked_poll_shows_totals_only() -> None:
    from datetime import UTC, datetime

    from bot.stores.polls import Poll, PollKind, PollOption
    from commands.polls.chart import bar_chart, totals
    from commands.polls.counting import instant_runoff

    moment = datetime(2026, 3, 2, tzinfo=UTC)
    options = [PollOption("A"), PollOption("B"), PollOption("C")]
    poll = Poll("Which?", PollKind.RANKED, options, moment, moment, id=1)
    outcome = instant_runoff([(0, 1), (1,), (1, 0), (2, 0), ()], 3)
    assert totals(poll, outcome) == [("A", 2), ("B", 2)]  # the final round, C out
    assert bar_chart(poll, outcome).startswith(PNG)


def test_starting_the_bot_does_not_import_matplotlib() -> None:
    probe = (
        "import sys; import bot.cli; from bot.app import build_router; build_router();"
        " print('matplotlib' in sys.modules)"
    )
    shown = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.strip() == "False"
