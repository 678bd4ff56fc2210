"""`clpbot run --config FILE` as a real process against the fake Bot API, stopped by SIGTERM."""

from __future__ import annotations

import asyncio
import signal
import sys
from pathlib import Path

import pytest

from tests.fakes.telegram_api import FakeTelegram

ROOT = Path(__file__).resolve().parents[3]


def write_config(
    path: Path, server: FakeTelegram, database: Path, token: str | None = None
) -> Path:
    path.write_text(
        f"""
[storage]
url = "sqlite+aiosqlite:///{database}"

[console]
enabled = false

[telegram]
enabled = true
token = "{token or server.token}"
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


@pytest.mark.slow
async def test_a_token_the_bot_api_refuses_is_one_line_naming_the_key(
    server: FakeTelegram, tmp_path: Path
) -> None:
    config = write_config(tmp_path / "clpbot.toml", server, tmp_path / "bot.sqlite3", "9:wrong")
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli", "run", "--config", str(config),
        cwd=ROOT, stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    _, stderr = await asyncio.wait_for(process.communicate(), 60)
    said = stderr.decode()
    assert process.returncode == 2, said
    assert "Traceback" not in said
    [line] = [line for line in said.splitlines() if line.startswith("clpbot:")]
    assert line.startswith("clpbot: telegram.token: the Bot API at ")
    assert "@BotFather" in line
