"""/submit end to end through the fake adapter: the whole flow, validation, the gate."""

from __future__ import annotations

from datetime import timedelta

from bot.config import Config
from bot.conversation import BACK, SKIP
from bot.stores.consultations import CONSULTATIONS
from bot.stores.core import MEMBERS
from bot.stores.submissions import SUBMISSIONS, CoAuthor, Kind, Status
from tests.commands.submit_support import (
    PROBLEM,
    PROPOSAL,
    officer_notices,
    send_submission,
    start_submit,
    submit_config,
    telegram_fake,
    write_submission,
)
from tests.support import FrozenClock, running_app


async def test_the_whole_submission_flow_ends_in_the_review_queue(
    sqlite_url: str, clock: FrozenClock
) -> None:
    fake = telegram_fake()
    async with running_app(submit_config(sqlite_url), fake, clock=clock) as app:
        fake.seen.add("bob")  # Bob has used the bot, so @bob is a mention of his account
        await fake.command("/submit")
        conduct = fake.pop()
        assert "Code of conduct" in conduct.text
        assert conduct.labels == ["I agree to follow it"]
        await fake.press("I agree to follow it")
        assert "recorded" in fake.pop().text
        kind = fake.pop()
        assert "Step 1 of 8" in kind.text
        assert [c.value for c in kind.message.choices] == ["submission", "motion"]
        await fake.press("NPF consultation submission")
        commission = fake.pop()
        assert "Step 2 of 8: the policy commission" in commission.text
        assert "Safer streets" in commission.labels
        assert BACK in [c.value for c in commission.message.choices]
        await fake.press("Safer streets")
        title = fake.pop()
        assert "Step 3 of 8: the title" in title.text
        assert title.message.awaiting_text
        await fake.say("Night buses")
        assert "Step 4 of 8" in fake.pop().text
        await fake.say(PROBLEM)
        assert "Step 5 of 8" in fake.pop().text
        await fake.say(PROPOSAL)
        evidence = fake.pop()
        assert "Step 6 of 8" in evidence.text
        assert SKIP in [c.value for c in evidence.message.choices]
        await fake.press("Skip (optional)")
        assert "Step 7 of 8: co-authors" in fake.pop().text
        await fake.say("@bob, Carol Jones")
        refused = fake.pop_replies("ann")[-1].text
        assert "I can't tell who “Carol Jones” is. A name is not enough" in refused
        await fake.say("@bob")
        assert "Step 8 of 8" in fake.pop_replies("ann")[-1].text
        await fake.press("No, only officers may see my name")
        preview = fake.pop_replies("ann")[-1]
        assert "Check your draft" in preview.text
        assert PROBLEM in preview.text
        assert PROPOSAL in preview.text
        assert "Co-authors: none. Asked, not yet accepted: Bob." in preview.text
        await fake.press("Send it for review")
        assert "now with the officers for review" in fake.pop_all()[-1].text

        notices = officer_notices(fake)
        assert len(notices) == 1
        assert "Night buses" in notices[0].text
        assert "Ann" not in notices[0].text  # only officers may see the name: not in a group
        assert notices[0].message.choices[0].value == "review:open:1"
        async with app.storage.unit() as uow:
            (draft,) = await uow.get(SUBMISSIONS).with_status(Status.IN_REVIEW)
            history = await uow.get(SUBMISSIONS).history(1)
            agreed = await uow.get(MEMBERS).conduct_acknowledged_at(fake.identity("ann"))
    assert draft.kind is Kind.SUBMISSION
    assert draft.commission == "Safer streets"
    assert draft.fields["problem"] == PROBLEM
    assert draft.coauthors == [CoAuthor(fake.identity("bob"))]
    assert draft.show_name is False
    assert draft.author_chat_id == "ann"
    assert [h.action for h in history] == ["sent for review"]
    assert agreed == clock.now


async def test_code_of_conduct_is_asked_only_once(sqlite_url: str, clock: FrozenClock) -> None:
    fake = telegram_fake()
    async with running_app(submit_config(sqlite_url), fake, clock=clock):
        await send_submission(fake)
        await fake.command("/submit")
        again = fake.pop()
        assert "Code of conduct" not in again.text
        assert "Step 1 of 8" in again.text


async def test_a_motion_over_the_limit_is_refused_with_the_count_and_kept(
    sqlite_url: str, clock: FrozenClock
) -> None:
    fake = telegram_fake()
    async with running_app(submit_config(sqlite_url), fake, clock=clock) as app:
        first = await start_submit(fake)
        assert "Step 1 of" in first
        await fake.press("Contemporary motion to conference")
        assert "Step 2 of 5: the title" in fake.pop().text
        await fake.say("Fund night buses")
        assert "Step 3 of 5: the motion" in fake.pop().text
        long_motion = " ".join(["word"] * 262)
        await fake.say(long_motion)
        refusal = fake.pop().text
        assert "262/250 words" in refusal
        assert "cut 12 words" in refusal
        assert "Step 3 of 5: the motion" in refusal  # asked again
        async with app.storage.unit() as uow:
            saved = await uow.get(SUBMISSIONS).latest_unfinished(fake.identity("ann"))
        assert saved is not None
        assert saved.fields["motion"] == long_motion
        await fake.say(" ".join(["word"] * 212))
        accepted = fake.pop().text
        assert "Motion saved: 212/250 words" in accepted
        assert "Step 4 of 5: co-authors" in accepted


