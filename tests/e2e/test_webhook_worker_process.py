"""`clpbot run --only telegram` as a real process, as deploy/clpbot-telegram@.service runs it
with `[web]` on: its web server takes the webhook and answers /healthz on one port, and
SIGTERM stops it cleanly."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from tests.e2e.processes import BotProcess, free_port, telegram_config_file
from tests.fakes.telegram_api import FakeTelegram

pytestmark = pytest.mark.slow


@pytest.fixture
async def server() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram() as fake:
        yield fake


async def test_a_webhook_worker_serves_the_webhook_and_health_on_its_web_port(
    server: FakeTelegram, tmp_path: Path
) -> None:
    port = free_port()
    config = telegram_config_file(
        tmp_path / "clpbot.toml", server, tmp_path / "clpbot.sqlite3", announce_chats=[]
    )
    text = config.read_text(encoding="utf-8").replace(
        "[telegram]\n",
        '[telegram]\nmode = "webhook"\nwebhook_secret = "s3cret"\n'
        'webhook_path = "/telegram/hook"\n',
    )
    web = f'\n[web]\nenabled = true\nport = {port}\npublic_url = "http://127.0.0.1:{port}"\n'
    config.write_text(text + web, encoding="utf-8")
    bot = await BotProcess.start("worker", config, "--only", "telegram")
    try:
        await bot.wait_for_line("telegram adapter started", within=60)
        assert server.webhook == (f"http://127.0.0.1:{port}/telegram/hook", "s3cret")
        ann = server.user("Ann")
        chat = server.private_chat(ann)
        await server.push_message(chat, ann, "/whoami")
        assert "on Telegram" in (await server.next_message(chat, within=30)).text
        async with httpx.AsyncClient(trust_env=False) as http:
            health = await http.get(f"http://127.0.0.1:{port}/healthz")
        assert (health.status_code, health.text) == (200, "ok")
    finally:
        code = await bot.stop()
    assert code == 0, bot.log
    assert server.webhook_deliveries == [200]
    assert bot.saw("receiving updates by webhook on the web server at /telegram/hook")
    assert "Traceback" not in bot.log
