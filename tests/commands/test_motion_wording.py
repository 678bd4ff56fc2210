"""Wording follows the kind: a submission is submitted to the Policy Forum; a motion is put
to the General Meeting, carried or fell, and sent to Annual Conference. In the export (md,
csv), the digest, /mydata and /forgetme."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta

from bot.app import App
from bot.model import Identity
from bot.stores.submissions import SUBMISSIONS, Draft, Kind, Status
from commands.submissions.export import render
from tests.commands.privacy_support import json_attachment
from tests.commands.submit_support import start_submit, submit_config, telegram_fake
from tests.commands.test_export import config
from tests.support import FrozenClock, running_app

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
ANN = Identity("telegram", "ann", "Annabel")


def draft(number: int, kind: Kind, status: Status, title: str, **dates: date) -> Draft:
    made = Draft(
        id=number,
        author=ANN,
        created_at=NOW - timedelta(days=30),
        updated_at=NOW - timedelta(days=1),
        kind=kind,
        status=status,
        fields={"title": title, "motion": "We call for it."}
        if kind is Kind.MOTION
        else {"title": title, "commission": "Safer streets", "problem": "Dark"},
    )
    for name, value in dates.items():
        setattr(made, name, value)
    return made


def the_route() -> list[Draft]:
    """One of each: a submission at the Policy Forum, and motions along their route."""
    meeting = date(2026, 2, 26)
    return [
        draft(1, Kind.SUBMISSION, Status.SUBMITTED, "Buses", forum_submitted_on=date(2026, 3, 1)),
        draft(
            2,
            Kind.MOTION,
            Status.SENT,
            "Libraries",
            meeting_on=date(2026, 2, 19),
            decided_on=date(2026, 2, 19),
            sent_on=date(2026, 3, 1),
        ),
        draft(3, Kind.MOTION, Status.CARRIED, "Parks", meeting_on=meeting, decided_on=meeting),
        draft(4, Kind.MOTION, Status.FELL, "Potholes", meeting_on=meeting, decided_on=meeting),
        draft(5, Kind.MOTION, Status.AT_MEETING, "Buses again", meeting_on=date(2026, 3, 12)),
        draft(6, Kind.MOTION, Status.IN_REVIEW, "Housing"),
    ]


async def seed(app: App) -> None:
    async with app.storage.unit() as uow:
        store = uow.get(SUBMISSIONS)
        for made in the_route():
            made.id = None
            await store.add(made)


def test_markdown_says_where_each_kind_went() -> None:
    text = render(the_route(), "md", config(), NOW.date())
    forum, motions = text.split("## Contemporary motions to conference")
    assert "Status: submitted to the Policy Forum (#1)  \n" in forum
    assert "Submitted to the Policy Forum on: 2026-03-01" in forum
    assert "General Meeting" not in forum
    assert "Policy Forum" not in motions
    libraries = motions[motions.index("### Libraries") : motions.index("### Parks")]
    for line in (
        "Status: sent to Annual Conference (#2)",
        "Put to the General Meeting on: 2026-02-19",
        "Carried on: 2026-02-19",
        "Sent to Annual Conference on: 2026-03-01",
    ):
        assert line in libraries
    assert (
        "Status: fell at the General Meeting (#4)  \nPut to the General Meeting on: 2026-02-26"
        in (motions)
    )
    assert "Fell on: 2026-02-26" in motions
    assert "Status: put to the General Meeting (#5)" in motions


def test_csv_has_a_column_for_each_step_of_each_route() -> None:
    rows = {
        r["id"]: r
        for r in csv.DictReader(io.StringIO(render(the_route(), "csv", config(), NOW.date())))
    }
    assert rows["1"]["submitted_on"] == "2026-03-01"
    assert rows["1"]["general_meeting_on"] == rows["1"]["sent_to_annual_conference_on"] == ""
    assert {
        k: rows["2"][k]
        for k in (
            "submitted_on",
            "general_meeting_on",
            "carried_on",
            "fell_on",
            "sent_to_annual_conference_on",
        )
    } == {
        "submitted_on": "",
        "general_meeting_on": "2026-02-19",
        "carried_on": "2026-02-19",
        "fell_on": "",
        "sent_to_annual_conference_on": "2026-03-01",
    }
    assert (rows["4"]["fell_on"], rows["4"]["carried_on"]) == ("2026-02-26", "")
    assert rows["2"]["status"] == "sent_to_conference"


async def test_review_export_leaves_out_motions_that_fell(
    sqlite_url: str, clock: FrozenClock
) -> None:
    fake = telegram_fake()
    async with running_app(submit_config(sqlite_url), fake, clock=clock) as app:
        await seed(app)
        await fake.command("/review export", user="olive")
        sent = fake.pop()
        assert "and motions for Annual Conference" in sent.text
        assert sent.message.attachment is not None
        content = sent.message.attachment.content.decode()
        assert "### Libraries" in content
        assert "### Potholes" not in content
        await fake.command("/review export fell", user="olive")
        attachment = fake.pop().message.attachment
        assert attachment is not None
        assert "### Potholes" in attachment.content.decode()


async def test_the_digest_counts_each_kind_in_its_own_words(
    sqlite_url: str, clock: FrozenClock
) -> None:
    fake = telegram_fake()
    async with running_app(submit_config(sqlite_url), fake, clock=clock) as app:
        await seed(app)
        await fake.command("/digest")
        text = fake.pop_replies("ann")[-1].text
    assert (
        "Members' drafts and motions: 0 new this week, 1 submitted to the Policy Forum this"
        " week, 1 motion carried this week, 1 motion sent to Annual Conference this week."
    ) in text
    assert "• 1 submitted to the Policy Forum\n\nMotions to conference:\n\n• 1 in review\n" in text
    assert (
        "• 1 put to the General Meeting\n• 1 carried by the General Meeting\n"
        "• 1 fell at the General Meeting\n• 1 sent to Annual Conference"
    ) in text
    for title in ("Libraries", "Parks", "Potholes", "Annabel"):
        assert title not in text  # counts only


async def test_mydata_and_forgetme_speak_of_each_kinds_route(
    sqlite_url: str, clock: FrozenClock
) -> None:
    fake = telegram_fake()
    async with running_app(submit_config(sqlite_url), fake, clock=clock) as app:
        await seed(app)
        await fake.command("/mydata", user="ann")
        document = json_attachment(fake, "ann")
        wrote = {
            d["title"]: d for d in document["sections"]["submissions"]["data"]["drafts_you_wrote"]
        }
        assert wrote["Buses"]["sent_to_the_policy_forum_on"] == "2026-03-01"
        assert "general_meeting_on" not in wrote["Buses"]
        libraries = wrote["Libraries"]
        assert "sent_to_the_policy_forum_on" not in libraries
        assert (libraries["type"], libraries["status"]) == ("motion", "sent to Annual Conference")
        assert {
            k: libraries[k]
            for k in ("general_meeting_on", "carried_on", "fell_on", "sent_to_annual_conference_on")
        } == {
            "general_meeting_on": "2026-02-19",
            "carried_on": "2026-02-19",
            "fell_on": None,
            "sent_to_annual_conference_on": "2026-03-01",
        }
        assert wrote["Potholes"]["fell_on"] == "2026-02-26"
        assert wrote["Buses again"]["general_meeting_on"] == "2026-03-12"

        await fake.command("/forgetme", user="ann")
        await fake.press("Yes, erase my data", user="ann")
        report = fake.pop_replies("ann")[-1].text
        async with app.storage.unit() as uow:
            left = {d.title for d in await uow.get(SUBMISSIONS).with_status()}
    kept = "so it is kept without your name"
    for line in (
        f"Your submission #1 “Buses” was already sent to the Policy Forum by the CLP, {kept}",
        f"Your motion #2 “Libraries” was already sent to Annual Conference by the CLP, {kept}",
        f"Your motion #3 “Parks” was carried by the CLP's General Meeting, {kept}",
        f"Your motion #4 “Potholes” was voted on by the CLP's General Meeting, {kept}",
        f"Your motion #5 “Buses again” is down to be put to the CLP's General Meeting, {kept}",
        "1 motion not put to the General Meeting, with its history",
    ):
        assert line in report
    assert report.count("Policy Forum") == 1
    assert left == {"Buses", "Libraries", "Parks", "Potholes", "Buses again"}


async def test_the_name_question_says_where_a_motion_goes(
    sqlite_url: str, clock: FrozenClock
) -> None:
    fake = telegram_fake()
    async with running_app(submit_config(sqlite_url), fake, clock=clock):
        await start_submit(fake)
        await fake.press("Contemporary motion to conference")
        await fake.say("Libraries")
        await fake.say("This CLP calls for the libraries to reopen.")
        await fake.press("No co-authors")
        asked = fake.pop_replies("ann")[-1].text
    assert "If you say no, Annual Conference sees it as from the CLP, without names." in asked
