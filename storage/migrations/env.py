"""Alembic environment. Migrations run on a connection that `SqlStorage.upgrade` passes in
(Alembic's documented pattern for sharing an async engine's connection)."""

from typing import Any

from alembic import context
from alembic.autogenerate.api import AutogenContext

from storage.models import Base
from storage.models.base import UTCDateTime


def render_item(kind: str, item: Any, autogen: AutogenContext) -> str | bool:
    """Write our column types the way the migrations spell them, with what the file
    imports already (`sa`): a `UTCDateTime` is stored as a timezone-aware DateTime."""
    if kind == "type" and isinstance(item, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations with `clpbot db upgrade` (it supplies the connection)")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
    render_item=render_item,
)
with context.begin_transaction():
    context.run_migrations()
