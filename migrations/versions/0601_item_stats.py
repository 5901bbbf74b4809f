"""itemstats: counters per question, mode and edition; the teacher's kept flags and restarts

Revision ID: 0601_item_stats
Revises: 0002_attempts
Create Date: 2026-12-02 01:10:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0601_item_stats"
down_revision = "0002_attempts"
branch_labels = ("itemstats",)
depends_on = None


def upgrade():
    op.create_table(
        "item_counts",
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("edition", sa.Integer(), nullable=False),
        sa.Column("mode", sa.String(length=10), nullable=False),
        sa.Column("key", sa.String(length=24), nullable=False),
        sa.Column("n", sa.BigInteger(), nullable=False),
        sa.CheckConstraint("mode IN ('quiz', 'classroom', 'study')", name=op.f("ck_item_counts_mode")),
        sa.ForeignKeyConstraint(
            ["question_id"],
            ["questions.id"],
            name=op.f("fk_item_counts_question_id_questions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("question_id", "edition", "mode", "key", name=op.f("pk_item_counts")),
    )
    op.create_table(
        "item_states",
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("kept", sa.JSON(), nullable=False),
        sa.Column("restarts", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["question_id"],
            ["questions.id"],
            name=op.f("fk_item_states_question_id_questions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("question_id", name=op.f("pk_item_states")),
    )


def downgrade():
    op.drop_table("item_states")
    op.drop_table("item_counts")
