"""Run in a fresh interpreter by bench/startup.py: start the console bot, report when ready.

Prints one JSON line: seconds from interpreter start to ready, resident memory, and the
third-party packages that were loaded (the anchor imports exactly those).
"""

from __future__ import annotations

import asyncio
import io
import json
import sys
import time


async def ready(url: str) -> None:
    from adapters.console import ConsoleAdapter
    from bot.app import App
    from bot.config import Config
    from bot.model import Role

    config = Config.model_validate({"storage": {"url": url}})
    console = ConsoleAdapter("bench", Role.MEMBER, stdin=io.StringIO(""), stdout=io.StringIO())
    app = App(config, adapters=[console])
    await app.start()
    elapsed = time.time() - float(sys.argv[2])
    rss = _rss_mib()
    await app.stop()
    print(json.dumps({"ready_s": elapsed, "rss_mib": rss, "packages": _packages()}))


def _rss_mib() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _packages() -> list[str]:
    """Every third-party module loaded (dotted names), so the anchor imports the same."""
    own = {"bot", "adapters", "commands", "storage", "bench", "tests"}
    stdlib = set(sys.stdlib_module_names)
    return sorted(
        name
        for name in list(sys.modules)
        if (top := name.partition(".")[0]) not in own
        and top not in stdlib
        and not top.startswith("_")
    )


if __name__ == "__main__":
    asyncio.run(ready(sys.argv[1]))
