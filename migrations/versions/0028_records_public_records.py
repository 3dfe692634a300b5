"""records: receiving authorities (ticket, change and problem get authority_id), registrars,
OSL provisions and secrecy marks, retention rules, legal holds, the thinning log and each
record's archive state

Nothing to back-fill here: authorities start empty. Once an admin has mapped the units,
"Give records their authority" (domain/records/authorities.py back_fill_records) fills
authority_id of every earlier ticket, change and problem from its owning unit.

Revision ID: records_0024
Revises: perf_0018
Create Date: 2026-12-07 01:10:00

"""
import sqlalchemy as sa
from alembic import op

from servicedesk.infra.orm import UTCDateTime

# revision identifiers, used by Alembic.
revision = "records_0024"
down_revision = 'access_0024'
branch_labels = None
depends_on = None


def _add_authority(table: str) -> None:
    """The nullable authority_id with its FK and the register's index. On SQLite the column
    is added in place (ADD COLUMN … REFERENCES), not by copying the table: a copy of
    ticket would rebuild the biggest table and trip over the rows that reference it."""
    name = f"fk_{table}_authority_id_authority"
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            f"ALTER TABLE {table} ADD COLUMN authority_id INTEGER "
            f"CONSTRAINT {name} REFERENCES authority (id)"
        )
    else:
        op.add_column(table, sa.Column("authority_id", sa.Integer(), nullable=True))
        op.create_foreign_key(name, table, "authority", ["authority_id"], ["id"])
    op.create_index(f"ix_{table}_authority_created", table, ["authority_id", "created_at", "id"], unique=False)


