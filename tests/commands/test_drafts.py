"""/drafts: own and co-authored drafts only, anonymity, continue, withdraw, delete."""

from __future__ import annotations

import json

from adapters.fake import FakeAdapter
from bot.app import App
from bot.model import CommandEvent
from bot.stores.submissions import SUBMISSIONS, Draft, Status
from tests.commands.privacy_support import json_attachment
from tests.commands.submit_support import (
    officer_notices,
    send_submission,
    start_submit,
    submit_config,
    telegram_fake,
    write_submission,
)
from tests.support import FrozenClock, running_app


async def test_drafts_lists_own_drafts_with_their_state(
    sqlite_url: str, clock: FrozenClock
) -> None:
    fake = telegram_fake()
    async with running_app(submit_config(sqlite_url), fake, clock=clock):
        await fake.command("/drafts")
        assert "no drafts yet" in fake.pop().text
        await send_submission(fake, title="Night buses")
        await start_submit(fake)
        await fake.press("Contemporary motion to conference")
        await fake.say("Libraries")
        fake.pop_all()
        await fake.command("/drafts")
        listing = fake.pop()
        assert "#2 Libraries — draft, motion" in listing.text
        assert "#1 Night buses — in review, Safer streets" in listing.text
        assert listing.labels == ["Open #2", "Open #1"]
        await fake.press("Open #1")
        opened = fake.pop()
        assert "Night buses" in opened.text
        assert "sent for review" in opened.text
        assert opened.labels == ["Withdraw it", "Delete it"]


async def test_a_member_is_refused_another_members_draft(
    sqlite_url: str, clock: FrozenClock
) -> None:
    fake = telegram_fake()
    async with running_app(submit_config(sqlite_url), fake, clock=clock) as app:
        await send_submission(fake, user="ann")
        await fake.command("/drafts 1", user="dan")
        refusal = fake.pop().text
        assert "There is no draft #1 among yours" in refusal
        assert "Night buses" not in refusal
        for action in ("open", "continue", "withdraw", "delete", "erase"):
            await fake.press(f"draft:{action}:1", user="dan")
            assert "no draft #1 among yours" in fake.pop().text
        await fake.press("submit:resume:1", user="dan")
        assert "can't be continued" in fake.pop().text
        await fake.command("/drafts", user="dan")
        assert "no drafts yet" in fake.pop().text
        async with app.storage.unit() as uow:
            draft = await uow.get(SUBMISSIONS).get(1)
    assert draft is not None
    assert draft.status is Status.IN_REVIEW


async def accept_invitation(app: App, fake: FakeAdapter, user: str = "bob") -> None:
    """Deliver the co-author invitation to `user` privately and press Accept on it."""
    await app.services.outbox.deliver_pending()
    (invitation,) = [s for s in fake.sent if "asks you to co-author" in s.text]
    assert invitation.chat == fake.chat(user)  # privately, to their account
    assert invitation.labels == ["Accept", "Decline"]
    await fake.press("Accept", user=user)
    assert "You are now a co-author of draft #1" in fake.pop_replies(user)[-1].text


async def test_coauthors_see_the_draft_but_not_a_withheld_name(
    sqlite_url: str, clock: FrozenClock
) -> None:
    fake = telegram_fake()
    async with running_app(submit_config(sqlite_url), fake, clock=clock) as app:
        fake.seen.add("bob")
        await write_submission(fake, user="ann", coauthors="@bob", show_name=False)
        await fake.press("Send it for review")
        fake.pop_all()
        await fake.command("/drafts", user="bob")
        waiting = fake.pop_replies("bob")[-1]
        assert "Asking you to co-author" in waiting.text
        assert "Your drafts" not in waiting.text  # nothing to read before accepting
        assert waiting.labels == ["Accept", "Decline"]
        await fake.command("/drafts 1", user="bob")
        assert "There is no draft #1 among yours" in fake.pop_replies("bob")[-1].text
        await accept_invitation(app, fake)
        await app.services.outbox.deliver_pending()
        told = fake.pop_replies("ann")[-1].text
        assert "Bob accepted to co-author your draft #1" in told
        await fake.command("/drafts", user="bob")
        listing = fake.pop().text
        assert "Night buses" in listing
        assert "name withheld" in listing
        assert "Ann" not in listing
        await fake.press("Open #1", user="bob")
        opened = fake.pop()
        assert "Night buses" in opened.text
        assert "Ann" not in opened.text
        assert opened.labels == []  # a co-author reads; only the author changes it


async def test_coauthors_see_the_name_when_the_author_agreed(
    sqlite_url: str, clock: FrozenClock
) -> None:
    fake = telegram_fake()
    async with running_app(submit_config(sqlite_url), fake, clock=clock) as app:
        fake.seen.add("bob")
        await write_submission(fake, user="ann", coauthors="@bob", show_name=True)
        await fake.press("Send it for review")
        fake.pop_all()
        await accept_invitation(app, fake)
        await fake.command("/drafts 1", user="bob")
        assert "Written by Ann" in fake.pop_replies("bob")[-1].text
        await fake.command("/drafts 1", user="ann")
        assert "Co-authors: Bob. Your name" in fake.pop_replies("ann")[-1].text


