"""study: flashcards, review log, study settings

Revision ID: 0101_study
Revises: 0002_attempts
Create Date: 2026-11-27

A branch of its own (label "study") from core's 0002_attempts: the app runs ``upgrade heads``.

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0101_study"
down_revision = "0002_attempts"
branch_labels = ("study",)
depends_on = None


def upgrade():
    op.create_table(
        "study_settings",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("new_per_day", sa.Integer(), nullable=False),
        sa.Column("reviews_per_day", sa.Integer(), nullable=False),
        sa.Column("desired_retention", sa.Float(), nullable=False),
        sa.Column("time_zone", sa.String(length=64), nullable=False),
        sa.Column("day_start_hour", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "day_start_hour >= 0 AND day_start_hour < 24", name=op.f("ck_study_settings_day_start_hour")
        ),
        sa.CheckConstraint(
            "desired_retention > 0 AND desired_retention < 1",
            name=op.f("ck_study_settings_desired_retention"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_study_settings_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_study_settings")),
    )
    op.create_table(
        "study_cards",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("bank_id", sa.Integer(), nullable=False),
        sa.Column("part", sa.Integer(), nullable=False),
        sa.Column("state", sa.Integer(), nullable=False),
        sa.Column("step", sa.Integer(), nullable=True),
        sa.Column("stability", sa.Float(), nullable=True),
        sa.Column("difficulty", sa.Float(), nullable=True),
        sa.Column("due", sa.DateTime(), nullable=False),
        sa.Column("last_review", sa.DateTime(), nullable=True),
        sa.Column("reps", sa.Integer(), nullable=False),
        sa.Column("lapses", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("state IN (0, 1, 2, 3)", name=op.f("ck_study_cards_state")),
        sa.ForeignKeyConstraint(
            ["bank_id"], ["banks.id"], name=op.f("fk_study_cards_bank_id_banks"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["question_id"],
            ["questions.id"],
            name=op.f("fk_study_cards_question_id_questions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_study_cards_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_study_cards")),
        sa.UniqueConstraint(
            "user_id", "question_id", "part", name=op.f("uq_study_cards_user_id_question_id_part")
        ),
    )
    with op.batch_alter_table("study_cards", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_study_cards_bank_id"), ["bank_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_study_cards_question_id"), ["question_id"], unique=False)
        batch_op.create_index("ix_study_cards_queue", ["user_id", "bank_id", "state", "due"], unique=False)
        batch_op.create_index("ix_study_cards_user_id_state_due", ["user_id", "state", "due"], unique=False)

    op.create_table(
        "study_reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("card_id", sa.Integer(), nullable=False),
        sa.Column("deck", sa.String(length=40), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("rating", sa.Integer(), nullable=False),
        sa.Column("reviewed_at", sa.DateTime(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("token", sa.String(length=64), nullable=True),
        sa.Column("duration_ms", sa.Integer(), nullable=True),
        sa.Column("state_before", sa.Integer(), nullable=False),
        sa.Column("step_before", sa.Integer(), nullable=True),
        sa.Column("stability_before", sa.Float(), nullable=True),
        sa.Column("difficulty_before", sa.Float(), nullable=True),
        sa.Column("due_before", sa.DateTime(), nullable=False),
        sa.Column("last_review_before", sa.DateTime(), nullable=True),
        sa.Column("interval_before", sa.Float(), nullable=True),
        sa.Column("state_after", sa.Integer(), nullable=False),
        sa.Column("stability_after", sa.Float(), nullable=True),
        sa.Column("difficulty_after", sa.Float(), nullable=True),
        sa.Column("due_after", sa.DateTime(), nullable=False),
        sa.CheckConstraint("rating IN (1, 2, 3, 4)", name=op.f("ck_study_reviews_rating")),
        sa.ForeignKeyConstraint(
            ["card_id"],
            ["study_cards.id"],
            name=op.f("fk_study_reviews_card_id_study_cards"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_study_reviews_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_study_reviews")),
        sa.UniqueConstraint("user_id", "token", name=op.f("uq_study_reviews_user_id_token")),
    )
    with op.batch_alter_table("study_reviews", schema=None) as batch_op:
        batch_op.create_index("ix_study_reviews_card_id_id", ["card_id", "id"], unique=False)
        batch_op.create_index("ix_study_reviews_user_id_day", ["user_id", "day"], unique=False)
        batch_op.create_index("ix_study_reviews_user_id_deck_day", ["user_id", "deck", "day"], unique=False)


def downgrade():
    with op.batch_alter_table("study_reviews", schema=None) as batch_op:
        batch_op.drop_index("ix_study_reviews_user_id_deck_day")
        batch_op.drop_index("ix_study_reviews_user_id_day")
        batch_op.drop_index("ix_study_reviews_card_id_id")

    op.drop_table("study_reviews")
    with op.batch_alter_table("study_cards", schema=None) as batch_op:
        batch_op.drop_index("ix_study_cards_user_id_state_due")
        batch_op.drop_index("ix_study_cards_queue")
        batch_op.drop_index(batch_op.f("ix_study_cards_question_id"))
        batch_op.drop_index(batch_op.f("ix_study_cards_bank_id"))

    op.drop_table("study_cards")
    op.drop_table("study_settings")
