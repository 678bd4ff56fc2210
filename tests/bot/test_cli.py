"""`clpbot` as a volunteer meets it: the config it finds, its options, the db commands."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from bot.cli import EXIT_CONFIG, EXIT_FAILED, _parser, main
from tests.support import head_revision

DEPLOYED = Path(__file__).parents[2] / "deploy" / "clpbot.toml"


@pytest.fixture(autouse=True)
def no_secrets(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No CLPBOT_ variables but the database, as with the deployed secrets file unread."""
    import os

    for name in [name for name in os.environ if name.startswith("CLPBOT_")]:
        monkeypatch.delenv(name)
    database = tmp_path / "clpbot.sqlite3"
    monkeypatch.setenv("CLPBOT_STORAGE__URL", f"sqlite:///{database}")
    monkeypatch.chdir(tmp_path)
    return database


@pytest.mark.parametrize(
    "command",
    [
        ["db", "upgrade"],
        ["digest", "--format", "html"],
        ["export", "submissions", "--format", "csv"],
        ["export", "submissions", "--status", "sent_to_conference"],
        ["db", "backup", "saved.sqlite3"],
    ],
)
def test_commands_that_talk_to_no_platform_need_no_platform_secrets(
    command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    if command[:2] == ["db", "backup"]:
        assert main(["db", "upgrade", "--config", str(DEPLOYED)]) == 0
    assert main([*command, "--config", str(DEPLOYED)]) == 0, capsys.readouterr().err
    assert "config error" not in capsys.readouterr().err


def test_run_lists_every_missing_secret(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "--config", str(DEPLOYED)]) == EXIT_CONFIG
    assert capsys.readouterr().err.splitlines() == [
        "clpbot: config error: telegram.token: required when telegram is enabled",
        "clpbot: config error: telegram.webhook_secret: required in webhook mode",
        "clpbot: config error: discord.token: required when discord is enabled",
    ]


def test_db_upgrade_says_what_it_did(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["db", "upgrade"]) == 0
    assert main(["db", "upgrade"]) == 0
    head = head_revision()
    assert capsys.readouterr().out.splitlines() == [
        f"created the database (revision {head})",
        f"the database is up to date (revision {head})",
    ]


def test_clpbot_toml_in_the_working_directory_is_used_and_said(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.delenv("CLPBOT_STORAGE__URL")
    (tmp_path / "clpbot.toml").write_text(f"[storage]\nurl = 'sqlite:///{tmp_path / 'x.db'}'\n")
    with caplog.at_level(logging.INFO, logger="clpbot.cli"):
        assert main(["db", "upgrade"]) == 0
    assert (tmp_path / "x.db").is_file()
    assert f"using {tmp_path / 'clpbot.toml'} from the working directory" in caplog.text


def test_log_level_goes_before_or_after_the_command_and_must_be_known(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert _parser().parse_args(["db", "upgrade", "--log-level", "debug"]).log_level == "DEBUG"
    assert _parser().parse_args(["--log-level", "warning", "digest"]).log_level == "WARNING"
    assert _parser().parse_args(["digest"]).log_level == "INFO"
    with pytest.raises(SystemExit) as refused:
        _parser().parse_args(["run", "--log-level", "bogus"])
    assert refused.value.code == EXIT_CONFIG
    assert "invalid choice: 'BOGUS' (choose from 'DEBUG', 'INFO', 'WARNING', 'ERROR')" in (
        capsys.readouterr().err
    )


def test_db_copy_refuses_a_url_it_cannot_use_in_one_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["db", "copy", "--to", "mysql://u@h/clp"]) == EXIT_CONFIG
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith("clpbot: --to: mysql:// is not a database clpbot can use")


def test_db_restore_while_the_bot_runs_is_one_line_and_exit_1(
    no_secrets: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import sqlite3

    assert main(["db", "upgrade"]) == 0
    assert main(["db", "backup", "saved.sqlite3"]) == 0
    running = sqlite3.connect(no_secrets)  # what a running bot's connection pool holds
    running.execute("SELECT 1 FROM persons").fetchall()
    try:
        assert main(["db", "restore", "saved.sqlite3"]) == EXIT_FAILED
    finally:
        running.close()
    [line] = capsys.readouterr().err.splitlines()
    assert line == f"clpbot: {no_secrets} is in use (is the bot running?): stop every clpbot " + (
        "process, then restore"
    )
    assert main(["db", "restore", "saved.sqlite3"]) == 0


def test_web_without_its_public_address_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    config = tmp_path / "web.toml"
    config.write_text("[console]\nenabled = false\n[web]\nenabled = true\n", encoding="utf-8")
    assert main(["run", "--config", str(config)]) == EXIT_CONFIG
    assert capsys.readouterr().err.splitlines() == [
        "clpbot: config error: web.public_url: required when web is enabled; write the address"
        " the reverse proxy serves, like https://bot.example-clp.org.uk",
    ]


def test_only_web_needs_the_web_server_enabled(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "--only", "web"]) == EXIT_CONFIG
    assert capsys.readouterr().err == "clpbot: --only web: enable [web] in the config\n"
