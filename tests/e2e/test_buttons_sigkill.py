"""SIGKILL a real `clpbot run` with an open poll in a group, restart it, and the poll's
buttons in the group still count votes (button data is signed with the deployment's
secret in the database, not kept in the dead process's memory)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.adapters.telegram.polling import expect, post_a_poll
from tests.e2e.processes import BotProcess, telegram_config_file
from tests.fakes.telegram_api import FakeTelegram

LONG = 60


@pytest.fixture
async def server() -> AsyncIterator[FakeTelegram]:
    fake = FakeTelegram()
    async with fake:
        yield fake


@pytest.mark.slow
async def test_an_open_polls_buttons_work_after_sigkill_and_restart(
    server: FakeTelegram, tmp_path: Path
) -> None:
    group = server.group("Members")
    olive, ann = server.user("Olive"), server.user("Ann")
    server.private_chat(ann)
    config = telegram_config_file(
        tmp_path / "clpbot.toml",
        server,
        tmp_path / "bot.db",
        announce_chats=[group.id],
        officers=[olive.id],
    )
    first = await BotProcess.start("first", config)
    try:
        await first.wait_for_line("telegram adapter started", LONG)
        posted = await post_a_poll(server, olive, group)
        await server.press_data(posted, posted.callback_data("2. Housing"), user=ann)
        await expect(server, server.private_chat(ann), "recorded: Housing")
    finally:
        assert await first.kill() < 0
    second = await BotProcess.start("second", config)
    try:
        await second.wait_for_line("telegram adapter started", LONG)
        await server.press_data(posted, posted.callback_data("3. NHS"), user=ann)
        changed = await expect(server, server.private_chat(ann), "recorded: NHS")
    finally:
        assert await second.stop() == 0
    assert "expired" not in changed.text
    assert "Traceback" not in second.log, second.log[-4000:]
    assert server.sent_texts(group.id) == [posted.text]  # no vote was shown in the group
