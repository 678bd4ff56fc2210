"""web sessions: the officers' desk sign-in links and sessions (token hashes only)

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def _table(name: str, *extra: sa.Column[object]) -> None:
    op.create_table(
        name,
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("user_id", sa.String(length=64), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        *extra,
        sa.PrimaryKeyConstraint("token_hash", name=op.f(f"pk_{name}")),
    )
    op.create_index(op.f(f"ix_{name}_expires_at"), name, ["expires_at"])


def upgrade() -> None:
    _table("web_sign_ins", sa.Column("used_at", sa.DateTime(timezone=True), nullable=True))
    _table("web_sessions")


def downgrade() -> None:
    for name in ("web_sessions", "web_sign_ins"):
        op.drop_index(op.f(f"ix_{name}_expires_at"), table_name=name)
        op.drop_table(name)
