"""The officers' desk over HTTP: /web's one-time link, the session cookie, CSRF, the role
checked on every request, and approve / return doing what /review does in chat."""

from __future__ import annotations

import re
from datetime import timedelta

import httpx

from bot.stores.audit import AUDIT
from bot.stores.events import EVENTS
from bot.stores.submissions import SUBMISSIONS, Status
from tests.commands.feed_support import store_event
from tests.commands.privacy_support import json_attachment
from tests.commands.submit_support import send_submission, submit_config, telegram_fake
from tests.commands.web.desk_support import base_url, desk_config, sign_in_path
from tests.support import FrozenClock, running_app

CSRF = re.compile(r'name="csrf" value="([0-9a-f]+)"')


async def signed_in_client(http: httpx.AsyncClient, path: str) -> str:
    """Open the link, press Sign in; the desk's CSRF token."""
    page = await http.get(path)
    assert page.status_code == 200
    token = path.rsplit("/", 1)[1]
    signed = await http.post("/desk/signin", data={"token": token})
    assert signed.status_code == 303
    cookie = signed.headers["set-cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Strict" in cookie
    assert "Secure" in cookie  # the public address is https: so the test, on http,
    value = cookie.split(";", 1)[0].split("=", 1)[1]  # sends it by hand
    http.cookies.set("clpbot_desk", value, domain="127.0.0.1", path="/desk")
    desk = await http.get("/desk")
    assert desk.status_code == 200
    found = CSRF.search(desk.text)
    assert found is not None
    return found.group(1)


async def test_an_officer_approves_and_returns_and_the_author_is_told(
    sqlite_url: str, clock: FrozenClock
) -> None:
    fake = telegram_fake()
    config = desk_config(sqlite_url)
    async with running_app(config, fake, clock=clock) as app:
        await send_submission(fake, title="Night buses")
        await send_submission(fake, title="Libraries <b>open</b>")
        fake.pop_all()
        path = await sign_in_path(fake)
        async with httpx.AsyncClient(base_url=base_url(config)) as http:
            csrf = await signed_in_client(http, path)
            queue = await http.get("/desk")
            assert "Night buses" in queue.text
            assert "Libraries &lt;b&gt;open&lt;/b&gt;" in queue.text
            draft = await http.get("/desk/drafts/1")
            assert "The last bus leaves at nine" in draft.text
            assert "sent for review" in draft.text  # the history
            forged = await http.post("/desk/drafts/1/approve", data={})
            assert forged.status_code == 403
            elsewhere = {"origin": "https://evil.example"}
            other_site = await http.post(
                "/desk/drafts/1/approve", data={"csrf": csrf}, headers=elsewhere
            )
            assert other_site.status_code == 403
            approved = await http.post("/desk/drafts/1/approve", data={"csrf": csrf})
            assert approved.status_code == 303
            assert [s.text for s in fake.pop_replies("ann")] == [
                "Good news: the officers approved #1 Night buses. They will send it to the "
                "Policy Forum."
            ]
            empty = await http.post("/desk/drafts/2/return", data={"csrf": csrf, "comment": " "})
            assert empty.status_code == 400
            assert "be empty: tell the author what to change" in empty.text
            returned = await http.post(
                "/desk/drafts/2/return", data={"csrf": csrf, "comment": "Add costings <please>"}
            )
            assert returned.status_code == 303
            after = await http.get(returned.headers["location"])
            assert "Returned to its author" in after.text
            assert "Add costings &lt;please&gt;" in after.text
            md = await http.get("/desk/exports/submissions.md")
            assert md.headers["content-disposition"].startswith("attachment")
            assert "Night buses" in md.text
            assert (await http.get("/desk/exports/submissions.exe")).status_code == 404
            log = await http.get("/desk/audit")
            assert "Olive (officer, telegram:olive): review.decision draft #1: approved" in log.text
        [told] = fake.pop_replies("ann")
        assert "Add costings <please>" in told.text
        async with app.storage.unit() as uow:
            first = await uow.get(SUBMISSIONS).get(1)
            second = await uow.get(SUBMISSIONS).get(2)
            entries = await uow.get(AUDIT).latest(10)
        assert first is not None
        assert first.status is Status.APPROVED
        assert second is not None
        assert second.status is Status.RETURNED
        decisions = [
            (e.action, e.detail, e.actor_key) for e in entries if e.action == "review.decision"
        ]
        assert ("review.decision", "approved", "telegram:olive") in decisions
        assert ("review.decision", "returned", "telegram:olive") in decisions


async def test_the_link_works_once_and_only_for_ten_minutes(
    sqlite_url: str, clock: FrozenClock
) -> None:
    fake = telegram_fake()
    config = desk_config(sqlite_url)
    async with running_app(config, fake, clock=clock):
        path = await sign_in_path(fake)
        late = await sign_in_path(fake)
        async with httpx.AsyncClient(base_url=base_url(config)) as http:
            await signed_in_client(http, path)
        async with httpx.AsyncClient(base_url=base_url(config)) as http:
            again = await http.post("/desk/signin", data={"token": path.rsplit("/", 1)[1]})
            assert again.status_code == 403
            assert "used or has expired" in again.text
            assert (await http.get(path)).status_code == 403
            clock.now += timedelta(minutes=11)
            expired = await http.post("/desk/signin", data={"token": late.rsplit("/", 1)[1]})
            assert expired.status_code == 403


async def test_a_member_gets_no_link_and_a_removed_officer_is_out_at_once(
    sqlite_url: str, clock: FrozenClock
) -> None:
    fake = telegram_fake()
    config = desk_config(sqlite_url)
    async with running_app(config, fake, clock=clock):
        await fake.command("/web", user="ann")
        assert "for officers only" in fake.pop().text
        path = await sign_in_path(fake)
        async with httpx.AsyncClient(base_url=base_url(config)) as http:
            csrf = await signed_in_client(http, path)
            fake.officers.discard("olive")
            assert (await http.get("/desk")).status_code == 401
            fake.officers.add("olive")
            assert (await http.get("/desk")).status_code == 401  # signed out everywhere
            assert csrf
            unused = await sign_in_path(fake)
            fake.officers.discard("olive")  # a link made for someone no longer an officer
            refused = await http.post("/desk/signin", data={"token": unused.rsplit("/", 1)[1]})
            assert refused.status_code == 403
            assert "for officers only" in refused.text


async def test_sign_out_ends_every_session_of_that_officer(
    sqlite_url: str, clock: FrozenClock
) -> None:
    fake = telegram_fake()
    config = desk_config(sqlite_url)
    async with running_app(config, fake, clock=clock):
        phone, laptop = await sign_in_path(fake), await sign_in_path(fake)
        url = base_url(config)
        async with httpx.AsyncClient(base_url=url) as one, httpx.AsyncClient(base_url=url) as two:
            csrf = await signed_in_client(one, phone)
            await signed_in_client(two, laptop)
            assert (await one.post("/desk/signout", data={})).status_code == 403
            out = await one.post("/desk/signout", data={"csrf": csrf})
            assert out.status_code == 200
            assert (await two.get("/desk")).status_code == 401
            clock.now += timedelta(hours=1)
            assert (await one.get("/desk")).status_code == 401


async def test_web_says_so_when_the_web_server_is_off(sqlite_url: str, clock: FrozenClock) -> None:
    fake = telegram_fake()
    async with running_app(submit_config(sqlite_url), fake, clock=clock):
        await fake.command("/web", user="olive")
        assert "web desk is off" in fake.pop().text


async def test_the_desk_shows_who_is_coming_with_access_needs_to_officers_only(
    sqlite_url: str, clock: FrozenClock
) -> None:
    fake = telegram_fake()
    config = desk_config(sqlite_url)
    async with running_app(config, fake, clock=clock) as app:
        event = await store_event(app, "Hustings", clock.now + timedelta(days=2))
        async with app.storage.unit() as uow:
            await uow.get(EVENTS).rsvp(event.id or 0, fake.identity("mo"), clock.now)
            await uow.get(EVENTS).set_access_needs(event.id or 0, fake.identity("mo"), "ramp <b>")
        async with httpx.AsyncClient(base_url=base_url(config)) as http:
            assert (await http.get(f"/desk/events/{event.id}")).status_code == 401
            await signed_in_client(http, await sign_in_path(fake))
            listing = await http.get("/desk/events")
            assert "Hustings" in listing.text
            coming = await http.get(f"/desk/events/{event.id}")
        async with httpx.AsyncClient(base_url=base_url(config)) as stranger:
            public = await stranger.get(f"/events/{event.id}")
        assert "1. Mo (telegram) — access needs: ramp &lt;b&gt;" in coming.text
        assert coming.headers["cache-control"] == "no-store"
        assert "ramp" not in public.text


async def test_mydata_lists_desk_sessions_and_forgetme_signs_out_everywhere(
    sqlite_url: str, clock: FrozenClock
) -> None:
    fake = telegram_fake()
    config = desk_config(sqlite_url)
    url = base_url(config)
    async with running_app(config, fake, clock=clock), httpx.AsyncClient(base_url=url) as http:
        await signed_in_client(http, await sign_in_path(fake))
        await fake.command("/mydata", user="olive")
        document = json_attachment(fake, "olive")
        [session] = document["sections"]["web_sessions"]["data"]
        assert session["platform"] == "telegram"
        assert session["expires_at"]
        await fake.command("/forgetme", user="olive")
        await fake.press("Yes, erase my data", user="olive")
        assert "signed-in web desk session" in fake.last().text
        assert (await http.get("/desk")).status_code == 401


async def test_a_policy_officer_by_office_signs_in_and_an_events_officer_does_not(
    sqlite_url: str, clock: FrozenClock
) -> None:
    """The desk is the review queue: an office that reviews drafts opens it, another office
    does not, and the office handed back ends the session at the next request."""
    from bot.model import Identity
    from bot.stores.accounts import ACCOUNTS
    from bot.stores.offices import OFFICES, Holding

    fake = telegram_fake()
    config = desk_config(sqlite_url)
    async with running_app(config, fake, clock=clock) as app:
        async with app.storage.unit() as uow:
            for user, office in (
                ("pat", "Policy Officer"),
                ("eve", "Political Education & Training Officer"),
            ):
                person = await uow.get(ACCOUNTS).person_of(
                    Identity(fake.platform, user, user), clock()
                )
                await uow.get(OFFICES).grant(Holding(office, person, "telegram:olive", clock()))
        await fake.command("/web", user="eve")
        assert "for officers only" in fake.pop().text
        path = await sign_in_path(fake, user="pat")
        async with httpx.AsyncClient(base_url=base_url(config)) as http:
            assert await signed_in_client(http, path)
            async with app.storage.unit() as uow:
                [holding] = [
                    h for h in await uow.get(OFFICES).holdings() if h.office == "Policy Officer"
                ]
                assert holding.id is not None
                await uow.get(OFFICES).revoke(holding.id)
            assert (await http.get("/desk")).status_code == 401
