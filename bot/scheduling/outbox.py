"""The outbox: every scheduled or fanned-out post is one row per target chat.

A feature enqueues rows in its own transaction (`post`), so the post and the decision
to send it commit together. Delivery claims rows first (`OutboxStore.claim`: state
"sending", this process's token, a lease of `[scheduler] outbox_lease_seconds`), so
several processes running the same platform (webhook workers) never send one row twice.
Right before each send the lease is renewed, which fails if another process has taken the
row over; right after, the row is marked sent. A post the platform takes as several
messages (Telegram 4096 characters, Discord 2000) is recorded part by part. A restart
resends only what is unsent, down to the part.

The one window left is a process dying (or stalling longer than the lease) between the
platform accepting a message and the row being marked: the row is sent again after its
lease runs out, because Telegram and Discord cannot be asked whether a message exists.
A process that stops cleanly gives its unsent claims back at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import secrets
import socket
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from bot.adapter import DeliveryError
from bot.model import ChatRef, OutgoingMessage
from bot.serialize import message_from_json, message_to_json
from bot.stores import UnitOfWork
from bot.stores.scheduling import OUTBOX, OutboxItem

if TYPE_CHECKING:
    from bot.context import Services

log = logging.getLogger("clpbot.outbox")

MAX_ATTEMPTS = 8
BATCH = 200
SENDS_IN_FLIGHT = 32
IDLE_SECONDS = 5.0
"""Between two passes when nothing wakes the loop: retries due, and posts other processes
queued (their commits wake only their own loop)."""
"""Sends under way at once per platform: enough to keep Telegram's 30 a second going at a
1 s round trip; the adapters' rate limiters decide when each leaves."""


EDITED_LATER: set[str] = set()
"""Post-key prefixes of posts whose messages are edited later (an event's post, a poll's):
their sent rows hold the message ids, so the daily clean-up keeps them."""


def edited_later(prefix: str) -> str:
    """Declare that posts keyed `prefix...` are edited after they are sent; returns it."""
    EDITED_LATER.add(prefix)
    return prefix


@dataclass(slots=True)
class _Lease:
    """Until when this process holds the rows of one claim; renewed by one send at a time."""

    until: datetime
    held: set[int] | None = None
    """The rows still ours at the last renewal (None: not renewed, so all of them)."""
    renewing: asyncio.Lock = field(default_factory=asyncio.Lock)


