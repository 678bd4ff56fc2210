"""The configuration schema. Every key is documented in config.example.toml.

Validation is pydantic's (declarative, precise error locations we turn into one-line
messages); `bot.configfile` reads the TOML and environment.
"""

from __future__ import annotations

import re
from datetime import time as time_of_day
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

DEFAULT_COMMISSIONS = (
    "Kickstart economic growth",
    "Make Britain a clean energy superpower",
    "Safer streets",
    "Break down barriers to opportunity",
    "Build an NHS fit for the future",
    "Britain reconnected",
)

DEFAULT_CONDUCT = (
    "Treat everyone with dignity and respect, online and off.",
    "Harassment, intimidation, hateful language, bullying and discrimination are never acceptable.",
    "Disagree as strongly as you like with ideas; never attack people.",
)

Weekday = Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


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


class TrainingResource(Section):
    title: str
    url: str
    description: str = ""


class ClpConfig(Section):
    name: str = "Our CLP"
    timezone: Annotated[str, AfterValidator(_zone)] = "Europe/London"
    code_of_conduct: tuple[str, ...] = DEFAULT_CONDUCT
    code_of_conduct_url: str = "https://labour.org.uk/members/my-membership/social-media-policy/"

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


class StorageConfig(Section):
    url: str = "sqlite+aiosqlite:///clpbot.sqlite3"


class ConsoleConfig(Section):
    enabled: bool = True
    user: str = "Console user"
    role: Literal["member", "officer"] = "officer"


class TelegramConfig(Section):
    enabled: bool = False
    token: str = ""
    base_url: str = "https://api.telegram.org/bot"
    mode: Literal["polling", "webhook"] = "polling"
    webhook_url: str = ""
    webhook_secret: str = ""
    listen: str = "127.0.0.1"
    port: int = Field(default=8443, ge=1, le=65535)
    announce_chats: tuple[int, ...] = ()
    officers: tuple[int, ...] = ()
    officers_chat: int | None = None

    @model_validator(mode="after")
    def _needed_when_enabled(self) -> TelegramConfig:
        if self.enabled and not self.token:
            raise ValueError("token: required when telegram is enabled")
        if self.enabled and self.mode == "webhook" and not self.webhook_secret:
            raise ValueError("webhook_secret: required in webhook mode")
        return self


class DiscordConfig(Section):
    enabled: bool = False
    token: str = ""
    api_base_url: str = "https://discord.com/api/v10"
    gateway_url: str = "wss://gateway.discord.gg"
    guild_ids: tuple[int, ...] = ()
    announce_channels: tuple[int, ...] = ()
    officer_roles: tuple[str, ...] = ("Officer",)
    officers_channel: int | None = None

    @model_validator(mode="after")
    def _needed_when_enabled(self) -> DiscordConfig:
        if self.enabled and not self.token:
            raise ValueError("token: required when discord is enabled")
        return self


class FeedsConfig(Section):
    urls: tuple[str, ...] = ()
    interval_minutes: int = Field(default=60, ge=1)
    timeout_seconds: float = Field(default=20.0, gt=0)


class DigestConfig(Section):
    weekday: Weekday = "monday"
    time: Annotated[str, AfterValidator(_hhmm)] = "09:00"

    @property
    def at(self) -> time_of_day:
        hours, minutes = self.time.split(":")
        return time_of_day(int(hours), int(minutes))


class PolicyConfig(Section):
    commissions: tuple[str, ...] = Field(default=DEFAULT_COMMISSIONS, min_length=1)
    motion_max_words: int = Field(default=250, ge=1)
    title_max_chars: int = Field(default=150, ge=1)
    field_max_chars: int = Field(default=4000, ge=1)


class TrainingConfig(Section):
    resources: tuple[TrainingResource, ...] = (
        TrainingResource(
            title="Labour's e-learning",
            url="https://labour.org.uk/members/training/",
            description="The party's national training: courses for members and officers.",
        ),
    )


class ConversationsConfig(Section):
    timeout_hours: float = Field(default=168, gt=0)


class Config(Section):
    clp: ClpConfig = ClpConfig()
    storage: StorageConfig = StorageConfig()
    console: ConsoleConfig = ConsoleConfig()
    telegram: TelegramConfig = TelegramConfig()
    discord: DiscordConfig = DiscordConfig()
    feeds: FeedsConfig = FeedsConfig()
    digest: DigestConfig = DigestConfig()
    policy: PolicyConfig = PolicyConfig()
    training: TrainingConfig = TrainingConfig()
    conversations: ConversationsConfig = ConversationsConfig()
