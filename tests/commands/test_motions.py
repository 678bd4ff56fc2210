"""The motion route in /review: approved, put to the General Meeting on a date (read back
first), carried or fell (with the date), a carried one sent to Annual Conference; steps out
of order refused; every step recorded, audited, and told to the author and co-authors."""

from __future__ import annotations

from datetime import date

from adapters.fake import FakeAdapter, Sent
from bot.stores.audit import AUDIT
from bot.stores.submissions import SUBMISSIONS, Status
from tests.commands.submit_support import (
    officer_notices,
    send_motion,
    send_submission,
    submit_config,
    telegram_fake,
)
from tests.commands.test_drafts import accept_invitation
from tests.support import FrozenClock, running_app


def reply(fake: FakeAdapter, user: str = "olive") -> Sent:
    """The newest unread answer to `user` (co-author notices may land meanwhile)."""
    return fake.pop_replies(user)[-1]


def told(fake: FakeAdapter, user: str) -> str:
    """The newest message sent privately to `user`'s account."""
    return [s for s in fake.sent if s.chat.chat_id == user][-1].text


async def test_a_motion_is_carried_and_sent_to_annual_conference(
    sqlite_url: str, clock: FrozenClock
) -> None:
    fake = telegram_fake()
    async with running_app(submit_config(sqlite_url), fake, clock=clock) as app:
        fake.seen.add("bob")
        assert "now with the officers" in await send_motion(fake, coauthors="@bob")
        await accept_invitation(app, fake)
        await app.services.outbox.deliver_pending()
        fake.pop_all()
        await fake.command("/review 1", user="olive")
        opened = reply(fake)
        assert "Contemporary motion to conference · in review" in opened.text
        assert opened.labels == ["Approve", "Return with a comment", "Ask the equalities officers"]

        await fake.press("Approve", user="olive")
        assert reply(fake).text == "Approved #1 Libraries. The author has been told."
        for user in ("ann", "bob"):  # the author and the co-author, privately
            assert "They will put it to the General Meeting." in told(fake, user)
        await fake.command("/review 1", user="olive")
        assert reply(fake).labels == [
            "Return with a comment",
            "Ask the equalities officers",
            "Put to the General Meeting",
        ]
        await fake.press("Put to the General Meeting", user="olive")
        asked = reply(fake)
        assert "On what date is #1 put to the General Meeting" in asked.text
        assert asked.labels == ["Today (02 Mar 2026)", "Cancel"]
        await fake.say("sometime soon", user="olive")
        assert "could not read “sometime soon” as a date" in reply(fake).text
        await fake.say("next Thursday", user="olive")
        confirm = reply(fake)
        assert confirm.text == (
            "#1 Libraries: put to the General Meeting on Thursday 12 March 2026 — is that right?"
        )
        await fake.press("No, type it again", user="olive")
        assert "On what date" in reply(fake).text
        await fake.say("12 March", user="olive")  # a meeting date is read as the next one
        assert "Thursday 12 March 2026 — is that right?" in reply(fake).text
        await fake.press("Yes", user="olive")
        assert reply(fake).text == (
            "#1 Libraries is down for the General Meeting on Thursday 12 March 2026."
            " The author has been told."
        )
        for user in ("ann", "bob"):
            assert told(fake, user) == (
                "#1 Libraries will be put to the General Meeting on Thursday 12 March 2026."
            )
        await fake.command("/review", user="olive")
        queue = reply(fake).text
        assert "1 motion put to the General Meeting, outcome not yet recorded:" in queue
        assert "#1 Libraries — put to the General Meeting, motion, by Ann" in queue

        # out of order: not yet carried, so it can't be sent; never to the Policy Forum
        await fake.press("review:sent:1", user="olive")
        assert reply(fake).text == (
            "#1 Libraries: put to the General Meeting. That can't be done now. What can be"
            " done: Put to the General Meeting, Carried, Fell."
        )
        await fake.press("review:submitted:1", user="olive")
        assert reply(fake).text == (
            "That is not a step for motion #1 “Libraries”: a motion is approved by the"
            " officers, put to the General Meeting, carried or fell, and if carried sent to"
            " Annual Conference."
        )

        clock.advance(days=11)  # Friday 13 March, the day after the meeting
        await fake.press("review:carried:1", user="olive")
        asked = reply(fake)
        assert asked.labels == ["The meeting day (12 Mar 2026)", "Today (13 Mar 2026)", "Cancel"]
        await fake.say("11 March 2026", user="olive")
        assert reply(fake).text.startswith(
            "Wednesday 11 March 2026 is before the General Meeting it was put to (Thursday 12"
            " March 2026): type the day of the vote on or after it."
        )
        await fake.press("The meeting day (12 Mar 2026)", user="olive")
        assert reply(fake).text == (
            "#1 Libraries: carried on Thursday 12 March 2026 — is that right?"
        )
        await fake.press("Yes", user="olive")
        assert reply(fake).text == (
            "Recorded: #1 Libraries was carried on Thursday 12 March 2026. The author has been"
            " told."
        )
        assert "carried by the General Meeting on Thursday 12 March 2026" in told(fake, "ann")

        await fake.press("review:sent:1", user="olive")
        assert "sent to Annual Conference?" in reply(fake).text
        await fake.say("14 March 2026", user="olive")
        assert "Saturday 14 March 2026 is in the future: type the day it was actually sent." in (
            reply(fake).text
        )
        await fake.say("13 March", user="olive")
        assert "sent to Annual Conference on Friday 13 March 2026 — is that right?" in (
            reply(fake).text
        )
        await fake.press("Yes", user="olive")
        assert reply(fake).text == (
            "Marked #1 Libraries sent to Annual Conference on Friday 13 March 2026. The author"
            " has been told."
        )
        for user in ("ann", "bob"):
            assert told(fake, user) == (
                "#1 Libraries was sent to Annual Conference on Friday 13 March 2026. Thank you!"
            )
        await fake.command("/review 1", user="olive")
        finished = reply(fake)
        assert finished.labels == []
        for line in (
            "sent to Annual Conference",
            "Put to the General Meeting on Thursday 12 March 2026.",
            "Carried on Thursday 12 March 2026.",
            "Sent to Annual Conference on Friday 13 March 2026.",
        ):
            assert line in finished.text
        assert "Policy Forum" not in finished.text
        await fake.command("/drafts 1", user="ann")
        assert "Sent to Annual Conference on Friday 13 March 2026." in reply(fake, "ann").text

        async with app.storage.unit() as uow:
            draft = await uow.get(SUBMISSIONS).get(1)
            history = await uow.get(SUBMISSIONS).history(1)
            audit = await uow.get(AUDIT).latest(10)
    assert draft is not None
    assert (draft.status, draft.meeting_on, draft.decided_on, draft.sent_on) == (
        Status.SENT,
        date(2026, 3, 12),
        date(2026, 3, 12),
        date(2026, 3, 13),
    )
    assert draft.forum_submitted_on is None
    steps = [
        "approved",
        "put to the General Meeting on 2026-03-12",
        "carried on 2026-03-12",
        "sent to Annual Conference on 2026-03-13",
    ]
    assert [h.action for h in history] == ["sent for review", *steps]
    assert all(h.actor_key == "telegram:olive" for h in history[1:])
    decisions = [a for a in audit if a.action == "review.decision"]
    assert [a.detail for a in reversed(decisions)] == steps
    assert {a.subject for a in decisions} == {"draft #1"}