async def test_an_impostor_with_a_coauthors_display_name_gets_nothing(
    sqlite_url: str, clock: FrozenClock
) -> None:
    fake = telegram_fake()
    fake.names["mallory"] = "Bob"  # Mallory takes Bob's display name
    async with running_app(submit_config(sqlite_url), fake, clock=clock) as app:
        fake.seen.update({"bob", "mallory"})
        await write_submission(fake, user="ann", coauthors="@bob")
        await fake.press("Send it for review")
        fake.pop_all()
        await fake.press("coauthor:1:yes", user="mallory")  # Bob's button, pressed by her
        assert "That invitation is no longer open" in fake.pop_replies("mallory")[-1].text
        await accept_invitation(app, fake)  # the real Bob
        await fake.command("/drafts", user="mallory")
        assert "no drafts yet" in fake.pop_replies("mallory")[-1].text
        await fake.command("/drafts 1", user="mallory")
        assert "There is no draft #1 among yours" in fake.pop_replies("mallory")[-1].text
        await fake.press("draft:open:1", user="mallory")
        assert "Night buses" not in fake.pop_replies("mallory")[-1].text
        await fake.command("/mydata", user="mallory")
        document = json_attachment(fake, "mallory")
        assert "Night buses" not in json.dumps(document)
        await fake.command("/mydata", user="bob")
        submissions = json_attachment(fake, "bob")["sections"]["submissions"]["data"]
        named = submissions["drafts_naming_you_as_co_author"]
        assert [d["title"] for d in named] == ["Night buses"]


async def test_declining_leaves_no_name_on_the_draft(sqlite_url: str, clock: FrozenClock) -> None:
    fake = telegram_fake()
    async with running_app(submit_config(sqlite_url), fake, clock=clock) as app:
        fake.seen.add("bob")
        await write_submission(fake, user="ann", coauthors="@bob")
        await app.services.outbox.deliver_pending()
        fake.pop_all()
        await fake.press("coauthor:1:no", user="bob")
        assert "Declined: you are not a co-author of draft #1" in fake.pop_replies("bob")[-1].text
        await app.services.outbox.deliver_pending()
        assert "Bob declined to co-author" in fake.pop_replies("ann")[-1].text
        await fake.command("/drafts", user="bob")
        assert "no drafts yet" in fake.pop_replies("bob")[-1].text
        async with app.storage.unit() as uow:
            draft = await uow.get(SUBMISSIONS).get(1)
        assert draft is not None
        assert draft.coauthors == []


async def test_withdraw_then_reopen_then_delete(sqlite_url: str, clock: FrozenClock) -> None:
    fake = telegram_fake()
    async with running_app(submit_config(sqlite_url), fake, clock=clock) as app:
        await send_submission(fake)
        await fake.press("draft:withdraw:1")
        assert "Withdrew #1 Night buses" in fake.pop_all()[-1].text
        assert "withdrawn by its author" in officer_notices(fake)[-1].text
        await fake.command("/drafts 1")
        opened = fake.pop()
        assert "withdrawn" in opened.text
        assert opened.labels == ["Reopen it", "Delete it"]
        await fake.press("Reopen it")
        assert "Check your draft" in fake.pop().text
        await fake.press("draft:delete:1")
        confirm = fake.pop()
        assert "for good" in confirm.text
        await fake.press("Yes, delete it")
        assert "Deleted #1 Night buses" in fake.pop().text
        async with app.storage.unit() as uow:
            assert await uow.get(SUBMISSIONS).get(1) is None
        await fake.say("hello")
        assert "not waiting for an answer" in fake.pop().text  # its conversation ended too


async def test_drafts_refuses_a_number_it_cannot_read(sqlite_url: str, clock: FrozenClock) -> None:
    fake = telegram_fake()
    async with running_app(submit_config(sqlite_url), fake, clock=clock):
        await fake.command("/drafts seven")
        assert "“seven” is not a draft number" in fake.pop().text


async def test_draft_numbers_autocomplete_only_for_their_author(
    sqlite_url: str, clock: FrozenClock
) -> None:
    fake = telegram_fake()
    async with running_app(submit_config(sqlite_url), fake, clock=clock) as app:
        await suggest_drafts_for(app, fake)


async def suggest_drafts_for(app: App, fake: FakeAdapter) -> None:
    async with app.storage.unit() as uow:
        store = uow.get(SUBMISSIONS)
        now = app.services.clock()
        mine = await store.add(
            Draft(fake.identity("ann"), now, now, fields={"title": "Night buses"})
        )
        await store.add(Draft(fake.identity("bob"), now, now, fields={"title": "Bob's libraries"}))
    ann = CommandEvent(sender=fake.identity("ann"), chat=fake.chat("ann"), name="drafts")
    suggestions = await app.dispatcher.suggest(ann, fake, "drafts", "")
    assert [c.value for c in suggestions] == [str(mine.id)]
    assert await app.dispatcher.suggest(ann, fake, "drafts", "libraries") == []
