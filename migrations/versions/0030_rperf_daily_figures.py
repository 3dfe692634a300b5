"""daily figure tables of the SLA report, kept by triggers, back-filled from the raw rows

The trigger and back-fill SQL come from servicedesk.models.report_figures (one generator for
the triggers, the rebuild and this migration). A later migration that rebuilds ticket,
sla_timer or survey_response on SQLite (batch mode) must run trigger_ddl() again.

Revision ID: rperf_0024
Revises: perf_0018
Create Date: 2026-12-07 01:40:00

"""
from alembic import op
import sqlalchemy as sa

from servicedesk.models.report_figures import drop_trigger_ddl, rebuild_sql, trigger_ddl


# revision identifiers, used by Alembic.
revision = 'rperf_0024'
down_revision = 'fts_0024'
branch_labels = None
depends_on = None

COUNTS = {
    'report_timer_figure': ('decided', 'met', 'breached', 'warned'),
    'report_time_bucket': ('n',),
    'report_ticket_figure': ('n', 'amount'),
}
KEYS = {
    'report_timer_figure': [
        sa.Column('grain', sa.String(length=1), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('service_id', sa.Integer(), nullable=False),
        sa.Column('queue_id', sa.Integer(), nullable=False),
        sa.Column('priority', sa.Integer(), nullable=False),
        sa.Column('type', sa.String(length=30), nullable=False),
        sa.Column('timer_queue_id', sa.Integer(), nullable=False),
    ],
    'report_time_bucket': [
        sa.Column('grain', sa.String(length=1), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('service_id', sa.Integer(), nullable=False),
        sa.Column('queue_id', sa.Integer(), nullable=False),
        sa.Column('bucket', sa.Integer(), nullable=False),
    ],
    'report_ticket_figure': [
        sa.Column('grain', sa.String(length=1), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('measure', sa.String(length=10), nullable=False),
        sa.Column('service_id', sa.Integer(), nullable=False),
        sa.Column('queue_id', sa.Integer(), nullable=False),
    ],
}


def upgrade():
    for table, keys in KEYS.items():
        op.create_table(
            table,
            *keys,
            *(sa.Column(name, sa.Integer(), nullable=False) for name in COUNTS[table]),
            sa.PrimaryKeyConstraint(*(c.name for c in keys), name=op.f(f'pk_{table}')),
        )
    reopened = sa.text("field = 'status' AND old_value = 'resolved' AND new_value = 'open'")
    op.create_index(
        'ix_ticket_history_reopened',
        'ticket_history',
        ['ticket_id', 'at'],
        sqlite_where=reopened,
        postgresql_where=reopened,
    )
    dialect = op.get_bind().dialect.name
    for statement in trigger_ddl(dialect) + rebuild_sql(dialect):
        op.execute(sa.text(statement))


def downgrade():
    for statement in drop_trigger_ddl(op.get_bind().dialect.name):
        op.execute(sa.text(statement))
    op.drop_index('ix_ticket_history_reopened', table_name='ticket_history')
    for table in KEYS:
        op.drop_table(table)
