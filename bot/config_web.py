"""`[web]`: the bot's one web server, and the paths it serves."""

from __future__ import annotations

import re
from typing import Annotated
from urllib.parse import urlsplit

from pydantic import AfterValidator, Field, model_validator

from bot.config_base import Section

CALENDAR_PATH = "/calendar.ics"
RESERVED_PATHS = ("/healthz",)


def _public_url(url: str) -> str:
    url = url.strip().rstrip("/")
    if not url:
        return url
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise ValueError(
            f"{url!r} is not a web address; write the bot's public address, like "
            "https://bot.example-clp.org.uk"
        )
    if parts.query or parts.fragment:
        raise ValueError("write the address without ? or #, like https://bot.example-clp.org.uk")
    return url


def _web_path(
    path: str, examples: tuple[str, ...] = ("/calendar.ics", "/cal-3f9a1c7e2b.ics")
) -> str:
    if not re.fullmatch(r"/[A-Za-z0-9._~\-/]+", path) or "//" in path:
        raise ValueError(
            f"{path!r} is not a path; write one starting with /, of letters, digits and "
            f"- _ . ~ /, for example {' or '.join(examples)}"
        )
    if path in RESERVED_PATHS:
        raise ValueError(f"{path} is the bot's own; choose another, like {examples[0]}")
    return path


class WebConfig(Section):
    """The bot's one web server (the calendar feed, /healthz), behind the reverse proxy."""

    enabled: bool = False
    listen: str = "127.0.0.1"
    port: int = Field(default=8080, ge=1, le=65535)
    public_url: Annotated[str, AfterValidator(_public_url)] = ""
    """The address people reach the server at (the reverse proxy), like https://bot.example."""
    calendar_path: Annotated[str, AfterValidator(_web_path)] = CALENDAR_PATH
    """Where the calendar feed is served; a random one keeps the calendar unlisted."""

    @model_validator(mode="after")
    def _address_when_enabled(self) -> WebConfig:
        if self.enabled and not self.public_url:
            raise ValueError(
                "public_url: required when web is enabled; write the address the reverse "
                "proxy serves, like https://bot.example-clp.org.uk"
            )
        return self

    @property
    def calendar_url(self) -> str | None:
        """The feed's https:// address, or None when the bot serves nothing to the web."""
        return self.public_url + self.calendar_path if self.enabled else None
