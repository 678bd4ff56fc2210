"""submissions: drafts, co-authors, review history

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

from collections.abc import Sequence

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    pass  # placeholder in the chain: the feature's tables land here


def downgrade() -> None:
    pass
