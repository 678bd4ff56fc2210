"""The configuration schema. Every key is documented in config.example.toml.

Validation is pydantic's (declarative, precise error locations we turn into one-line
messages); `bot.configfile` reads the TOML and environment.
"""

from __future__ import annotations

import re
from datetime import time as time_of_day
from typing import Annotated, Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from bot.permissions import DEFAULT_OFFICES, Permission

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


DATABASE_SCHEMES = ("sqlite", "sqlite+aiosqlite", "postgresql", "postgres", "postgresql+asyncpg")
WRITE_A_DATABASE_URL = (
    "write sqlite:///clpbot.sqlite3 (a file) or postgresql://USER:PASSWORD@HOST:5432/DATABASE"
)


def _database_url(url: str) -> str:
    """A URL the storage can open. The value itself is never repeated: it may hold a password."""
    url = url.strip()
    scheme, separator, rest = url.partition("://")
    if not url:
        raise ValueError(f"is empty; {WRITE_A_DATABASE_URL}")
    if not separator:
        raise ValueError(f"is not a database URL; {WRITE_A_DATABASE_URL}")
    if scheme.lower() not in DATABASE_SCHEMES:
        works = ", ".join(f"{name}://" for name in DATABASE_SCHEMES)
        raise ValueError(f"{scheme}:// is not a database clpbot can use (these work: {works})")
    if scheme.lower().startswith("sqlite"):
        if not rest.removeprefix("/"):
            raise ValueError("names no SQLite file; write sqlite:///clpbot.sqlite3 (three slashes)")
        return url
    try:
        urlsplit(url).port  # noqa: B018 (raises on a port that is not a number)
    except ValueError:
        raise ValueError("has a port that is not a number; write HOST:5432 or just HOST") from None
    return url


class StorageConfig(Section):
    url: Annotated[str, AfterValidator(_database_url)] = "sqlite+aiosqlite:///clpbot.sqlite3"
    # PostgreSQL: connections a process keeps open, and how many more a burst may open
    pool_size: int = Field(default=2, ge=1, le=50)
    max_overflow: int = Field(default=3, ge=0, le=100)


class ConsoleConfig(Section):
    enabled: bool = True
    user: str = "Console user"
    role: Literal["member", "officer"] = "officer"


def connects(info: ValidationInfo, platform: str) -> bool:
    """Whether this process will connect to `platform`, so needs its secrets.

    `load_config(..., connects=...)` says which platforms a command talks to (none for
    `db upgrade`, `export` or `digest`); without it, every enabled platform does.
    """
    wanted = (info.context or {}).get("connects")
    return wanted is None or platform in wanted


class TelegramConfig(Section):
    enabled: bool = False
    token: str = Field(default="", validate_default=True)
    base_url: str = "https://api.telegram.org/bot"
    mode: Literal["polling", "webhook"] = "polling"
    webhook_url: str = ""
    webhook_secret: str = Field(default="", validate_default=True)
    webhook_path: str = "/telegram"
    """With `[web]` on, where its server takes the webhook (`webhook_url` defaults to
    `[web] public_url` + this path)."""
    listen: str = "127.0.0.1"
    port: int = Field(default=8443, ge=1, le=65535)
    """PTB's own webhook server, used only while `[web]` is off."""
    announce_chats: tuple[int, ...] = ()
    officers: tuple[int, ...] = ()
    officers_chat: int | None = None

    # field validators, not one model validator, so that both missing secrets are listed
    @field_validator("token")
    @classmethod
    def _token_when_enabled(cls, token: str, info: ValidationInfo) -> str:
        if info.data.get("enabled") and not token and connects(info, "telegram"):
            raise ValueError("required when telegram is enabled")
        return token

    @field_validator("webhook_secret")
    @classmethod
    def _secret_in_webhook_mode(cls, secret: str, info: ValidationInfo) -> str:
        webhook = info.data.get("enabled") and info.data.get("mode") == "webhook"
        if webhook and not secret and connects(info, "telegram"):
            raise ValueError("required in webhook mode")
        return secret

    @field_validator("webhook_path")
    @classmethod
    def _a_web_path(cls, path: str) -> str:
        return _web_path(path, examples=("/telegram",))


