"""consultations, feeds and digest subscriptions

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22
"""

from collections.abc import Sequence

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    pass  # placeholder in the chain: the feature's tables land here


def downgrade() -> None:
    pass
