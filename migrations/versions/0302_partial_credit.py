"""questions: answers worth part of the point (multiple choice, short answer, cloze)

Revision ID: 0302_partial_credit
Revises: 0301_authoring
Create Date: 2026-12-02 01:20:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0302_partial_credit"
down_revision = "0301_authoring"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("questions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("partial", sa.JSON(), nullable=False, server_default="[]"))


def downgrade():
    with op.batch_alter_table("questions", schema=None) as batch_op:
        batch_op.drop_column("partial")
