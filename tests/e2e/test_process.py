"""`clpbot run` as a real process: clean shutdown on signals, lazy platform imports."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest


def clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("CLPBOT_")}


def python(args: list[str], cwd: Path, stdin: str = "/help\n") -> subprocess.CompletedProcess[str]:
    """This interpreter with `args`, run to the end with `stdin` piped in."""
    return subprocess.run(
        [sys.executable, *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=cwd,
        env=clean_env(),
        timeout=60,
    )


def wait_for_line(process: subprocess.Popen[str], needle: str, timeout: float = 30) -> str:
    assert process.stderr is not None
    deadline = time.monotonic() + timeout
    seen = ""
    while time.monotonic() < deadline:
        line = process.stderr.readline()
        seen += line
        if needle in line:
            return seen
        if not line and process.poll() is not None:
            break
    raise AssertionError(f"never saw {needle!r}; stderr so far:\n{seen}")


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_signal_stops_the_bot_cleanly(tmp_path: Path, sig: signal.Signals) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "run"],
        stdin=subprocess.PIPE,  # kept open: the console waits for input
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
        env=clean_env(),
    )
    try:
        wait_for_line(process, "console adapter started")
        process.send_signal(sig)
        _, stderr = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, stderr
    assert "stopped" in stderr
    assert "Traceback" not in stderr


def test_platform_libraries_are_not_imported_when_disabled(tmp_path: Path) -> None:
    script = (
        "import sys\n"
        "from bot.cli import main\n"
        "code = main(['run'])\n"
        "loaded = sorted(m for m in ('telegram', 'discord') if m in sys.modules)\n"
        "print('LOADED', loaded)\n"
        "sys.exit(code)\n"
    )
    done = python(["-c", script], tmp_path)
    assert done.returncode == 0, done.stderr
    assert "LOADED []" in done.stdout


@pytest.mark.parametrize("command", [["run"], ["db", "upgrade"], ["digest"]])
def test_a_database_that_cannot_be_opened_is_one_line(tmp_path: Path, command: list[str]) -> None:
    config = tmp_path / "clpbot.toml"
    config.write_text(f'[storage]\nurl = "sqlite+aiosqlite:///{tmp_path}/no/such/dir/x.db"\n')
    done = python(["-m", "bot.cli", *command, "--config", str(config)], tmp_path)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    [line] = [line for line in done.stderr.splitlines() if line.startswith("clpbot:")]
    assert line.startswith("clpbot: could not open the database at storage.url: ")
