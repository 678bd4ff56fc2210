"""Through the real adapters: python-telegram-bot against the fake Bot API server, and
discord.py against the fake gateway, both on 127.0.0.1 in this process. A command that
needs no database (/whoami) through the whole bot against a bare PTB / discord.py
handler answering the same command in the same run: throughput, and the latency added at
200 commands/s offered (p50 goal, p99 reported).

The bot's Telegram flood limiter stays in the path with its limits lifted: a burst of
replies to many members would otherwise be held to 30/s by design, which is not the cost
measured here.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Any

import discord
import yarl
from discord import app_commands
from telegram import Update
from telegram.ext import Application, ApplicationBuilder, CommandHandler, ContextTypes
from telegram.request import HTTPXRequest

from adapters.discord import DiscordAdapter
from adapters.telegram import TelegramAdapter
from adapters.telegram.ratelimit import FloodLimiter, Limits
from bench.common import (
    Anchor,
    Figure,
    Stat,
    at_least,
    at_most,
    percentile,
    ratio,
    scratch_dir,
    sqlite_url,
)
from bench.harness import bench_config, running
from bot.config import DiscordConfig, TelegramConfig
from tests.fakes.discord_api import FakeDiscord
from tests.fakes.telegram_api import FakeTelegram

THROUGHPUT_GOAL = 0.67
ADDED_P50_GOAL_MS = 0.5
RATE = 200.0
MEMBERS = 50
"""Commands come from this many members, each seen once before the timing starts."""
UNLIMITED = Limits(overall=(10**9, 1.0), per_chat=(10**9, 1.0), per_group=(10**9, 60.0))

Run = Callable[[], Awaitable[None]]


# --- Telegram -----------------------------------------------------------------------


async def _whoami(update: Update, _: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None
    assert update.effective_user is not None
    await update.effective_message.reply_text(f"You are {update.effective_user.first_name}.")


def _bare_ptb(server: FakeTelegram) -> Application[Any, Any, Any, Any, Any, Any]:
    def request() -> HTTPXRequest:
        return HTTPXRequest(connection_pool_size=64, http_version="1.1")

    app = (
        ApplicationBuilder()
        .token(server.token)
        .base_url(server.base_url)
        .request(request())
        .get_updates_request(request())
        .concurrent_updates(32)
        .build()
    )
    app.add_handler(CommandHandler("whoami", _whoami))
    return app


async def _telegram_load(server: FakeTelegram, count: int, rate: float | None) -> dict[str, Any]:
    """`count` /whoami commands from `MEMBERS` members seen before (all at once, or `rate`
    per second); seconds to the last answer and each answer's latency in ms."""
    users = [server.user(f"M{n}") for n in range(min(count, MEMBERS))]
    chats = [server.private_chat(u) for u in users]
    for user, chat in zip(users, chats, strict=True):  # first sight costs SQL: not measured
        await server.push_message(chat, user, "/whoami")
    await server.wait_calls("sendMessage", len(users), within=60)
    pushed: dict[int, deque[float]] = {chat.id: deque() for chat in chats}
    already = len(server.calls("sendMessage"))
    began = time.monotonic()
    for n in range(count):
        if rate:
            await asyncio.sleep(max(0.0, began + n / rate - time.monotonic()))
        user, chat = users[n % len(users)], chats[n % len(chats)]
        pushed[chat.id].append(time.monotonic())
        await server.push_message(chat, user, "/whoami")
    await server.wait_calls("sendMessage", already + count, within=120)
    answers = server.calls("sendMessage")[already:]
    latencies = [(c.at - pushed[int(c.params["chat_id"])].popleft()) * 1000 for c in answers]
    return {"seconds": max(c.at for c in answers) - began, "latencies_ms": latencies}


async def _with_bare_telegram(count: int, rate: float | None) -> dict[str, Any]:
    async with FakeTelegram() as server:
        app = _bare_ptb(server)
        await app.initialize()
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(timeout=1)
        try:
            return await _telegram_load(server, count, rate)
        finally:
            await app.updater.stop()
            await app.stop()
            await app.shutdown()


async def _with_bot_telegram(count: int, rate: float | None) -> dict[str, Any]:
    async with FakeTelegram() as server:
        section = server.telegram_config()
        adapter = TelegramAdapter(
            TelegramConfig.model_validate(section),
            limiter=FloodLimiter(UNLIMITED),
            poll_timeout=1.0,
        )
        with scratch_dir() as folder:
            config = bench_config(sqlite_url(folder), telegram=section)
            async with running(config, adapter):
                return await _telegram_load(server, count, rate)


# --- Discord ------------------------------------------------------------------------