async def test_motion_limit_comes_from_config(sqlite_url: str, clock: FrozenClock) -> None:
    fake = telegram_fake()
    async with running_app(submit_config(sqlite_url, motion_max_words=10), fake, clock=clock):
        await start_submit(fake)
        await fake.press("Contemporary motion to conference")
        await fake.say("Title")
        fake.pop_all()
        await fake.say("one two three four five six seven eight nine ten eleven")
        assert "11/10 words" in fake.pop().text


async def test_empty_and_too_long_answers_say_why_and_keep_the_text(
    sqlite_url: str, clock: FrozenClock
) -> None:
    fake = telegram_fake()
    config = submit_config(sqlite_url, title_max_chars=20, field_max_chars=50)
    async with running_app(config, fake, clock=clock) as app:
        await start_submit(fake)
        await fake.press("NPF consultation submission")
        await fake.press("Safer streets")
        fake.pop_all()
        await fake.say("   ")
        assert "title can't be empty" in fake.pop().text
        await fake.say("A title that is far too long for us")
        refusal = fake.pop().text
        assert "35 characters; the limit is 20. Please shorten it by 15" in refusal
        assert "A title that is far too long for us" in refusal  # shown again, not lost
        async with app.storage.unit() as uow:
            saved = await uow.get(SUBMISSIONS).latest_unfinished(fake.identity("ann"))
        assert saved is not None
        assert saved.fields["title"] == "A title that is far too long for us"
        await fake.say("Night buses")
        await fake.say("x" * 60)
        assert "60 characters; the limit is 50. Please shorten it by 10" in fake.pop_all()[-1].text


async def test_a_choice_that_is_not_offered_is_refused(sqlite_url: str, clock: FrozenClock) -> None:
    fake = telegram_fake()
    async with running_app(submit_config(sqlite_url), fake, clock=clock):
        await start_submit(fake)
        await fake.say("a letter to the editor")
        refusal = fake.pop().text
        assert "Please choose one of: NPF consultation submission" in refusal


async def test_back_and_edit_from_the_preview(sqlite_url: str, clock: FrozenClock) -> None:
    fake = telegram_fake()
    async with running_app(submit_config(sqlite_url), fake, clock=clock) as app:
        await start_submit(fake)
        await fake.press("NPF consultation submission")
        await fake.press("Safer streets")
        await fake.say("Night buses")
        fake.pop_all()
        await fake.press("« Back")
        back = fake.pop().text
        assert "Step 3 of 8: the title" in back
        assert "Night buses" in back  # what was typed is shown
        await fake.press("Keep it as it is")
        assert "Step 4 of 8" in fake.pop().text
        fake.pop_all()
        await write_submission(fake, title="Night buses")
        await fake.press("Edit the title")
        assert "Step 3 of 8: the title" in fake.pop().text
        await fake.say("Safe night buses")
        preview = fake.pop().text
        assert "Check your draft" in preview
        assert "Safe night buses" in preview
        await fake.press("Edit what you are writing")
        fake.pop()
        await fake.press("Contemporary motion to conference")
        assert "the motion" in fake.pop().text  # the one thing a motion still needs
        await fake.say("This CLP calls for night buses.")
        preview = fake.pop().text
        assert "Check your draft" in preview
        assert "6/250 words" in preview
        await fake.press("Send it for review")
        fake.pop_all()
        async with app.storage.unit() as uow:
            drafts = await uow.get(SUBMISSIONS).with_status(Status.IN_REVIEW)
    assert [d.title for d in drafts] == ["Safe night buses"]
    assert drafts[0].kind is Kind.MOTION


async def test_restart_mid_flow_and_submit_resumes_at_the_same_step(
    sqlite_url: str, clock: FrozenClock
) -> None:
    config = submit_config(sqlite_url)
    first = telegram_fake()
    async with running_app(config, first, clock=clock):
        await start_submit(first)
        await first.press("NPF consultation submission")
        await first.press("Safer streets")
        await first.say("Night buses")
        await first.say(PROBLEM)
        assert "Step 5 of 8" in first.pop_all()[-1].text
    clock.advance(days=3)
    second = telegram_fake()
    async with running_app(config, second, clock=clock):
        await second.command("/submit")
        offer = second.pop()
        assert "Night buses" in offer.text
        assert offer.labels == ["Resume “Night buses” (step 5 of 8)", "Start a new one"]
        await second.press("Resume “Night buses” (step 5 of 8)")
        resumed = second.pop().text
        assert "Step 5 of 8: your proposal" in resumed
        await second.press("« Back")
        assert PROBLEM in second.pop().text  # every field kept, /back still works
        await second.press("Keep it as it is")
        await second.say(PROPOSAL)
        await second.press("Skip (optional)")
        await second.press("No co-authors")
        await second.press("Yes, members may see my name")
        preview = second.pop_all()[-1].text
        assert "Night buses" in preview
        assert PROBLEM in preview
        assert PROPOSAL in preview


