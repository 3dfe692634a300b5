"""inbound mail is deduplicated by a digest of the message, not by its Message-ID

Revision ID: mail_inbound_digest_0001
Revises: input_short_days_0014
Create Date: 2026-12-06 19:10:00

Rows stored before this revision get the digest of their Message-ID (the processed ones
no longer have their bytes), which keeps them unique.
"""

import hashlib

import sqlalchemy as sa
from alembic import op

revision = "mail_inbound_digest_0001"
down_revision = "input_short_days_0014"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("inbound_message", schema=None) as batch_op:
        batch_op.add_column(sa.Column("digest", sa.String(length=64), nullable=True))
    conn = op.get_bind()
    table = sa.table(
        "inbound_message",
        sa.column("id", sa.Integer),
        sa.column("message_id", sa.String),
        sa.column("digest", sa.String),
    )
    rows = conn.execute(sa.select(table.c.id, table.c.message_id)).all()
    for row_id, message_id in rows:
        digest = hashlib.sha256(b"message-id:" + message_id.encode()).hexdigest()
        conn.execute(table.update().where(table.c.id == row_id).values(digest=digest))
    with op.batch_alter_table("inbound_message", schema=None) as batch_op:
        batch_op.alter_column("digest", existing_type=sa.String(length=64), nullable=False)
        batch_op.drop_constraint("uq_inbound_message_message_id", type_="unique")
        batch_op.create_unique_constraint(op.f("uq_inbound_message_digest"), ["digest"])
        batch_op.create_check_constraint(
            op.f("ck_inbound_message_digest_sha256"), "length(digest) = 64"
        )
        batch_op.create_index(
            op.f("ix_inbound_message_message_id"), ["message_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("inbound_message", schema=None) as batch_op:
        batch_op.drop_index(op.f("ix_inbound_message_message_id"))
        batch_op.drop_constraint(op.f("ck_inbound_message_digest_sha256"), type_="check")
        batch_op.drop_constraint(op.f("uq_inbound_message_digest"), type_="unique")
        batch_op.create_unique_constraint("uq_inbound_message_message_id", ["message_id"])
        batch_op.drop_column("digest")
