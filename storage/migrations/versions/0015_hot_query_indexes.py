"""hot query indexes: drafts per consultation

Counting a consultation's drafts (and setting them loose when it is removed) scanned the
submissions table.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-04
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_submissions_consultation_id", "submissions", ["consultation_id"])


def downgrade() -> None:
    op.drop_index("ix_submissions_consultation_id", table_name="submissions")
