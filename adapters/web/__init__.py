"""The bot's web server: Starlette routes served by uvicorn inside the bot's event loop."""

from adapters.web.server import StarletteServer

__all__ = ["StarletteServer"]
