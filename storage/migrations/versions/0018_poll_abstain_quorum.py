"""polls.abstain and polls.quorum: an Abstain option a poll may offer, and the turnout a
result needs to count (None: no quorum)

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("polls") as batch:
        batch.add_column(
            sa.Column("abstain", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.add_column(sa.Column("quorum", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("polls") as batch:
        batch.drop_column("quorum")
        batch.drop_column("abstain")
