"""Driving /poll through the fake adapter: shared by the poll tests."""

from __future__ import annotations

from adapters.fake import FakeAdapter, Sent
from bot.app import App

GROUP = "members"
OFFICER = "olive"


async def make_poll(
    app: App,
    fake: FakeAdapter,
    options: tuple[str, ...] = ("Buses", "Housing", "NHS"),
    kind: str = "single",
    most: int = 2,
    anonymous: bool = True,
    live: bool = False,
    deadline: str = "",
    question: str = "Which campaign first?",
    abstain: bool = False,
    quorum: int | None = None,
) -> int:
    """Create a poll in the group with the /poll conversation; returns its number. For a
    meeting, `abstain` offers Abstain and `quorum` sets one, at the last step."""

    async def say(text: str) -> None:
        await fake.say(text, user=OFFICER, group=GROUP)

    async def press(label: str) -> None:
        await fake.press(label, user=OFFICER, group=GROUP)

    await fake.command("/poll", user=OFFICER, group=GROUP)
    await say(question)
    await say("\n".join(options))
    await press(kind)
    if kind == "multiple":
        await say(str(most))
    await press("anonymous" if anonymous else "open")
    await press("live" if live else "hidden")
    if deadline:
        await say(deadline)
    else:
        await press("default")
    await press("done")
    if abstain:
        await press("abstain")
    if quorum is not None:
        await press("quorum")
        await say(str(quorum))
    await press("post")
    # the outbox may already have posted the poll: find the officer's confirmation
    [done] = [s.text for s in fake.pop_all() if "is posted to 1 chat and" in s.text]
    number = int(done.split("#")[1].split(" ")[0])
    await app.services.outbox.deliver_pending()
    return number


def private_to(fake: FakeAdapter, user: str) -> list[Sent]:
    """What the bot sent privately to `user` (direct messages: chat id = user id)."""
    return [s for s in fake.sent if s.chat.chat_id == user and s.chat.is_private]


def in_group(fake: FakeAdapter) -> list[Sent]:
    return [s for s in fake.sent if s.chat.chat_id == GROUP]


def answer(fake: FakeAdapter, user: str) -> Sent:
    """The bot's latest answer to `user` (posts the outbox delivers meanwhile are skipped)."""
    return [s for s in fake.sent if s.to_user == user][-1]
