"""Initial schema: therapists, clients, assignments, custom scenarios, sessions, turns, risk events.

Revision ID: 0001
Revises:
Create Date: 2025-01-01
"""
import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TABLES_CHILD_FIRST = (
    "turns",
    "risk_events",
    "practice_sessions",
    "assignments",
    "custom_scenarios",
    "clients",
    "therapists",
)


def timestamp(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def foreign_key(column: str, table: str, referred: str, ondelete: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [referred + ".id"], name="fk_%s_%s_%s" % (table, column, referred), ondelete=ondelete
    )


def index(table: str, column: str) -> None:
    op.create_index("ix_%s_%s" % (table, column), table, [column])


def upgrade() -> None:
    op.create_table(
        "therapists",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(80), nullable=False),
        sa.Column("password_hash", sa.String(255), nullable=False),
        timestamp("created_at"),
        sa.Column("disabled", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_therapists"),
        sa.UniqueConstraint("username", name="uq_therapists_username"),
    )
    op.create_table(
        "clients",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sender_key", sa.String(255), nullable=False),
        sa.Column("label", sa.String(120), nullable=True),
        sa.Column("therapist_id", sa.Integer(), nullable=True),
        timestamp("consented_at"),
        timestamp("created_at"),
        foreign_key("therapist_id", "clients", "therapists", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name="pk_clients"),
        sa.UniqueConstraint("sender_key", name="uq_clients_sender_key"),
    )
    index("clients", "therapist_id")
    op.create_table(
        "custom_scenarios",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("therapist_id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(120), nullable=False),
        sa.Column("body", sa.JSON(), nullable=False),
        timestamp("created_at"),
        timestamp("updated_at"),
        timestamp("retired_at", nullable=True),
        foreign_key("therapist_id", "custom_scenarios", "therapists", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_custom_scenarios"),
        sa.UniqueConstraint("therapist_id", "slug", name="uq_custom_scenarios_therapist_id_slug"),
    )
    op.create_table(
        "assignments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("therapist_id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=True),
        sa.Column("client_label", sa.String(120), nullable=True),
        sa.Column("scenario_ref", sa.String(120), nullable=False),
        sa.Column("instructions", sa.Text(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("code_hash", sa.String(64), nullable=False),
        timestamp("expires_at"),
        timestamp("completed_at", nullable=True),
        timestamp("created_at"),
        foreign_key("client_id", "assignments", "clients", "SET NULL"),
        foreign_key("therapist_id", "assignments", "therapists", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_assignments"),
        sa.UniqueConstraint("code_hash", name="uq_assignments_code_hash"),
    )
    index("assignments", "client_id")
    index("assignments", "therapist_id")
    op.create_table(
        "practice_sessions",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("scenario_ref", sa.String(120), nullable=False),
        sa.Column("assignment_id", sa.Integer(), nullable=True),
        timestamp("started_at"),
        timestamp("ended_at", nullable=True),
        sa.Column("mood_before", sa.SmallInteger(), nullable=True),
        sa.Column("mood_after", sa.SmallInteger(), nullable=True),
        sa.Column("outcome", sa.String(40), nullable=True),
        sa.Column("debrief", sa.JSON(), nullable=True),
        sa.Column("risk_flag", sa.Boolean(), nullable=False),
        sa.CheckConstraint("mood_after BETWEEN 0 AND 10", name="ck_practice_sessions_mood_after_range"),
        sa.CheckConstraint("mood_before BETWEEN 0 AND 10", name="ck_practice_sessions_mood_before_range"),
        foreign_key("assignment_id", "practice_sessions", "assignments", "SET NULL"),
        foreign_key("client_id", "practice_sessions", "clients", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_practice_sessions"),
    )
    index("practice_sessions", "assignment_id")
    index("practice_sessions", "client_id")
    index("practice_sessions", "started_at")
    op.create_table(
        "risk_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=True),
        sa.Column("session_id", sa.String(36), nullable=True),
        sa.Column("category", sa.String(64), nullable=False),
        sa.Column("rule", sa.String(120), nullable=False),
        timestamp("created_at"),
        foreign_key("client_id", "risk_events", "clients", "CASCADE"),
        foreign_key("session_id", "risk_events", "practice_sessions", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_risk_events"),
    )
    index("risk_events", "client_id")
    index("risk_events", "created_at")
    index("risk_events", "session_id")
    op.create_table(
        "turns",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.String(36), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("speaker", sa.String(16), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("features", sa.JSON(), nullable=True),
        sa.Column("retracted", sa.Boolean(), nullable=False),
        timestamp("created_at"),
        sa.CheckConstraint("speaker IN ('user', 'counterpart', 'coach')", name="ck_turns_speaker"),
        foreign_key("session_id", "turns", "practice_sessions", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_turns"),
        sa.UniqueConstraint("session_id", "seq", name="uq_turns_session_id_seq"),
    )


def downgrade() -> None:
    # Dropping a table drops its indexes too.
    for table in TABLES_CHILD_FIRST:
        op.drop_table(table)
