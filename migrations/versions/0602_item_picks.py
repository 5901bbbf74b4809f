"""itemstats: picks of the choices past the eighth, a row per choice (a question may have any number)

Revision ID: 0602_item_picks
Revises: 0601_item_stats
Create Date: 2026-12-02 13:45:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0602_item_picks"
down_revision = "0601_item_stats"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "item_picks",
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("edition", sa.Integer(), nullable=False),
        sa.Column("mode", sa.String(length=10), nullable=False),
        sa.Column("choice", sa.Integer(), nullable=False),
        sa.Column("picks", sa.BigInteger(), server_default="0", nullable=False),
        sa.CheckConstraint("mode IN ('quiz', 'classroom', 'study')", name=op.f("ck_item_picks_mode")),
        sa.ForeignKeyConstraint(
            ["question_id"],
            ["questions.id"],
            name=op.f("fk_item_picks_question_id_questions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("question_id", "edition", "mode", "choice", name=op.f("pk_item_picks")),
    )


def downgrade():
    op.drop_table("item_picks")
