"""Helpers for the web desk tests: a config with the web server on and the fake adapter
playing Telegram, and the sign-in link an officer gets from /web."""

from __future__ import annotations

import re

from adapters.fake import FakeAdapter
from bot.config import Config
from tests.commands.feed_support import PUBLIC_URL, free_port
from tests.commands.submit_support import submit_config

LINK = re.compile(re.escape(PUBLIC_URL) + r"(/desk/signin/[A-Za-z0-9_-]+)")


def desk_config(sqlite_url: str, public_url: str = PUBLIC_URL, port: int | None = None) -> Config:
    base = submit_config(sqlite_url)
    web = {"enabled": True, "public_url": public_url, "port": port or free_port()}
    return base.model_copy(update={"web": base.web.model_validate(web)})


def base_url(config: Config) -> str:
    return f"http://127.0.0.1:{config.web.port}"


async def sign_in_path(fake: FakeAdapter, user: str = "olive") -> str:
    """/web in a private chat: the path of the link it sends (on this test's server)."""
    await fake.command("/web", user=user)
    [reply] = fake.pop_replies(user)
    found = LINK.search(reply.text)
    assert found is not None, reply.text
    return found.group(1)
