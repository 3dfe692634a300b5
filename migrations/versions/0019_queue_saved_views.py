"""queue: saved views of the queue list, personal or shared with a queue

Revision ID: queue_0018
Revises: find_0018
Create Date: 2026-12-06 22:00:00

"""
from alembic import op
import sqlalchemy as sa

import servicedesk.infra.orm


# revision identifiers, used by Alembic.
revision = 'queue_0018'
down_revision = 'find_0018'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('saved_view',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('queue_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('query', sa.String(length=2000), nullable=False),
    sa.Column('created_at', servicedesk.infra.orm.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', servicedesk.infra.orm.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('length(name) BETWEEN 1 AND 80', name=op.f('ck_saved_view_name_length')),
    sa.CheckConstraint('length(query) <= 2000', name=op.f('ck_saved_view_query_length')),
    sa.ForeignKeyConstraint(['owner_id'], ['user_account.id'], name=op.f('fk_saved_view_owner_id_user_account'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['queue_id'], ['queue.id'], name=op.f('fk_saved_view_queue_id_queue'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_saved_view')),
    sa.UniqueConstraint('owner_id', 'name', name=op.f('uq_saved_view_owner_id'))
    )
    op.create_index('ix_saved_view_queue', 'saved_view', ['queue_id'], unique=False)


def downgrade():
    op.drop_index('ix_saved_view_queue', table_name='saved_view')
    op.drop_table('saved_view')
