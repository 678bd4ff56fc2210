"""The console adapter: the bot in a terminal or a pipe, no token and no network."""

from adapters.console.adapter import ConsoleAdapter

__all__ = ["ConsoleAdapter"]
