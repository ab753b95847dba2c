"""Feedback tables: survey links, responses and their running sums, decisions, accounts.

Revision ID: 0001
Revises:
Create Date: 2026-11-24
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ID = sa.BigInteger().with_variant(sa.Integer, "sqlite")


def upgrade() -> None:
    op.create_table(
        "feedback_links",
        sa.Column(
            "token_hash", sa.String(64), primary_key=True, comment="SHA-256 of the token, in hex"
        ),
        sa.Column("clinician", sa.String(32), nullable=False),
        sa.Column("site", sa.String(32), nullable=False),
        sa.Column("aid", sa.String(100), nullable=False),
        sa.Column("consultation_date", sa.Date, nullable=False),
        sa.Column("respondent", sa.String(16), nullable=False),
        sa.Column("scale_max", sa.SmallInteger, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False, comment="UTC"),
        sa.Column("expires_at", sa.DateTime, nullable=False, comment="UTC"),
        sa.Column(
            "answered_at", sa.DateTime, nullable=True, comment="UTC; set once, when answered"
        ),
        sa.Column(
            "submission_id", sa.String(64), nullable=True, comment="the answered form's nonce"
        ),
    )
    op.create_table(
        "feedback_responses",
        sa.Column("id", _ID, primary_key=True),
        sa.Column("clinician", sa.String(32), nullable=False),
        sa.Column("site", sa.String(32), nullable=False),
        sa.Column("aid", sa.String(100), nullable=False),
        sa.Column("consultation_date", sa.Date, nullable=False),
        sa.Column("month", sa.String(7), nullable=False, comment="YYYY-MM of the consultation"),
        sa.Column("respondent", sa.String(16), nullable=False),
        sa.Column("scale_max", sa.SmallInteger, nullable=False),
        sa.Column("mode", sa.String(16), nullable=False),
        sa.Column("item_1", sa.SmallInteger, nullable=True, comment="NULL: not answered"),
        sa.Column("item_2", sa.SmallInteger, nullable=True, comment="NULL: not answered"),
        sa.Column("item_3", sa.SmallInteger, nullable=True, comment="NULL: not answered"),
        sa.CheckConstraint("scale_max IN (4, 9)", name="ck_feedback_responses_scale"),
        sa.CheckConstraint("item_1 BETWEEN 0 AND scale_max", name="ck_feedback_responses_item_1"),
        sa.CheckConstraint("item_2 BETWEEN 0 AND scale_max", name="ck_feedback_responses_item_2"),
        sa.CheckConstraint("item_3 BETWEEN 0 AND scale_max", name="ck_feedback_responses_item_3"),
    )
    op.create_index("ix_feedback_responses_month", "feedback_responses", ["month"])
    op.create_table(
        "feedback_cells",
        sa.Column("scale_max", sa.SmallInteger, primary_key=True),
        sa.Column("clinician", sa.String(32), primary_key=True),
        sa.Column("site", sa.String(32), primary_key=True),
        sa.Column("aid", sa.String(100), primary_key=True),
        sa.Column("month", sa.String(7), primary_key=True),
        sa.Column("mode", sa.String(16), primary_key=True),
        sa.Column("respondent", sa.String(16), primary_key=True),
        sa.Column("responses", sa.BigInteger, nullable=False),
        sa.Column("complete", sa.BigInteger, nullable=False),
        sa.Column(
            "top",
            sa.BigInteger,
            nullable=False,
            comment="complete, with the top point on all items",
        ),
        sa.Column(
            "total_sum", sa.BigInteger, nullable=False, comment="sum of complete item totals"
        ),
        sa.Column("total_squares", sa.BigInteger, nullable=False, comment="sum of their squares"),
        comment="Running sums of feedback_responses per cell, kept in the same transaction",
    )
    op.create_table(
        "feedback_decisions",
        sa.Column("id", _ID, primary_key=True),
        sa.Column("aid", sa.String(100), nullable=False),
        sa.Column("option", sa.String(60), nullable=True, comment="NULL: not decided yet"),
        sa.Column("site", sa.String(32), nullable=False),
        sa.Column("clinician", sa.String(32), nullable=False),
        sa.Column("decision_date", sa.Date, nullable=False),
        sa.Column("month", sa.String(7), nullable=False, comment="YYYY-MM of the decision"),
    )
    op.create_index("ix_feedback_decisions_aid_month", "feedback_decisions", ["aid", "month"])
    op.create_table(
        "feedback_accounts",
        sa.Column("username", sa.String(64), primary_key=True),
        sa.Column(
            "password_hash", sa.String(256), nullable=False, comment="argon2id, with its salt"
        ),
        sa.Column("updated_at", sa.DateTime, nullable=False, comment="UTC"),
    )


def downgrade() -> None:
    op.drop_table("feedback_accounts")
    op.drop_index("ix_feedback_decisions_aid_month", "feedback_decisions")
    op.drop_table("feedback_decisions")
    op.drop_table("feedback_cells")
    op.drop_index("ix_feedback_responses_month", "feedback_responses")
    op.drop_table("feedback_responses")
    op.drop_table("feedback_links")
