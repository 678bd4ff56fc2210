"""events, RSVPs and announcements

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("type", sa.String(length=24), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("place", sa.String(length=500), nullable=False),
        sa.Column("online_url", sa.String(length=2000), nullable=False),
        sa.Column("speaker", sa.String(length=300), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=True),
        sa.Column("repeat", sa.String(length=16), nullable=True),
        sa.Column("repeat_until", sa.Date(), nullable=True),
        sa.Column("repeat_count", sa.Integer(), nullable=True),
        sa.Column("cancelled", sa.Boolean(), nullable=False),
        sa.Column("rsvp_seq", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events")),
    )
    op.create_index(op.f("ix_events_starts_at"), "events", ["starts_at"])
    op.create_table(
        "event_rsvps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("user_id", sa.String(length=64), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("access_needs", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_event_rsvps_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_rsvps")),
        sa.UniqueConstraint(
            "event_id", "platform", "user_id", name=op.f("uq_event_rsvps_event_id_platform_user_id")
        ),
    )
    op.create_index("ix_event_rsvps_event_id_status", "event_rsvps", ["event_id", "status"])
    op.create_table(
        "announcements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("targets", sa.JSON(), nullable=True),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recurrence", sa.JSON(), nullable=True),
        sa.Column("recurrence_text", sa.String(length=200), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_announcements")),
    )
    op.create_index(op.f("ix_announcements_state"), "announcements", ["state"])
    op.create_table(
        "neighbour_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("clp", sa.String(length=200), nullable=False),
        sa.Column("uid", sa.String(length=500), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("place", sa.String(length=500), nullable=False),
        sa.Column("url", sa.String(length=2000), nullable=False),
        sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_neighbour_events")),
        sa.UniqueConstraint(
            "clp", "uid", "starts_at", name=op.f("uq_neighbour_events_clp_uid_starts_at")
        ),
    )
    op.create_index(op.f("ix_neighbour_events_clp"), "neighbour_events", ["clp"])
    op.create_index(op.f("ix_neighbour_events_starts_at"), "neighbour_events", ["starts_at"])


def downgrade() -> None:
    op.drop_index(op.f("ix_neighbour_events_starts_at"), table_name="neighbour_events")
    op.drop_index(op.f("ix_neighbour_events_clp"), table_name="neighbour_events")
    op.drop_table("neighbour_events")
    op.drop_index(op.f("ix_announcements_state"), table_name="announcements")
    op.drop_table("announcements")
    op.drop_index("ix_event_rsvps_event_id_status", table_name="event_rsvps")
    op.drop_table("event_rsvps")
    op.drop_index(op.f("ix_events_starts_at"), table_name="events")
    op.drop_table("events")
