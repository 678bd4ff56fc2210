"""Fake platform servers (Telegram, Discord) that tests run the real client libraries against."""
