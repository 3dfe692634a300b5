"""access: the access catalog, requests and decisions, tasks, the register and reviews;
ticket type access (BEH)

Revision ID: access_0024
Revises: perf_0018
Create Date: 2026-12-07 00:56:38.308521

"""
import re

from alembic import op
import sqlalchemy as sa
import servicedesk.infra.orm


# revision identifiers, used by Alembic.
revision = 'access_0024'
down_revision = 'kb_0024'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('access_review',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('service_id', sa.Integer(), nullable=False),
    sa.Column('reviewer_id', sa.Integer(), nullable=True),
    sa.Column('state', sa.String(length=10), nullable=False),
    sa.Column('opened_at', servicedesk.infra.orm.UTCDateTime(timezone=True), nullable=False),
    sa.Column('due_at', servicedesk.infra.orm.UTCDateTime(timezone=True), nullable=False),
    sa.Column('done_at', servicedesk.infra.orm.UTCDateTime(timezone=True), nullable=True),
    sa.Column('escalated_at', servicedesk.infra.orm.UTCDateTime(timezone=True), nullable=True),
    sa.CheckConstraint("state IN ('open','done')", name=op.f('ck_access_review_state')),
    sa.ForeignKeyConstraint(['reviewer_id'], ['user_account.id'], name=op.f('fk_access_review_reviewer_id_user_account')),
    sa.ForeignKeyConstraint(['service_id'], ['service.id'], name=op.f('fk_access_review_service_id_service')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_access_review'))
    )
    with op.batch_alter_table('access_review', schema=None) as batch_op:
        batch_op.create_index('ix_access_review_service_opened', ['service_id', 'opened_at'], unique=False)

    op.create_table('access_role',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('service_id', sa.Integer(), nullable=False),
    sa.Column('name_sv', sa.String(length=100), nullable=False),
    sa.Column('name_en', sa.String(length=100), nullable=False),
    sa.Column('chain', sa.String(length=40), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.CheckConstraint("chain IN ('manager','administrator','manager_then_administrator')", name=op.f('ck_access_role_chain')),
    sa.CheckConstraint("name_sv <> ''", name=op.f('ck_access_role_name_sv')),
    sa.ForeignKeyConstraint(['service_id'], ['service.id'], name=op.f('fk_access_role_service_id_service')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_access_role')),
    sa.UniqueConstraint('service_id', 'name_sv', name=op.f('uq_access_role_service_id'))
    )
    with op.batch_alter_table('access_role', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_access_role_service_id'), ['service_id'], unique=False)

    op.create_table('access_service',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('service_id', sa.Integer(), nullable=False),
    sa.Column('review_months', sa.Integer(), nullable=False),
    sa.Column('escalate_after_days', sa.Integer(), nullable=False),
    sa.Column('expiry_warning_days', sa.Integer(), nullable=False),
    sa.Column('next_review_on', sa.Date(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.CheckConstraint('escalate_after_days BETWEEN 1 AND 90', name=op.f('ck_access_service_escalate_after_days')),
    sa.CheckConstraint('expiry_warning_days BETWEEN 1 AND 90', name=op.f('ck_access_service_expiry_warning_days')),
    sa.CheckConstraint('review_months BETWEEN 1 AND 24', name=op.f('ck_access_service_review_months')),
    sa.ForeignKeyConstraint(['service_id'], ['service.id'], name=op.f('fk_access_service_service_id_service')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_access_service')),
    sa.UniqueConstraint('service_id', name=op.f('uq_access_service_service_id'))
    )
    op.create_table('access_request',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('service_id', sa.Integer(), nullable=False),
    sa.Column('role_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('person_name', sa.String(length=200), nullable=False),
    sa.Column('person_email', sa.String(length=254), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('valid_to', sa.Date(), nullable=True),
    sa.Column('chain', sa.String(length=40), nullable=False),
    sa.Column('step', sa.Integer(), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', servicedesk.infra.orm.UTCDateTime(timezone=True), nullable=False),
    sa.Column('closed_at', servicedesk.infra.orm.UTCDateTime(timezone=True), nullable=True),
    sa.CheckConstraint("kind IN ('grant','revoke')", name=op.f('ck_access_request_kind')),
    sa.CheckConstraint("person_id IS NOT NULL OR person_email <> ''", name=op.f('ck_access_request_person')),
    sa.CheckConstraint("state IN ('pending','approved','rejected','withdrawn','fulfilled')", name=op.f('ck_access_request_state')),
    sa.CheckConstraint('valid_to IS NULL OR valid_to >= valid_from', name=op.f('ck_access_request_valid_period')),
    sa.ForeignKeyConstraint(['person_id'], ['user_account.id'], name=op.f('fk_access_request_person_id_user_account')),
    sa.ForeignKeyConstraint(['requested_by_id'], ['user_account.id'], name=op.f('fk_access_request_requested_by_id_user_account')),
    sa.ForeignKeyConstraint(['role_id'], ['access_role.id'], name=op.f('fk_access_request_role_id_access_role')),
    sa.ForeignKeyConstraint(['service_id'], ['service.id'], name=op.f('fk_access_request_service_id_service')),
    sa.ForeignKeyConstraint(['ticket_id'], ['ticket.id'], name=op.f('fk_access_request_ticket_id_ticket')),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_access_request_unit_id_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_access_request')),
    sa.UniqueConstraint('ticket_id', name=op.f('uq_access_request_ticket_id'))
    )
    with op.batch_alter_table('access_request', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_access_request_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_access_request_requested_by_id'), ['requested_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_access_request_service_id'), ['service_id'], unique=False)
        batch_op.create_index('ix_access_request_state', ['state', 'id'], unique=False)

    op.create_table('access_decision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('step', sa.Integer(), nullable=False),
    sa.Column('step_kind', sa.String(length=20), nullable=False),
    sa.Column('approver_id', sa.Integer(), nullable=False),
    sa.Column('decision', sa.String(length=10), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('decided_at', servicedesk.infra.orm.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("decision IN ('approved','rejected')", name=op.f('ck_access_decision_decision')),
    sa.CheckConstraint("reason <> ''", name=op.f('ck_access_decision_reason')),
    sa.CheckConstraint("step_kind IN ('manager','administrator')", name=op.f('ck_access_decision_step_kind')),
    sa.ForeignKeyConstraint(['approver_id'], ['user_account.id'], name=op.f('fk_access_decision_approver_id_user_account')),
    sa.ForeignKeyConstraint(['request_id'], ['access_request.id'], name=op.f('fk_access_decision_request_id_access_request')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_access_decision')),
    sa.UniqueConstraint('request_id', 'step', name=op.f('uq_access_decision_request_id'))
    )
    op.create_table('access_grant',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('service_id', sa.Integer(), nullable=False),
    sa.Column('role_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('person_name', sa.String(length=200), nullable=False),
    sa.Column('person_email', sa.String(length=254), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('valid_to', sa.Date(), nullable=True),
    sa.Column('request_id', sa.Integer(), nullable=True),
    sa.Column('decision_id', sa.Integer(), nullable=True),
    sa.Column('granted_by_id', sa.Integer(), nullable=True),
    sa.Column('granted_at', servicedesk.infra.orm.UTCDateTime(timezone=True), nullable=False),
    sa.Column('expiry_warned_at', servicedesk.infra.orm.UTCDateTime(timezone=True), nullable=True),
    sa.Column('revoked_at', servicedesk.infra.orm.UTCDateTime(timezone=True), nullable=True),
    sa.Column('revoked_by_id', sa.Integer(), nullable=True),
    sa.Column('revoke_reason', sa.Text(), nullable=False),
    sa.CheckConstraint("person_id IS NOT NULL OR person_email <> ''", name=op.f('ck_access_grant_person')),
    sa.CheckConstraint('valid_to IS NULL OR valid_to >= valid_from', name=op.f('ck_access_grant_valid_period')),
    sa.ForeignKeyConstraint(['decision_id'], ['access_decision.id'], name=op.f('fk_access_grant_decision_id_access_decision')),
    sa.ForeignKeyConstraint(['granted_by_id'], ['user_account.id'], name=op.f('fk_access_grant_granted_by_id_user_account')),
    sa.ForeignKeyConstraint(['person_id'], ['user_account.id'], name=op.f('fk_access_grant_person_id_user_account')),
    sa.ForeignKeyConstraint(['request_id'], ['access_request.id'], name=op.f('fk_access_grant_request_id_access_request')),
    sa.ForeignKeyConstraint(['revoked_by_id'], ['user_account.id'], name=op.f('fk_access_grant_revoked_by_id_user_account')),
    sa.ForeignKeyConstraint(['role_id'], ['access_role.id'], name=op.f('fk_access_grant_role_id_access_role')),
    sa.ForeignKeyConstraint(['service_id'], ['service.id'], name=op.f('fk_access_grant_service_id_service')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_access_grant'))
    )
    with op.batch_alter_table('access_grant', schema=None) as batch_op:
        batch_op.create_index('ix_access_grant_person', ['person_id'], unique=False)
        batch_op.create_index('ix_access_grant_service_person', ['service_id', 'person_id'], unique=False)

    op.create_table('access_review_line',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('review_id', sa.Integer(), nullable=False),
    sa.Column('grant_id', sa.Integer(), nullable=False),
    sa.Column('answer', sa.String(length=10), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('answered_by_id', sa.Integer(), nullable=True),
    sa.Column('answered_at', servicedesk.infra.orm.UTCDateTime(timezone=True), nullable=True),
    sa.CheckConstraint("answer IS NULL OR answer IN ('keep','revoke')", name=op.f('ck_access_review_line_answer')),
    sa.ForeignKeyConstraint(['answered_by_id'], ['user_account.id'], name=op.f('fk_access_review_line_answered_by_id_user_account')),
    sa.ForeignKeyConstraint(['grant_id'], ['access_grant.id'], name=op.f('fk_access_review_line_grant_id_access_grant')),
    sa.ForeignKeyConstraint(['review_id'], ['access_review.id'], name=op.f('fk_access_review_line_review_id_access_review')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_access_review_line')),
    sa.UniqueConstraint('review_id', 'grant_id', name=op.f('uq_access_review_line_review_id'))
    )
    with op.batch_alter_table('access_review_line', schema=None) as batch_op:
        batch_op.create_index('ix_access_review_line_grant', ['grant_id'], unique=False)

    op.create_table('access_task',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('reason', sa.String(length=20), nullable=False),
    sa.Column('state', sa.String(length=10), nullable=False),
    sa.Column('service_id', sa.Integer(), nullable=False),
    sa.Column('queue_id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=True),
    sa.Column('grant_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_at', servicedesk.infra.orm.UTCDateTime(timezone=True), nullable=False),
    sa.Column('done_at', servicedesk.infra.orm.UTCDateTime(timezone=True), nullable=True),
    sa.Column('done_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("kind = 'grant' OR grant_id IS NOT NULL", name=op.f('ck_access_task_revoke_grant')),
    sa.CheckConstraint("kind IN ('grant','revoke')", name=op.f('ck_access_task_kind')),
    sa.CheckConstraint("reason IN ('request','departure','expiry','review')", name=op.f('ck_access_task_reason')),
    sa.CheckConstraint("state IN ('open','done')", name=op.f('ck_access_task_state')),
    sa.ForeignKeyConstraint(['done_by_id'], ['user_account.id'], name=op.f('fk_access_task_done_by_id_user_account')),
    sa.ForeignKeyConstraint(['grant_id'], ['access_grant.id'], name=op.f('fk_access_task_grant_id_access_grant')),
    sa.ForeignKeyConstraint(['queue_id'], ['queue.id'], name=op.f('fk_access_task_queue_id_queue')),
    sa.ForeignKeyConstraint(['request_id'], ['access_request.id'], name=op.f('fk_access_task_request_id_access_request')),
    sa.ForeignKeyConstraint(['service_id'], ['service.id'], name=op.f('fk_access_task_service_id_service')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_access_task'))
    )
    with op.batch_alter_table('access_task', schema=None) as batch_op:
        batch_op.create_index('ix_access_task_grant', ['grant_id', 'state'], unique=False)
        batch_op.create_index('ix_access_task_queue_state', ['queue_id', 'state'], unique=False)

    _ticket_types(add="access")


def _ticket_types(*, add: str = "", remove: str = "") -> None:
    """The ticket type check learns (or forgets) one type, keeping whatever other types
    it holds (another migration may add its own).

    On SQLite a batch rebuild of `ticket` would DROP the table, and with foreign keys on
    that deletes every comment, file and history line (ON DELETE CASCADE). A CHECK
    constraint is only text in the schema, so it is edited there, as SQLite documents for
    such changes (writable_schema, then a new schema_version)."""
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        current = bind.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'ticket'"
        ).scalar()
    else:
        current = bind.exec_driver_sql(
            "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'ck_ticket_type'"
        ).scalar()
    old = re.search(r"type IN \(([^)]*)\)", current) if bind.dialect.name == "sqlite" else None
    types = re.findall(r"'(\w+)'", old.group(1) if old else current)
    types = [t for t in types if t != remove] + ([add] if add and add not in types else [])
    check = "type IN (" + ",".join(f"'{t}'" for t in types) + ")"
    if bind.dialect.name != "sqlite":
        op.drop_constraint(op.f('ck_ticket_type'), 'ticket', type_='check')
        op.create_check_constraint(op.f('ck_ticket_type'), 'ticket', check)
        return
    version = bind.exec_driver_sql("PRAGMA schema_version").scalar()
    bind.exec_driver_sql("PRAGMA writable_schema=ON")
    bind.exec_driver_sql(
        "UPDATE sqlite_master SET sql = replace(sql, ?, ?) WHERE type = 'table' AND name = 'ticket'",
        (old.group(0), check),
    )
    bind.exec_driver_sql(f"PRAGMA schema_version={version + 1}")
    bind.exec_driver_sql("PRAGMA writable_schema=OFF")


def downgrade():
    with op.batch_alter_table('access_task', schema=None) as batch_op:
        batch_op.drop_index('ix_access_task_queue_state')
        batch_op.drop_index('ix_access_task_grant')

    op.drop_table('access_task')
    with op.batch_alter_table('access_review_line', schema=None) as batch_op:
        batch_op.drop_index('ix_access_review_line_grant')

    op.drop_table('access_review_line')
    with op.batch_alter_table('access_grant', schema=None) as batch_op:
        batch_op.drop_index('ix_access_grant_service_person')
        batch_op.drop_index('ix_access_grant_person')

    op.drop_table('access_grant')
    op.drop_table('access_decision')
    with op.batch_alter_table('access_request', schema=None) as batch_op:
        batch_op.drop_index('ix_access_request_state')
        batch_op.drop_index(batch_op.f('ix_access_request_service_id'))
        batch_op.drop_index(batch_op.f('ix_access_request_requested_by_id'))
        batch_op.drop_index(batch_op.f('ix_access_request_person_id'))

    op.drop_table('access_request')
    op.drop_table('access_service')
    with op.batch_alter_table('access_role', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_access_role_service_id'))

    op.drop_table('access_role')
    with op.batch_alter_table('access_review', schema=None) as batch_op:
        batch_op.drop_index('ix_access_review_service_opened')

    op.drop_table('access_review')
    _ticket_types(remove="access")  # PostgreSQL refuses while access tickets exist
