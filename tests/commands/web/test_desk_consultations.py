"""Consultations on the desk: the open ones, soonest closing first, with their closing
dates, as /consultations lists them; escaped; a page past the end refused."""

from __future__ import annotations

from datetime import timedelta

import httpx

from bot.stores.consultations import CONSULTATIONS
from tests.commands.submit_support import telegram_fake
from tests.commands.web.desk_support import base_url, desk_config, sign_in_path
from tests.commands.web.test_desk import signed_in_client
from tests.support import FrozenClock, running_app


async def test_the_desk_lists_open_consultations_with_closing_dates(
    sqlite_url: str, clock: FrozenClock
) -> None:
    fake = telegram_fake()
    config = desk_config(sqlite_url)
    async with running_app(config, fake, clock=clock) as app:
        async with app.storage.unit() as uow:
            await uow.get(CONSULTATIONS).add(
                "Buses <first>",
                url="https://example.org/buses",
                closes_at=clock() + timedelta(days=18),
                created_at=clock(),
            )
        async with httpx.AsyncClient(base_url=base_url(config)) as http:
            assert (await http.get("/desk/consultations")).status_code == 401
            await signed_in_client(http, await sign_in_path(fake))
            listing = await http.get("/desk/consultations")
            assert listing.status_code == 200
            assert '<a href="https://example.org/buses">Buses &lt;first&gt;</a>' in listing.text
            assert "closes in 18 days (Fri 20 March 2026)" in listing.text
            assert "no drafts started yet" in listing.text
            assert (await http.get("/desk/consultations?page=2")).status_code == 404
