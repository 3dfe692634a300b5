"""settings revision: one token per change of what filing reads, for per-process caches

Revision ID: perf_0018
Revises: portal_0018
Create Date: 2026-12-06 22:05:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'perf_0018'
down_revision = 'portal_0018'
branch_labels = None
depends_on = None


def upgrade():
    table = op.create_table(
        'settings_revision',
        sa.Column('name', sa.String(length=32), nullable=False),
        sa.Column('revision', sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint('name', name=op.f('pk_settings_revision')),
    )
    op.bulk_insert(table, [{'name': 'settings', 'revision': 'initial'}])


def downgrade():
    op.drop_table('settings_revision')
