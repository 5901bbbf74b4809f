"""authoring: import jobs, question reviews and edits, question sets

Revision ID: 0301_authoring
Revises: 0002_attempts
Create Date: 2026-11-27 18:15:00.097711

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0301_authoring"
down_revision = "0002_attempts"
branch_labels = ("authoring",)
depends_on = None


def upgrade():
    op.create_table(
        "question_sets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("tags", sa.JSON(), nullable=False),
        sa.Column("difficulty", sa.String(length=8), nullable=False),
        sa.Column("visibility", sa.String(length=16), nullable=False),
        sa.Column("share_token", sa.String(length=43), nullable=False),
        sa.Column("copied_from_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "difficulty IN ('mixed', 'easy', 'medium', 'hard')", name=op.f("ck_question_sets_difficulty")
        ),
        sa.CheckConstraint(
            "visibility IN ('private', 'class', 'public')", name=op.f("ck_question_sets_visibility")
        ),
        sa.ForeignKeyConstraint(
            ["copied_from_id"],
            ["question_sets.id"],
            name=op.f("fk_question_sets_copied_from_id_question_sets"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["users.id"], name=op.f("fk_question_sets_owner_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_question_sets")),
        sa.UniqueConstraint("share_token", name=op.f("uq_question_sets_share_token")),
    )
    with op.batch_alter_table("question_sets", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_question_sets_owner_id"), ["owner_id"], unique=False)

    op.create_table(
        "import_jobs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("stage", sa.String(length=80), nullable=False),
        sa.Column("progress", sa.Float(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("payload", sa.LargeBinary(), nullable=True),
        sa.Column("title", sa.String(length=300), nullable=True),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("visibility", sa.String(length=16), nullable=False),
        sa.Column("bank_id", sa.Integer(), nullable=True),
        sa.Column("summary", sa.JSON(), nullable=False),
        sa.Column("tries", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=True),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.Column("heartbeat_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint("kind IN ('import', 'regenerate')", name=op.f("ck_import_jobs_kind")),
        sa.CheckConstraint(
            "status IN ('queued', 'running', 'done', 'failed')", name=op.f("ck_import_jobs_status")
        ),
        sa.ForeignKeyConstraint(
            ["bank_id"], ["banks.id"], name=op.f("fk_import_jobs_bank_id_banks"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["users.id"], name=op.f("fk_import_jobs_owner_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_jobs")),
    )
    with op.batch_alter_table("import_jobs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_import_jobs_bank_id"), ["bank_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_import_jobs_owner_id"), ["owner_id"], unique=False)
        batch_op.create_index("ix_import_jobs_status_created_at", ["status", "created_at"], unique=False)

    op.create_table(
        "question_edits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("before", sa.JSON(), nullable=False),
        sa.Column("after", sa.JSON(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["question_id"],
            ["questions.id"],
            name=op.f("fk_question_edits_question_id_questions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_question_edits_user_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_question_edits")),
    )
    with op.batch_alter_table("question_edits", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_question_edits_question_id"), ["question_id"], unique=False)

    op.create_table(
        "question_reviews",
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("origin", sa.String(length=12), nullable=False),
        sa.Column("edited_at", sa.DateTime(), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("reviewer_id", sa.Integer(), nullable=True),
        sa.Column("regen_state", sa.String(length=8), nullable=True),
        sa.CheckConstraint(
            "origin IN ('generated', 'manual', 'imported')", name=op.f("ck_question_reviews_origin")
        ),
        sa.ForeignKeyConstraint(
            ["question_id"],
            ["questions.id"],
            name=op.f("fk_question_reviews_question_id_questions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["reviewer_id"],
            ["users.id"],
            name=op.f("fk_question_reviews_reviewer_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("question_id", name=op.f("pk_question_reviews")),
    )
    op.create_table(
        "set_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("set_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["question_id"],
            ["questions.id"],
            name=op.f("fk_set_items_question_id_questions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["set_id"],
            ["question_sets.id"],
            name=op.f("fk_set_items_set_id_question_sets"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_set_items")),
        sa.UniqueConstraint("set_id", "question_id", name=op.f("uq_set_items_set_id_question_id")),
    )
    with op.batch_alter_table("set_items", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_set_items_question_id"), ["question_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_set_items_set_id"), ["set_id"], unique=False)


def downgrade():
    with op.batch_alter_table("set_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_set_items_set_id"))
        batch_op.drop_index(batch_op.f("ix_set_items_question_id"))

    op.drop_table("set_items")
    op.drop_table("question_reviews")
    with op.batch_alter_table("question_edits", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_question_edits_question_id"))

    op.drop_table("question_edits")
    with op.batch_alter_table("import_jobs", schema=None) as batch_op:
        batch_op.drop_index("ix_import_jobs_status_created_at")
        batch_op.drop_index(batch_op.f("ix_import_jobs_owner_id"))
        batch_op.drop_index(batch_op.f("ix_import_jobs_bank_id"))

    op.drop_table("import_jobs")
    with op.batch_alter_table("question_sets", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_question_sets_owner_id"))

    op.drop_table("question_sets")
