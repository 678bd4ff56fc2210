from __future__ import annotations

from pathlib import Path

import pytest

from bot.configfile import ConfigError, load_config


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "clpbot.toml"
    path.write_text(text)
    return path


def test_defaults_without_a_file() -> None:
    config = load_config(None, environ={})
    assert config.clp.timezone == "Europe/London"
    assert config.console.enabled
    assert not config.telegram.enabled
    assert config.policy.commissions[2] == "Safer streets"
    assert config.digest.at.hour == 9


def test_the_example_config_is_valid() -> None:
    example = Path(__file__).parents[2] / "config.example.toml"
    config = load_config(example, environ={})
    assert config.clp.name


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[telegram]\ntokn = 'x'\n", "config error: telegram.tokn: unknown key"),
        ("[nonsense]\n", "config error: nonsense: unknown key"),
        ("[clp]\ntimezone = 'Mars/Olympus'\n", "config error: clp.timezone: unknown time zone"),
        ("[digest]\ntime = '9am'\n", "config error: digest.time: '9am' is not a time"),
        ("[digest]\nweekday = 'Monday'\n", "config error: digest.weekday:"),
        ("[telegram]\nannounce_chats = ['abc']\n", "config error: telegram.announce_chats.0:"),
        ("[telegram]\nenabled = true\n", "config error: telegram.token: required"),
        ("[console]\nrole = 'admin'\n", "config error: console.role:"),
        ("[discord]\nguild_ids = 5\n", "config error: discord.guild_ids:"),
        (
            "[discord]\nenabled = true\ntoken = 'x'\nglobal_commands = true\n",
            "config error: discord.guild_ids: name the CLP's own servers",
        ),
        ("[clp\nname='x'\n", "not valid TOML"),
    ],
)
def test_a_bad_config_is_one_line_naming_the_key(tmp_path: Path, text: str, expected: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(write(tmp_path, text), environ={})
    message = str(caught.value)
    assert expected in message
    assert "\n" not in message


def test_disabled_section_is_accepted_with_all_its_keys(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "[telegram]\nenabled = false\ntoken = ''\nbase_url = 'x'\nmode = 'webhook'\n"
        "webhook_url = ''\nwebhook_secret = ''\nlisten = '0.0.0.0'\nport = 8443\n"
        "announce_chats = [-100]\nofficers = [1]\n",
    )
    assert not load_config(path, environ={}).telegram.enabled


def test_secrets_come_from_the_environment(tmp_path: Path) -> None:
    path = write(tmp_path, "[telegram]\nenabled = true\n")
    config = load_config(path, environ={"CLPBOT_TELEGRAM__TOKEN": "123:abc"})
    assert config.telegram.token == "123:abc"


def test_missing_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no such config file"):
        load_config(tmp_path / "absent.toml", environ={})
