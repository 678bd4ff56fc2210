"""Database budget: awaited SQL statements per command and per conversation step.

Every command and subcommand in the registry runs through the fake adapter as an officer
in a private chat; when the bot then offers choices the first is pressed, when it waits
for text an answer is typed, up to `STEPS` steps, each counted on its own. Statements are
counted with an engine event hook ("before_cursor_execute"); an executemany counts once.
Also checked: SQLite runs in WAL with synchronous=NORMAL.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, text
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.fake import FakeAdapter
from bench.common import Figure, Stat, scratch_dir, sqlite_url
from bench.harness import bench_config
from bot.app import App, build_router
from bot.conversation import BACK
from storage.sql import SqlStorage

BUDGET = 2
STEPS = 6
ANSWERS = ("Lifelong learning for all", "next Tuesday 7pm", "2", "yes")
OFFICER = "olive"


class StatementCounter:
    def __init__(self, engine: AsyncEngine) -> None:
        self.count = 0
        self.statements: list[str] = []
        event.listen(engine.sync_engine, "before_cursor_execute", self._seen)

    def _seen(self, *args: Any) -> None:
        self.count += 1
        self.statements.append(str(args[2]).split("\n", 1)[0][:80])

    def take(self) -> tuple[int, list[str]]:
        counted, seen = self.count, self.statements
        self.count, self.statements = 0, []
        return counted, seen


def command_lines(app: App) -> list[str]:
    registry = app.services.registry
    lines = [f"/{name}" for name in registry.commands if name not in ("cancel", "back")]
    lines += [f"/{top} {sub}" for top, sub in registry.subcommands]
    return lines


async def _walk(fake: FakeAdapter, counter: StatementCounter, line: str) -> dict[str, Any]:
    """The command, then its conversation step by step; statements of each."""
    fake.pop_all()
    counter.take()
    await fake.command(line, user=OFFICER)
    steps = [counter.take()]
    for step in range(STEPS):
        replies = fake.pop_all()
        if not replies:
            break
        last = replies[-1].message
        offered = [c.value for c in last.choices if c.value != BACK and "cancel" not in c.value]
        if offered:
            await fake.press(offered[0], user=OFFICER)
        elif last.awaiting_text:
            await fake.say(ANSWERS[step % len(ANSWERS)], user=OFFICER)
        else:
            break
        steps.append(counter.take())
    await fake.command("/cancel", user=OFFICER)
    counter.take()
    return {
        "statements": [n for n, _ in steps],
        "max": max(n for n, _ in steps),
        "over_budget_sql": [s for n, s in steps if n > BUDGET],
    }


async def _sqlite_settings(storage: SqlStorage) -> dict[str, str]:
    async with storage.engine.connect() as connection:
        mode = await connection.scalar(text("PRAGMA journal_mode"))
        sync = await connection.scalar(text("PRAGMA synchronous"))
    return {"journal_mode": str(mode), "synchronous": {1: "NORMAL", 2: "FULL"}.get(sync, str(sync))}


async def run(small: bool = False) -> list[Figure]:
    fake = FakeAdapter(officers={OFFICER})
    with scratch_dir() as folder:
        config = bench_config(sqlite_url(folder))
        storage = SqlStorage(config.storage.url)
        app = App(config, adapters=[fake], storage=storage, router=build_router())
        await storage.upgrade()  # no background loops: their SQL would blur the counts
        await fake.start(app.dispatcher)
        settings = await _sqlite_settings(storage)
        counter = StatementCounter(storage.engine)
        await fake.command("/whoami", user=OFFICER)  # first sight of the officer
        counter.take()
        lines = command_lines(app)[: 4 if small else None]
        per_command = {line: await _walk(fake, counter, line) for line in lines}
        await storage.close()
    worst = [d["max"] for d in per_command.values()]
    over = {line: d for line, d in per_command.items() if d["max"] > BUDGET}
    wal = settings == {"journal_mode": "wal", "synchronous": "NORMAL"}
    return [
        Figure(
            "dbbudget.max_statements",
            "SQL statements per command or step (worst; commands over budget)",
            Stat.of([max(worst)]),
            "stmts",
            f"<= {BUDGET} each ({len(over)} of {len(per_command)} over)",
            not over,
            details={"per_command": per_command, "over_budget": sorted(over)},
        ),
        Figure(
            "dbbudget.sqlite_wal",
            "SQLite journal mode and synchronous",
            Stat.of([1.0 if wal else 0.0]),
            "ok",
            "WAL with synchronous=NORMAL",
            wal,
            details=settings,
        ),
    ]
