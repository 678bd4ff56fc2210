"""Polls on the desk: the list with turnout, results (text and chart) only once an officer
may see them, the CSV /poll export makes, never who voted how in an anonymous poll; only
for an office that runs polls."""

from __future__ import annotations

import httpx

from bot.model import Identity
from bot.permissions import Permission
from bot.stores.accounts import ACCOUNTS
from bot.stores.offices import OFFICES, Holding
from tests.commands.polls_support import GROUP, OFFICER, make_poll
from tests.commands.submit_support import telegram_fake
from tests.commands.web.desk_support import base_url, desk_config, sign_in_path
from tests.commands.web.test_desk import signed_in_client
from tests.support import FrozenClock, running_app


async def test_polls_show_turnout_then_results_chart_and_export_without_ballots(
    sqlite_url: str, clock: FrozenClock
) -> None:
    fake = telegram_fake()
    config = desk_config(sqlite_url)
    async with running_app(config, fake, clock=clock) as app:
        number = await make_poll(app, fake, question="Which <campaign> first?")
        await fake.press(f"vote:{number}:0", user="ann", group=GROUP)
        await fake.press(f"vote:{number}:1", user="bob", group=GROUP)
        async with httpx.AsyncClient(base_url=base_url(config)) as http:
            assert (await http.get("/desk/polls")).status_code == 401
            await signed_in_client(http, await sign_in_path(fake))
            listing = await http.get("/desk/polls")
            assert f"#{number} Which &lt;campaign&gt; first?" in listing.text
            assert "2 took part" in listing.text
            hidden = await http.get(f"/desk/polls/{number}")
            assert "shows its results only when it closes" in hidden.text
            assert "Buses: 1 vote" not in hidden.text
            assert (await http.get(f"/desk/polls/{number}/chart.png")).status_code == 404
            assert (await http.get(f"/desk/polls/{number}/export.csv")).status_code == 404
            await fake.command(f"/poll close {number}", user=OFFICER)
            fake.pop_all()
            closed = await http.get(f"/desk/polls/{number}")
            assert "Buses: 1 vote (50.0%)" in closed.text
            assert f'<img src="/desk/polls/{number}/chart.png"' in closed.text
            assert "Ann" not in closed.text
            png = await http.get(f"/desk/polls/{number}/chart.png")
            assert png.headers["content-type"] == "image/png"
            assert png.content.startswith(b"\x89PNG")
            exported = await http.get(f"/desk/polls/{number}/export.csv")
            assert exported.headers["content-disposition"].startswith("attachment")
            assert '"took part",2' in exported.text
            assert "Ann" not in exported.text  # an anonymous poll: totals only
            assert "voter" not in exported.text
            downloads = await http.get("/desk/exports")
            assert f"/desk/polls/{number}/export.csv" in downloads.text
            assert (await http.get("/desk/polls/99")).status_code == 404
            live = await make_poll(app, fake, question="Live one?", live=True)
            await fake.press(f"vote:{live}:2", user="ann", group=GROUP)
            so_far = await http.get(f"/desk/polls/{live}")
            assert "Results so far: Live one?" in so_far.text
            assert "NHS: 1 vote (100.0%)" in so_far.text
            assert (await http.get(f"/desk/polls/{live}/chart.png")).status_code == 200


async def test_an_office_that_reviews_but_runs_no_polls_is_refused_the_polls(
    sqlite_url: str, clock: FrozenClock
) -> None:
    fake = telegram_fake()
    base = desk_config(sqlite_url)
    offices = {**base.offices, "Reviewer": (Permission.REVIEW,)}
    config = base.model_copy(update={"offices": offices})
    async with running_app(config, fake, clock=clock) as app:
        async with app.storage.unit() as uow:
            person = await uow.get(ACCOUNTS).person_of(
                Identity(fake.platform, "rae", "rae"), clock()
            )
            await uow.get(OFFICES).grant(Holding("Reviewer", person, "telegram:olive", clock()))
        async with httpx.AsyncClient(base_url=base_url(config)) as http:
            await signed_in_client(http, await sign_in_path(fake, user="rae"))
            refused = await http.get("/desk/polls")
            assert refused.status_code == 403
            assert "for officers who run polls" in refused.text
            assert (await http.get("/desk/consultations")).status_code == 403
            downloads = await http.get("/desk/exports")
            assert "poll-" not in downloads.text  # no poll links for an office without polls
