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


async def start_failure(config: Path, tmp_path: Path) -> tuple[int, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLPBOT_")}
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli", "run", "--config", str(config),
        cwd=tmp_path, env={**env, "PYTHONPATH": str(Path(__file__).parents[3])},
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    _, stderr = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode is not None
    return process.returncode, stderr.decode()


async def test_a_refused_token_is_one_line_naming_the_key(
    discord_server: FakeDiscord, tmp_path: Path
) -> None:
    config = tmp_path / "clpbot.toml"
    write_config(config, discord_server, tmp_path / "bot.sqlite3")
    config.write_text(config.read_text().replace('"fake-token"', '"not-the-token"'))
    code, said = await start_failure(config, tmp_path)
    assert code == 2, said
    assert "Traceback" not in said
    [line] = [line for line in said.splitlines() if line.startswith("clpbot:")]
    assert line.startswith("clpbot: discord.token: Discord refused the token")
    assert discord_server.log[0].status == 401


async def test_an_unreachable_server_is_one_line_and_exit_1(
    discord_server: FakeDiscord, tmp_path: Path
) -> None:
    config = tmp_path / "clpbot.toml"
    write_config(config, discord_server, tmp_path / "bot.sqlite3")
    port = str(discord_server.port)
    config.write_text(config.read_text().replace(f":{port}/", ":9/"))  # nothing listens on 9
    code, said = await start_failure(config, tmp_path)
    assert code == 1, said
    assert "Traceback" not in said
    [line] = [line for line in said.splitlines() if line.startswith("clpbot:")]
    assert line.startswith("clpbot: discord: could not log in at http://127.0.0.1:9/")
    assert "stopped" in said  # what had started (the database) was closed in order