async def test_resume_after_the_conversation_expired(sqlite_url: str, clock: FrozenClock) -> None:
    fake = telegram_fake()
    config = submit_config(sqlite_url)
    async with running_app(config, fake, clock=clock):
        await start_submit(fake)
        await fake.press("Contemporary motion to conference")
        await fake.say("Night buses")
        fake.pop_all()
        clock.advance(hours=config.conversations.timeout_hours + 24)
        await fake.say("too late")
        assert "timed out" in fake.pop().text
        await fake.command("/submit")
        assert "Night buses" in fake.pop().text
        await fake.press("Resume “Night buses” (step 3 of 5)")
        assert "Step 3 of 5: the motion" in fake.pop().text


async def test_start_a_new_one_keeps_the_old_draft(sqlite_url: str, clock: FrozenClock) -> None:
    fake = telegram_fake()
    async with running_app(submit_config(sqlite_url), fake, clock=clock) as app:
        await start_submit(fake)
        await fake.press("Contemporary motion to conference")
        await fake.say("First idea")
        fake.pop_all()
        await fake.command("/submit")
        await fake.press("Start a new one")
        assert "Step 1 of 8" in fake.pop_all()[-1].text
        async with app.storage.unit() as uow:
            drafts = await uow.get(SUBMISSIONS).visible_to(fake.identity("ann"))
    assert [d.title for d in drafts] == ["First idea"]


async def test_consultation_step_only_when_one_is_open(sqlite_url: str, clock: FrozenClock) -> None:
    fake = telegram_fake()
    async with running_app(submit_config(sqlite_url), fake, clock=clock) as app:
        async with app.storage.unit() as uow:
            store = uow.get(CONSULTATIONS)
            await store.add(
                "Policing our streets",
                commission="Safer streets",
                opens_at=clock.now - timedelta(days=1),
                closes_at=clock.now + timedelta(days=20),
            )
            await store.add("Closed one", commission="Safer streets", closes_at=clock.now)
        await start_submit(fake)
        await fake.press("NPF consultation submission")
        await fake.press("Kickstart economic growth")
        assert "Step 3 of 8: the title" in fake.pop_all()[-1].text
        await fake.press("« Back")
        await fake.press("Safer streets")
        step = fake.pop_all()[-1]
        assert "Step 3 of 9: the consultation" in step.text
        assert [label.split(" (")[0] for label in step.labels[:2]] == [
            "Policing our streets",
            "Not for a particular consultation",
        ]
        await fake.press(step.labels[0])
        assert "Step 4 of 9: the title" in fake.pop().text
        async with app.storage.unit() as uow:
            saved = await uow.get(SUBMISSIONS).latest_unfinished(fake.identity("ann"))
    assert saved is not None
    assert saved.fields["consultation_title"] == "Policing our streets"


async def test_submit_in_a_group_invites_to_a_private_chat(
    config: Config, clock: FrozenClock
) -> None:
    fake = telegram_fake()
    async with running_app(config, fake, clock=clock):
        await fake.command("/submit", group="g1")
        reply = fake.pop().text
        assert "private" in reply
        assert "start?submit" in reply


async def test_an_option_is_answered_by_its_name_without_the_aside(
    sqlite_url: str, clock: FrozenClock
) -> None:
    """Labels such as "Skip (optional)" or "… (chosen)" carry an aside in brackets: a
    member who types the option's name without it is understood."""
    fake = telegram_fake()
    async with running_app(submit_config(sqlite_url), fake, clock=clock):
        await start_submit(fake)
        await fake.say("contemporary motion to conference")
        assert "Step 2 of 5: the title" in fake.pop_replies("ann")[-1].text
        await fake.command("/back")
        kind = fake.pop_replies("ann")[-1]
        assert "Contemporary motion to conference (chosen)" in kind.labels
        await fake.say("Contemporary motion to conference")
        assert "Step 2 of 5: the title" in fake.pop_replies("ann")[-1].text
        await fake.command("/back")
        await fake.say("NPF consultation submission")
        await fake.say("safer streets")
        await fake.say("Night buses")
        await fake.say(PROBLEM)
        await fake.say(PROPOSAL)
        await fake.say("skip")  # the label is "Skip (optional)"
        assert "Step 7 of 8: co-authors" in fake.pop_replies("ann")[-1].text
