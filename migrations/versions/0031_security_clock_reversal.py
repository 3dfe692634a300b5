"""security: a legal clock's breach can be taken back (`reverse` SLA event) when its report
was submitted in time but entered after the watcher recorded the breach

Only `sla_event` is rebuilt on SQLite (its kind check): never `ticket`, `sla_timer` or
`survey_response`, whose triggers keep the daily report figures (0030).

Revision ID: security_0031
Revises: rperf_0024
Create Date: 2026-12-07 07:10:00

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = 'security_0031'
down_revision = 'rperf_0024'
branch_labels = None
depends_on = None

KINDS = "'start','pause','resume','retarget','warn','breach','stop','reopen'"


def _replace_check(condition: str) -> None:
    with op.batch_alter_table('sla_event', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_sla_event_kind'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_sla_event_kind'), condition)


def upgrade():
    _replace_check(f"kind IN ({KINDS},'reverse')")


def downgrade():
    op.execute("DELETE FROM sla_event WHERE kind = 'reverse'")
    _replace_check(f"kind IN ({KINDS})")