async def test_a_motion_that_fell_goes_no_further(sqlite_url: str, clock: FrozenClock) -> None:
    fake = telegram_fake()
    async with running_app(submit_config(sqlite_url), fake, clock=clock) as app:
        await send_motion(fake)
        await fake.press("review:equalities:1", user="olive")
        assert "asks the equalities officers to review #1 Libraries" in (
            officer_notices(fake)[-1].text
        )
        await fake.press("review:approve:1", user="olive")
        await fake.press("review:meeting:1", user="olive")
        await fake.press("Today (02 Mar 2026)", user="olive")
        await fake.press("Yes", user="olive")
        fake.pop_all()
        await fake.press("review:fell:1", user="olive")
        assert reply(fake).labels == ["Today (02 Mar 2026)", "Cancel"]  # the meeting is today
        await fake.press("Cancel", user="olive")
        assert reply(fake).text == "Nothing changed."
        await fake.press("review:fell:1", user="olive")
        await fake.press("Today (02 Mar 2026)", user="olive")
        await fake.press("Yes", user="olive")
        assert reply(fake).text == (
            "Recorded: #1 Libraries fell on Monday 2 March 2026. It goes no further; the author"
            " has been told."
        )
        assert told(fake, "ann").startswith(
            "#1 Libraries fell at the General Meeting on Monday 2 March 2026, so it goes no"
            " further."
        )
        await fake.command("/review 1", user="olive")
        opened = reply(fake)
        assert opened.labels == []
        assert "Fell on Monday 2 March 2026." in opened.text
        await fake.press("review:carried:1", user="olive")
        assert reply(fake).text == (
            "#1 Libraries: fell at the General Meeting. That can't be done now. Its route is"
            " finished."
        )
        await fake.command("/drafts 1", user="ann")
        assert reply(fake, "ann").labels == ["Delete it"]  # nothing to withdraw any more
        async with app.storage.unit() as uow:
            draft = await uow.get(SUBMISSIONS).get(1)
    assert draft is not None
    assert (draft.status, draft.decided_on) == (Status.FELL, date(2026, 3, 2))


