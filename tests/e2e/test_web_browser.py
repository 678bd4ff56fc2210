"""The web pages in a real browser (headless Chromium through Selenium): the public events
page and its calendar link; an officer signing in with the link /web sent them, reviewing
drafts (approve, a dated step read back, return with a comment) and the author told in
chat; a used link, a member's /web and a forged form refused. Screenshots of every page go
to tmp_path/screenshots, for a reviewer to look at."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import httpx
import pytest

from bot.config import Config
from bot.stores.submissions import SUBMISSIONS, Status
from tests.commands.feed_support import free_port, store_event
from tests.commands.submit_support import send_submission, telegram_fake
from tests.commands.web.desk_support import desk_config
from tests.e2e.browser import AXE, browser, browser_or_skip
from tests.support import FrozenClock, running_app


def local_config(sqlite_url: str) -> tuple[str, Config]:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    return base, desk_config(sqlite_url, public_url=base, port=port)


async def test_the_public_events_page_and_its_calendar_link(
    sqlite_url: str, clock: FrozenClock, tmp_path: Path
) -> None:
    browser_or_skip()
    base, config = local_config(sqlite_url)
    fake = telegram_fake()
    async with running_app(config, fake, clock=clock) as app, browser(tmp_path) as chrome:
        event = await store_event(app, "Housing hustings", clock.now + timedelta(days=5))
        await store_event(app, "Last year's AGM", clock.now - timedelta(days=300))
        await chrome.get(f"{base}/events")
        await chrome.screenshot("public-events")
        listing = await chrome.text()
        assert "Housing hustings" in listing
        assert "Last year's AGM" not in listing
        assert f"{base}/calendar.ics" in listing
        await chrome.check_accessibility()
        await chrome.click(f'a[href="/events/{event.id}"]')
        await chrome.screenshot("public-event")
        assert "Town Hall" in await chrome.text()
        await chrome.check_accessibility()
        source = await chrome.source()
        found = re.search(r'href="(/events/\d+\.ics)"', source)
        assert found is not None
        async with httpx.AsyncClient(base_url=base) as http:
            ics = await http.get(found.group(1))
        assert ics.headers["content-type"].startswith("text/calendar")
        assert b"SUMMARY:Housing hustings" in ics.content


async def test_an_officer_signs_in_from_web_and_reviews_drafts(
    sqlite_url: str, clock: FrozenClock, tmp_path: Path
) -> None:
    browser_or_skip()
    base, config = local_config(sqlite_url)
    fake = telegram_fake()
    async with running_app(config, fake, clock=clock) as app, browser(tmp_path) as chrome:
        await send_submission(fake, title="Night buses")
        await send_submission(fake, title="Libraries")
        fake.pop_all()
        await fake.command("/web", user="ann")
        assert "for officers only" in fake.pop().text
        await fake.command("/web", user="olive")
        link = re.search(r"https?://\S+/desk/signin/\S+", fake.pop().text)
        assert link is not None
        await chrome.get(link.group(0))
        await chrome.screenshot("desk-sign-in")
        await chrome.click("button[type=submit]")
        await chrome.screenshot("desk-queue")
        queue = await chrome.text()
        assert "Review queue" in queue
        assert "Night buses" in queue
        await chrome.check_accessibility()

        await chrome.click('a[href="/desk/drafts/1"]')
        await chrome.screenshot("desk-draft")
        assert "The last bus leaves at nine" in await chrome.text()
        await chrome.check_accessibility()
        await chrome.click('form[action="/desk/drafts/1/approve"] button')
        await chrome.screenshot("desk-approved")
        assert "Approved. The author has been told" in await chrome.text()
        assert "officers approved #1 Night buses" in fake.pop_replies("ann")[-1].text
        # a dated step: the date picked, read back, then saved
        await chrome.run("document.querySelector('#on-submitted').value = '2026-03-01'")
        await chrome.click("#step-submitted button")
        await chrome.screenshot("desk-date-read-back")
        assert "on Sunday 1 March 2026 — is that right?" in await chrome.text()
        await chrome.check_accessibility()
        await chrome.click('form[action="/desk/drafts/1/date/submitted/confirm"] button')
        await chrome.screenshot("desk-marked-submitted")
        assert "submitted on" in await chrome.text()
        assert "submitted to the National Policy Forum" in fake.pop_replies("ann")[-1].text

        await chrome.get(f"{base}/desk/drafts/2")
        await chrome.type("#comment", "Please add what it would cost.")
        await chrome.click('form[action="/desk/drafts/2/return"] button')
        await chrome.screenshot("desk-returned")
        assert "Returned to its author" in await chrome.text()
        told = fake.pop_replies("ann")[-1]
        assert "Please add what it would cost." in told.text

        event = await store_event(app, "Hustings", clock.now + timedelta(days=2))
        await chrome.get(f"{base}/desk/events")
        await chrome.screenshot("desk-events")
        await chrome.check_accessibility()
        await chrome.click(f'a[href="/desk/events/{event.id}"]')
        await chrome.screenshot("desk-event-attendees")
        assert "Nobody has replied yet." in await chrome.text()
        await chrome.check_accessibility()

        await chrome.get(f"{base}/desk/polls")
        await chrome.screenshot("desk-polls")
        await chrome.check_accessibility()
        await chrome.get(f"{base}/desk/consultations")
        await chrome.screenshot("desk-consultations")
        await chrome.check_accessibility()

        await chrome.get(f"{base}/desk/audit")
        await chrome.screenshot("desk-audit")
        assert "review.decision draft #2: returned" in await chrome.text()
        await chrome.check_accessibility()

        await chrome.get(f"{base}/desk/exports")
        await chrome.screenshot("desk-downloads")
        assert "submissions.csv" in await chrome.text()
        await chrome.check_accessibility()

        # the link again, in the same browser: used up
        await chrome.get(link.group(0))
        await chrome.screenshot("desk-link-used")
        assert "used or has expired" in await chrome.text()

        # a form made elsewhere, posted with the officer's cookie but without the token
        forged = tmp_path / "forged.html"
        forged.write_text(
            f'<form method="post" action="{base}/desk/drafts/2/approve">'
            '<button type="submit">Win a prize</button></form>'
        )
        await chrome.get(f"{base}/desk/drafts/2")
        await chrome.get(forged.as_uri())
        await chrome.click("button")
        await chrome.screenshot("desk-forged-refused")
        async with app.storage.unit() as uow:
            draft = await uow.get(SUBMISSIONS).get(2)
        assert draft is not None
        assert draft.status is Status.RETURNED  # not approved by the forged form

        await chrome.get(f"{base}/desk")
        await chrome.click('form[action="/desk/signout"] button')
        await chrome.screenshot("desk-signed-out")
        assert "signed out of the desk everywhere" in await chrome.text()
        await chrome.get(f"{base}/desk")
        assert "Please sign in" in await chrome.text()


async def test_a_forged_form_from_the_same_session_without_its_token_is_refused(
    sqlite_url: str, clock: FrozenClock, tmp_path: Path
) -> None:
    """Posted from our own origin (so the SameSite cookie goes with it), only the missing
    CSRF token stops it: 403."""
    browser_or_skip()
    base, config = local_config(sqlite_url)
    fake = telegram_fake()
    async with running_app(config, fake, clock=clock) as app, browser(tmp_path) as chrome:
        await send_submission(fake, title="Night buses")
        fake.pop_all()
        await fake.command("/web", user="olive")
        link = re.search(r"https?://\S+/desk/signin/\S+", fake.pop().text)
        assert link is not None
        await chrome.get(link.group(0))
        await chrome.click("button[type=submit]")
        await chrome.get(f"{base}/desk/drafts/1")
        remove_token = "document.querySelectorAll('input[name=csrf]').forEach(e => e.remove())"
        await chrome.run(remove_token)
        await chrome.click('form[action="/desk/drafts/1/approve"] button')
        await chrome.screenshot("desk-csrf-refused")
        assert "did not come from your desk page" in await chrome.text()
        async with app.storage.unit() as uow:
            draft = await uow.get(SUBMISSIONS).get(1)
        assert draft is not None
        assert draft.status is Status.IN_REVIEW


def test_axe_core_is_there_for_the_accessibility_check() -> None:
    """Where it is missing the pages are still checked by the HTML parser; this says so."""
    browser_or_skip()
    if not AXE.is_file():
        pytest.skip(f"axe-core not installed at {AXE} (.ci/run installs it with npm)")
