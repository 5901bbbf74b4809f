"""classroom: live sessions, players, session questions and answers

Revision ID: 0201_classroom
Revises: 0002_attempts
Create Date: 2026-11-27

A branch of its own (label "classroom"): the app runs ``upgrade heads``.

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0201_classroom"
down_revision = "0002_attempts"
branch_labels = ("classroom",)
depends_on = None


def upgrade():
    op.create_table(
        "classroom_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=40), nullable=False),
        sa.Column("bank_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("join_code", sa.String(length=6), nullable=False),
        sa.Column("open_code", sa.String(length=6), nullable=True),
        sa.Column("pace", sa.String(length=8), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("deadline", sa.DateTime(), nullable=True),
        sa.Column("show_leaderboard", sa.Boolean(), nullable=False),
        sa.Column("speed_bonus", sa.Boolean(), nullable=False),
        sa.Column("timer_seconds", sa.Integer(), nullable=False),
        sa.Column("current_position", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=True),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint("pace IN ('teacher', 'self')", name=op.f("ck_classroom_sessions_pace")),
        sa.CheckConstraint(
            "status IN ('lobby', 'running', 'ended')", name=op.f("ck_classroom_sessions_status")
        ),
        sa.ForeignKeyConstraint(
            ["bank_id"], ["banks.id"], name=op.f("fk_classroom_sessions_bank_id_banks"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["users.id"], name=op.f("fk_classroom_sessions_owner_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_classroom_sessions")),
        sa.UniqueConstraint("open_code", name=op.f("uq_classroom_sessions_open_code")),
    )
    with op.batch_alter_table("classroom_sessions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_classroom_sessions_bank_id"), ["bank_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_classroom_sessions_join_code"), ["join_code"], unique=False)
        batch_op.create_index(
            "ix_classroom_sessions_owner_id_created_at", ["owner_id", "created_at"], unique=False
        )

    op.create_table(
        "classroom_players",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("nickname", sa.String(length=24), nullable=False),
        sa.Column("nickname_key", sa.String(length=96), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("removed", sa.Boolean(), nullable=False),
        sa.Column("joined_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["classroom_sessions.id"],
            name=op.f("fk_classroom_players_session_id_classroom_sessions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_classroom_players_user_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_classroom_players")),
        sa.UniqueConstraint(
            "session_id", "nickname_key", name=op.f("uq_classroom_players_session_id_nickname_key")
        ),
        sa.UniqueConstraint("token_hash", name=op.f("uq_classroom_players_token_hash")),
    )
    with op.batch_alter_table("classroom_players", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_classroom_players_user_id"), ["user_id"], unique=False)

    op.create_table(
        "classroom_questions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=8), nullable=False),
        sa.Column("opened_at", sa.DateTime(), nullable=True),
        sa.Column("closes_at", sa.DateTime(), nullable=True),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint(
            "state IN ('pending', 'open', 'closed')", name=op.f("ck_classroom_questions_state")
        ),
        sa.ForeignKeyConstraint(
            ["question_id"],
            ["questions.id"],
            name=op.f("fk_classroom_questions_question_id_questions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["classroom_sessions.id"],
            name=op.f("fk_classroom_questions_session_id_classroom_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_classroom_questions")),
        sa.UniqueConstraint(
            "session_id", "position", name=op.f("uq_classroom_questions_session_id_position")
        ),
    )
    with op.batch_alter_table("classroom_questions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_classroom_questions_question_id"), ["question_id"], unique=False)

    op.create_table(
        "classroom_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("player_id", sa.Integer(), nullable=False),
        sa.Column("session_question_id", sa.Integer(), nullable=False),
        sa.Column("response", sa.Text(), nullable=False),
        sa.Column("correct", sa.Boolean(), nullable=False),
        sa.Column("credit", sa.Float(), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.Column("elapsed_ms", sa.Integer(), nullable=True),
        sa.Column("answered_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["player_id"],
            ["classroom_players.id"],
            name=op.f("fk_classroom_answers_player_id_classroom_players"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["classroom_sessions.id"],
            name=op.f("fk_classroom_answers_session_id_classroom_sessions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["session_question_id"],
            ["classroom_questions.id"],
            name=op.f("fk_classroom_answers_session_question_id_classroom_questions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_classroom_answers")),
        sa.UniqueConstraint(
            "player_id",
            "session_question_id",
            name=op.f("uq_classroom_answers_player_id_session_question_id"),
        ),
    )
    with op.batch_alter_table("classroom_answers", schema=None) as batch_op:
        batch_op.create_index(
            "ix_classroom_answers_session_id_session_question_id",
            ["session_id", "session_question_id"],
            unique=False,
        )


def downgrade():
    with op.batch_alter_table("classroom_answers", schema=None) as batch_op:
        batch_op.drop_index("ix_classroom_answers_session_id_session_question_id")

    op.drop_table("classroom_answers")
    with op.batch_alter_table("classroom_questions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_classroom_questions_question_id"))

    op.drop_table("classroom_questions")
    with op.batch_alter_table("classroom_players", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_classroom_players_user_id"))

    op.drop_table("classroom_players")
    with op.batch_alter_table("classroom_sessions", schema=None) as batch_op:
        batch_op.drop_index("ix_classroom_sessions_owner_id_created_at")
        batch_op.drop_index(batch_op.f("ix_classroom_sessions_join_code"))
        batch_op.drop_index(batch_op.f("ix_classroom_sessions_bank_id"))

    op.drop_table("classroom_sessions")
