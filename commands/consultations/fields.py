"""Checking what an officer typed for each consultation field.

Values are kept JSON-friendly (dates as ISO text) so a half-finished /consultation add
survives in the conversation store.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from bot.config import Config
from bot.limits import over_limit
from bot.richtext import shorten
from bot.stores.consultations import Consultation
from commands.consultations.dates import EXAMPLES, parse_moment

FIELDS_ASKED = ("title", "commission", "link", "opens", "closes")
"""What /consultation add asks for, in order."""
ALL_COMMISSIONS = ("all", "any", "none", "general", "all commissions", "-")
NO_DATE = ("none", "no", "-", "no date", "unknown")
TITLE_MAX = 500
SUMMARY_MAX = 2000


class InvalidInputError(ValueError):
    """What is wrong with a value, worded for the officer who typed it."""


class TooLongError(InvalidInputError):
    """Too long: the message already shows the text back, so nothing is lost."""


def check(field: str, text: str, config: Config, now: datetime) -> Any:
    """The value to store for `field`, or InvalidInputError saying what to type instead."""
    text = text.strip()
    if field == "title":
        if not text:
            raise InvalidInputError("The title cannot be empty: type the consultation's title.")
        problem = over_limit("title", text, TITLE_MAX)
        if problem:
            raise TooLongError(problem)
        return " ".join(text.split())
    if field == "commission":
        return commission(text, config)
    if field == "link":
        if text.lower() in NO_DATE or not text:
            return ""
        if urlsplit(text).scheme.lower() not in ("http", "https") or " " in text:
            raise InvalidInputError(
                f"{shorten(text)!r} is not a web link: type one starting with https://"
            )
        return text
    if field in ("opens", "closes"):
        if not text or text.lower() in NO_DATE:
            return None
        moment = parse_moment(text, config.clp.zone, now, closing=field == "closes")
        if moment is None:
            raise InvalidInputError(
                f"I could not read {shorten(text)!r} as a date: try again, {EXAMPLES}."
            )
        return moment.isoformat()
    if field == "summary":
        problem = over_limit("summary", text, SUMMARY_MAX)
        if problem:
            raise TooLongError(problem)
        return text
    raise InvalidInputError(
        f"There is no field {field!r}: choose one of title, commission, link, "
        "opens, closes, summary."
    )


def commission(text: str, config: Config) -> str | None:
    if not text or text.casefold() in ALL_COMMISSIONS:
        return None
    names = config.policy.commissions
    exact = [c for c in names if c.casefold() == text.casefold()]
    partial = [c for c in names if text.casefold() in c.casefold()]
    found = exact or partial
    if len(found) == 1:
        return found[0]
    listed = "; ".join(names)
    raise InvalidInputError(
        f"{shorten(text)!r} is not one policy commission. Type one of: {listed} — or 'all' for "
        "a consultation open to every commission."
    )


def check_dates(opens: str | None, closes: str | None, now: datetime) -> None:
    if closes is not None and datetime.fromisoformat(closes) <= now:
        raise InvalidInputError("That closing date has already passed: type a date in the future.")
    if opens and closes and datetime.fromisoformat(opens) >= datetime.fromisoformat(closes):
        raise InvalidInputError("It would close before it opens: check the two dates.")


def moment(value: Any) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def edited(c: Consultation, field: str, value: Any) -> Consultation:
    if field == "title":
        return replace(c, title=value)
    if field == "commission":
        return replace(c, commission=value)
    if field == "link":
        return replace(c, url=value)
    if field == "opens":
        return replace(c, opens_at=moment(value))
    if field == "closes":
        return replace(c, closes_at=moment(value))
    return replace(c, summary=value)
