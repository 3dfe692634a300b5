"""login_attempt: checked sign-ins, to throttle password guessing per account and address

Revision ID: security_login_0001
Revises: security_session_0001
Create Date: 2026-12-06 19:40:00

"""
from alembic import op
import sqlalchemy as sa
import servicedesk.infra.orm


# revision identifiers, used by Alembic.
revision = 'security_login_0001'
down_revision = 'security_session_0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('login_attempt',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', servicedesk.infra.orm.UTCDateTime(timezone=True), nullable=False),
    sa.Column('account', sa.String(length=64), nullable=False),
    sa.Column('address', sa.String(length=45), nullable=False),
    sa.Column('succeeded', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_login_attempt'))
    )
    with op.batch_alter_table('login_attempt', schema=None) as batch_op:
        batch_op.create_index('ix_login_attempt_account_at', ['account', 'at'], unique=False)
        batch_op.create_index('ix_login_attempt_address_at', ['address', 'at'], unique=False)
        batch_op.create_index('ix_login_attempt_at', ['at'], unique=False)


def downgrade():
    with op.batch_alter_table('login_attempt', schema=None) as batch_op:
        batch_op.drop_index('ix_login_attempt_at')
        batch_op.drop_index('ix_login_attempt_address_at')
        batch_op.drop_index('ix_login_attempt_account_at')
    op.drop_table('login_attempt')
