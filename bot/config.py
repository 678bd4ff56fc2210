"""The configuration schema. Every key is documented in config.example.toml.

The sections shared by every part live here; the adapters' sections are in
`bot.config_platforms`, the web server's in `bot.config_web`, their common base in
`bot.config_base` (all importable from here).

Validation is pydantic's (declarative, precise error locations we turn into one-line
messages); `bot.configfile` reads the TOML and environment.
"""

from __future__ import annotations

from datetime import time as time_of_day
from typing import Annotated, Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from pydantic import (
    AfterValidator,
    Field,
    model_validator,
)

from bot.config_base import Section, _hhmm, _zone
from bot.config_platforms import ConsoleConfig, DiscordConfig, TelegramConfig
from bot.config_web import WebConfig
from bot.permissions import DEFAULT_OFFICES, Permission

__all__ = [
    "ClpConfig",
    "Config",
    "ConsoleConfig",
    "ConsultationsConfig",
    "ConversationsConfig",
    "DigestConfig",
    "DiscordConfig",
    "EventsConfig",
    "FeedsConfig",
    "IdeasConfig",
    "NeighbourFeed",
    "PolicyConfig",
    "PollsConfig",
    "RetentionConfig",
    "SchedulerConfig",
    "Section",
    "StorageConfig",
    "TelegramConfig",
    "TrainingConfig",
    "TrainingResource",
    "WebConfig",
]


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
