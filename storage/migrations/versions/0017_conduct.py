"""conduct: members' reports to the officers, hidden ideas and edited ideas

A `reports` table (a member's report of an idea, a comment or a post, with their reason:
personal data of the reporter, erased by /forgetme), and on `ideas` why and when an
officer hid one and when its author last edited it. Hidden and withdrawn ideas are
statuses ("hidden", "withdrawn"), which the status column already holds.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reporter_person_id", sa.Integer(), nullable=False),
        sa.Column("subject_kind", sa.String(length=16), nullable=False),
        sa.Column("subject_ref", sa.String(length=100), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["reporter_person_id"],
            ["persons.id"],
            name=op.f("fk_reports_reporter_person_id_persons"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reports")),
    )
    op.create_index(op.f("ix_reports_reporter_person_id"), "reports", ["reporter_person_id"])
    with op.batch_alter_table("ideas") as batch:
        batch.add_column(sa.Column("hidden_reason", sa.Text(), nullable=True))
        batch.add_column(sa.Column("hidden_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("edited_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("ideas") as batch:
        batch.drop_column("edited_at")
        batch.drop_column("hidden_at")
        batch.drop_column("hidden_reason")
    op.drop_index(op.f("ix_reports_reporter_person_id"), table_name="reports")
    op.drop_table("reports")
