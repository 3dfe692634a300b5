"""closing instant of a change request and a problem (records: "N years after closing")

Plain nullable columns (no batch rebuild). Back-filled: a change from its last history line
that moved it to closed or cancelled (its update time if it has none), a problem from its
last update (problems keep no history; a closed problem is not edited again).

Revision ID: records_0031
Revises: access_0031
Create Date: 2026-12-07 07:20:00

"""
from alembic import op
import sqlalchemy as sa

from servicedesk.infra.orm import UTCDateTime


# revision identifiers, used by Alembic.
revision = 'records_0031'
down_revision = 'access_0031'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('change_request', sa.Column('closed_at', UTCDateTime(timezone=True), nullable=True))
    op.add_column('problem', sa.Column('closed_at', UTCDateTime(timezone=True), nullable=True))
    op.execute(
        "UPDATE change_request SET closed_at = COALESCE("
        "(SELECT MAX(h.at) FROM change_history h WHERE h.change_id = change_request.id"
        " AND h.field = 'state' AND h.new_value IN ('closed', 'cancelled')), updated_at)"
        " WHERE state IN ('closed', 'cancelled')"
    )
    op.execute("UPDATE problem SET closed_at = updated_at WHERE status = 'closed'")


def downgrade():
    with op.batch_alter_table('problem') as batch_op:
        batch_op.drop_column('closed_at')
    with op.batch_alter_table('change_request') as batch_op:
        batch_op.drop_column('closed_at')