class Outbox:
    def __init__(self, services: Services) -> None:
        self.services = services
        self._wakeup = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._delivering = asyncio.Lock()
        self._stopping = asyncio.Event()
        self.owner = process_token()
        """Who claims rows: this process (host, pid) and a random part."""
        self.sends_in_flight = SENDS_IN_FLIGHT
        self.idle_seconds = IDLE_SECONDS

    async def post(
        self, uow: UnitOfWork, post_key: str, chats: Sequence[ChatRef], message: OutgoingMessage
    ) -> int:
        """Queue `message` for each chat in the caller's transaction; idempotent per key.

        Delivery starts as soon as the caller's transaction has committed.
        """
        now = self.services.clock()
        added = await uow.get(OUTBOX).enqueue(post_key, chats, message_to_json(message), now)
        uow.after_commit(self.wake)
        return added

    def wake(self) -> None:
        self._wakeup.set()

    async def start(self) -> None:
        """Queue again what the last run of this process left half-sent (where that is
        certain: see `OutboxStore.recover`), then start the delivery loop."""
        if self._task is not None:
            return
        try:
            async with self.services.storage.unit() as uow:
                if recovered := await uow.get(OUTBOX).recover(self.owner):
                    log.info("%d posts left half-sent by the last run are queued again", recovered)
        except Exception:
            log.exception("could not recover half-sent posts; they wait for their lease")
        self._task = asyncio.create_task(self._run(), name="outbox")

    async def stop(self) -> None:
        """Finish the send in progress (never cut one off half-way), then stop."""
        self._stopping.set()
        self._wakeup.set()
        if self._task is not None:
            await finish_or_cancel(self._task, grace=15)
            self._task = None

    async def _run(self) -> None:
        """A pass at every wake-up, and every `idle_seconds` for retries that fall due.

        The wake-up is cleared before a pass, not after: a post committed while a pass runs
        (after it claimed its rows) sets it again, so the next pass starts at once. Cleared
        after the pass, that wake-up was lost and the post waited out the idle timeout: 5 s
        more for a fan-out posted while another was going out (bench/fanout.py saw it).
        """
        while not self._stopping.is_set():
            self._wakeup.clear()
            try:
                await self.deliver_pending()
            except Exception:
                log.exception("outbox delivery failed; retrying shortly")
            if self._stopping.is_set():
                break
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wakeup.wait(), timeout=self.idle_seconds)

    async def deliver_pending(self) -> int:
        """Send everything due now for the platforms running here; returns how many sent."""
        async with self._delivering:  # one delivery pass at a time in this process
            return await self._deliver_due()

    async def _deliver_due(self) -> int:
        """Each platform in its own lane: one platform's limits never hold another's posts."""
        lanes = [self._deliver_lane(platform) for platform in self.services.adapters]
        return sum(await asyncio.gather(*lanes))

    async def _deliver_lane(self, platform: str) -> int:
        sent = 0
        while not self._stopping.is_set():
            now = self.services.clock()
            lease = _Lease(now + self._lease())
            async with self.services.storage.unit() as uow:
                claimed = await uow.get(OUTBOX).claim(
                    now, BATCH, [platform], self.owner, lease.until
                )
            if not claimed:
                return sent
            delivered = await self._deliver_all(claimed, lease)
            sent += delivered
            if len(claimed) < BATCH and not delivered:
                return sent
        return sent

    def _lease(self) -> timedelta:
        return timedelta(seconds=self.services.config.scheduler.outbox_lease_seconds)

    async def _deliver_all(self, items: list[OutboxItem], lease: _Lease) -> int:
        """One platform's rows: chats side by side, each chat's rows in order.

        Up to `sends_in_flight` sends are under way at once, so the network round trip does
        not set the pace: the adapter's rate limiter lets each one leave as soon as every
        window allows it (and Telegram's limiter holds a chat's sends in arrival order).
        """
        in_flight = asyncio.Semaphore(self.sends_in_flight)
        by_chat: dict[ChatRef, list[OutboxItem]] = {}
        for item in items:
            by_chat.setdefault(item.chat, []).append(item)

        async def one_chat(rows: list[OutboxItem]) -> int:
            sent = 0
            for number, item in enumerate(rows):
                async with in_flight:
                    if self._stopping.is_set():
                        await self._release(rows[number:])  # pending again, for anyone
                        break
                    sent += await self._deliver(item, lease)
            return sent

        return sum(await asyncio.gather(*(one_chat(rows) for rows in by_chat.values())))

    async def _release(self, items: list[OutboxItem]) -> None:
        ids = [item.id for item in items if item.id is not None]
        try:
            async with self.services.storage.unit() as uow:
                await uow.get(OUTBOX).release(ids, self.owner)
        except Exception:
            log.exception("could not give back %d unsent posts; they wait for the lease", len(ids))

    async def _deliver(self, item: OutboxItem, lease: _Lease) -> int:
        """Send one row; returns 1 if sent.

        While more than half of the lease is left nobody else can take the row, so the
        renewal (one transaction, for the whole batch) is skipped; a slow fan-out renews as
        it goes, one send at a time renewing.
        """
        assert item.id is not None
        async with lease.renewing:
            now = self.services.clock()
            if lease.until - now < self._lease() / 2:
                lease.until = now + self._lease()
                async with self.services.storage.unit() as uow:
                    lease.held = await uow.get(OUTBOX).renew_all(self.owner, lease.until)
        if lease.held is not None and item.id not in lease.held:
            log.info("%s to %s was taken over by another process", item.post_key, item.chat)
            return 0
        try:
            message_id = await self._send_parts(item)
        except Exception as error:
            await self._failed(item, error)
            return 0
        async with self.services.storage.unit() as uow:
            await uow.get(OUTBOX).mark_sent(item.id, self.services.clock(), message_id)
        return 1

    async def _send_parts(self, item: OutboxItem) -> str:
        """Send the parts of the row not sent yet; each but the last is recorded as sent
        as soon as the platform has it (a restart or a retry sends only the rest). Returns
        the post's message id (`SentPart.primary`), or the one recorded before."""
        assert item.id is not None
        adapter = self.services.adapters[item.chat.platform]
        message_id = item.message_id or ""
        sent = item.parts_sent
        message = message_from_json(item.message).fitted(adapter.capabilities)
        parts = adapter.send_parts(item.chat, message, skip=sent)
        async for part in parts:
            sent += 1
            message_id = part.ref.message_id if part.primary else message_id
            if not part.last:
                async with self.services.storage.unit() as uow:
                    await uow.get(OUTBOX).mark_part(item.id, sent, message_id)
        return message_id

    async def _failed(self, item: OutboxItem, error: Exception) -> None:
        assert item.id is not None
        attempts = item.attempts + 1
        text = f"{type(error).__name__}: {error}"
        async with self.services.storage.unit() as uow:
            store = uow.get(OUTBOX)
            if (isinstance(error, DeliveryError) and error.permanent) or attempts >= MAX_ATTEMPTS:
                log.error("giving up on %s to %s: %s", item.post_key, item.chat, text)
                await store.mark_failed(item.id, text, owner=self.owner)
            else:
                delay = timedelta(seconds=min(3600, 5 * 2**attempts))
                log.warning(
                    "send of %s to %s failed (%s); retry in %s",
                    item.post_key,
                    item.chat,
                    text,
                    delay,
                )
                await store.mark_retry(
                    item.id, attempts, self.services.clock() + delay, text, owner=self.owner
                )


def process_token() -> str:
    """Names this process in `claimed_by`: readable for an operator, unique per start."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{secrets.token_hex(4)}"


async def finish_or_cancel(task: asyncio.Task[None], grace: float) -> None:
    """Wait for a background task to end by itself; cancel it only if it will not."""
    try:
        await asyncio.wait_for(asyncio.shield(task), timeout=grace)
    except TimeoutError:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
