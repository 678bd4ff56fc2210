"""anonymous on disk: ballot tables without row ids, persons without time or sequence

SQLite: poll_ballots and poll_ballot_drafts become WITHOUT ROWID tables (a rowid numbers
rows in the order they were inserted, which for ballots is the voting order). Both
databases: persons lose created_at (a member's first vote timestamped them), and ballots
of anonymous polls that have already closed are written again under fresh random keys, in
that key's order, as a close now does. New person ids are random (storage/repos/accounts.py).

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03
"""

import secrets
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None

BALLOT_TABLES = ("poll_ballots", "poll_ballot_drafts")


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for table in BALLOT_TABLES:
            with op.batch_alter_table(
                table, recreate="always", table_kwargs={"sqlite_with_rowid": False}
            ):
                pass
    op.execute("ALTER TABLE persons DROP COLUMN created_at")
    _rewrite_closed_anonymous_ballots()


def _rewrite_closed_anonymous_ballots() -> None:
    bind = op.get_bind()
    polls = sa.table("polls", sa.column("id"), sa.column("anonymous"), sa.column("status"))
    ballots = sa.table(
        "poll_ballots",
        sa.column("poll_id"),
        sa.column("voter_key"),
        sa.column("choices", sa.JSON()),
        sa.column("person_id"),
    )
    closed = sa.select(polls.c.id).where(polls.c.anonymous.is_(True), polls.c.status == "closed")
    for poll_id in list(bind.execute(closed).scalars()):
        mine = ballots.c.poll_id == poll_id
        choices = list(bind.execute(sa.select(ballots.c.choices).where(mine)).scalars())
        bind.execute(sa.delete(ballots).where(mine))
        keys = sorted(secrets.token_hex(32) for _ in choices)
        rows = [
            {"poll_id": poll_id, "voter_key": key, "choices": ballot, "person_id": None}
            for key, ballot in zip(keys, choices, strict=True)
        ]
        if rows:
            bind.execute(sa.insert(ballots), rows)


def downgrade() -> None:
    with op.batch_alter_table("persons") as batch:
        batch.add_column(
            sa.Column(
                "created_at",
                sa.DateTime(timezone=True),
                nullable=False,
                server_default=sa.func.now(),
            )
        )
    if op.get_bind().dialect.name == "sqlite":
        for table in BALLOT_TABLES:
            with op.batch_alter_table(
                table, recreate="always", table_kwargs={"sqlite_with_rowid": True}
            ):
                pass
