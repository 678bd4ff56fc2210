"""What the person types, one message at a time: a line, or a block of lines.

A line with only `\"\"\"` starts a block and another ends it; everything between is one
message, blank lines included (the paragraphs of an announcement, a poll's options one per
line). A terminal passes at most 4,095 characters of one line and drops the rest without a
word; a line that long from a terminal is not sent on but answered with how to type it.
Pipes have no such limit.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from typing import TextIO

BLOCK = '"""'
TERMINAL_LINE_LIMIT = 4095
HOW_TO_TYPE_LINES = f"type {BLOCK} on a line of its own before and after them"
CUT = (
    "That line reached the terminal's limit of 4,095 characters, so its end was cut off "
    f"and I have not used it. Type long text in shorter lines: {BLOCK} on a line of its own, "
    f"the text, then {BLOCK} again."
)


class ConsoleLines:
    """Reads `stdin` in a daemon thread (a blocked read never holds up exit)."""

    def __init__(self, stdin: TextIO, warn: Callable[[str], None]) -> None:
        self._stdin = stdin
        self._warn = warn
        self._queue: asyncio.Queue[str | None] = asyncio.Queue()
        self._terminal = stdin.isatty()

    def start(self) -> None:
        loop = asyncio.get_running_loop()

        def read() -> None:
            for line in self._stdin:
                loop.call_soon_threadsafe(self._queue.put_nowait, line)
            loop.call_soon_threadsafe(self._queue.put_nowait, None)

        threading.Thread(target=read, name="console-stdin", daemon=True).start()

    async def next_message(self) -> str | None:
        """The next message (stripped; "" for nothing to send), None at end of input."""
        line = await self._queue.get()
        if line is None:
            return None
        if self._cut(line):
            self._warn(CUT)
            return ""
        if line.strip() != BLOCK:
            return line.strip()
        lines: list[str] = []
        while (line := await self._queue.get()) is not None and line.strip() != BLOCK:
            lines.append(line.rstrip("\r\n"))
        if line is None:
            await self._queue.put(None)  # end of input inside a block: send what there is
        return "\n".join(lines).strip()

    def _cut(self, line: str) -> bool:
        return self._terminal and len(line.rstrip("\r\n")) >= TERMINAL_LINE_LIMIT
