"""Equalities review: the draft goes privately to the holders of "equalities review", whose
comment reaches the author and the holders of "review", and stays in the draft's history."""

from __future__ import annotations

from bot.stores.submissions import SUBMISSIONS, Status
from tests.commands.submit_support import (
    officer_notices,
    send_submission,
    submit_config,
    telegram_fake,
)
from tests.commands.test_officers import hand_over
from tests.support import FrozenClock, running_app


async def test_the_equalities_officers_review_privately(
    sqlite_url: str, clock: FrozenClock
) -> None:
    fake = telegram_fake()
    async with running_app(submit_config(sqlite_url), fake, clock=clock) as app:
        for user in ("wendy", "yusuf", "pol"):
            await fake.command("/whoami", user=user)
        await hand_over(app, fake, "wendy", "Women's Officer")
        await hand_over(app, fake, "yusuf", "Youth Officer")
        await hand_over(app, fake, "pol", "Policy Officer")
        await send_submission(fake)
        fake.pop_all()
        notices_before = len(officer_notices(fake))

        await fake.press("review:equalities:1", user="pol")
        said = fake.pop_replies("pol")[-1].text
        assert "Sent #1 Night buses privately for an equalities review to: Wendy, Yusuf" in said
        await app.services.outbox.deliver_pending()
        delivered = fake.pop_all()
        for user in ("wendy", "yusuf"):
            [sent] = [s for s in delivered if s.chat.chat_id == user]
            assert sent.chat.is_private
            assert "The last bus leaves at nine" in sent.text  # the draft itself
            assert sent.labels == ["Add an equalities comment"]
        assert len(officer_notices(fake)) == notices_before  # nothing to any group

        await fake.press("equalities:1", user="pol")  # a reviewer, not an equalities officer
        assert "for officers only" in fake.pop_replies("pol")[-1].text
        mark = len(fake.sent)
        await fake.press("Add an equalities comment", user="wendy")
        await fake.say("Ask disabled members how they get home too.", user="wendy")
        assert "Added your equalities comment to #1 Night buses" in fake.last().text
        await app.services.outbox.deliver_pending()
        delivered = fake.sent[mark:]
        for user in ("ann", "pol"):
            [news] = [s for s in delivered if s.chat.chat_id == user]
            assert "Wendy added an equalities comment" in news.text
            assert "disabled members" in news.text
        async with app.storage.unit() as uow:
            store = uow.get(SUBMISSIONS)
            draft = await store.get(1)
            assert draft is not None
            assert draft.status is Status.EQUALITIES_REVIEW
            history = await store.history(1)
        entry = history[-1]
        assert (entry.action, entry.actor_key) == ("equalities review", "telegram:wendy")
        await fake.command("/review 1", user="pol")
        assert "Ask disabled members how they get home too." in fake.last().text
        await fake.command("/drafts 1", user="ann")
        assert "Wendy: equalities review" in fake.last().text


async def test_with_nobody_in_an_equalities_office_the_officers_chat_is_told(
    sqlite_url: str, clock: FrozenClock
) -> None:
    fake = telegram_fake()
    async with running_app(submit_config(sqlite_url), fake, clock=clock):
        await send_submission(fake)
        await fake.press("review:equalities:1", user="olive")
        assert "Nobody holds an office with equalities review yet" in fake.last().text
        assert "asks the equalities officers" in officer_notices(fake)[-1].text
