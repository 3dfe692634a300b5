"""people: a user's work phone and employee number, for finding a caller on the phone form

Revision ID: find_0018
Revises: reports_period_0017
Create Date: 2026-12-06 22:10:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = 'find_0018'
down_revision = 'reports_period_0017'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('user_account', sa.Column('phone', sa.String(length=40), server_default='', nullable=False))
    op.add_column('user_account', sa.Column('employee_number', sa.String(length=20), nullable=True))
    op.create_index('ux_user_account_employee_number', 'user_account', ['employee_number'], unique=True)


def downgrade():
    op.drop_index('ux_user_account_employee_number', table_name='user_account')
    with op.batch_alter_table('user_account') as batch:
        batch.drop_column('employee_number')
        batch.drop_column('phone')
