"""short days follow the rule in every year an admin did not set by hand

Revision ID: input_short_days_0014
Revises: security_login_0001
Create Date: 2026-12-06 19:20:00

The default calendar (and every calendar that had short days seeded) now computes its
short days from the rule, like holidays; the rows already stored keep their years as set
by hand, so nothing changes for 2025-2028 and the rule fills every other year.
"""
from alembic import op
import sqlalchemy as sa


revision = 'input_short_days_0014'
down_revision = 'security_login_0001'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('calendar', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('short_day_rule', sa.Boolean(), nullable=False, server_default=sa.false())
        )
    op.create_table(
        'calendar_short_year',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('calendar_id', sa.Integer(), nullable=False),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.CheckConstraint('year BETWEEN 1990 AND 2100', name=op.f('ck_calendar_short_year_year')),
        sa.ForeignKeyConstraint(
            ['calendar_id'], ['calendar.id'],
            name=op.f('fk_calendar_short_year_calendar_id_calendar'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_calendar_short_year')),
        sa.UniqueConstraint('calendar_id', 'year', name=op.f('uq_calendar_short_year_calendar_id')),
    )
    op.execute(
        "UPDATE calendar SET short_day_rule = true WHERE NOT always_open AND (is_default "
        "OR id IN (SELECT calendar_id FROM calendar_short_day))"
    )


def downgrade():
    op.drop_table('calendar_short_year')
    with op.batch_alter_table('calendar', schema=None) as batch_op:
        batch_op.drop_column('short_day_rule')
