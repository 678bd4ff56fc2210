"""How offices, permissions and the platforms' officers are put into words."""

from __future__ import annotations

from collections.abc import Iterable

from bot.config import Config
from bot.permissions import Permission, labels


def can_do(permissions: Iterable[Permission]) -> str:
    named = labels(permissions)
    return "; ".join(named) if named else "nothing yet (no permissions in config)"


def office_powers(config: Config, office: str) -> str:
    declared = config.offices.get(office)
    if declared is None:
        return "no longer an office in config, so it gives nothing"
    return can_do(declared)


PLATFORM_SOURCES = {
    "telegram": "an officer on Telegram ([telegram] officers, or an admin of the officers' chat)",
    "discord": "an officer on Discord (a role in [discord] officer_roles in the CLP's server)",
    "console": "an officer at the console ([console] role)",
}


def platform_source(platform: str) -> str:
    return PLATFORM_SOURCES.get(platform, f"an officer on {platform.title()} (by the platform)")


def platform_officers(config: Config) -> list[str]:
    """Who the platforms and the config make officers: they hold every permission."""
    lines: list[str] = []
    telegram, discord = config.telegram, config.discord
    if telegram.officers:
        ids = ", ".join(f"telegram:{user}" for user in telegram.officers)
        lines.append(f"Telegram accounts named in [telegram] officers: {ids}")
    if telegram.officers_chat is not None:
        lines.append(f"Administrators of the Telegram officers' chat ({telegram.officers_chat})")
    if discord.enabled and discord.officer_roles:
        roles = ", ".join(f"“{role}”" for role in discord.officer_roles)
        lines.append(f"Discord members with the role {roles} in the CLP's own servers")
    if config.console.enabled and config.console.role == "officer":
        lines.append('Whoever uses the console ([console] role = "officer")')
    return lines
