"""The adapters' sections: `[console]`, `[telegram]` and `[discord]`, and which platform
secrets a command needs."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator

from bot.config_base import Section
from bot.config_web import _web_path


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
