"""core: users.login_token, part of the log-in id so that a guest's old cookies stop working once the
guest becomes an account (and when a password changes)

Revision ID: 0003_login_token
Revises: 0002_attempts
Create Date: 2026-11-27

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0003_login_token"
down_revision = "0002_attempts"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("login_token", sa.String(length=32), nullable=True))


def downgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("login_token")
