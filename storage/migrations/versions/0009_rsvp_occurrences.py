"""replies to one date of a repeating event: event_rsvps.occurrence

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03

"" is a reply for every date (and the only kind a one-off event has); otherwise the
occurrence's start in UTC, ISO 8601. A member has one reply per event and occurrence.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("event_rsvps") as batch:
        batch.add_column(
            sa.Column("occurrence", sa.String(length=32), nullable=False, server_default="")
        )
        batch.drop_constraint("uq_event_rsvps_event_id_platform_user_id", type_="unique")
        batch.create_unique_constraint(
            "uq_event_rsvps_event_id_platform_user_id_occurrence",
            ["event_id", "platform", "user_id", "occurrence"],
        )


def downgrade() -> None:
    op.execute("DELETE FROM event_rsvps WHERE occurrence <> ''")
    with op.batch_alter_table("event_rsvps") as batch:
        batch.drop_constraint("uq_event_rsvps_event_id_platform_user_id_occurrence", type_="unique")
        batch.create_unique_constraint(
            "uq_event_rsvps_event_id_platform_user_id", ["event_id", "platform", "user_id"]
        )
        batch.drop_column("occurrence")