class DiscordConfig(Section):
    enabled: bool = False
    token: str = ""
    api_base_url: str = "https://discord.com/api/v10"
    gateway_url: str = "wss://gateway.discord.gg"
    guild_ids: tuple[int, ...] = ()
    """The CLP's own servers: officer roles count only there, and commands go there."""
    global_commands: bool = False
    """Publish the slash commands globally instead of to `guild_ids`."""
    announce_channels: tuple[int, ...] = ()
    officer_roles: tuple[str, ...] = ("Officer",)
    officers_channel: int | None = None

    @model_validator(mode="after")
    def _needed_when_enabled(self, info: ValidationInfo) -> DiscordConfig:
        if self.enabled and not self.token and connects(info, "discord"):
            raise ValueError("token: required when discord is enabled")
        if self.enabled and not self.guild_ids:
            raise ValueError(
                "guild_ids: name the CLP's own servers (officer roles count only there);"
                " for global commands also set global_commands = true"
            )
        return self


class FeedsConfig(Section):
    urls: tuple[str, ...] = ()
    interval_minutes: int = Field(default=60, ge=1)
    timeout_seconds: float = Field(default=20.0, gt=0)
    assume_open_days: float = Field(default=90, gt=0)
    """An entry that gives no closing date counts as open this long after it was published."""


class DigestConfig(Section):
    weekday: Weekday = "monday"
    time: Annotated[str, AfterValidator(_hhmm)] = "09:00"

    @property
    def at(self) -> time_of_day:
        hours, minutes = self.time.split(":")
        return time_of_day(int(hours), int(minutes))


class ConsultationsConfig(Section):
    reminder_days: tuple[int, ...] = (14, 7, 1)
    """Reminders go to the announce chats this many days before a consultation closes."""
    reminder_time: Annotated[str, AfterValidator(_hhmm)] = "09:00"
    """The time of day (CLP time zone) reminders go out, unless the close comes earlier."""
    closing_soon_days: int = Field(default=14, ge=1)
    """The digest lists consultations closing within this many days."""

    @model_validator(mode="after")
    def _positive_days(self) -> ConsultationsConfig:
        if any(days <= 0 for days in self.reminder_days):
            raise ValueError("reminder_days: every value must be 1 or more")
        return self


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


class SchedulerConfig(Section):
    grace_minutes: float = Field(default=60, ge=0)
    """A post missed while the bot was down is still sent at start if this late at most."""
    lock_retry_seconds: float = Field(default=10, gt=0)
    """How often a process checks (or tries to take) the scheduler lock, and sweeps."""
    outbox_lease_seconds: float = Field(default=120, gt=0)
    """How long a process may hold an outbox row it is sending before another may take it."""


class NeighbourFeed(Section):
    clp: str = Field(min_length=1)
    url: str = Field(min_length=1)


class EventsConfig(Section):
    reminder_hours: tuple[float, ...] = (24, 1)
    """Reminders go out this many hours before each event starts."""
    neighbours: tuple[NeighbourFeed, ...] = ()
    neighbour_refresh_minutes: float = Field(default=360, gt=0)
    neighbour_timeout_seconds: float = Field(default=20.0, gt=0)
    default_duration_minutes: int = Field(default=120, ge=1)
    list_limit: int = Field(default=5, ge=1)
    """How many events /events shows (/events all shows every one)."""

    @model_validator(mode="after")
    def _positive_offsets(self) -> EventsConfig:
        if any(hours <= 0 for hours in self.reminder_hours):
            raise ValueError("reminder_hours: every offset must be more than 0 hours")
        return self


