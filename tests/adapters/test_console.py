"""The console adapter through a real `clpbot run` subprocess with piped stdin."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from adapters.console.lines import CUT, TERMINAL_LINE_LIMIT, ConsoleLines

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


POLL_THEN_VOTE = [
    "/poll",
    "Should we run a stall at the fair?",
    '"""',  # the options one per line, as one message
    "Yes",
    "",
    "No",
    '"""',
    "1",  # single choice
    "1",  # anonymous
    "1",  # results when it closes
    "1",  # the default deadline
    "2",  # Done: this chat is chosen already
    "1",  # post the poll: it goes out through the outbox, in the background
    "2",  # the vote, read only once the poll message is out
]


@pytest.mark.slow
@pytest.mark.parametrize("attempt", range(10))
def test_a_piped_vote_is_read_after_the_poll_it_answers_is_posted(
    tmp_path: Path, attempt: int
) -> None:
    done = run(["run"], "\n".join(POLL_THEN_VOTE) + "\n", tmp_path)
    assert done.returncode == 0, done.stderr
    assert 'one per line (type """ on a line of its own before and after them)' in done.stdout
    assert "I'm not waiting for an answer from you just now" not in done.stdout
    posted = done.stdout.index("Poll #1: Should we run a stall at the fair?")
    assert done.stdout.index("Your vote in poll #1 is recorded: No.") > posted


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


async def messages(stdin: io.StringIO) -> tuple[list[str], list[str]]:
    said: list[str] = []
    lines = ConsoleLines(stdin, said.append)
    lines.start()
    got: list[str] = []
    while (message := await lines.next_message()) is not None:
        got.append(message)
    return got, said


async def test_a_block_is_one_message_with_its_blank_lines() -> None:
    got, _ = await messages(io.StringIO('/announce\n"""\nFirst para.\n\nSecond.\n"""\n1\n'))
    assert got == ["/announce", "First para.\n\nSecond.", "1"]


async def test_end_of_input_inside_a_block_sends_what_was_typed() -> None:
    got, _ = await messages(io.StringIO('"""\nnot lost\n'))
    assert got == ["not lost"]


async def test_a_line_the_terminal_cut_says_so_and_is_not_sent() -> None:
    long = "x" * TERMINAL_LINE_LIMIT
    got, said = await messages(Terminal(f"{long}\n/help\n"))
    assert got == ["", "/help"]
    assert said == [CUT]
    assert "4,095 characters" in CUT


async def test_a_pipe_passes_long_lines_whole() -> None:
    long = "x" * 10_000
    got, said = await messages(io.StringIO(f"{long}\n"))
    assert (got, said) == ([long], [])
