"""The Discord adapter, on discord.py 2.7 with application (slash) commands."""

from adapters.discord.adapter import DiscordAdapter

__all__ = ["DiscordAdapter"]
