"""list bounds: when a repeating series is over (finished ones are not read); submissions
by status and kind (the digest's counts)

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-04
"""

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa
from alembic import op

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None

SLACK = timedelta(days=2)


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def _ends_by(row: sa.Row[tuple[object, ...]]) -> datetime | None:
    """As storage/repos/series.py at this revision (kept here: migrations never change)."""
    _, repeat, starts_at, ends_at, until, count = row
    assert isinstance(starts_at, datetime)
    assert isinstance(ends_at, datetime)
    length = _aware(ends_at) - _aware(starts_at)
    if isinstance(until, date):
        return datetime.combine(until, time.min, UTC) + length + SLACK
    if isinstance(count, int):
        step = timedelta(days=7 if repeat == "weekly" else 62)
        return _aware(starts_at) + length + step * count + SLACK
    return None


def upgrade() -> None:
    op.add_column("events", sa.Column("series_ends_by", sa.DateTime(timezone=True)))
    op.create_index(
        "ix_events_series_ends_by",
        "events",
        ["series_ends_by"],
        sqlite_where=sa.text("repeat IS NOT NULL"),
        postgresql_where=sa.text("repeat IS NOT NULL"),
    )
    op.create_index("ix_submissions_status_kind", "submissions", ["status", "kind"])
    events = sa.table(
        "events",
        sa.column("id", sa.Integer()),
        sa.column("repeat", sa.String()),
        sa.column("starts_at", sa.DateTime(timezone=True)),
        sa.column("ends_at", sa.DateTime(timezone=True)),
        sa.column("repeat_until", sa.Date()),
        sa.column("repeat_count", sa.Integer()),
        sa.column("series_ends_by", sa.DateTime(timezone=True)),
    )
    bind = op.get_bind()
    query = sa.select(
        events.c.id,
        events.c.repeat,
        events.c.starts_at,
        events.c.ends_at,
        events.c.repeat_until,
        events.c.repeat_count,
    ).where(events.c.repeat.is_not(None))
    for row in bind.execute(query).all():
        ends_by = _ends_by(row)
        if ends_by is not None:
            bind.execute(
                events.update().where(events.c.id == row[0]).values(series_ends_by=ends_by)
            )


def downgrade() -> None:
    op.drop_index("ix_submissions_status_kind", table_name="submissions")
    op.drop_index("ix_events_series_ends_by", table_name="events")
    with op.batch_alter_table("events") as batch:
        batch.drop_column("series_ends_by")
