"""consultations, feeds and digest subscriptions

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("consultations") as batch:
        batch.add_column(
            sa.Column("source", sa.String(length=2000), nullable=False, server_default="")
        )
        batch.add_column(sa.Column("feed_key", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("created_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("removed_at", sa.DateTime(timezone=True), nullable=True))
    op.create_index(op.f("ix_consultations_feed_key"), "consultations", ["feed_key"], unique=True)
    op.create_index(op.f("ix_consultations_created_at"), "consultations", ["created_at"])
    op.create_index(op.f("ix_consultations_closes_at"), "consultations", ["closes_at"])
    op.create_table(
        "feed_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("url", sa.String(length=2000), nullable=False),
        sa.Column("etag", sa.String(length=500), nullable=True),
        sa.Column("modified", sa.String(length=100), nullable=True),
        sa.Column("checked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feed_state")),
        sa.UniqueConstraint("url", name=op.f("uq_feed_state_url")),
    )
    op.create_table(
        "digest_subscriptions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("user_id", sa.String(length=64), nullable=False),
        sa.Column("subscribed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_digest_subscriptions")),
        sa.UniqueConstraint(
            "platform", "user_id", name=op.f("uq_digest_subscriptions_platform_user_id")
        ),
    )


def downgrade() -> None:
    op.drop_table("digest_subscriptions")
    op.drop_table("feed_state")
    op.drop_index(op.f("ix_consultations_closes_at"), table_name="consultations")
    op.drop_index(op.f("ix_consultations_created_at"), table_name="consultations")
    op.drop_index(op.f("ix_consultations_feed_key"), table_name="consultations")
    with op.batch_alter_table("consultations") as batch:
        batch.drop_column("removed_at")
        batch.drop_column("created_at")
        batch.drop_column("feed_key")
        batch.drop_column("source")