def upgrade():
    op.create_table('authority',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('short_name', sa.String(length=40), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('archive_code', sa.String(length=60), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind IN ('committee','company')", name=op.f('ck_authority_kind')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_authority')),
    sa.UniqueConstraint('name', name=op.f('uq_authority_name'))
    )
    op.create_table('osl_provision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('chapter', sa.Integer(), nullable=False),
    sa.Column('section', sa.Integer(), nullable=False),
    sa.Column('letter', sa.String(length=2), server_default='', nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.CheckConstraint('chapter BETWEEN 1 AND 99', name=op.f('ck_osl_provision_chapter')),
    sa.CheckConstraint('section BETWEEN 1 AND 99', name=op.f('ck_osl_provision_section')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_osl_provision')),
    sa.UniqueConstraint('chapter', 'section', name=op.f('uq_osl_provision_chapter'))
    )
    op.create_table('authority_unit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('authority_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['authority_id'], ['authority.id'], name=op.f('fk_authority_unit_authority_id_authority')),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_authority_unit_unit_id_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_authority_unit')),
    sa.UniqueConstraint('unit_id', name=op.f('uq_authority_unit_unit_id'))
    )
    with op.batch_alter_table('authority_unit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_authority_unit_authority_id'), ['authority_id'], unique=False)

    op.create_table('retention_rule',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('authority_id', sa.Integer(), nullable=False),
    sa.Column('record_kind', sa.String(length=20), nullable=False),
    sa.Column('years', sa.Integer(), nullable=False),
    sa.Column('decision_ref', sa.String(length=100), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("record_kind IN ('incident','request','access','security','change','problem')", name=op.f('ck_retention_rule_record_kind')),
    sa.CheckConstraint('years BETWEEN 0 AND 100', name=op.f('ck_retention_rule_years')),
    sa.ForeignKeyConstraint(['authority_id'], ['authority.id'], name=op.f('fk_retention_rule_authority_id_authority')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_retention_rule')),
    sa.UniqueConstraint('authority_id', 'record_kind', name=op.f('uq_retention_rule_authority_id'))
    )
    op.create_table('authority_registrar',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('authority_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['authority_id'], ['authority.id'], name=op.f('fk_authority_registrar_authority_id_authority')),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_authority_registrar_user_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_authority_registrar')),
    sa.UniqueConstraint('authority_id', 'user_id', name=op.f('uq_authority_registrar_authority_id'))
    )
    with op.batch_alter_table('authority_registrar', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_authority_registrar_user_id'), ['user_id'], unique=False)

    op.create_table('record_state',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('record_type', sa.String(length=20), nullable=False),
    sa.Column('record_id', sa.Integer(), nullable=False),
    sa.Column('thinned_at', UTCDateTime(timezone=True), nullable=True),
    sa.Column('thinning_rule_id', sa.Integer(), nullable=True),
    sa.Column('thinning_run', sa.String(length=40), nullable=True),
    sa.Column('delivered_at', UTCDateTime(timezone=True), nullable=True),
    sa.Column('package_id', sa.String(length=80), nullable=True),
    sa.CheckConstraint("record_type IN ('ticket','change','problem')", name=op.f('ck_record_state_record_type')),
    sa.ForeignKeyConstraint(['thinning_rule_id'], ['retention_rule.id'], name=op.f('fk_record_state_thinning_rule_id_retention_rule')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_record_state')),
    sa.UniqueConstraint('record_type', 'record_id', name=op.f('uq_record_state_record_type'))
    )
    with op.batch_alter_table('record_state', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_record_state_thinning_run'), ['thinning_run'], unique=False)
    op.create_table('thinning_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', UTCDateTime(timezone=True), nullable=False),
    sa.Column('run_key', sa.String(length=40), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('rule_id', sa.Integer(), nullable=True),
    sa.Column('authority_name', sa.String(length=200), nullable=False),
    sa.Column('record_kind', sa.String(length=20), nullable=False),
    sa.Column('years', sa.Integer(), nullable=False),
    sa.Column('decision_ref', sa.String(length=100), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('record_refs', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['user_account.id'], name=op.f('fk_thinning_log_actor_id_user_account')),
    sa.ForeignKeyConstraint(['rule_id'], ['retention_rule.id'], name=op.f('fk_thinning_log_rule_id_retention_rule')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_thinning_log'))
    )
    with op.batch_alter_table('thinning_log', schema=None) as batch_op:
        batch_op.create_index('ix_thinning_log_at', ['at', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_thinning_log_run_key'), ['run_key'], unique=False)

    op.create_table('legal_hold',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('target', sa.String(length=20), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=True),
    sa.Column('service_id', sa.Integer(), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('until', sa.Date(), nullable=True),
    sa.Column('placed_by_id', sa.Integer(), nullable=True),
    sa.Column('placed_at', UTCDateTime(timezone=True), nullable=False),
    sa.Column('lifted_by_id', sa.Integer(), nullable=True),
    sa.Column('lifted_at', UTCDateTime(timezone=True), nullable=True),
    sa.Column('lift_reason', sa.Text(), nullable=False),
    sa.CheckConstraint("(target = 'ticket' AND ticket_id IS NOT NULL) OR (target = 'service' AND service_id IS NOT NULL) OR (target = 'person' AND user_id IS NOT NULL)", name=op.f('ck_legal_hold_target_columns')),
    sa.CheckConstraint("target IN ('ticket','service','person')", name=op.f('ck_legal_hold_target')),
    sa.ForeignKeyConstraint(['lifted_by_id'], ['user_account.id'], name=op.f('fk_legal_hold_lifted_by_id_user_account')),
    sa.ForeignKeyConstraint(['placed_by_id'], ['user_account.id'], name=op.f('fk_legal_hold_placed_by_id_user_account')),
    sa.ForeignKeyConstraint(['service_id'], ['service.id'], name=op.f('fk_legal_hold_service_id_service')),
    sa.ForeignKeyConstraint(['ticket_id'], ['ticket.id'], name=op.f('fk_legal_hold_ticket_id_ticket')),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_legal_hold_user_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_legal_hold'))
    )
    with op.batch_alter_table('legal_hold', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_legal_hold_service_id'), ['service_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_legal_hold_ticket_id'), ['ticket_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_legal_hold_user_id'), ['user_id'], unique=False)

    op.create_table('secrecy_mark',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('target', sa.String(length=20), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=False),
    sa.Column('comment_id', sa.Integer(), nullable=True),
    sa.Column('attachment_id', sa.Integer(), nullable=True),
    sa.Column('provision_id', sa.Integer(), nullable=False),
    sa.Column('marked_by_id', sa.Integer(), nullable=True),
    sa.Column('marked_at', UTCDateTime(timezone=True), nullable=False),
    sa.Column('lifted_by_id', sa.Integer(), nullable=True),
    sa.Column('lifted_at', UTCDateTime(timezone=True), nullable=True),
    sa.CheckConstraint("(target = 'ticket' AND comment_id IS NULL AND attachment_id IS NULL) OR (target = 'comment' AND comment_id IS NOT NULL AND attachment_id IS NULL) OR (target = 'attachment' AND attachment_id IS NOT NULL AND comment_id IS NULL)", name=op.f('ck_secrecy_mark_target_columns')),
    sa.CheckConstraint("target IN ('ticket','comment','attachment')", name=op.f('ck_secrecy_mark_target')),
    sa.ForeignKeyConstraint(['attachment_id'], ['attachment.id'], name=op.f('fk_secrecy_mark_attachment_id_attachment')),
    sa.ForeignKeyConstraint(['comment_id'], ['comment.id'], name=op.f('fk_secrecy_mark_comment_id_comment')),
    sa.ForeignKeyConstraint(['lifted_by_id'], ['user_account.id'], name=op.f('fk_secrecy_mark_lifted_by_id_user_account')),
    sa.ForeignKeyConstraint(['marked_by_id'], ['user_account.id'], name=op.f('fk_secrecy_mark_marked_by_id_user_account')),
    sa.ForeignKeyConstraint(['provision_id'], ['osl_provision.id'], name=op.f('fk_secrecy_mark_provision_id_osl_provision')),
    sa.ForeignKeyConstraint(['ticket_id'], ['ticket.id'], name=op.f('fk_secrecy_mark_ticket_id_ticket')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_secrecy_mark'))
    )
    with op.batch_alter_table('secrecy_mark', schema=None) as batch_op:
        batch_op.create_index('ix_secrecy_mark_ticket_lifted', ['ticket_id', 'lifted_at'], unique=False)

    _add_authority('change_request')

    _add_authority('problem')

    _add_authority('ticket')



def _drop_authority(table: str) -> None:
    if op.get_bind().dialect.name != "sqlite":  # on SQLite the copy leaves the FK out
        op.drop_constraint(f"fk_{table}_authority_id_authority", table, type_="foreignkey")
    op.drop_index(f"ix_{table}_authority_created", table_name=table)
    with op.batch_alter_table(table, schema=None) as batch_op:
        batch_op.drop_column("authority_id")


def downgrade():
    _drop_authority('ticket')

    _drop_authority('problem')

    _drop_authority('change_request')

    with op.batch_alter_table('secrecy_mark', schema=None) as batch_op:
        batch_op.drop_index('ix_secrecy_mark_ticket_lifted')

    op.drop_table('secrecy_mark')
    with op.batch_alter_table('legal_hold', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_legal_hold_user_id'))
        batch_op.drop_index(batch_op.f('ix_legal_hold_ticket_id'))
        batch_op.drop_index(batch_op.f('ix_legal_hold_service_id'))

    op.drop_table('legal_hold')
    with op.batch_alter_table('thinning_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_thinning_log_run_key'))
        batch_op.drop_index('ix_thinning_log_at')

    op.drop_table('thinning_log')
    op.drop_table('record_state')
    with op.batch_alter_table('authority_registrar', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_authority_registrar_user_id'))

    op.drop_table('authority_registrar')
    op.drop_table('retention_rule')
    with op.batch_alter_table('authority_unit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_authority_unit_authority_id'))

    op.drop_table('authority_unit')
    op.drop_table('osl_provision')
    op.drop_table('authority')
