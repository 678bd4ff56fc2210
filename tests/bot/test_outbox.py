"""The outbox: one row per post and chat, sent once, retried on failure, never twice."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from adapters.fake import FakeAdapter
from bot.adapter import DeliveryError
from bot.app import App
from bot.config import Config
from bot.model import ChatKind, ChatRef, MessageRef, OutgoingMessage
from bot.serialize import message_to_json
from bot.stores.scheduling import OUTBOX, OutboxState
from tests.support import FrozenClock, running_app

CHATS = [ChatRef("fake", f"group-{n}", ChatKind.GROUP) for n in range(5)]
HELLO = OutgoingMessage.text("Branch meeting on Thursday")


async def post(app: App, key: str, chats: list[ChatRef] = CHATS) -> int:
    async with app.storage.unit() as uow:
        return await app.services.outbox.post(uow, key, chats, HELLO)


def texts_to(fake: FakeAdapter, chat: ChatRef) -> list[str]:
    return [s.text for s in fake.sent if s.chat == chat]


async def test_each_chat_gets_the_post_exactly_once(app: App, fake: FakeAdapter) -> None:
    assert await post(app, "announce:1") == 5
    assert await post(app, "announce:1") == 0  # the same post again adds nothing
    await app.services.outbox.deliver_pending()
    await app.services.outbox.deliver_pending()
    for chat in CHATS:
        assert texts_to(fake, chat) == ["Branch meeting on Thursday"]


async def test_a_failed_send_is_retried_later_and_delivered_once(
    app: App, fake: FakeAdapter, clock: FrozenClock
) -> None:
    real_send = fake.send
    failures = {"group-2": 1}

    async def flaky(chat: ChatRef, message: OutgoingMessage) -> MessageRef:
        if failures.get(chat.chat_id, 0) > 0:
            failures[chat.chat_id] -= 1
            raise ConnectionError("network down")
        return await real_send(chat, message)

    fake.send = flaky  # type: ignore[method-assign]
    await post(app, "announce:2")
    await app.services.outbox.deliver_pending()
    assert texts_to(fake, CHATS[2]) == []
    assert all(len(texts_to(fake, chat)) == 1 for chat in CHATS if chat != CHATS[2])
    clock.advance(minutes=1)
    await app.services.outbox.deliver_pending()
    await app.services.outbox.deliver_pending()
    for chat in CHATS:
        assert texts_to(fake, chat) == ["Branch meeting on Thursday"]


async def test_a_permanent_failure_is_not_retried(app: App, fake: FakeAdapter) -> None:
    async def gone(chat: ChatRef, message: OutgoingMessage) -> MessageRef:
        raise DeliveryError("chat not found", permanent=True)

    fake.send = gone  # type: ignore[method-assign]
    await post(app, "announce:3", CHATS[:1])
    await app.services.outbox.deliver_pending()
    async with app.storage.unit() as uow:
        [item] = await uow.get(OUTBOX).for_post("announce:3")
    assert item.state is OutboxState.FAILED
    assert "chat not found" in item.last_error


async def test_rows_for_platforms_not_running_here_wait(app: App, fake: FakeAdapter) -> None:
    elsewhere = ChatRef("telegram", "-100", ChatKind.GROUP)
    await post(app, "announce:4", [elsewhere, CHATS[0]])
    await app.services.outbox.deliver_pending()
    async with app.storage.unit() as uow:
        items = await uow.get(OUTBOX).for_post("announce:4")
    assert {i.chat.platform: i.state for i in items} == {
        "telegram": OutboxState.PENDING,
        "fake": OutboxState.SENT,
    }


async def test_a_post_another_process_is_sending_is_left_to_it(
    app: App, fake: FakeAdapter, clock: FrozenClock
) -> None:
    lease = timedelta(seconds=app.config.scheduler.outbox_lease_seconds)
    async with app.storage.unit() as uow:  # queued and half claimed before anyone delivers
        await uow.get(OUTBOX).enqueue("announce:5", CHATS[:2], message_to_json(HELLO), clock.now)
        held = await uow.get(OUTBOX).claim(clock.now, 1, ["fake"], "other", clock.now + lease)
    await app.services.outbox.deliver_pending()
    assert [texts_to(fake, chat) for chat in CHATS[:2]] == [[], ["Branch meeting on Thursday"]]
    assert [item.chat for item in held] == [CHATS[0]]

    clock.advance(seconds=lease.total_seconds() + 1)  # the other process died mid-send
    await app.services.outbox.deliver_pending()
    async with app.storage.unit() as uow:
        items = await uow.get(OUTBOX).for_post("announce:5")
    assert [texts_to(fake, chat) for chat in CHATS[:2]] == [["Branch meeting on Thursday"]] * 2
    assert [(i.state, i.claimed_by) for i in items] == [
        (OutboxState.SENT, app.services.outbox.owner)
    ] * 2


async def test_a_row_taken_over_while_waiting_its_turn_is_not_sent_again(
    app: App, fake: FakeAdapter, clock: FrozenClock
) -> None:
    """This process claimed two rows; a slow first send outlasts the lease and another
    process takes the second one over: this process skips it instead of sending it too."""
    real_send = fake.send
    lease = timedelta(seconds=app.config.scheduler.outbox_lease_seconds)

    async def slow(chat: ChatRef, message: OutgoingMessage) -> MessageRef:
        if chat == CHATS[0]:
            clock.advance(seconds=lease.total_seconds() + 1)
            async with app.storage.unit() as uow:
                await uow.get(OUTBOX).claim(clock.now, 10, ["fake"], "other", clock.now + lease)
        return await real_send(chat, message)

    fake.send = slow  # type: ignore[method-assign]
    outbox = app.services.outbox
    await outbox.stop()  # its idle pass (every 5 s) must not claim the rows first...
    outbox._stopping.clear()  # ...while this test's own pass still may
    outbox.sends_in_flight = 1  # the second row waits its turn behind the slow first send
    async with app.storage.unit() as uow:  # queued without waking the delivery loop
        await uow.get(OUTBOX).enqueue("announce:6", CHATS[:2], message_to_json(HELLO), clock.now)
    assert await app.services.outbox.deliver_pending() == 1
    async with app.storage.unit() as uow:
        items = await uow.get(OUTBOX).for_post("announce:6")
    assert texts_to(fake, CHATS[1]) == []
    assert [(i.state, i.claimed_by) for i in items][1] == (OutboxState.SENDING, "other")


async def test_sends_overlap_each_chat_keeps_its_order_and_platforms_do_not_wait(
    config: Config, clock: FrozenClock
) -> None:
    """Pipelined delivery: a slow platform's sends are all under way at once (the round
    trip does not set the pace), a chat's posts still arrive in order, and another
    platform's posts go out while the slow one's are waiting."""
    slow, quick = FakeAdapter(platform="slow"), FakeAdapter(platform="quick")
    gate, all_slow_under_way, quick_done = asyncio.Event(), asyncio.Event(), asyncio.Event()
    under_way, most = [0], [0]
    real_slow, real_quick = slow.send, quick.send

    async def held(chat: ChatRef, message: OutgoingMessage) -> MessageRef:
        under_way[0] += 1
        most[0] = max(most[0], under_way[0])
        if under_way[0] == 3:
            all_slow_under_way.set()
        await gate.wait()
        under_way[0] -= 1
        return await real_slow(chat, message)

    async def counted(chat: ChatRef, message: OutgoingMessage) -> MessageRef:
        sent = await real_quick(chat, message)
        if len(quick.sent) == 6:
            quick_done.set()
        return sent

    slow.send = held  # type: ignore[method-assign]
    quick.send = counted  # type: ignore[method-assign]
    slow_chats = [ChatRef("slow", f"g{n}", ChatKind.GROUP) for n in range(3)]
    quick_chats = [ChatRef("quick", f"g{n}", ChatKind.GROUP) for n in range(3)]
    async with running_app(config, slow, quick, clock=clock) as app:
        outbox = app.services.outbox
        await outbox.stop()  # this test runs the delivery pass itself
        outbox._stopping.clear()
        async with app.storage.unit() as uow:
            for n, text in enumerate(("first", "second")):
                message = message_to_json(OutgoingMessage.text(text))
                await uow.get(OUTBOX).enqueue(f"p{n}", slow_chats + quick_chats, message, clock.now)
        delivering = asyncio.create_task(outbox.deliver_pending())
        await asyncio.wait_for(all_slow_under_way.wait(), timeout=30)
        await asyncio.wait_for(quick_done.wait(), timeout=30)  # while the slow ones wait
        assert not slow.sent
        gate.set()
        assert await delivering == 12
        assert most[0] == 3  # one send per slow chat at once: each chat's posts in order
    for fake, chats in ((slow, slow_chats), (quick, quick_chats)):
        for chat in chats:
            assert texts_to(fake, chat) == ["first", "second"]


async def test_a_post_committed_during_a_pass_is_sent_at_once_not_after_the_idle_wait(
    app: App, fake: FakeAdapter
) -> None:
    """The wake-up of a post committed while a pass runs is not lost: with the idle wait
    set to an hour, the post still goes out (it would wait that hour otherwise)."""
    outbox = app.services.outbox
    await outbox.stop()
    outbox._stopping.clear()
    outbox._task = None
    outbox.idle_seconds = 3600
    real_pass, passes, second = outbox.deliver_pending, [0], asyncio.Event()

    async def a_pass() -> int:
        passes[0] += 1
        if passes[0] == 1:
            await post(app, "during-the-first-pass", CHATS[:1])  # commits mid-pass
        if passes[0] == 2:
            second.set()
        return await real_pass()

    outbox.deliver_pending = a_pass  # type: ignore[method-assign]
    await outbox.start()
    await asyncio.wait_for(second.wait(), timeout=30)
    await outbox.stop()
    assert texts_to(fake, CHATS[0]) == ["Branch meeting on Thursday"]
