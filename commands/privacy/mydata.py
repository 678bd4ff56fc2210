"""/mydata: everything the bot holds about the member, privately, as one JSON file (for a
person: every section explains itself; for a program: plain JSON) with a short summary."""

from __future__ import annotations

import json
from typing import Any

from bot.commands import CommandSpec, Where
from bot.context import Context
from bot.model import Attachment, OutgoingMessage
from bot.privacy import export_all
from bot.richtext import b, bullets, p
from bot.router import Router
from commands.privacy.request import request_for

router = Router("privacy.mydata")

MYDATA = CommandSpec(
    "mydata",
    "Get a file of everything the bot holds about you",
    where=Where.PRIVATE,
    help="Sends you, privately, one JSON file with everything the bot holds about you on every"
    " linked account: drafts, event replies, ideas, your own votes while they can be linked"
    " to you, subscriptions, your agreement to the code of conduct. /forgetme erases it.",
    example="/mydata",
)


def count_items(data: Any) -> int:
    if isinstance(data, list):
        return len(data)
    if isinstance(data, dict):
        lists = [value for value in data.values() if isinstance(value, list)]
        if lists:
            return sum(len(value) for value in lists)
        return 1 if any(data.values()) else 0
    return 1 if data else 0


async def build_document(ctx: Context) -> dict[str, Any]:
    req = await request_for(ctx)
    sections = await export_all(ctx.services.registry.personal_data, req)
    return {
        "about": (
            f"Everything the {ctx.config.clp.name} bot holds about you, on every account"
            " linked to you, as of the time below. Each section says what it is and why it"
            " is kept. Times are in the CLP's time zone. Type /forgetme to erase it."
        ),
        "generated_at": req.when(req.now),
        "accounts": [who.key for who in req.identities],
        "sections": sections,
    }


@router.command(MYDATA)
async def mydata(ctx: Context) -> None:
    document = await build_document(ctx)
    text = json.dumps(document, indent=2, ensure_ascii=False, default=str)
    sections: dict[str, dict[str, Any]] = document["sections"]
    lines = [f"{section['title']}: {count_items(section['data'])}" for section in sections.values()]
    intro = (
        p(b("Your data")),
        p("Everything the bot holds about you (items per section):"),
        bullets(*lines),
    )
    if ctx.adapter.capabilities.files:
        day = ctx.now().astimezone(ctx.config.clp.zone).date().isoformat()
        attachment = Attachment(
            f"my-data-{day}.json", text.encode("utf-8"), "application/json; charset=utf-8"
        )
        outro = p("The attached file has the details. /forgetme erases your data.")
        await ctx.reply(OutgoingMessage(blocks=(*intro, outro), attachment=attachment))
        return
    outro = p("The details follow as text (JSON). /forgetme erases your data.")
    await ctx.reply(OutgoingMessage(blocks=(*intro, outro)))
    await ctx.reply(OutgoingMessage(blocks=(p(text),)))
