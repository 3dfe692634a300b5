"""ws: a queue may open the staff ticket page's composer on "internal note"

Revision ID: ws_0018
Revises: queue_0018
Create Date: 2026-12-06 22:00:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "ws_0018"
down_revision = 'queue_0018'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("queue") as batch:
        batch.add_column(
            sa.Column(
                "default_internal_note", sa.Boolean(), nullable=False, server_default=sa.false()
            )
        )


def downgrade():
    with op.batch_alter_table("queue") as batch:
        batch.drop_column("default_internal_note")
