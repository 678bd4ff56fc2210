"""`clpbot run --config FILE` as a real process against the fake Discord, stopped by SIGTERM."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
from pathlib import Path

import pytest

from tests.fakes.discord_api import FakeDiscord

pytestmark = pytest.mark.slow


def write_config(path: Path, server: FakeDiscord, database: Path) -> None:
    section = server.discord_config()
    lines = [
        "[console]",
        "enabled = false",
        "[storage]",
        f"url = {json.dumps(f'sqlite+aiosqlite:///{database}')}",
        "[discord]",
        *(f"{key} = {json.dumps(value)}" for key, value in section.items()),
    ]
    path.write_text("\n".join(lines) + "\n")


async def test_run_serves_slash_commands_until_sigterm(
    discord_server: FakeDiscord, tmp_path: Path
) -> None:
    config = tmp_path / "clpbot.toml"
    write_config(config, discord_server, tmp_path / "bot.sqlite3")
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLPBOT_")}
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.cli",
        "run",
        "--config",
        str(config),
        cwd=tmp_path,
        env={**env, "PYTHONPATH": str(Path(__file__).parents[3])},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        await discord_server.wait_until(
            lambda: bool(discord_server.commands.get(str(discord_server.guild_id))), within=30
        )
        interaction = await discord_server.slash(discord_server.member("Ann"), "help")
        reply = await discord_server.wait_reply(interaction, within=15)
        assert "Commands you can use" in reply.content
        assert reply.ephemeral
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGTERM)
        _, stderr = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode == 0, stderr.decode()
    assert "Traceback" not in stderr.decode()
    assert "discord adapter started" in stderr.decode()
