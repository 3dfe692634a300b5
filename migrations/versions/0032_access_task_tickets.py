"""access: each fulfilment or revocation task gets its desk ticket (access_task.ticket_id),
and grants and requests for someone not yet started are found by e-mail (indexes)

No back-fill: tasks opened before this revision keep working from the access task list;
new tasks get their ticket as they open.

Revision ID: access_0031
Revises: security_0031
Create Date: 2026-12-07 07:20:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "access_0031"
down_revision = "security_0031"
branch_labels = None
depends_on = None

FK = "fk_access_task_ticket_id_ticket"


def upgrade():
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            f"ALTER TABLE access_task ADD COLUMN ticket_id INTEGER "
            f"CONSTRAINT {FK} REFERENCES ticket (id)"
        )
    else:
        op.add_column("access_task", sa.Column("ticket_id", sa.Integer(), nullable=True))
        op.create_foreign_key(FK, "access_task", "ticket", ["ticket_id"], ["id"])
    op.create_index("ix_access_task_ticket", "access_task", ["ticket_id"], unique=True)
    op.create_index("ix_access_grant_email", "access_grant", ["person_email"], unique=False)
    op.create_index("ix_access_request_email", "access_request", ["person_email"], unique=False)


def downgrade():
    op.drop_index("ix_access_request_email", table_name="access_request")
    op.drop_index("ix_access_grant_email", table_name="access_grant")
    op.drop_index("ix_access_task_ticket", table_name="access_task")
    with op.batch_alter_table("access_task", schema=None) as batch_op:
        if op.get_bind().dialect.name != "sqlite":
            batch_op.drop_constraint(FK, type_="foreignkey")
        batch_op.drop_column("ticket_id")
