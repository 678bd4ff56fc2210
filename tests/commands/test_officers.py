"""Offices handed over in the bot: /officers, /officers add, /officers remove, /whoami.

A holding belongs to the person, so it counts at once on every linked account; the
officers the platform names (the fake's `officers`) hold every permission.
"""

from __future__ import annotations

from adapters.fake import FakeAdapter
from bot.app import App
from bot.config import Config
from bot.stores.audit import AUDIT
from bot.stores.offices import OFFICES
from tests.commands.test_link import code_in
from tests.support import FrozenClock, running_app

REFUSED = "for officers only"


def texts(fake: FakeAdapter, user: str) -> str:
    return "\n".join(s.text for s in fake.pop_replies(user))


async def hand_over(app: App, fake: FakeAdapter, who: str, office: str, by: str = "olive") -> str:
    """`by` gives `who` (mentioned with @) `office`; what the new officer was told."""
    await fake.command(f"/officers add @{who}", user=by)
    await fake.press(office, user=by)
    await fake.press("Confirm", user=by)
    assert f"is now {office}" in fake.last().text
    await app.services.outbox.deliver_pending()
    return texts(fake, who)


async def test_a_platform_officer_hands_an_office_over(config: Config, clock: FrozenClock) -> None:
    tg = FakeAdapter(platform="tg", officers={"olive"})
    async with running_app(config, tg, clock=clock) as app:
        await tg.command("/review", user="pat")
        assert REFUSED in texts(tg, "pat")  # pat has been seen: @pat is a mention now

        told = await hand_over(app, tg, "pat", "Policy Officer")
        assert "You are now Policy Officer of" in told
        assert "review submissions and motions" in told
        assert "run polls" in told

        await tg.command("/review", user="pat")
        assert REFUSED not in texts(tg, "pat")
        await tg.command("/event add", user="pat")
        refusal = texts(tg, "pat")
        assert REFUSED in refusal
        assert "manage events" in refusal

        await tg.command("/whoami", user="pat")
        whoami = texts(tg, "pat")
        assert "Your offices: Policy Officer" in whoami
        assert "Your role here: officer" in whoami
        assert "manage consultations" in whoami
        assert "manage events" not in whoami

        await tg.command("/officers", user="olive")
        roster = texts(tg, "olive")
        assert "Pat (Tg)" in roster
        assert "vacant" in roster
        async with app.storage.unit() as uow:
            [entry] = [e for e in await uow.get(AUDIT).latest(20) if e.action == "office.grant"]
        assert entry.actor_key == "tg:olive"
        assert entry.detail == "Policy Officer to tg:pat"


async def test_an_office_counts_on_every_linked_account_at_once(
    config: Config, clock: FrozenClock
) -> None:
    tg = FakeAdapter(platform="tg", officers={"olive"})
    dc = FakeAdapter(platform="dc")
    async with running_app(config, tg, dc, clock=clock) as app:
        await tg.command("/link", user="pat")
        await dc.command(f"/link {code_in(tg.last().text)}", user="pat-dc")
        await hand_over(app, tg, "pat", "Political Education & Training Officer")

        await dc.command("/event add", user="pat-dc")  # the other platform, no restart
        assert REFUSED not in texts(dc, "pat-dc")
        await dc.command("/cancel", user="pat-dc")
        await dc.command("/whoami", user="pat-dc")
        assert "Your offices: Political Education & Training Officer" in texts(dc, "pat-dc")

        async with app.storage.unit() as uow:
            [holding] = await uow.get(OFFICES).holdings()
        await tg.command(f"/officers remove {holding.id}", user="olive")
        await tg.press("Remove", user="olive")
        assert "no longer holds Political Education & Training Officer" in tg.last().text
        await app.services.outbox.deliver_pending()
        assert "You no longer hold" in "\n".join(
            s.text for s in [*tg.pop_replies("pat"), *dc.pop_replies("pat-dc")]
        )

        await dc.command("/event add", user="pat-dc")
        assert REFUSED in texts(dc, "pat-dc")
        async with app.storage.unit() as uow:
            actions = [e.action for e in await uow.get(AUDIT).latest(20)]
        assert {"office.grant", "office.remove"} <= set(actions)


