"""/report and the Report button: a member's report reaches the officers only (their chat
from config), never a group; the reporter is thanked privately; an officer hides the idea
(command or the button on the report), the author is told why, the hide is audited and
the idea leaves the lists; reports are the reporter's data in /mydata and /forgetme."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from adapters.fake import FakeAdapter
from bot.app import App
from bot.config import Config
from bot.stores.audit import AUDIT
from bot.stores.ideas import IDEAS, IdeaStatus
from bot.stores.reports import REPORTS
from tests.commands.privacy_support import json_attachment, platforms, privacy_config
from tests.commands.submit_support import OFFICERS_CHAT, officer_notices, submit_config
from tests.commands.test_link import code_in
from tests.support import FrozenClock, make_config, running_app

OFFICER = "olive"
GROUP = "members"


@pytest.fixture
def tg() -> FakeAdapter:
    return FakeAdapter(platform="telegram", officers={OFFICER})


@pytest.fixture
async def tg_app(sqlite_url: str, tg: FakeAdapter, clock: FrozenClock) -> AsyncIterator[App]:
    """The fake plays Telegram, so the officers' chat from config lands on it."""
    async with running_app(submit_config(sqlite_url), tg, clock=clock) as app:
        yield app


async def add(fake: FakeAdapter, text: str, user: str = "bob") -> int:
    await fake.command(f"/idea {text}", user=user)
    reply = fake.pop_all()[-1].text
    assert "is recorded" in reply, reply
    return int(reply.split("#")[1].split(" ")[0])


def in_group(fake: FakeAdapter) -> list[str]:
    return [s.text for s in fake.sent if s.chat.chat_id == GROUP]


async def test_a_report_reaches_the_officers_only_and_the_reporter_is_thanked(
    tg_app: App, tg: FakeAdapter
) -> None:
    idea = await add(tg, "Councillor Smith is a crook")
    await tg.command(f"/report idea {idea} It attacks a councillor by name", user="ann")
    [thanks] = tg.pop_replies("ann")
    assert thanks.chat.is_private
    assert f"about idea #{idea} is with the officers" in thanks.text
    assert "Only the officers see it" in thanks.text
    [notice] = officer_notices(tg)
    assert f"About idea #{idea}: “Councillor Smith is a crook”" in notice.text
    assert "Reported by Ann" in notice.text
    assert "It attacks a councillor by name" in notice.text
    assert notice.labels == [f"Hide idea #{idea}"]
    assert not [s for s in tg.sent if s.chat.chat_id == "bob" and s.to_user is None]
    ann = await _person(tg_app, tg, "ann")
    async with tg_app.storage.unit() as uow:
        [stored] = await uow.get(REPORTS).by_reporter(ann)
    assert (stored.subject_kind, stored.subject_ref) == ("idea", str(idea))


async def _person(app: App, fake: FakeAdapter, user: str) -> int:
    from bot.stores.accounts import ACCOUNTS

    async with app.storage.unit() as uow:
        found = await uow.get(ACCOUNTS).find_person(fake.identity(user))
    assert found is not None
    return found


async def test_in_a_group_a_report_is_never_shown_there(tg_app: App, tg: FakeAdapter) -> None:
    idea = await add(tg, "Something nasty")
    await tg.command(f"/report idea {idea} Hateful language", user="ann", group=GROUP)
    [invitation] = in_group(tg)
    assert "in private" in invitation
    assert "Hateful" not in invitation
    assert not officer_notices(tg)
    await tg.command(f"/ideas {idea}", user="ann", group=GROUP)
    assert "Report" in tg.last().labels
    await tg.press("Report", user="ann", group=GROUP)
    assert "in private" in tg.last().text
    assert not officer_notices(tg)


async def test_the_report_button_and_the_flow_ask_for_the_reason(
    tg_app: App, tg: FakeAdapter
) -> None:
    idea = await add(tg, "Something nasty")
    await tg.command(f"/ideas {idea}", user="ann")
    await tg.press("Report", user="ann")
    assert f"Why are you reporting idea #{idea}?" in tg.last().text
    await tg.say("It insults a member", user="ann")
    assert "is with the officers" in tg.last().text
    assert "It insults a member" in officer_notices(tg)[-1].text

    await tg.command("/report", user="ann")
    assert "What are you reporting?" in tg.last().text
    await tg.say("the thing yesterday", user="ann")
    assert "Here is what you typed, so nothing is lost" in tg.last().text
    assert "the thing yesterday" in tg.last().text
    await tg.say("post in the members' group at 9pm", user="ann")
    assert "is with the officers" in tg.last().text
    assert "About a post" in officer_notices(tg)[-1].text
    assert officer_notices(tg)[-1].labels == []

    await tg.command("/report idea 999 Spam", user="ann")
    assert "There is no idea #999" in tg.last().text
    await tg.command("/report whatever this is", user="ann")
    assert "whatever this is" in tg.last().text
    assert "idea 12" in tg.last().text
    assert len(officer_notices(tg)) == 2


