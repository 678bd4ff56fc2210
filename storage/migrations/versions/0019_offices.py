"""offices: who holds which of the CLP's offices, granted in the bot (/officers add)

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "office_holders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("office", sa.String(length=60), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("granted_by", sa.String(length=100), nullable=False),
        sa.Column("granted_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"], name=op.f("fk_office_holders_person_id_persons")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_office_holders")),
        sa.UniqueConstraint("office", "person_id", name=op.f("uq_office_holders_office_person_id")),
    )
    op.create_index(
        op.f("ix_office_holders_person_id"), "office_holders", ["person_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_office_holders_person_id"), table_name="office_holders")
    op.drop_table("office_holders")
