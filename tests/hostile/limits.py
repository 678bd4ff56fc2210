"""What every message the bot sends must satisfy on each platform, checked through the
adapters' own render functions: the length limit after splitting, Telegram HTML that
parses (only the tags we emit, balanced, every `&` an entity), no Discord ping, and
button labels a platform accepts."""

from __future__ import annotations

import re

from adapters.discord.render import render as discord_render
from adapters.telegram.render import MAX_LENGTH as TELEGRAM_LIMIT
from adapters.telegram.render import render_chunks as telegram_chunks
from bot.model import OutgoingMessage

DISCORD_LIMIT = 2000
_TAG = re.compile(r'<(/?)(b|i|code|a)( href="[^"<>]*")?>')
_ENTITY = re.compile(r"&(lt|gt|amp|quot|#x27|#\d{1,7});")
_PING = re.compile(r"@(everyone|here)|<@[!&]?\d+>", re.IGNORECASE)


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def html_problems(chunk: str) -> list[str]:
    """Why Telegram's HTML parse mode would refuse `chunk` (empty when it would not)."""
    problems: list[str] = []
    open_tags: list[str] = []
    at = 0
    while at < len(chunk):
        char = chunk[at]
        if char == "<":
            tag = _TAG.match(chunk, at)
            if tag is None:
                return [f"a bare '<' at {at}: {chunk[at : at + 20]!r}"]
            closing, name = tag.group(1) == "/", tag.group(2)
            if closing:
                if not open_tags or open_tags.pop() != name:
                    return [f"</{name}> closes nothing at {at}"]
            else:
                open_tags.append(name)
            at = tag.end()
            continue
        if char == ">":
            return [f"a bare '>' at {at}"]
        if char == "&" and _ENTITY.match(chunk, at) is None:
            return [f"a bare '&' at {at}: {chunk[at : at + 10]!r}"]
        at += 1
    if open_tags:
        problems.append(f"unclosed tags {open_tags}")
    return problems


def telegram_problems(message: OutgoingMessage) -> list[str]:
    problems: list[str] = []
    for chunk in telegram_chunks(message.blocks):
        if utf16_length(chunk) > TELEGRAM_LIMIT:
            problems.append(f"telegram chunk of {utf16_length(chunk)} UTF-16 units")
        problems += [f"telegram HTML: {p}" for p in html_problems(chunk)]
    return problems + _label_problems(message)


def discord_problems(message: OutgoingMessage) -> list[str]:
    problems: list[str] = []
    for chunk in discord_render(message.blocks):
        if len(chunk) > DISCORD_LIMIT:
            problems.append(f"discord chunk of {len(chunk)} characters")
        ping = _PING.search(chunk)
        if ping is not None:
            problems.append(f"discord ping survives: {ping.group(0)!r}")
    return problems + _label_problems(message)


def _label_problems(message: OutgoingMessage) -> list[str]:
    """Both platforms refuse a keyboard or view with an empty button label."""
    return [
        f"empty button label for {choice.value[:40]!r}"
        for choice in message.choices
        if not choice.label.strip()
    ]


def problems(message: OutgoingMessage) -> list[str]:
    return telegram_problems(message) + discord_problems(message)
