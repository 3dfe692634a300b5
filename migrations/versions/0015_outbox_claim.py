"""outbox rows are claimed by one sender (with a lease) before they are sent

Revision ID: 0012_outbox_claim
Revises: mail_inbound_digest_0001
Create Date: 2026-12-06 19:30:00.000000

"""
from alembic import op
import sqlalchemy as sa
import servicedesk.infra.orm


# revision identifiers, used by Alembic.
revision = '0012_outbox_claim'
down_revision = 'mail_inbound_digest_0001'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('claimed_by', sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column('claimed_until', servicedesk.infra.orm.UTCDateTime(timezone=True), nullable=True))
        batch_op.create_check_constraint(
            batch_op.f('ck_outbox_message_claim'), '(claimed_by IS NULL) = (claimed_until IS NULL)'
        )


def downgrade():
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_outbox_message_claim'), type_='check')
        batch_op.drop_column('claimed_until')
        batch_op.drop_column('claimed_by')
