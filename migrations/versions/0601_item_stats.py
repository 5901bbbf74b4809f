"""itemstats: counters per question, mode and edition (a column per counter); kept flags and restarts

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

#: the counters as they were at this revision (quizapp.itemstats.models.COUNTER_KEYS, frozen here)
COUNTERS = (
    ["answers", "correct", "dont_know", "time_n", "time_ms"]
    + [f"pick_{i}" for i in range(8)]
    + [f"time_{i}" for i in range(16)]
    + [f"takers_{i}" for i in range(10)]
    + [f"takers_correct_{i}" for i in range(10)]
)


def upgrade():
    op.create_table(
        "item_counts",
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("edition", sa.Integer(), nullable=False),
        sa.Column("mode", sa.String(length=10), nullable=False),
        *(sa.Column(name, sa.BigInteger(), server_default="0", nullable=False) for name in COUNTERS),
        sa.CheckConstraint("mode IN ('quiz', 'classroom', 'study')", name=op.f("ck_item_counts_mode")),
        sa.ForeignKeyConstraint(
            ["question_id"],
            ["questions.id"],
            name=op.f("fk_item_counts_question_id_questions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("question_id", "edition", "mode", name=op.f("pk_item_counts")),
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