class BareDiscord(discord.Client):
    def __init__(self) -> None:
        super().__init__(intents=discord.Intents(guilds=True), guild_ready_timeout=0.05)
        self.tree = app_commands.CommandTree(self)

        @self.tree.command(name="whoami", description="Who you are")
        async def whoami(interaction: discord.Interaction) -> None:
            await interaction.response.send_message(
                f"You are {interaction.user.name}.", ephemeral=True
            )


async def _discord_load(server: FakeDiscord, count: int) -> float:
    users = [server.member(f"M{n}") for n in range(min(count, MEMBERS))]
    warm = [await server.slash(user, "whoami") for user in users]
    await server.wait_until(lambda: all(i.replies for i in warm), within=60)
    began = time.monotonic()
    sent = [await server.slash(users[n % len(users)], "whoami") for n in range(count)]
    await server.wait_until(lambda: all(i.replies for i in sent), within=120)
    return time.monotonic() - began


async def _with_bare_discord(count: int) -> float:
    server = await FakeDiscord().start()
    client = BareDiscord()
    try:
        discord.http.Route.BASE = server.api_base_url
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(server.gateway_url)
        await client.login("fake-token")
        connection = asyncio.create_task(client.connect(reconnect=False))
        await client.wait_until_ready()
        await client.tree.sync(guild=discord.Object(server.guild_id))
        try:
            return await _discord_load(server, count)
        finally:
            await client.close()
            connection.cancel()
    finally:
        await server.stop()


async def _with_bot_discord(count: int) -> float:
    server = await FakeDiscord().start()
    try:
        section = server.discord_config()
        adapter = DiscordAdapter(DiscordConfig.model_validate(section), guild_ready_timeout=0.05)
        with scratch_dir() as folder:
            async with running(bench_config(sqlite_url(folder), discord=section), adapter):
                return await _discord_load(server, count)
    finally:
        await server.stop()


# --- the figures --------------------------------------------------------------------


async def run(small: bool = False) -> list[Figure]:
    burst, paced, repeats = (20, 20, 1) if small else (600, 400, 3)
    bare_tp: list[float] = []
    bot_tp: list[float] = []
    for _ in range(repeats):
        bare_tp.append(burst / (await _with_bare_telegram(burst, None))["seconds"])
        bot_tp.append(burst / (await _with_bot_telegram(burst, None))["seconds"])
    bare_paced = await _with_bare_telegram(paced, RATE)
    bot_paced = await _with_bot_telegram(paced, RATE)
    bare_p50 = percentile(bare_paced["latencies_ms"], 50)
    bot_p50 = percentile(bot_paced["latencies_ms"], 50)
    added_p50 = bot_p50 - bare_p50
    added_p99 = percentile(bot_paced["latencies_ms"], 99) - percentile(
        bare_paced["latencies_ms"], 99
    )
    dc_bare: list[float] = []
    dc_bot: list[float] = []
    for _ in range(repeats):
        dc_bare.append(burst / await _with_bare_discord(burst))
        dc_bot.append(burst / await _with_bot_discord(burst))
    tg_anchor, tg_value = Stat.of(bare_tp), Stat.of(bot_tp)
    dc_anchor, dc_value = Stat.of(dc_bare), Stat.of(dc_bot)
    tg_share, dc_share = ratio(tg_value, tg_anchor), ratio(dc_value, dc_anchor)
    return [
        Figure(
            "adapters.telegram_throughput",
            f"Telegram: /whoami throughput, {burst} members at once",
            tg_share,
            "x",
            f">= {THROUGHPUT_GOAL} x bare PTB handler",
            at_least(tg_share.median, THROUGHPUT_GOAL),
            Anchor("bare PTB CommandHandler", tg_anchor, "cmd/s"),
            {"bot_per_s": tg_value.as_json()},
        ),
        Figure(
            "adapters.telegram_added_latency",
            f"Telegram: latency added at {RATE:.0f} commands/s offered (p50)",
            Stat.of([added_p50]),
            "ms",
            f"p50 <= {ADDED_P50_GOAL_MS} ms (p99 reported)",
            at_most(added_p50, ADDED_P50_GOAL_MS),
            Anchor("bare PTB p50 latency", Stat.of([bare_p50]), "ms"),
            {"bot_p50_ms": bot_p50, "added_p99_ms": added_p99, "commands": paced},
        ),
        Figure(
            "adapters.discord_throughput",
            f"Discord: /whoami throughput, {burst} slash commands at once",
            dc_share,
            "x",
            f">= {THROUGHPUT_GOAL} x bare discord.py handler",
            at_least(dc_share.median, THROUGHPUT_GOAL),
            Anchor("bare discord.py app command", dc_anchor, "cmd/s"),
            {"bot_per_s": dc_value.as_json()},
        ),
    ]
