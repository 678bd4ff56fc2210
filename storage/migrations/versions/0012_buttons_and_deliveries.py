"""durable buttons, the deployment's secrets, handled deliveries, outbox parts sent

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "buttons",
        sa.Column("token", sa.String(length=32), nullable=False),
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("chat_id", sa.String(length=64), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("token", name=op.f("pk_buttons")),
    )
    op.create_index(op.f("ix_buttons_created_at"), "buttons", ["created_at"])
    op.create_table(
        "deployment_secrets",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("value", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_deployment_secrets")),
    )
    op.create_table(
        "handled_deliveries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("delivery_id", sa.String(length=64), nullable=False),
        sa.Column("handled_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_handled_deliveries")),
        sa.UniqueConstraint(
            "platform", "delivery_id", name=op.f("uq_handled_deliveries_platform_delivery_id")
        ),
    )
    op.create_index(op.f("ix_handled_deliveries_handled_at"), "handled_deliveries", ["handled_at"])
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("parts_sent", sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("parts_sent")
    op.drop_index(op.f("ix_handled_deliveries_handled_at"), table_name="handled_deliveries")
    op.drop_table("handled_deliveries")
    op.drop_table("deployment_secrets")
    op.drop_index(op.f("ix_buttons_created_at"), table_name="buttons")
    op.drop_table("buttons")
