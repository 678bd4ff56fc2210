"""What every configuration section shares: a strict, frozen model, and the validators of
a time zone and a time of day."""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict


def _zone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"unknown time zone {name!r} (use an IANA name like Europe/London)"
        ) from None
    return name


def _hhmm(text: str) -> str:
    match = re.fullmatch(r"([01]\d|2[0-3]):([0-5]\d)", text)
    if not match:
        raise ValueError(f"{text!r} is not a time in HH:MM form (for example 09:00)")
    return text


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
