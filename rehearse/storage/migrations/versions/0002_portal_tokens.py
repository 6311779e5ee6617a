"""Portal logins: hashed API bearer tokens and dashboard sessions.

Revision ID: 0002
Revises: 0001
Create Date: 2025-01-02
"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "portal_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("therapist_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("kind IN ('api', 'session')", name="ck_portal_tokens_kind"),
        sa.ForeignKeyConstraint(
            ["therapist_id"],
            ["therapists.id"],
            name="fk_portal_tokens_therapist_id_therapists",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_portal_tokens"),
        sa.UniqueConstraint("token_hash", name="uq_portal_tokens_token_hash"),
    )
    op.create_index("ix_portal_tokens_therapist_id", "portal_tokens", ["therapist_id"])
    op.create_index("ix_portal_tokens_expires_at", "portal_tokens", ["expires_at"])


def downgrade() -> None:
    op.drop_table("portal_tokens")
