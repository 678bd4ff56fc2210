"""deploy/ is documentation that must stay true: its config loads and its commands parse.

(The container and the units themselves cannot run here: no Docker and no systemd.)
"""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest

from bot.cli import _parser
from bot.configfile import load_config

DEPLOY = Path(__file__).resolve().parents[1] / "deploy"
SECRETS = {
    "CLPBOT_TELEGRAM__TOKEN": "123:abc",
    "CLPBOT_TELEGRAM__WEBHOOK_SECRET": "a-long-random-secret",
    "CLPBOT_DISCORD__TOKEN": "discord-token",
}


def test_the_shared_config_loads_with_its_secrets_from_the_environment() -> None:
    config = load_config(DEPLOY / "clpbot.toml", {**SECRETS, "CLPBOT_TELEGRAM__PORT": "8444"})
    assert config.storage.url.startswith("postgresql://")
    assert (config.telegram.mode, config.telegram.port) == ("webhook", 8444)
    assert (config.telegram.enabled, config.discord.enabled, config.console.enabled) == (
        True,
        True,
        False,
    )


@pytest.mark.parametrize("unit", ["clpbot-telegram@.service", "clpbot-discord.service"])
def test_each_unit_runs_one_platform_with_the_shared_config(unit: str) -> None:
    text = (DEPLOY / unit).read_text(encoding="utf-8")
    [command] = re.findall(r"^ExecStart=(.+)$", text, flags=re.MULTILINE)
    program, *argv = shlex.split(command)
    args = _parser().parse_args(argv)
    assert program.endswith("/clpbot")
    assert (args.command, str(args.config)) == ("run", "/etc/clpbot/clpbot.toml")
    platform = "telegram" if "telegram" in unit else "discord"
    assert args.only == [platform]
    assert re.search(r"^KillSignal=SIGTERM$", text, flags=re.MULTILINE)


def test_the_container_starts_the_bot_with_the_shared_config() -> None:
    text = (DEPLOY / "Containerfile").read_text(encoding="utf-8")
    [entry] = re.findall(r"^ENTRYPOINT (.+)$", text, flags=re.MULTILINE)
    [cmd] = re.findall(r"^CMD (.+)$", text, flags=re.MULTILINE)
    assert json.loads(entry) == ["clpbot"]
    args = _parser().parse_args(json.loads(cmd))
    assert (args.command, str(args.config), args.only) == ("run", "/etc/clpbot/clpbot.toml", None)


def test_only_a_platform_that_is_not_enabled_is_refused_in_one_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from bot.cli import EXIT_CONFIG, main

    assert main(["run", "--only", "discord"]) == EXIT_CONFIG
    assert capsys.readouterr().err == "clpbot: --only discord: enable [discord] in the config\n"
