"""the backlog's figures: open tickets per registration day (report_ticket_figure measures
open / open_sec), kept by the figure triggers (recreated) and back-filled

No table changes: new rows in report_ticket_figure, the ticket triggers made again from
servicedesk.models.report_figures (a new one, report_ticket_open, follows status changes).

Revision ID: perf_0031
Revises: search_0031
Create Date: 2026-12-07 06:50:00

"""
from alembic import op
import sqlalchemy as sa

from servicedesk.models.report_figures import (
    OPEN_MEASURES,
    drop_trigger_ddl,
    open_backfill_sql,
    trigger_ddl,
)


# revision identifiers, used by Alembic.
revision = 'perf_0031'
down_revision = 'search_0031'
branch_labels = None
depends_on = None


def upgrade():
    dialect = op.get_bind().dialect.name
    for statement in drop_trigger_ddl(dialect) + trigger_ddl(dialect) + open_backfill_sql(dialect):
        op.execute(sa.text(statement))


def downgrade():
    dialect = op.get_bind().dialect.name
    # the triggers as they are minus the open figures would need the old generator; the
    # figures of the remaining measures stay right, so the open rows are only dropped
    for statement in drop_trigger_ddl(dialect) + trigger_ddl(dialect):
        op.execute(sa.text(statement))
    measures = ", ".join(f"'{m}'" for m in OPEN_MEASURES)
    op.execute(sa.text(f"DELETE FROM report_ticket_figure WHERE measure IN ({measures})"))