async def test_a_submission_keeps_the_policy_forum_route(
    sqlite_url: str, clock: FrozenClock
) -> None:
    fake = telegram_fake()
    async with running_app(submit_config(sqlite_url), fake, clock=clock):
        await send_submission(fake)
        await fake.press("review:meeting:1", user="olive")
        assert reply(fake).text == (
            "That is not a step for submission #1 “Night buses”: a submission is approved by"
            " the officers, then submitted to the Policy Forum."
        )
        await fake.press("review:approve:1", user="olive")
        assert "They will send it to the Policy Forum." in told(fake, "ann")
        await fake.command("/review", user="olive")
        assert "1 approved, not yet marked submitted to the Policy Forum:" in reply(fake).text
        await fake.press("review:submitted:1", user="olive")
        await fake.press("Today (02 Mar 2026)", user="olive")
        await fake.press("Yes", user="olive")
        assert reply(fake).text == "Marked #1 Night buses submitted on 02 March 2026."
        assert told(fake, "ann") == (
            "#1 Night buses was submitted to the National Policy Forum on 02 March 2026. Thank you!"
        )
        await fake.command("/review 1", user="olive")
        assert "Submitted to the Policy Forum on Monday 2 March 2026." in reply(fake).text


async def test_a_motion_can_be_withdrawn_until_the_meeting_votes(
    sqlite_url: str, clock: FrozenClock
) -> None:
    fake = telegram_fake()
    async with running_app(submit_config(sqlite_url), fake, clock=clock):
        await send_motion(fake)
        await fake.press("review:approve:1", user="olive")
        await fake.press("review:meeting:1", user="olive")
        await fake.press("Today (02 Mar 2026)", user="olive")
        await fake.press("Yes", user="olive")
        fake.pop_all()
        await fake.command("/drafts 1", user="ann")
        assert reply(fake, "ann").labels == ["Withdraw it", "Delete it"]
        await fake.press("Withdraw it", user="ann")
        assert "Withdrew #1 Libraries" in fake.pop_all()[-1].text
        assert "#1 Libraries was withdrawn by its author." in officer_notices(fake)[-1].text
        await fake.press("review:carried:1", user="olive")
        assert "#1 Libraries: withdrawn. That can't be done now." in reply(fake).text
