"""ideas, polls and votes

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "persons",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_persons")),
    )
    op.create_table(
        "person_identities",
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("user_id", sa.String(length=64), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"], name=op.f("fk_person_identities_person_id_persons")
        ),
        sa.PrimaryKeyConstraint("platform", "user_id", name=op.f("pk_person_identities")),
        sa.UniqueConstraint(
            "person_id", "platform", name=op.f("uq_person_identities_person_id_platform")
        ),
    )
    op.create_index(op.f("ix_person_identities_person_id"), "person_identities", ["person_id"])
    op.create_table(
        "link_codes",
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"], name=op.f("fk_link_codes_person_id_persons")
        ),
        sa.PrimaryKeyConstraint("code_hash", name=op.f("pk_link_codes")),
    )
    op.create_index(op.f("ix_link_codes_person_id"), "link_codes", ["person_id"])
    op.create_table(
        "ideas",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("commission", sa.String(length=200), nullable=True),
        sa.Column("author_person_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("merged_into", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_person_id"], ["persons.id"], name=op.f("fk_ideas_author_person_id_persons")
        ),
        sa.ForeignKeyConstraint(
            ["merged_into"], ["ideas.id"], name=op.f("fk_ideas_merged_into_ideas")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ideas")),
    )
    op.create_index(op.f("ix_ideas_author_person_id"), "ideas", ["author_person_id"])
    op.create_index(op.f("ix_ideas_created_at"), "ideas", ["created_at"])
    op.create_index(op.f("ix_ideas_status"), "ideas", ["status"])
    op.create_table(
        "idea_supports",
        sa.Column("idea_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["idea_id"], ["ideas.id"], name=op.f("fk_idea_supports_idea_id_ideas")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"], name=op.f("fk_idea_supports_person_id_persons")
        ),
        sa.PrimaryKeyConstraint("idea_id", "person_id", name=op.f("pk_idea_supports")),
    )
    op.create_index(op.f("ix_idea_supports_person_id"), "idea_supports", ["person_id"])
    op.create_table(
        "polls",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("options", sa.JSON(), nullable=False),
        sa.Column("max_choices", sa.Integer(), nullable=False),
        sa.Column("anonymous", sa.Boolean(), nullable=False),
        sa.Column("live_results", sa.Boolean(), nullable=False),
        sa.Column("deadline", sa.DateTime(timezone=True), nullable=False),
        sa.Column("chats", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("secret", sa.LargeBinary(length=32), nullable=True),
        sa.Column("results", sa.JSON(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_polls")),
    )
    op.create_index(op.f("ix_polls_created_at"), "polls", ["created_at"])
    op.create_index(op.f("ix_polls_status"), "polls", ["status"])
    op.create_table(
        "poll_ballots",
        sa.Column("poll_id", sa.Integer(), nullable=False),
        sa.Column("voter_key", sa.String(length=64), nullable=False),
        sa.Column("choices", sa.JSON(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"], name=op.f("fk_poll_ballots_person_id_persons")
        ),
        sa.ForeignKeyConstraint(
            ["poll_id"], ["polls.id"], name=op.f("fk_poll_ballots_poll_id_polls")
        ),
        sa.PrimaryKeyConstraint("poll_id", "voter_key", name=op.f("pk_poll_ballots")),
    )
    op.create_table(
        "poll_ballot_drafts",
        sa.Column("poll_id", sa.Integer(), nullable=False),
        sa.Column("voter_key", sa.String(length=64), nullable=False),
        sa.Column("choices", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["poll_id"], ["polls.id"], name=op.f("fk_poll_ballot_drafts_poll_id_polls")
        ),
        sa.PrimaryKeyConstraint("poll_id", "voter_key", name=op.f("pk_poll_ballot_drafts")),
    )


def downgrade() -> None:
    op.drop_table("poll_ballot_drafts")
    op.drop_table("poll_ballots")
    op.drop_index(op.f("ix_polls_status"), table_name="polls")
    op.drop_index(op.f("ix_polls_created_at"), table_name="polls")
    op.drop_table("polls")
    op.drop_index(op.f("ix_idea_supports_person_id"), table_name="idea_supports")
    op.drop_table("idea_supports")
    op.drop_index(op.f("ix_ideas_status"), table_name="ideas")
    op.drop_index(op.f("ix_ideas_created_at"), table_name="ideas")
    op.drop_index(op.f("ix_ideas_author_person_id"), table_name="ideas")
    op.drop_table("ideas")
    op.drop_index(op.f("ix_link_codes_person_id"), table_name="link_codes")
    op.drop_table("link_codes")
    op.drop_index(op.f("ix_person_identities_person_id"), table_name="person_identities")
    op.drop_table("person_identities")
    op.drop_table("persons")
