"""`clpbot run --only web` as a real process: it serves /healthz and the calendar feed until
SIGTERM, then stops cleanly (uvicorn leaves the signals to the bot)."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from tests.e2e.processes import BotProcess, free_port

pytestmark = pytest.mark.slow


async def test_the_web_process_serves_until_sigterm_and_stops_cleanly(tmp_path: Path) -> None:
    port = free_port()
    config = tmp_path / "clpbot.toml"
    config.write_text(
        f"""
[storage]
url = "sqlite+aiosqlite:///{tmp_path / "clpbot.sqlite3"}"

[console]
enabled = false

[web]
enabled = true
port = {port}
public_url = "https://bot.example.org"
""",
        encoding="utf-8",
    )
    bot = await BotProcess.start("web", config, "--only", "web")
    try:
        await bot.wait_for_line("web server listening", within=60)
        async with httpx.AsyncClient() as http:
            health = await http.get(f"http://127.0.0.1:{port}/healthz")
            feed = await http.get(f"http://127.0.0.1:{port}/calendar.ics")
        assert (health.status_code, health.text) == (200, "ok")
        assert feed.headers["content-type"] == "text/calendar; charset=utf-8"
    finally:
        code = await bot.stop()
    assert code == 0, bot.log
    assert bot.saw("stopped")
    assert "Traceback" not in bot.log
