"""reports: index ranges on the decision instant cover every query of the report page

Revision ID: reports_period_0017
Revises: slaperf_0001
Create Date: 2026-12-06 19:05:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'reports_period_0017'
down_revision = 'slaperf_0001'
branch_labels = None
depends_on = None


def upgrade():
    # OLA figures read the timer's queue from the same covering range.
    op.drop_index('ix_sla_timer_decided', table_name='sla_timer')
    op.create_index('ix_sla_timer_decided', 'sla_timer', ['kind', 'breached_at', 'met_at', 'warned_at', 'ticket_id', 'queue_id'], unique=False)
    # Business times: timers stopped in the period, with the minutes ranked.
    op.create_index('ix_sla_timer_stopped', 'sla_timer', ['kind', 'met_at', 'elapsed_minutes', 'ticket_id'], unique=False)
    # Resolved per week/month and satisfaction by service, covering.
    op.drop_index('ix_ticket_resolved', table_name='ticket')
    op.create_index('ix_ticket_resolved', 'ticket', ['resolved_at', 'service_id', 'queue_id'], unique=False)
    # Reopen rate: status changes to "resolved" in the period.
    op.create_index('ix_ticket_history_status_to', 'ticket_history', ['field', 'new_value', 'at', 'ticket_id'], unique=False)


def downgrade():
    op.drop_index('ix_ticket_history_status_to', table_name='ticket_history')
    op.drop_index('ix_ticket_resolved', table_name='ticket')
    op.create_index('ix_ticket_resolved', 'ticket', ['resolved_at'], unique=False)
    op.drop_index('ix_sla_timer_stopped', table_name='sla_timer')
    op.drop_index('ix_sla_timer_decided', table_name='sla_timer')
    op.create_index('ix_sla_timer_decided', 'sla_timer', ['kind', 'breached_at', 'met_at', 'warned_at', 'ticket_id'], unique=False)
