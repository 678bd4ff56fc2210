"""Shared helpers for the /submit, /drafts, /review and export tests (fake adapter)."""

from __future__ import annotations

from adapters.fake import FakeAdapter, Sent
from bot.config import Config
from tests.support import make_config

OFFICERS_CHAT = "-100"
PROBLEM = "The last bus leaves at nine, so shift workers walk home in the dark."
PROPOSAL = "Fund night buses on the main routes through the town."


def submit_config(storage_url: str, **policy: object) -> Config:
    """The fake adapter plays Telegram, so the officers' chat from config lands on it."""
    telegram = {"enabled": True, "token": "test-token", "officers_chat": int(OFFICERS_CHAT)}
    return make_config(storage_url, telegram=telegram, policy=dict(policy))


def telegram_fake() -> FakeAdapter:
    return FakeAdapter(platform="telegram", officers={"olive"})


def officer_notices(fake: FakeAdapter) -> list[Sent]:
    return [s for s in fake.sent if s.chat.chat_id == OFFICERS_CHAT]


async def start_submit(fake: FakeAdapter, user: str = "ann") -> str:
    """/submit, agreeing to the code of conduct if asked; returns the first question's text."""
    await fake.command("/submit", user=user)
    first = fake.pop_replies(user)[-1]
    if "I agree to follow it" in first.labels:
        await fake.press("I agree to follow it", user=user)
        first = fake.pop_replies(user)[-1]
    return first.text


async def write_submission(
    fake: FakeAdapter,
    user: str = "ann",
    title: str = "Night buses",
    coauthors: str | None = None,
    show_name: bool = False,
) -> None:
    """Answer every step of a submission up to the preview (not sent)."""
    await start_submit(fake, user)
    await fake.press("NPF consultation submission", user=user)
    await fake.press("Safer streets", user=user)
    await fake.say(title, user=user)
    await fake.say(PROBLEM, user=user)
    await fake.say(PROPOSAL, user=user)
    await fake.press("Skip (optional)", user=user)
    if coauthors:
        await fake.say(coauthors, user=user)
    else:
        await fake.press("No co-authors", user=user)
    await fake.press(
        "Yes, members may see my name" if show_name else "No, only officers may see my name",
        user=user,
    )
    fake.pop_all()


async def send_submission(
    fake: FakeAdapter, user: str = "ann", title: str = "Night buses", show_name: bool = False
) -> str:
    """A whole submission, sent for review; returns the confirmation text."""
    await write_submission(fake, user, title=title, show_name=show_name)
    await fake.press("Send it for review", user=user)
    return fake.pop_replies(user)[-1].text


MOTION = "This CLP notes that three branch libraries closed this year and calls for them to reopen."


async def send_motion(
    fake: FakeAdapter, user: str = "ann", title: str = "Libraries", coauthors: str | None = None
) -> str:
    """A whole contemporary motion, sent for review; returns the confirmation text."""
    await start_submit(fake, user)
    await fake.press("Contemporary motion to conference", user=user)
    await fake.say(title, user=user)
    await fake.say(MOTION, user=user)
    if coauthors:
        await fake.say(coauthors, user=user)
    else:
        await fake.press("No co-authors", user=user)
    await fake.press("No, only officers may see my name", user=user)
    await fake.press("Send it for review", user=user)
    return fake.pop_replies(user)[-1].text
