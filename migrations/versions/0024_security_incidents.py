"""security: security incidents (type security, SEC-), the security role, legal clocks as
timer kinds, clock decisions, the security queue, audit_log.ip and a PostgreSQL trigger that
keeps audit_log append-only

Revision ID: security_0024
Revises: perf_0018
Create Date: 2026-12-07 01:10:00

"""
import sqlalchemy as sa
from alembic import op

from servicedesk.infra.orm import UTCDateTime

# revision identifiers, used by Alembic.
revision = 'security_0024'
down_revision = 'perf_0018'
branch_labels = None
depends_on = None

# The types as they stand at this revision; a later migration (0027, access) adds its own.
TICKET_TYPES = "type IN ('incident','service_request','security')"
ROLES_OLD = "role IN ('employee','agent','manager','admin')"
ROLES_NEW = "role IN ('employee','agent','manager','admin','security')"
KINDS_OLD = "kind IN ('first_response','resolution','ola')"
KINDS_NEW = (
    "kind IN ('first_response','resolution','ola',"
    "'nis_early_warning','nis_notification','nis_final_report','gdpr_breach')"
)

APPEND_ONLY_FUNCTION = """
CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql
"""
APPEND_ONLY_TRIGGER = """
CREATE TRIGGER audit_log_append_only
BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log
FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()
"""


def _replace_check(table: str, name: str, condition: str) -> None:
    with op.batch_alter_table(table, schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f(f'ck_{table}_{name}'), type_='check')
        batch_op.create_check_constraint(batch_op.f(f'ck_{table}_{name}'), condition)


def upgrade():
    _replace_check('ticket', 'type', TICKET_TYPES)
    _replace_check('user_role', 'role', ROLES_NEW)
    _replace_check('sla_timer', 'kind', KINDS_NEW)
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ip', sa.String(length=45), nullable=True))

    op.create_table(
        'security_queue',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('queue_id', sa.Integer(), nullable=False),
        sa.CheckConstraint('id = 1', name=op.f('ck_security_queue_single')),
        sa.ForeignKeyConstraint(['queue_id'], ['queue.id'], name=op.f('fk_security_queue_queue_id_queue')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_security_queue')),
    )
    op.create_table(
        'security_incident',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('ticket_id', sa.Integer(), nullable=False),
        sa.Column('confidentiality', sa.Boolean(), nullable=False),
        sa.Column('integrity', sa.Boolean(), nullable=False),
        sa.Column('availability', sa.Boolean(), nullable=False),
        sa.Column('personal_data', sa.Boolean(), nullable=False),
        sa.Column('nis2_covered', sa.Boolean(), nullable=False),
        sa.Column('aware_at', UTCDateTime(), nullable=False),
        sa.Column('created_at', UTCDateTime(), nullable=False),
        sa.Column('updated_at', UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['ticket_id'], ['ticket.id'], name=op.f('fk_security_incident_ticket_id_ticket'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_security_incident')),
        sa.UniqueConstraint('ticket_id', name=op.f('uq_security_incident_ticket_id')),
    )
    op.create_table(
        'security_clock_decision',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('ticket_id', sa.Integer(), nullable=False),
        sa.Column('timer_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('outcome', sa.String(length=20), nullable=False),
        sa.Column('submitted_at', UTCDateTime(), nullable=True),
        sa.Column('authority_reference', sa.String(length=100), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('decided_by_id', sa.Integer(), nullable=False),
        sa.Column('decided_at', UTCDateTime(), nullable=False),
        sa.CheckConstraint("outcome IN ('submitted','not_reportable')", name=op.f('ck_security_clock_decision_outcome')),
        sa.CheckConstraint(
            "outcome <> 'submitted' OR (submitted_at IS NOT NULL AND authority_reference <> '')",
            name=op.f('ck_security_clock_decision_submitted_facts'),
        ),
        sa.CheckConstraint("outcome <> 'not_reportable' OR reason <> ''", name=op.f('ck_security_clock_decision_reason')),
        sa.ForeignKeyConstraint(['decided_by_id'], ['user_account.id'], name=op.f('fk_security_clock_decision_decided_by_id_user_account')),
        sa.ForeignKeyConstraint(['ticket_id'], ['ticket.id'], name=op.f('fk_security_clock_decision_ticket_id_ticket'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['timer_id'], ['sla_timer.id'], name=op.f('fk_security_clock_decision_timer_id_sla_timer'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_security_clock_decision')),
        sa.UniqueConstraint('timer_id', name=op.f('uq_security_clock_decision_timer_id')),
    )
    with op.batch_alter_table('security_clock_decision', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_security_clock_decision_ticket_id'), ['ticket_id'], unique=False)

    if op.get_bind().dialect.name == 'postgresql':
        op.execute(APPEND_ONLY_FUNCTION)
        op.execute(APPEND_ONLY_TRIGGER)


def downgrade():
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log')
        op.execute('DROP FUNCTION IF EXISTS audit_log_append_only()')
    with op.batch_alter_table('security_clock_decision', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_security_clock_decision_ticket_id'))
    op.drop_table('security_clock_decision')
    op.drop_table('security_incident')
    op.drop_table('security_queue')
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_column('ip')
    _replace_check('sla_timer', 'kind', KINDS_OLD)
    _replace_check('user_role', 'role', ROLES_OLD)
    _replace_check('ticket', 'type', "type IN ('incident','service_request')")
