"""SQLAlchemy 2 models, repositories and Alembic migrations behind `bot.stores`."""
