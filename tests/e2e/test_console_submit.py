"""A whole /submit conversation piped into a real `clpbot run`, then `clpbot export`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

CLPBOT = [sys.executable, "-m", "bot.cli"]
CONVERSATION = [
    "/submit",
    "1",  # I agree to follow the code of conduct
    "1",  # NPF consultation submission
    "Safer streets",  # the commission, typed as its label
    "Night buses for shift workers",
    "The last bus leaves at nine.",
    "Fund night buses on the main routes.",
    "Skip (optional)",
    "No co-authors",
    "2",  # only officers may see my name
    "1",  # send it for review
    "/review",
]


def clpbot(args: list[str], cwd: Path, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLPBOT_")}
    return subprocess.run(
        [*CLPBOT, *args], input=stdin, capture_output=True, text=True, cwd=cwd, env=env, timeout=60
    )


@pytest.mark.slow
def test_printf_submit_into_run_then_export(tmp_path: Path) -> None:
    config = tmp_path / "clpbot.toml"
    config.write_text('[clp]\nname = "Hometown"\n')
    done = clpbot(["run", "--config", str(config)], tmp_path, "\n".join(CONVERSATION) + "\n")
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert "Step 8 of 8: who may see your name" in done.stdout
    assert "New draft for review" in done.stdout
    assert "is now with the officers for review" in done.stdout
    assert "#1 Night buses for shift workers — in review, Safer streets" in done.stdout

    exported = clpbot(
        ["export", "submissions", "--format", "md", "--config", str(config)], tmp_path
    )
    assert exported.returncode == 0, exported.stderr
    assert "# Policy submissions from Hometown CLP" in exported.stdout
    assert "## Safer streets" in exported.stdout
    assert "### Night buses for shift workers" in exported.stdout
    assert "Fund night buses on the main routes." in exported.stdout
    assert "Console user" not in exported.stdout  # the author asked not to be named

    as_json = clpbot(
        ["export", "submissions", "--format", "json", "--status", "approved", "--config",
         str(config)],
        tmp_path,
    )  # fmt: skip
    assert as_json.returncode == 0, as_json.stderr
    assert json.loads(as_json.stdout)["commissions"] == []


def test_export_refuses_an_unknown_format(tmp_path: Path) -> None:
    done = clpbot(["export", "submissions", "--format", "pdf"], tmp_path)
    assert done.returncode == 2
    assert "invalid choice: 'pdf'" in done.stderr
