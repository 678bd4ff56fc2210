"""co-authors by account: name-only co-authors become plain text on their draft

A co-author used to be a typed name matched against display names, so any account taking
that name could open the draft. From now on a co-author is an account that accepted an
invitation. The names typed before are kept, as plain text in the draft's
`named_coauthors` field, and grant nobody access.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03
"""

from collections import defaultdict
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None

NAMED = "named_coauthors"

submissions = sa.table("submissions", sa.column("id", sa.Integer), sa.column("fields", sa.JSON))
old_coauthors = sa.table(
    "submission_coauthors",
    sa.column("submission_id", sa.Integer),
    sa.column("position", sa.Integer),
    sa.column("name", sa.String),
)


def upgrade() -> None:
    bind = op.get_bind()
    names: dict[int, list[str]] = defaultdict(list)
    rows = bind.execute(
        sa.select(old_coauthors.c.submission_id, old_coauthors.c.name).order_by(
            old_coauthors.c.submission_id, old_coauthors.c.position
        )
    )
    for draft_id, name in rows:
        names[draft_id].append(name)
    for draft_id, typed in names.items():
        fields = bind.execute(
            sa.select(submissions.c.fields).where(submissions.c.id == draft_id)
        ).scalar_one()
        fields = dict(fields or {})
        earlier = [fields[NAMED]] if fields.get(NAMED) else []
        fields[NAMED] = ", ".join([*earlier, *typed])
        bind.execute(
            sa.update(submissions).where(submissions.c.id == draft_id).values(fields=fields)
        )
    op.drop_index(op.f("ix_submission_coauthors_submission_id"), table_name="submission_coauthors")
    op.drop_index(op.f("ix_submission_coauthors_match_key"), table_name="submission_coauthors")
    op.drop_table("submission_coauthors")
    op.create_table(
        "submission_coauthors",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("submission_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("user_id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("accepted", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["submission_id"],
            ["submissions.id"],
            name=op.f("fk_submission_coauthors_submission_id_submissions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_submission_coauthors")),
    )
    op.create_index(
        "ix_submission_coauthors_account",
        "submission_coauthors",
        ["platform", "user_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_submission_coauthors_submission_id"),
        "submission_coauthors",
        ["submission_id"],
        unique=False,
    )


def downgrade() -> None:
    """Back to name-only co-authors: accounts are dropped (a name would grant access)."""
    op.drop_index(op.f("ix_submission_coauthors_submission_id"), table_name="submission_coauthors")
    op.drop_index("ix_submission_coauthors_account", table_name="submission_coauthors")
    op.drop_table("submission_coauthors")
    op.create_table(
        "submission_coauthors",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("submission_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("match_key", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["submission_id"],
            ["submissions.id"],
            name=op.f("fk_submission_coauthors_submission_id_submissions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_submission_coauthors")),
    )
    op.create_index(
        op.f("ix_submission_coauthors_match_key"),
        "submission_coauthors",
        ["match_key"],
        unique=False,
    )
    op.create_index(
        op.f("ix_submission_coauthors_submission_id"),
        "submission_coauthors",
        ["submission_id"],
        unique=False,
    )
