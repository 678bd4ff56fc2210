"""The flood limiter on virtual time: windows, 429s and retries, with no real waiting."""

from __future__ import annotations

import asyncio
import itertools
from typing import Any

import httpx
import pytest
from telegram.error import NetworkError, RetryAfter

from adapters.telegram.ratelimit import FloodLimiter, Request, Result
from tests.fakes.virtual_time import VirtualTime


class Recorder:
    """A stand-in for the HTTP call: records when each request went out."""

    def __init__(self, time: VirtualTime, failures: list[Exception] | None = None) -> None:
        self.time = time
        self.failures = failures or []
        self.sent: list[tuple[float, Any]] = []

    async def __call__(self, tag: Any = None) -> Result:
        if self.failures:
            raise self.failures.pop(0)
        self.sent.append((self.time(), tag))
        return True


async def send(
    limiter: FloodLimiter, call: Request, chat: int | str, tag: Any = None, endpoint: str = ""
) -> Result:
    return await limiter.process_request(
        call, (tag,), {}, endpoint or "sendMessage", {"chat_id": chat}, None
    )


def most_in_any_window(stamps: list[float], period: float) -> int:
    return max(sum(1 for t in stamps if start <= t < start + period) for start in stamps)


@pytest.fixture
def time() -> VirtualTime:
    return VirtualTime()


@pytest.fixture
def limiter(time: VirtualTime) -> FloodLimiter:
    return FloodLimiter(clock=time, sleep=time.sleep)


async def test_never_more_than_30_a_second_overall_not_even_in_a_first_burst(
    time: VirtualTime, limiter: FloodLimiter
) -> None:
    call = Recorder(time)
    for chat in range(1, 91):
        await send(limiter, call, chat)
    stamps = [t for t, _ in call.sent]
    assert most_in_any_window(stamps, 1.0) == 30
    assert stamps[-1] - stamps[0] >= 2.0


async def test_one_message_a_second_in_a_private_chat(
    time: VirtualTime, limiter: FloodLimiter
) -> None:
    call = Recorder(time)
    for n in range(4):
        await send(limiter, call, 1234, n)
    stamps = [t for t, _ in call.sent]
    assert [round(b - a, 6) for a, b in itertools.pairwise(stamps)] == [1.0] * 3


async def test_twenty_a_minute_in_a_group(time: VirtualTime, limiter: FloodLimiter) -> None:
    call = Recorder(time)
    for n in range(25):
        await send(limiter, call, -100123, n)
    stamps = [t for t, _ in call.sent]
    assert most_in_any_window(stamps, 60.0) == 20
    assert stamps[20] - stamps[0] >= 60.0


async def test_a_429_is_waited_out_then_sent_once(time: VirtualTime, limiter: FloodLimiter) -> None:
    call = Recorder(time, [RetryAfter(12)])
    start = time()
    assert await send(limiter, call, 42, "hello") is True
    assert call.sent == [(start + 12, "hello")]


async def test_a_429_in_one_chat_does_not_hold_up_another() -> None:
    time = VirtualTime(auto=False)
    limiter = FloodLimiter(clock=time, sleep=time.sleep)
    slow = Recorder(time, [RetryAfter(30)])
    fast = Recorder(time)
    start = time()
    paused = asyncio.create_task(send(limiter, slow, 1, "slow"))
    await time.advance(0)
    await send(limiter, fast, 2, "fast")
    assert fast.sent == [(start, "fast")]
    await time.advance(29)
    assert slow.sent == []
    await time.advance(1)
    await paused
    assert slow.sent == [(start + 30, "slow")]


async def test_429s_without_end_give_up(time: VirtualTime, limiter: FloodLimiter) -> None:
    call = Recorder(time, [RetryAfter(1) for _ in range(10)])
    with pytest.raises(RetryAfter):
        await send(limiter, call, 42)
    assert call.sent == []


def network_error(cause: Exception) -> NetworkError:
    error = NetworkError(f"httpx.{type(cause).__name__}")
    error.__cause__ = cause
    return error


async def test_a_send_is_retried_only_when_it_never_left(
    time: VirtualTime, limiter: FloodLimiter
) -> None:
    unsent = Recorder(time, [network_error(httpx.ConnectError("refused"))])
    assert await send(limiter, unsent, 42, "once") is True
    assert [tag for _, tag in unsent.sent] == ["once"]
    maybe_sent = Recorder(time, [network_error(httpx.ReadError("reset"))])
    with pytest.raises(NetworkError):
        await send(limiter, maybe_sent, 43, "never twice")
    lookup = Recorder(time, [network_error(httpx.ReadError("reset"))])
    assert await send(limiter, lookup, 44, endpoint="getChatAdministrators") is True


async def test_other_requests_are_not_limited(time: VirtualTime, limiter: FloodLimiter) -> None:
    call = Recorder(time)
    for _ in range(50):
        await limiter.process_request(call, (), {}, "answerCallbackQuery", {}, None)
    assert {t for t, _ in call.sent} == {time()}


async def test_messages_to_one_chat_go_out_in_order(
    time: VirtualTime, limiter: FloodLimiter
) -> None:
    call = Recorder(time)
    await asyncio.gather(*(send(limiter, call, 7, n) for n in range(6)))
    assert [tag for _, tag in call.sent] == list(range(6))


async def test_a_send_is_counted_when_its_answer_is_back() -> None:
    """Telegram counts arrivals, which lie between departure and answer: a send holds its
    place until its answer, so slow answers bunching up can never crowd a second."""
    time = VirtualTime(auto=False)
    limiter = FloodLimiter(clock=time, sleep=time.sleep)
    started: list[float] = []

    async def slow(tag: Any = None) -> Result:
        started.append(time())
        await time.sleep(0.5)  # the answer takes half a second
        return True

    sends = [asyncio.create_task(send(limiter, slow, chat)) for chat in range(1, 32)]
    await time.advance(0)
    assert len(started) == 30  # the 31st waits: 30 are under way
    await time.advance(0.5)  # the 30 answers are back, counted at t+0.5
    assert len(started) == 30
    await time.advance(0.99)
    assert len(started) == 30
    await time.advance(0.01)  # a second after the answers
    assert started[-1] == started[0] + 1.5
    await time.advance(0.5)
    await asyncio.gather(*sends)


async def test_a_cancelled_send_frees_its_place(time: VirtualTime, limiter: FloodLimiter) -> None:
    hang = asyncio.Event()

    async def never(tag: Any = None) -> Result:
        await hang.wait()
        return True

    stuck = [asyncio.create_task(send(limiter, never, chat)) for chat in range(1, 31)]
    await asyncio.sleep(0)
    cancelled_at = time()
    for task in stuck:
        task.cancel()
    await asyncio.gather(*stuck, return_exceptions=True)
    call = Recorder(time)
    await send(limiter, call, 99, "after")
    # the 30 may have reached Telegram, so they count for their second; then it goes
    assert call.sent == [(cancelled_at + 1.0, "after")]
