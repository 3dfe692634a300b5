"""full-text search index: search_document, its tsvectors and GIN indexes (PostgreSQL) or
FTS5 table (SQLite), filled from the existing tickets, changes and problems

Revision ID: fts_0024
Revises: perf_0018
Create Date: 2026-12-07 01:20:00

"""
from alembic import op
import sqlalchemy as sa

import servicedesk.infra.orm
from servicedesk.models.search import POSTGRES_DDL, SQLITE_DDL, SQLITE_DROP


# revision identifiers, used by Alembic.
revision = 'fts_0024'
down_revision = 'records_0024'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'search_document',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('object_id', sa.Integer(), nullable=False),
        sa.Column('reference', sa.String(length=30), nullable=False),
        sa.Column('title', sa.Text(), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('replies', sa.Text(), nullable=False),
        sa.Column('staff_body', sa.Text(), nullable=False),
        sa.Column('indexed_at', servicedesk.infra.orm.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_search_document')),
        sa.UniqueConstraint('kind', 'object_id', name='uq_search_document_kind_object'),
    )
    bind = op.get_bind()
    for statement in POSTGRES_DDL if bind.dialect.name == 'postgresql' else SQLITE_DDL:
        op.execute(statement)
    # Back-fill from what exists (the same code as `flask search reindex`).
    from servicedesk.domain.search.index import rebuild

    rebuild(bind)


def downgrade():
    if op.get_bind().dialect.name == 'sqlite':
        op.execute(SQLITE_DROP)
    op.drop_table('search_document')
