"""The console adapter through a real `clpbot run` subprocess with piped stdin."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

CLPBOT = [sys.executable, "-m", "bot.cli"]


def run(args: list[str], stdin: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLPBOT_")}
    return subprocess.run(
        [*CLPBOT, *args], input=stdin, capture_output=True, text=True, cwd=cwd, env=env, timeout=60
    )


def test_help_and_whoami_through_a_pipe(tmp_path: Path) -> None:
    done = run(["run"], "/help\n/whoami\n", tmp_path)
    assert done.returncode == 0, done.stderr
    assert "/whoami — Who the bot thinks you are" in done.stdout
    assert "You are Console user on Console" in done.stdout
    assert "Traceback" not in done.stderr
    assert (tmp_path / "clpbot.sqlite3").exists()


def test_choices_are_numbered_and_answered_by_number(tmp_path: Path) -> None:
    config = tmp_path / "c.toml"
    config.write_text('[console]\nuser = "Mo"\nrole = "member"\n')
    done = run(["run", "--config", str(config)], "/conduct\n1\n/quit\n/whoami\n", tmp_path)
    assert done.returncode == 0, done.stderr
    assert "  1. I agree to follow it" in done.stdout
    assert "agreement to the code of conduct is recorded" in done.stdout
    assert "Mo" not in done.stdout  # /quit stopped before /whoami


def test_unknown_key_exits_2_with_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[telegram]\nenabeld = true\n")
    done = run(["run", "--config", str(bad)], "", tmp_path)
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0
    assert "telegram.enabeld" in done.stderr
    assert "unknown key" in done.stderr
    assert "Traceback" not in done.stderr


def test_db_upgrade_and_version(tmp_path: Path) -> None:
    done = run(["db", "upgrade"], "", tmp_path)
    assert done.returncode == 0, done.stderr
    version = run(["--version"], "", tmp_path)
    assert version.stdout.startswith("clpbot ")