class PollsConfig(Section):
    default_deadline_hours: float = Field(default=72, gt=0)
    """The deadline /poll offers with one press, this many hours from now."""
    link_code_minutes: float = Field(default=10, gt=0)
    """How long a /link code works."""
    top_ideas: int = Field(default=5, ge=2, le=10)
    """How many top ideas "/ideas poll" puts into a new poll when no number is given."""


class IdeasConfig(Section):
    per_member_per_hour: int = Field(default=5, ge=1, le=1000)
    """How many ideas one member (all their linked accounts together) may put forward in an
    hour; the next is refused with the time it can be added, and the text shown back."""


class RetentionConfig(Section):
    """How long records nobody needs any more are kept; a daily job deletes older ones."""

    conversations_days: float = Field(default=30, gt=0)
    """Conversations that ended by timing out, this many days after they expired."""
    returned_drafts_days: float = Field(default=365, gt=0)
    """Drafts returned to (or withdrawn by) their author and not touched since."""
    audit_days: float = Field(default=730, gt=0)
    """Entries in the audit log of who did what."""
    buttons_days: float = Field(default=90, gt=0)
    """Buttons too long to sign into the message itself: older ones answer "expired"."""
    deliveries_days: float = Field(default=3, gt=0)
    """Platform update ids already handled (Telegram redelivers for up to a day)."""
    outbox_days: float = Field(default=90, gt=0)
    """Messages sent (or given up on): a post older than this is no longer edited, so a
    poll's post is edited at its close only if the poll closes within this many days."""
    jobs_days: float = Field(default=30, gt=0)
    """Scheduled jobs that have run for the last time, or were cancelled or missed."""
    time: Annotated[str, AfterValidator(_hhmm)] = "03:30"
    """When the daily clean-up runs (CLP time zone)."""


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


def _office_names(offices: dict[str, tuple[Permission, ...]]) -> dict[str, tuple[Permission, ...]]:
    seen: set[str] = set()
    for name in offices:
        if not name.strip() or len(name) > 60:
            raise ValueError(f"office {name!r}: a name of 1 to 60 characters")
        if name.casefold() in seen:
            raise ValueError(f"office {name!r} is declared twice")
        seen.add(name.casefold())
    return offices


Offices = Annotated[dict[str, tuple[Permission, ...]], AfterValidator(_office_names)]


class Config(Section):
    clp: ClpConfig = ClpConfig()
    storage: StorageConfig = StorageConfig()
    console: ConsoleConfig = ConsoleConfig()
    telegram: TelegramConfig = TelegramConfig()
    discord: DiscordConfig = DiscordConfig()
    feeds: FeedsConfig = FeedsConfig()
    digest: DigestConfig = DigestConfig()
    consultations: ConsultationsConfig = ConsultationsConfig()
    policy: PolicyConfig = PolicyConfig()
    training: TrainingConfig = TrainingConfig()
    conversations: ConversationsConfig = ConversationsConfig()
    scheduler: SchedulerConfig = SchedulerConfig()
    events: EventsConfig = EventsConfig()
    polls: PollsConfig = PollsConfig()
    ideas: IdeasConfig = IdeasConfig()
    retention: RetentionConfig = RetentionConfig()
    offices: Offices = Field(default_factory=lambda: dict(DEFAULT_OFFICES))
    """The CLP's offices and what each may do (see bot.permissions)."""
    web: WebConfig = WebConfig()

    @property
    def webhook_on_web(self) -> bool:
        """Telegram posts its updates to the web server (else to PTB's own server)."""
        return self.telegram.enabled and self.telegram.mode == "webhook" and self.web.enabled

    @model_validator(mode="after")
    def _webhook_path_free(self) -> Config:
        path = self.telegram.webhook_path
        if self.webhook_on_web and path == self.web.calendar_path:
            raise ValueError(
                f"telegram.webhook_path: {path} is the calendar's ([web] calendar_path); "
                "give the webhook another, like /telegram"
            )
        return self
