"""Real `clpbot run` processes for end-to-end tests: start, read their log, kill, stop.

    bot = await BotProcess.start("first", config_path)
    await bot.wait_for_line("this process runs the scheduler", within=60)
    await bot.kill()        # SIGKILL: no clean-up at all, as when a machine dies
    await bot.stop()        # SIGTERM, then the exit status and the whole log

Each process's stderr (its log) is read continuously, so a chatty process never blocks on
a full pipe and every line stays available to the test.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import socket
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

ROOT = Path(__file__).resolve().parents[2]
LEADER_LINE = "this process runs the scheduler"


class BotApiServer(Protocol):
    token: str

    @property
    def base_url(self) -> str: ...


def telegram_config_file(
    path: Path,
    server: BotApiServer,
    database: Path,
    *,
    announce_chats: Sequence[int],
    officers: Sequence[int] = (),
    grace_minutes: int | None = None,
) -> Path:
    """A config for `clpbot run` on SQLite at `database`, Telegram at the fake `server`."""
    scheduler = f"\n[scheduler]\ngrace_minutes = {grace_minutes}\n" if grace_minutes else ""
    path.write_text(
        f"""
[storage]
url = "sqlite+aiosqlite:///{database}"

[console]
enabled = false

[telegram]
enabled = true
token = "{server.token}"
base_url = "{server.base_url}"
officers = {list(officers)}
announce_chats = {list(announce_chats)}
{scheduler}""",
        encoding="utf-8",
    )
    return path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class BotProcess:
    def __init__(self, name: str, process: asyncio.subprocess.Process) -> None:
        self.name = name
        self.process = process
        self.lines: list[str] = []
        self._changed = asyncio.Condition()
        self._reader = asyncio.create_task(self._read(), name=f"log-{name}")

    @classmethod
    async def start(cls, name: str, config: Path, *options: str) -> BotProcess:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot.cli",
            "run",
            "--config",
            str(config),
            *options,
            cwd=ROOT,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE,
        )
        return cls(name, process)

    @property
    def log(self) -> str:
        return "".join(self.lines)

    def saw(self, needle: str) -> bool:
        return any(needle in line for line in self.lines)

    async def wait_for_line(self, needle: str, within: float) -> None:
        def seen_or_gone() -> bool:
            return self.saw(needle) or self._reader.done()

        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(seen_or_gone), within)
        if not self.saw(needle):
            raise AssertionError(f"{self.name} ended without {needle!r}:\n{self.log[-4000:]}")

    async def kill(self) -> int:
        self.process.send_signal(signal.SIGKILL)
        return await self._ended()

    async def stop(self) -> int:
        """SIGTERM and wait; SIGKILL if it does not stop in time. Returns the exit status."""
        if self.process.returncode is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            return await asyncio.wait_for(self._ended(), 45)
        except TimeoutError:
            return await self.kill()

    async def _ended(self) -> int:
        code = await self.process.wait()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._reader, 10)  # the rest of the log
        return code

    async def _read(self) -> None:
        assert self.process.stderr is not None
        try:
            while line := await self.process.stderr.readline():
                self.lines.append(line.decode(errors="replace"))
                async with self._changed:
                    self._changed.notify_all()
        finally:
            async with self._changed:
                self._changed.notify_all()


async def first_to_say(processes: list[BotProcess], needle: str, within: float) -> BotProcess:
    """The process whose log shows `needle` first (the others may never say it)."""
    waits = {asyncio.create_task(p.wait_for_line(needle, within)): p for p in processes}
    try:
        while waits:
            done, _ = await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
            for task in done:
                process = waits.pop(task)
                if task.exception() is None:
                    return process
        raise AssertionError(f"no process said {needle!r}")
    finally:
        for task in waits:
            task.cancel()