async def test_an_officer_hides_an_idea_from_the_report(tg_app: App, tg: FakeAdapter) -> None:
    idea = await add(tg, "Councillor Smith is a crook")
    await add(tg, "Free buses", user="cat")
    await tg.command(f"/report idea {idea} It attacks a councillor", user="ann")
    await tg.press(f"Hide idea #{idea}", user=OFFICER, group=OFFICERS_CHAT)
    assert f"Why hide idea #{idea}?" in tg.pop_replies(OFFICER)[-1].text
    assert not [t for t in in_group(tg) if "Why hide" in t]
    await tg.say("It attacks a person, not an idea", user=OFFICER)
    assert f"Idea #{idea} is hidden" in tg.pop_replies(OFFICER)[-1].text
    [told] = [s for s in tg.sent if s.chat.chat_id == "bob" and s.to_user is None]
    assert f"hidden your idea #{idea}" in told.text
    assert "It attacks a person, not an idea" in told.text
    async with tg_app.storage.unit() as uow:
        [entry] = [e for e in await uow.get(AUDIT).latest(10) if e.action == "idea.hide"]
        hidden = await uow.get(IDEAS).get(idea)
    assert (entry.subject, entry.detail) == (f"idea #{idea}", "It attacks a person, not an idea")
    assert entry.actor_key == "telegram:olive"
    assert hidden is not None
    assert hidden.status is IdeaStatus.HIDDEN

    await tg.command("/ideas", user="ann")
    listing = tg.last().text
    assert "Councillor" not in listing
    assert "Free buses" in listing
    await tg.command(f"/ideas {idea}", user="ann")
    assert tg.last().text.startswith(f"Idea #{idea} was hidden by the officers.")
    assert "Councillor" not in tg.last().text
    await tg.command(f"/ideas {idea}", user=OFFICER)
    assert "hidden by the officers (It attacks a person, not an idea)" in tg.last().text
    await tg.command(f"/ideas hide {idea} Again", user=OFFICER)
    assert "hidden already" in tg.last().text


async def test_hide_by_command_needs_a_reason_and_an_officer(tg_app: App, tg: FakeAdapter) -> None:
    idea = await add(tg, "Spam spam spam")
    second = await add(tg, "Another idea entirely", user="cat")
    await tg.command(f"/ideas hide {idea}", user=OFFICER)
    assert "the reason its author is told" in tg.last().text
    await tg.command(f"/ideas hide {idea} Spam", user="ann")
    assert "for officers only" in tg.last().text
    await tg.command(f"/ideas hide {idea} Spam", user=OFFICER)
    assert "Its author is told why" in tg.last().text
    await tg.command("/ideas poll 2", user=OFFICER)
    assert "A poll needs at least 2 open ideas" in tg.last().text  # hidden: not in polls
    async with tg_app.storage.unit() as uow:
        assert [i.id for i in await uow.get(IDEAS).open_ideas()] == [second]


async def test_reports_are_the_reporters_data(tmp_path: Path, clock: FrozenClock) -> None:
    tg, dc = platforms()
    config: Config = privacy_config(f"sqlite+aiosqlite:///{tmp_path / 'db.sqlite3'}")
    async with running_app(config, tg, dc, clock=clock) as app:
        idea = await add(tg, "Something nasty")
        await tg.command("/link", user="ann")
        await dc.command(f"/link {code_in(tg.last().text)}", user="ann-dc")
        await tg.command(f"/report idea {idea} Hateful language", user="ann")
        await dc.command("/report post in #general Bullying a new member", user="ann-dc")
        await tg.command(f"/report idea {idea} Bob's own reason", user="bob")
        await dc.command("/mydata", user="ann-dc")
        reports = json_attachment(dc, "ann-dc")["sections"]["reports"]
        assert "only the officers saw them" in reports["explanation"].lower()
        assert [(r["what"], r["reason"]) for r in reports["data"]] == [
            (f"idea {idea}", "Hateful language"),
            ("post", "in #general Bullying a new member"),
        ]
        await tg.command("/forgetme", user="ann")
        await tg.press("Yes, erase my data", user="ann")
        assert "2 reports you made to the officers" in tg.last().text
        async with app.storage.unit() as uow:
            store = uow.get(REPORTS)
            bobs = await store.by_reporter(await _person(app, tg, "bob"))
        assert [r.reason for r in bobs] == ["Bob's own reason"]


async def test_without_an_officers_chat_each_telegram_officer_gets_it_privately(
    sqlite_url: str, clock: FrozenClock
) -> None:
    config = make_config(sqlite_url, telegram={"enabled": True, "token": "1:x", "officers": [7, 8]})
    tg = FakeAdapter(platform="telegram")
    async with running_app(config, tg, clock=clock):
        await tg.command("/report post in the members' group Threats", user="ann")
        assert "is with the officers" in tg.pop_replies("ann")[-1].text
        posts = [s for s in tg.sent if s.to_user is None]
        assert sorted(s.chat.chat_id for s in posts) == ["7", "8"]
        assert all(s.chat.is_private and "Threats" in s.text for s in posts)


async def test_with_no_officers_place_the_member_is_told_to_tell_one(
    app: App, fake: FakeAdapter
) -> None:
    await fake.command("/report post Threats in the car park", user="ann")
    reply = fake.last()
    assert "no officers' chat is set up yet: please also tell an officer directly" in reply.text
    assert [s.to_user for s in fake.sent] == ["ann"]
