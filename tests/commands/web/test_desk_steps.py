"""The desk offers every step /review offers now: asking the equalities officers, and the
dated steps, each date checked by the chat's rules and read back before it is saved."""

from __future__ import annotations

from datetime import date

import httpx

from bot.stores.audit import AUDIT
from bot.stores.submissions import SUBMISSIONS, Status
from tests.commands.submit_support import send_motion, send_submission, telegram_fake
from tests.commands.web.desk_support import base_url, desk_config, sign_in_path
from tests.commands.web.test_desk import signed_in_client
from tests.support import FrozenClock, running_app


async def test_a_motion_goes_to_the_meeting_and_is_carried_with_dates_read_back(
    sqlite_url: str, clock: FrozenClock
) -> None:
    fake = telegram_fake()
    config = desk_config(sqlite_url)
    async with running_app(config, fake, clock=clock) as app:
        await send_motion(fake, title="Libraries")
        fake.pop_all()
        async with httpx.AsyncClient(base_url=base_url(config)) as http:
            csrf = await signed_in_client(http, await sign_in_path(fake))
            assert (await http.post("/desk/drafts/1/approve", data={"csrf": csrf})).is_redirect
            fake.pop_all()
            opened = await http.get("/desk/drafts/1")
            assert 'type="date"' in opened.text
            assert "On what date is #1 put to the General Meeting" in opened.text
            assert "Ask the equalities officers" in opened.text
            forged = await http.post("/desk/drafts/1/date/meeting", data={"on": "2026-03-12"})
            assert forged.status_code == 403
            bad = await http.post(
                "/desk/drafts/1/date/meeting", data={"csrf": csrf, "on": "someday <soon>"}
            )
            assert bad.status_code == 400
            assert "I could not read “someday &lt;soon&gt;” as a date" in bad.text
            assert 'value="someday &lt;soon&gt;"' in bad.text  # what was typed, shown back
            ask = await http.post(
                "/desk/drafts/1/date/meeting", data={"csrf": csrf, "on": "2026-02-26"}
            )
            assert ask.status_code == 200
            assert (
                "#1 Libraries: put to the General Meeting on Thursday 26 February 2026"
                " — is that right?"
            ) in ask.text
            assert "Confirm" in ask.text
            assert "change=meeting&amp;on=2026-02-26" in ask.text
            change = await http.get("/desk/drafts/1?change=meeting&on=2026-02-26")
            assert 'value="2026-02-26"' in change.text
            async with app.storage.unit() as uow:
                waiting = await uow.get(SUBMISSIONS).get(1)
            assert waiting is not None
            assert waiting.status is Status.APPROVED  # nothing saved before the yes
            yes = await http.post(
                "/desk/drafts/1/date/meeting/confirm", data={"csrf": csrf, "on": "2026-02-26"}
            )
            assert yes.status_code == 303
            after = await http.get(yes.headers["location"])
            assert "down for the General Meeting on Thursday 26 February 2026" in after.text
            [news] = fake.pop_replies("ann")
            assert "will be put to the General Meeting on Thursday 26 February 2026" in news.text

            future = await http.post(
                "/desk/drafts/1/date/carried", data={"csrf": csrf, "on": "2026-03-12"}
            )
            assert future.status_code == 400
            assert "Thursday 12 March 2026 is in the future" in future.text
            early = await http.post(
                "/desk/drafts/1/date/carried", data={"csrf": csrf, "on": "2026-02-25"}
            )
            assert "is before the General Meeting it was put to" in early.text
            carried = await http.post(
                "/desk/drafts/1/date/carried/confirm", data={"csrf": csrf, "on": "2026-02-27"}
            )
            assert carried.status_code == 303
            fake.pop_all()
            sent_early = await http.post(
                "/desk/drafts/1/date/sent/confirm", data={"csrf": csrf, "on": "2026-02-20"}
            )
            assert sent_early.status_code == 409  # checked again when confirmed
            assert "before the day it was carried" in sent_early.text
        async with app.storage.unit() as uow:
            motion = await uow.get(SUBMISSIONS).get(1)
            entries = await uow.get(AUDIT).latest(10)
        assert motion is not None
        assert motion.status is Status.CARRIED
        assert motion.decided_on == date(2026, 2, 27)
        decisions = [e.detail for e in entries if e.action == "review.decision"]
        assert "carried on 2026-02-27" in decisions
        assert "put to the General Meeting on 2026-02-26" in decisions


async def test_the_desk_asks_the_equalities_officers_as_the_chat_does(
    sqlite_url: str, clock: FrozenClock
) -> None:
    fake = telegram_fake()
    config = desk_config(sqlite_url)
    async with running_app(config, fake, clock=clock) as app:
        await send_submission(fake)
        fake.pop_all()
        async with httpx.AsyncClient(base_url=base_url(config)) as http:
            csrf = await signed_in_client(http, await sign_in_path(fake))
            sideways = await http.post(
                "/desk/drafts/1/date/approve/confirm", data={"csrf": csrf, "on": "2026-03-01"}
            )
            assert sideways.status_code == 409  # approve is not a dated step
            opened = await http.get("/desk/drafts/1")
            assert "On what date was #1 submitted to the Policy Forum?" in opened.text
            asked = await http.post("/desk/drafts/1/equalities", data={"csrf": csrf})
            assert asked.status_code == 303
            after = await http.get(asked.headers["location"])
            assert "Asked the equalities officers to review #1 Night buses" in after.text
            again = await http.post("/desk/drafts/1/equalities", data={"csrf": csrf})
            assert again.status_code == 409
        assert "now with the equalities officers" in fake.pop_replies("ann")[-1].text
        async with app.storage.unit() as uow:
            draft = await uow.get(SUBMISSIONS).get(1)
        assert draft is not None
        assert draft.status is Status.EQUALITIES_REVIEW
