"""Evaluator sessions and sign-in throttling, shared by every server process.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "feedback_sessions",
        sa.Column(
            "token_hash", sa.String(64), primary_key=True, comment="SHA-256 of the cookie, in hex"
        ),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False, comment="UTC"),
        sa.Column("expires_at", sa.DateTime, nullable=False, comment="UTC"),
        comment="Evaluators signed in with a local account; shared by every server process",
    )
    op.create_table(
        "feedback_sign_in_failures",
        sa.Column(
            "subject", sa.String(80), primary_key=True, comment="account:NAME or client:ADDRESS"
        ),
        sa.Column("failures", sa.Integer, nullable=False, comment="wrong passwords in a row"),
        sa.Column("last_failure_at", sa.DateTime, nullable=False, comment="UTC"),
        sa.Column(
            "locked_until", sa.DateTime, nullable=True, comment="UTC; no sign-in before this"
        ),
    )


def downgrade() -> None:
    op.drop_table("feedback_sign_in_failures")
    op.drop_table("feedback_sessions")
