"""calendar revision: a token that changes with every edit, for per-process caches

Revision ID: slaperf_0001
Revises: 0012_outbox_claim
Create Date: 2026-12-06 19:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'slaperf_0001'
down_revision = '0012_outbox_claim'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('calendar', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('revision', sa.String(length=32), nullable=False, server_default='initial')
        )


def downgrade():
    with op.batch_alter_table('calendar', schema=None) as batch_op:
        batch_op.drop_column('revision')
