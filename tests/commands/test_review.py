"""/review: officers only; approve, return with a comment and resubmit, equalities, submitted."""

from __future__ import annotations

from datetime import date

from bot.stores.submissions import SUBMISSIONS, Status
from tests.commands.submit_support import (
    OFFICERS_CHAT,
    officer_notices,
    send_submission,
    submit_config,
    telegram_fake,
)
from tests.support import FrozenClock, running_app


async def test_a_member_is_refused_review_and_its_buttons(
    sqlite_url: str, clock: FrozenClock
) -> None:
    fake = telegram_fake()
    async with running_app(submit_config(sqlite_url), fake, clock=clock):
        await send_submission(fake)
        await fake.command("/review", user="ann")
        assert "for officers only" in fake.pop().text
        await fake.command("/review export", user="ann")
        assert "for officers only" in fake.pop().text
        await fake.press("review:approve:1", user="ann")
        assert "for officers only" in fake.pop().text


async def test_queue_lists_drafts_with_author_names_for_officers(
    sqlite_url: str, clock: FrozenClock
) -> None:
    fake = telegram_fake()
    async with running_app(submit_config(sqlite_url), fake, clock=clock):
        await send_submission(fake)
        await fake.command("/review", user="olive")
        queue = fake.pop()
        assert "#1 Night buses — in review, Safer streets, by Ann" in queue.text
        assert queue.labels == ["Open #1"]
        await fake.press("Open #1", user="olive")
        opened = fake.pop()
        assert "Written by Ann (only officers see this name)" in opened.text
        assert opened.labels == [
            "Approve",
            "Return with a comment",
            "Ask the equalities officers",
            "Mark submitted to the Policy Forum",
        ]


async def test_return_with_a_comment_from_the_officers_group(
    sqlite_url: str, clock: FrozenClock
) -> None:
    """The draft and the comment prompt go to the officer privately, where the typed
    comment reaches the bot whatever the group's privacy mode; the group gets a note."""
    fake = telegram_fake()
    async with running_app(submit_config(sqlite_url), fake, clock=clock):
        await send_submission(fake)
        fake.pop_all()
        await fake.command("/review 1", user="olive", group=OFFICERS_CHAT)
        in_group = [s for s in fake.pop_all() if s.chat.chat_id == OFFICERS_CHAT]
        assert [s.text for s in in_group] == ["I have sent /review to you privately."]
        opened = fake.sent[-1]
        assert opened.chat.is_private
        assert "Written by Ann" in opened.text
        # pressed in the group (a screen left there): the comment is asked for privately
        await fake.press("review:return:1", user="olive", group=OFFICERS_CHAT)
        sent = fake.pop_all()
        assert [s.text for s in sent if not s.chat.is_private] == ["I have answered you privately."]
        assert "What should the author change" in sent[-1].text
        assert sent[-1].chat.is_private
        await fake.say("Please add local figures.", user="olive")
        told = [s for s in fake.sent if s.chat.chat_id == "ann"][-1]
        assert "Please add local figures." in told.text
        assert "Returned #1 Night buses" in fake.pop_all()[-1].text


async def test_return_with_comment_then_resubmit(sqlite_url: str, clock: FrozenClock) -> None:
    fake = telegram_fake()
    async with running_app(submit_config(sqlite_url), fake, clock=clock) as app:
        await send_submission(fake)
        await fake.command("/review 1", user="olive")
        await fake.press("Return with a comment", user="olive")
        assert "What should the author change" in fake.pop_all()[-1].text
        await fake.say("", user="olive")
        assert "comment can't be empty" in fake.pop().text
        await fake.say("Please add local figures.", user="olive")
        told = [s for s in fake.sent if s.chat.chat_id == "ann"][-1]
        assert "returned" in told.text
        assert "Please add local figures." in told.text
        assert "Returned #1 Night buses" in fake.pop_all()[-1].text

        await fake.command("/drafts 1")
        assert "returned" in fake.pop().text
        await fake.press("Edit and send again")
        assert "Check your draft" in fake.pop().text
        await fake.press("Edit local evidence or impact")
        fake.pop()
        await fake.say("Three assaults at the bus station this year.")
        assert "Three assaults" in fake.pop().text
        await fake.press("Send it for review")
        assert "now with the officers" in fake.pop_all()[-1].text
        assert "resubmitted" in officer_notices(fake)[-1].text

        async with app.storage.unit() as uow:
            store = uow.get(SUBMISSIONS)
            draft = await store.get(1)
            history = await store.history(1)
    assert draft is not None
    assert draft.status is Status.IN_REVIEW
    assert draft.fields["evidence"] == "Three assaults at the bus station this year."
    assert [(h.actor_name, h.action, h.comment) for h in history] == [
        ("Ann", "sent for review", ""),
        ("Olive", "returned", "Please add local figures."),
        ("Ann", "resubmitted for review", ""),
    ]
    assert all(h.at == clock.now for h in history)
    assert history[1].actor_key == "telegram:olive"


