from __future__ import annotations

from pathlib import Path

import pytest

from bot.configfile import ConfigError, load_config
from bot.permissions import DEFAULT_OFFICES, Permission


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
    assert config.offices == DEFAULT_OFFICES  # the example shows the defaults


def test_offices_from_config(tmp_path: Path) -> None:
    text = '[offices]\n"Chair" = ["officers", "audit"]\n"Campaigns" = ["events", "announce"]\n'
    config = load_config(write(tmp_path, text), environ={})
    assert config.offices == {
        "Chair": (Permission.OFFICERS, Permission.AUDIT),
        "Campaigns": (Permission.EVENTS, Permission.ANNOUNCE),
    }


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
        ("[ideas]\nper_member_per_hour = 0\n", "config error: ideas.per_member_per_hour:"),
        ("[ideas]\nper_member_per_hour = 'lots'\n", "config error: ideas.per_member_per_hour:"),
        ("[storage]\npool_size = 0\n", "config error: storage.pool_size:"),
        ("[storage]\nmax_overflow = -1\n", "config error: storage.max_overflow:"),
        ("[clp\nname='x'\n", "not valid TOML"),
        ("[offices]\nChair = ['everything']\n", "config error: offices.Chair.0:"),
        ("[offices]\nChair = ['audit']\nchair = ['audit']\n", "office 'chair' is declared twice"),
        ("[web]\nenabled = true\n", "config error: web.public_url: required when web is enabled"),
        (
            "[web]\nenabled = true\npublic_url = 'bot.example.org'\n",
            "config error: web.public_url: 'bot.example.org' is not a web address",
        ),
        ("[web]\ncalendar_path = 'calendar.ics'\n", "config error: web.calendar_path: "),
        ("[web]\ncalendar_path = '/healthz'\n", "config error: web.calendar_path: /healthz is"),
        ("[web]\nport = 'x'\n", "config error: web.port: write a whole number"),
        ("[web]\nlisten_on = 'x'\n", "config error: web.listen_on: unknown key (did you mean"),
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


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("postgresql+psycopg2://u@h/db", "postgresql+psycopg2:// is not a database clpbot can use"),
        ("mysql://u:pw@h/db", "mysql:// is not a database clpbot can use (these work: sqlite://"),
        ("", "storage.url: is empty; write sqlite:///clpbot.sqlite3 (a file) or postgresql://"),
        ("clpbot.sqlite3", "storage.url: is not a database URL; write sqlite:///clpbot.sqlite3"),
        ("sqlite://", "storage.url: names no SQLite file; write sqlite:///clpbot.sqlite3"),
        ("postgresql://u:pw@h:port/db", "storage.url: has a port that is not a number"),
    ],
)
def test_a_storage_url_clpbot_cannot_use_is_one_line_saying_what_works(
    tmp_path: Path, url: str, expected: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(write(tmp_path, f"[storage]\nurl = '{url}'\n"), environ={})
    message = str(caught.value)
    assert expected in message
    assert "\n" not in message
    assert "pw" not in message  # a URL may hold a password: it is never repeated


@pytest.mark.parametrize(
    "url",
    [
        "postgres://clpbot:pw@db.example/clpbot",
        "postgresql://clpbot@127.0.0.1:5432/clpbot",
        "postgresql+asyncpg://clpbot@localhost/clpbot",
        "sqlite:///clpbot.sqlite3",
        "sqlite+aiosqlite:////var/lib/clpbot/clpbot.sqlite3",
    ],
)
def test_the_database_urls_that_work_are_accepted(tmp_path: Path, url: str) -> None:
    config = load_config(write(tmp_path, f"[storage]\nurl = '{url}'\n"), environ={})
    assert config.storage.url == url


def test_every_problem_is_listed_one_line_each_saying_what_to_write(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "[storage]\nurl = 'mysql://x'\n[telegram]\nport = 'abc'\ntokn = 'x'\nenabled = 'maybe'\n"
        "[events]\nlist_limit = 0\n[feeds]\nurls = 'https://x'\n",
    )
    with pytest.raises(ConfigError) as caught:
        load_config(path, environ={})
    assert str(caught.value).splitlines() == [
        "config error: storage.url: mysql:// is not a database clpbot can use (these work: "
        "sqlite://, sqlite+aiosqlite://, postgresql://, postgres://, postgresql+asyncpg://)",
        "config error: telegram.enabled: write true or false, not 'maybe'",
        "config error: telegram.port: write a whole number, not 'abc'",
        "config error: telegram.tokn: unknown key (did you mean token? see config.example.toml "
        "for the keys there are)",
        "config error: feeds.urls: write a list in brackets, for example [1, 2], not 'https://x'",
        "config error: events.list_limit: should be greater than or equal to 1, not 0",
    ]


def test_a_command_that_connects_to_no_platform_needs_no_platform_secret() -> None:
    deployed = Path(__file__).parents[2] / "deploy" / "clpbot.toml"
    config = load_config(deployed, environ={}, connects=())
    assert config.telegram.enabled
    assert not config.telegram.token
    with pytest.raises(ConfigError) as caught:
        load_config(deployed, environ={}, connects=["discord"])
    assert str(caught.value) == "config error: discord.token: required when discord is enabled"
    with pytest.raises(ConfigError) as caught:
        load_config(deployed, environ={})
    assert str(caught.value).splitlines() == [
        "config error: telegram.token: required when telegram is enabled",
        "config error: telegram.webhook_secret: required in webhook mode",
        "config error: discord.token: required when discord is enabled",
    ]


def test_the_webhook_and_the_calendar_need_two_paths(tmp_path: Path) -> None:
    text = (
        "[telegram]\nenabled = true\ntoken = 't'\nmode = 'webhook'\nwebhook_secret = 's'\n"
        "webhook_path = '/calendar.ics'\n[web]\nenabled = true\n"
        "public_url = 'https://bot.example.org'\n"
    )
    with pytest.raises(ConfigError) as caught:
        load_config(write(tmp_path, text), environ={})
    assert str(caught.value) == (
        "config error: telegram.webhook_path: /calendar.ics is the calendar's ([web] "
        "calendar_path); give the webhook another, like /telegram"
    )


@pytest.mark.parametrize(
    ("path", "error"),
    [
        ("telegram/hook", "'telegram/hook' is not a path; write one starting with /, of "
         "letters, digits and - _ . ~ /, for example /telegram"),
        ("/healthz", "/healthz is the bot's own; choose another, like /telegram"),
    ],
)  # fmt: skip
def test_the_webhook_path_is_a_path_and_not_the_bots_own(
    tmp_path: Path, path: str, error: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(write(tmp_path, f"[telegram]\nwebhook_path = '{path}'\n"), environ={})
    assert str(caught.value) == f"config error: telegram.webhook_path: {error}"


def test_with_web_on_the_webhook_is_served_at_slash_telegram_by_default(tmp_path: Path) -> None:
    text = (
        "[telegram]\nenabled = true\ntoken = 't'\nmode = 'webhook'\nwebhook_secret = 's'\n"
        "[web]\nenabled = true\npublic_url = 'https://bot.example.org'\n"
    )
    config = load_config(write(tmp_path, text), environ={})
    assert config.webhook_on_web
    assert config.telegram.webhook_path == "/telegram"
