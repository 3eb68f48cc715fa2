"""petitions, signatures, counts, comments, outbox, abuse rules

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa  # noqa: TID253
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "abuse_rules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("value", sa.String(length=255), nullable=False),
        sa.Column("action", sa.String(length=10), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_abuse_rules")),
        sa.UniqueConstraint("kind", "value", name=op.f("uq_abuse_rules_kind_value")),
    )
    op.create_table(
        "outbox",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("recipient", sa.String(length=320), nullable=True),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("claim", sa.String(length=36), nullable=True),
        sa.Column("claimed_until", sa.DateTime(), nullable=True),
        sa.Column("available_at", sa.DateTime(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.Column("last_error", sa.String(length=500), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox")),
        sa.UniqueConstraint("key", name=op.f("uq_outbox_key")),
    )
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_outbox_status_available_at"), ["status", "available_at"], unique=False
        )

    op.create_table(
        "petitions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=150), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("creator_name", sa.String(length=100), nullable=False),
        sa.Column("creator_email", sa.String(length=320), nullable=True),
        sa.Column("creator_verified_at", sa.DateTime(), nullable=True),
        sa.Column("target_kind", sa.String(length=10), nullable=False),
        sa.Column("target_states", sa.String(length=160), nullable=False),
        sa.Column("target_year", sa.Integer(), nullable=True),
        sa.Column("target_candidate", sa.String(length=100), nullable=True),
        sa.Column("deadline", sa.Date(), nullable=False),
        sa.Column("milestones", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("rejection_reason", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("published_at", sa.DateTime(), nullable=True),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.Column("delivered_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_petitions")),
    )
    with op.batch_alter_table("petitions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_petitions_status"), ["status"], unique=False)

    op.create_table(
        "rate_counters",
        sa.Column("key", sa.String(length=300), nullable=False),
        sa.Column("window_start", sa.BigInteger(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("key", "window_start", name=op.f("pk_rate_counters")),
    )
    op.create_table(
        "petition_milestones",
        sa.Column("petition_id", sa.Integer(), nullable=False),
        sa.Column("threshold", sa.BigInteger(), nullable=False),
        sa.Column("reached_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["petition_id"],
            ["petitions.id"],
            name=op.f("fk_petition_milestones_petition_id_petitions"),
        ),
        sa.PrimaryKeyConstraint("petition_id", "threshold", name=op.f("pk_petition_milestones")),
    )
    op.create_table(
        "petition_updates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("petition_id", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["petition_id"],
            ["petitions.id"],
            name=op.f("fk_petition_updates_petition_id_petitions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_petition_updates")),
    )
    with op.batch_alter_table("petition_updates", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_petition_updates_petition_id"), ["petition_id"], unique=False
        )

    op.create_table(
        "signature_counts",
        sa.Column("petition_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=2), nullable=False),
        sa.Column("shard", sa.Integer(), nullable=False),
        sa.Column("n", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["petition_id"],
            ["petitions.id"],
            name=op.f("fk_signature_counts_petition_id_petitions"),
        ),
        sa.PrimaryKeyConstraint("petition_id", "state", "shard", name=op.f("pk_signature_counts")),
    )
    op.create_table(
        "signatures",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("petition_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=True),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("email_digest", sa.String(length=64), nullable=False),
        sa.Column("email_key", sa.String(length=64), nullable=True),
        sa.Column("email_domain", sa.String(length=255), nullable=True),
        sa.Column("zip", sa.String(length=10), nullable=True),
        sa.Column("state", sa.String(length=2), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("ref", sa.String(length=64), nullable=True),
        sa.Column("ip", sa.String(length=45), nullable=True),
        sa.Column("fraud_reason", sa.String(length=60), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("validated_at", sa.DateTime(), nullable=True),
        sa.Column("removed_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["petition_id"], ["petitions.id"], name=op.f("fk_signatures_petition_id_petitions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signatures")),
        sa.UniqueConstraint(
            "petition_id", "email_key", name=op.f("uq_signatures_petition_id_email_key")
        ),
    )
    with op.batch_alter_table("signatures", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_signatures_email_digest"), ["email_digest"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_signatures_petition_id_ref"), ["petition_id", "ref"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_signatures_petition_id_status_state"),
            ["petition_id", "status", "state"],
            unique=False,
        )

    op.create_table(
        "comments",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("petition_id", sa.Integer(), nullable=False),
        sa.Column(
            "signature_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("parent_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("body", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("flags", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["comments.id"], name=op.f("fk_comments_parent_id_comments")
        ),
        sa.ForeignKeyConstraint(
            ["petition_id"], ["petitions.id"], name=op.f("fk_comments_petition_id_petitions")
        ),
        sa.ForeignKeyConstraint(
            ["signature_id"], ["signatures.id"], name=op.f("fk_comments_signature_id_signatures")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_comments")),
    )
    with op.batch_alter_table("comments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_comments_petition_id_status_id"),
            ["petition_id", "status", "id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_comments_signature_id"), ["signature_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("comments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_comments_signature_id"))
        batch_op.drop_index(batch_op.f("ix_comments_petition_id_status_id"))

    op.drop_table("comments")
    with op.batch_alter_table("signatures", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_signatures_petition_id_status_state"))
        batch_op.drop_index(batch_op.f("ix_signatures_petition_id_ref"))
        batch_op.drop_index(batch_op.f("ix_signatures_email_digest"))

    op.drop_table("signatures")
    op.drop_table("signature_counts")
    with op.batch_alter_table("petition_updates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_petition_updates_petition_id"))

    op.drop_table("petition_updates")
    op.drop_table("petition_milestones")
    op.drop_table("rate_counters")
    with op.batch_alter_table("petitions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_petitions_status"))

    op.drop_table("petitions")
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outbox_status_available_at"))

    op.drop_table("outbox")
    op.drop_table("abuse_rules")
