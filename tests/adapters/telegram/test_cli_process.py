"""`clpbot run --config FILE` as a real process against the fake Bot API, stopped by SIGTERM."""

from __future__ import annotations

import asyncio
import signal
import sys
from pathlib import Path

import pytest

from tests.fakes.telegram_api import FakeTelegram

ROOT = Path(__file__).resolve().parents[3]


def write_config(path: Path, server: FakeTelegram, database: Path) -> Path:
    path.write_text(
        f"""
[storage]
url = "sqlite+aiosqlite:///{database}"

[console]
enabled = false

[telegram]
enabled = true
token = "{server.token}"
base_url = "{server.base_url}"
""",
        encoding="utf-8",
    )
    return path


@pytest.mark.slow
async def test_clpbot_run_serves_telegram_until_sigterm(
    server: FakeTelegram, tmp_path: Path
) -> None:
    config = write_config(tmp_path / "clpbot.toml", server, tmp_path / "bot.sqlite3")
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.cli",
        "run",
        "--config",
        str(config),
        cwd=ROOT,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        await server.wait_calls("setMyCommands", within=60)
        ann = server.user("Ann")
        chat = server.private_chat(ann)
        await server.push_message(chat, ann, "/help")
        reply = await server.next_message(chat, within=30)
        assert "<b>Commands you can use</b>" in reply.text
        process.send_signal(signal.SIGTERM)
        _, stderr = await asyncio.wait_for(process.communicate(), 30)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    assert process.returncode == 0, stderr.decode()
    assert "Traceback" not in stderr.decode()
    assert server.calls("getMe")
    assert server.calls("deleteWebhook")
