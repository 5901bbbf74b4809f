"""banks: the questions the generator held back, with their reasons; a title the generator made

Revision ID: 0401_held_back
Revises: 0002_attempts
Create Date: 2026-12-01 05:30:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0401_held_back"
down_revision = "0002_attempts"
branch_labels = ("held_back",)
depends_on = None


def upgrade():
    with op.batch_alter_table("banks", schema=None) as batch_op:
        batch_op.add_column(sa.Column("held_back", sa.JSON(), nullable=False, server_default="[]"))
        batch_op.add_column(
            sa.Column("title_generated", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade():
    with op.batch_alter_table("banks", schema=None) as batch_op:
        batch_op.drop_column("title_generated")
        batch_op.drop_column("held_back")
