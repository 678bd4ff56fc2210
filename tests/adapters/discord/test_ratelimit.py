"""The global limiter on virtual time: the window, first come first served, cancellation,
places held until the answer, and discord.py's REST client going through it."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any, cast

import discord
import pytest

from adapters.discord.ratelimit import GlobalLimiter, limit_requests
from tests.fakes.virtual_time import VirtualTime


class Recorder:
    """A stand-in for a REST request: records when each one went out."""

    def __init__(self, time: VirtualTime) -> None:
        self.time = time
        self.sent: list[tuple[float, Any]] = []

    def request(self, tag: Any = None) -> Any:
        async def go() -> Any:
            self.sent.append((self.time(), tag))
            return tag

        return go

    @property
    def stamps(self) -> list[float]:
        return [t for t, _ in self.sent]


def most_in_any_window(stamps: list[float], period: float) -> int:
    return max(sum(1 for t in stamps if start <= t < start + period) for start in stamps)


def answered_by(answer: asyncio.Future[None]) -> Callable[[], Awaitable[None]]:
    """A request under way until the test gives `answer` a result."""

    async def request() -> None:
        await answer

    return request


async def settle() -> None:
    for _ in range(10):
        await asyncio.sleep(0)


@pytest.fixture
def time() -> VirtualTime:
    return VirtualTime()


@pytest.fixture
def paused() -> VirtualTime:
    """Time that moves only when the test advances it."""
    return VirtualTime(auto=False)


async def test_never_more_than_50_in_any_second_not_even_in_a_first_burst(
    time: VirtualTime,
) -> None:
    limiter, call = GlobalLimiter(clock=time, sleep=time.sleep), Recorder(time)
    for n in range(1000):
        await limiter.call(call.request(n))
    assert most_in_any_window(call.stamps, 1.0) == 50
    # and no slower than needed: 1,000 in 20 windows, the first at once
    assert call.stamps[-1] - call.stamps[0] == 19.0


async def test_concurrent_senders_share_the_window_in_the_order_they_came(
    time: VirtualTime,
) -> None:
    limiter, call = GlobalLimiter(clock=time, sleep=time.sleep), Recorder(time)
    await asyncio.gather(*(limiter.call(call.request(n)) for n in range(260)))
    assert most_in_any_window(call.stamps, 1.0) == 50
    assert [tag for _, tag in call.sent] == list(range(260))


async def test_a_cancelled_waiter_takes_no_place(paused: VirtualTime) -> None:
    limiter, call = GlobalLimiter(clock=paused, sleep=paused.sleep), Recorder(paused)
    for n in range(50):
        await limiter.call(call.request(n))
    start = paused()
    sleeping = asyncio.create_task(limiter.call(call.request("sleeping")))
    queued = asyncio.create_task(limiter.call(call.request("queued")))
    after = asyncio.create_task(limiter.call(call.request("after")))
    await settle()
    sleeping.cancel()
    queued.cancel()
    await settle()
    assert sleeping.cancelled()
    assert queued.cancelled()
    assert not after.done()  # the turn passed on: it waits for the window, not a lock
    await paused.advance(1.0)
    await after
    for n in range(49):  # the whole next window is still free: nothing leaked
        await asyncio.wait_for(limiter.call(call.request(n)), 0.1)
    assert call.stamps[50:] == [start + 1.0] * 50
    late = asyncio.create_task(limiter.call(call.request("late")))
    await settle()
    assert not late.done()
    late.cancel()


async def test_a_request_holds_its_place_until_a_period_after_its_answer(
    paused: VirtualTime,
) -> None:
    """Discord counts a request when it arrives, some time after it left: the window runs
    from the answer, so a slow request cannot let the next one arrive too soon."""
    limiter, call = GlobalLimiter(1, 1.0, clock=paused, sleep=paused.sleep), Recorder(paused)
    start = paused()

    async def slow() -> None:
        await paused.sleep(0.5)

    first = asyncio.create_task(limiter.call(slow))
    second = asyncio.create_task(limiter.call(call.request("second")))
    await settle()
    await paused.advance(0.5)
    await first
    await paused.advance(0.5)
    assert not second.done()  # a window on departures would have let it go now
    await paused.advance(0.5)
    await second
    assert call.stamps == [start + 1.5]


async def test_when_every_place_is_under_way_the_next_waits_for_one_to_end(
    paused: VirtualTime,
) -> None:
    limiter, call = GlobalLimiter(2, 1.0, clock=paused, sleep=paused.sleep), Recorder(paused)
    answers: list[asyncio.Future[None]] = [asyncio.Future() for _ in range(2)]
    hanging = [asyncio.create_task(limiter.call(answered_by(a))) for a in answers]
    waiting = asyncio.create_task(limiter.call(call.request("third")))
    await settle()
    await paused.advance(10)
    assert not waiting.done()
    hanging[0].cancel()  # cancelled under way: it may have arrived, so it still counts
    await settle()
    await paused.advance(0.9)
    assert not waiting.done()
    await paused.advance(0.1)
    await waiting
    assert call.stamps == [paused()]
    answers[1].set_result(None)
    await hanging[1]


class StubHTTP:
    """discord.py's REST client, as far as `limit_requests` sees it."""

    def __init__(self, time: VirtualTime) -> None:
        self.sent = Recorder(time)

    async def request(self, route: discord.http.Route, **kwargs: Any) -> Any:
        return await self.sent.request(route.path)()


async def test_every_request_of_the_rest_client_waits_for_its_place(paused: VirtualTime) -> None:
    """Posts, DMs, edits, lookups and syncs all share the window. (Interaction answers go
    through discord.py's webhook client: test_e2e_ratelimit shows them unhindered.)"""
    http = StubHTTP(paused)
    limit_requests(
        cast(discord.http.HTTPClient, http), GlobalLimiter(clock=paused, sleep=paused.sleep)
    )
    client = cast(discord.http.HTTPClient, http)
    routes = [
        discord.http.Route("POST", "/channels/{channel_id}/messages", channel_id=n)
        for n in range(50)
    ]
    assert (
        await asyncio.gather(*(client.request(route, json={}) for route in routes))
        == ["/channels/{channel_id}/messages"] * 50
    )
    start = paused()
    lookup = asyncio.create_task(client.request(discord.http.Route("GET", "/users/@me")))
    await settle()
    assert not lookup.done()
    await paused.advance(1.0)
    assert await lookup == "/users/@me"
    assert http.sent.stamps[-1] == start + 1.0
