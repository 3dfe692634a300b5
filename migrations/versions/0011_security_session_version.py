"""user_account.session_version: log-out, password and role changes end every session

Revision ID: security_session_0001
Revises: drop_confidential_0001
Create Date: 2026-12-06 19:20:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'security_session_0001'
down_revision = 'drop_confidential_0001'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_version', sa.Integer(), server_default='0', nullable=False))


def downgrade():
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_column('session_version')