async def test_equalities_approve_and_mark_submitted(sqlite_url: str, clock: FrozenClock) -> None:
    fake = telegram_fake()
    async with running_app(submit_config(sqlite_url), fake, clock=clock) as app:
        await send_submission(fake)
        await fake.press("review:equalities:1", user="olive")
        assert "asks the equalities officers" in officer_notices(fake)[-1].text
        await fake.press("review:approve:1", user="olive")
        assert "Approved #1" in fake.pop_all()[-1].text
        await fake.press("review:approve:1", user="olive")
        assert "#1 Night buses: approved. That can't be done now." in fake.pop().text
        await fake.press("review:submitted:1", user="olive")
        assert "On what date" in fake.pop().text
        await fake.say("the day after the heat death of the universe", user="olive")
        assert "could not read" in fake.pop().text
        await fake.say("2 March 2027", user="olive")
        assert "in the future" in fake.pop().text
        await fake.say("2026-03-03", user="olive")  # as a web form's date field sends it
        assert "Tuesday 3 March 2026 is in the future" in fake.pop().text
        await fake.say("1 March 2026", user="olive")
        confirm = fake.pop()
        assert confirm.text == (
            "#1 Night buses: marked submitted to the Policy Forum on Sunday 1 March 2026"
            " — is that right?"
        )
        assert confirm.labels == ["Yes", "No, type it again", "Cancel"]
        await fake.press("Yes", user="olive")
        assert "Marked #1 Night buses submitted on 01 March 2026" in fake.pop_all()[-1].text
        told = [s for s in fake.sent if s.chat.chat_id == "ann"][-1]
        assert "submitted to the National Policy Forum on 01 March 2026" in told.text
        async with app.storage.unit() as uow:
            draft = await uow.get(SUBMISSIONS).get(1)
            history = await uow.get(SUBMISSIONS).history(1)
    assert draft is not None
    assert draft.status is Status.SUBMITTED
    assert draft.forum_submitted_on == date(2026, 3, 1)
    assert [h.action for h in history][1:] == [
        "asked for an equalities review",
        "approved",
        "marked submitted to the Policy Forum on 2026-03-01",
    ]


async def test_review_of_an_unsent_draft_is_refused(sqlite_url: str, clock: FrozenClock) -> None:
    fake = telegram_fake()
    async with running_app(submit_config(sqlite_url), fake, clock=clock):
        await fake.command("/review 9", user="olive")
        assert "no draft #9 sent for review" in fake.pop().text


async def test_queue_and_open_are_also_subcommands(sqlite_url: str, clock: FrozenClock) -> None:
    fake = telegram_fake()
    async with running_app(submit_config(sqlite_url), fake, clock=clock):
        await send_submission(fake)
        await fake.command("/review queue", user="olive")
        assert "#1 Night buses" in fake.pop().text
        await fake.command("/review open 1", user="olive")
        assert "Approve" in fake.pop().labels
        await fake.command("/review open", user="olive")
        assert "Say which draft to open" in fake.pop().text
        await fake.command("/review buses", user="olive")
        assert "“buses” is not a draft number" in fake.pop().text
