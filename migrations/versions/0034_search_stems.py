"""search: the SQLite index rebuilt with the one Swedish stemmer (neuter "-et" taken off,
the knowledge base's rule) and as an FTS5 table with prefix indexes and column detail;
the knowledge base's SQLite index re-stemmed with the same stemmer. PostgreSQL: nothing
changes (its `swedish` configuration stems; a query asks for the "-et" form too).

Revision ID: search_0031
Revises: records_0031
Create Date: 2026-12-07 07:30:00

"""
from alembic import op
import sqlalchemy as sa

from servicedesk.models.search import SQLITE_DDL, SQLITE_DROP


# revision identifiers, used by Alembic.
revision = 'search_0031'
down_revision = 'records_0031'
branch_labels = None
depends_on = None


def _restem_articles(bind):
    from servicedesk.domain.kb.search import stemmed_text
    from servicedesk.models.kb import SEARCH_TABLE

    rows = bind.execute(
        sa.text('SELECT id, title_sv, title_en, body_sv, body_en FROM kb_article')
    ).all()
    for row in rows:
        bind.execute(sa.text(f'DELETE FROM {SEARCH_TABLE} WHERE rowid = :id'), {'id': row.id})
        bind.execute(
            sa.text(f'INSERT INTO {SEARCH_TABLE} (rowid, title, body) VALUES (:id, :t, :b)'),
            {
                'id': row.id,
                't': stemmed_text(f'{row.title_sv} {row.title_en}'),
                'b': stemmed_text(f'{row.body_sv} {row.body_en}'),
            },
        )


def upgrade():
    bind = op.get_bind()
    if bind.dialect.name != 'sqlite':
        return
    op.execute(SQLITE_DROP)
    for statement in SQLITE_DDL:
        op.execute(statement)
    # Fill it again (the same code as `flask search reindex`).
    from servicedesk.domain.search.index import rebuild

    rebuild(bind)
    _restem_articles(bind)


def downgrade():
    # The older table's shape; its stems differ only in "-et" ("flask search reindex").
    bind = op.get_bind()
    if bind.dialect.name != 'sqlite':
        return
    op.execute(SQLITE_DROP)
    op.execute(
        'CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5('
        "title, body, replies, staff_body, tokenize = 'unicode61 remove_diacritics 0')"
    )
    from servicedesk.domain.search.index import rebuild

    rebuild(bind)
