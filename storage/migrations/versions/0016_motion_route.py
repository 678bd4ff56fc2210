"""the motion route: a motion's General Meeting, its outcome and its day sent to conference

submissions gains meeting_on, decided_on and sent_on (motions only) and four statuses
(at_meeting, carried, fell, sent_to_conference, which need no schema). A motion that was
"marked submitted to the Policy Forum" before had only that route to take: it becomes
sent_to_conference on the same day. submission_history.action grows from 32 to 200
characters: "marked submitted to the Policy Forum on 2026-03-01" did not fit (PostgreSQL
refused it; SQLite does not check lengths).

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None

DATES = ("meeting_on", "decided_on", "sent_on")
submissions = sa.table(
    "submissions",
    sa.column("kind", sa.String),
    sa.column("status", sa.String),
    sa.column("forum_submitted_on", sa.Date),
    sa.column("sent_on", sa.Date),
)
history = sa.table("submission_history", sa.column("action", sa.String))


def upgrade() -> None:
    with op.batch_alter_table("submissions") as batch:
        for name in DATES:
            batch.add_column(sa.Column(name, sa.Date(), nullable=True))
    with op.batch_alter_table("submission_history") as batch:
        batch.alter_column(
            "action", existing_type=sa.String(length=32), type_=sa.String(length=200)
        )
    op.execute(
        submissions.update()
        .where(submissions.c.kind == "motion", submissions.c.status == "submitted")
        .values(
            status="sent_to_conference",
            sent_on=submissions.c.forum_submitted_on,
            forum_submitted_on=None,
        )
    )


def downgrade() -> None:
    motion = submissions.c.kind == "motion"
    op.execute(
        submissions.update()
        .where(motion, submissions.c.status == "sent_to_conference")
        .values(status="submitted", forum_submitted_on=submissions.c.sent_on)
    )
    for status, before in (
        ("at_meeting", "approved"),
        ("carried", "approved"),
        ("fell", "withdrawn"),
    ):
        op.execute(
            submissions.update().where(motion, submissions.c.status == status).values(status=before)
        )
    op.execute(
        history.update()
        .where(sa.func.length(history.c.action) > 32)
        .values(action=sa.func.substr(history.c.action, 1, 32))
    )
    with op.batch_alter_table("submission_history") as batch:
        batch.alter_column(
            "action", existing_type=sa.String(length=200), type_=sa.String(length=32)
        )
    with op.batch_alter_table("submissions") as batch:
        for name in DATES:
            batch.drop_column(name)
