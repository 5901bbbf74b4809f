"""core: users.time_zone, the account's remembered time zone (the browser's), so that pages show local
times even before any script runs

Revision ID: 0005_time_zone
Revises: 0004_login_sessions
Create Date: 2026-12-02

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0005_time_zone"
down_revision = "0004_login_sessions"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("time_zone", sa.String(length=64), nullable=True))


def downgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("time_zone")