async def test_offices_held_on_both_accounts_before_a_link_join(
    config: Config, clock: FrozenClock
) -> None:
    tg = FakeAdapter(platform="tg", officers={"olive"})
    dc = FakeAdapter(platform="dc", officers={"otto"})
    async with running_app(config, tg, dc, clock=clock) as app:
        await tg.command("/whoami", user="pat")
        await dc.command("/whoami", user="patdc")
        await hand_over(app, tg, "pat", "Youth Officer")
        await hand_over(app, dc, "patdc", "Youth Officer", by="otto")
        await hand_over(app, dc, "patdc", "Women's Officer", by="otto")
        await tg.command("/link", user="pat")
        await dc.command(f"/link {code_in(tg.last().text)}", user="patdc")
        await tg.command("/whoami", user="pat")
        assert "Your offices: Women's Officer, Youth Officer." in texts(tg, "pat")
        async with app.storage.unit() as uow:
            assert len(await uow.get(OFFICES).holdings()) == 2


async def test_an_office_holder_who_manages_officers_hands_over(
    config: Config, clock: FrozenClock
) -> None:
    """After the AGM the new Secretary hands over; the old one then loses the office."""
    tg = FakeAdapter(platform="tg", officers={"olive"})
    async with running_app(config, tg, clock=clock) as app:
        for user in ("sam", "pat"):
            await tg.command("/whoami", user=user)
        await hand_over(app, tg, "sam", "Secretary")
        await hand_over(app, tg, "pat", "Chair", by="sam")
        await tg.command("/officers add @olive", user="pat")
        assert "Which office does Olive take?" in tg.last().text

        await tg.command("/officers add someone", user="pat")
        assert "a name is not enough" in texts(tg, "pat")
        await tg.command("/officers add tg:nobody", user="pat")
        assert "I don't know the account tg:nobody yet" in texts(tg, "pat")
        await tg.command("/officers add tg:sam", user="pat")
        await tg.press("Secretary", user="pat")
        await tg.press("Confirm", user="pat")
        assert "Sam already holds Secretary: nothing changed." in tg.last().text


async def test_whoami_of_a_platform_officer_and_a_member(
    config: Config, clock: FrozenClock
) -> None:
    tg = FakeAdapter(platform="tg", officers={"olive"})
    async with running_app(config, tg, clock=clock):
        await tg.command("/whoami", user="olive")
        said = texts(tg, "olive")
        assert "You are an officer on Tg (by the platform): every permission." in said
        assert "manage officers" in said
        assert "read the audit log" in said
        await tg.command("/whoami", user="ann")
        said = texts(tg, "ann")
        assert "Your role here: member." in said
        assert "offices" not in said


async def test_a_member_cannot_hand_over_or_press_the_buttons(
    config: Config, clock: FrozenClock
) -> None:
    tg = FakeAdapter(platform="tg", officers={"olive"})
    async with running_app(config, tg, clock=clock) as app:
        await tg.command("/whoami", user="ann")
        await tg.command("/officers add @ann", user="ann")
        assert REFUSED in texts(tg, "ann")
        await tg.press("officers-remove:1:yes", user="ann")
        assert REFUSED in texts(tg, "ann")
        async with app.storage.unit() as uow:
            assert await uow.get(OFFICES).holdings() == []


async def test_mydata_shows_offices_and_forgetme_ends_them(
    config: Config, clock: FrozenClock
) -> None:
    tg = FakeAdapter(platform="tg", officers={"olive"})
    async with running_app(config, tg, clock=clock) as app:
        await tg.command("/whoami", user="pat")
        await hand_over(app, tg, "pat", "Disability Officer")
        await tg.command("/mydata", user="pat")
        [export] = [s for s in tg.pop_replies("pat") if s.message.attachment is not None]
        assert export.message.attachment is not None
        assert b"Disability Officer" in export.message.attachment.content
        await tg.command("/forgetme", user="pat")
        await tg.press("Yes, erase my data", user="pat")
        assert "Your 1 office in the bot" in tg.last().text
        async with app.storage.unit() as uow:
            assert await uow.get(OFFICES).holdings() == []
