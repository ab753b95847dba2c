"""Training records (the module and each aid's self-check) and peer reviews (Observer OPTION-5).

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ID = sa.BigInteger().with_variant(sa.Integer, "sqlite")
_ITEMS = ("item_1", "item_2", "item_3", "item_4", "item_5")


def upgrade() -> None:
    op.create_table(
        "training_completions",
        sa.Column("id", _ID, primary_key=True),
        sa.Column("clinician", sa.String(32), nullable=False),
        sa.Column("site", sa.String(32), nullable=False),
        sa.Column("module", sa.String(100), nullable=False, comment="general, or an aid's slug"),
        sa.Column("completed_on", sa.Date, nullable=False),
        sa.Column("score", sa.Integer, nullable=False),
        sa.Column("out_of", sa.Integer, nullable=False),
        sa.CheckConstraint("out_of > 0", name="ck_training_completions_out_of"),
        sa.CheckConstraint("score BETWEEN 0 AND out_of", name="ck_training_completions_score"),
        comment="One row per completed module or self-check; a retake adds a row",
    )
    op.create_index(
        "ix_training_completions_site_clinician", "training_completions", ["site", "clinician"]
    )
    op.create_table(
        "peer_reviews",
        sa.Column("id", _ID, primary_key=True),
        sa.Column("reviewer", sa.String(32), nullable=False),
        sa.Column("clinician", sa.String(32), nullable=False),
        sa.Column("site", sa.String(32), nullable=False),
        sa.Column(
            "review_date",
            sa.Date,
            nullable=False,
            comment="the consultation observed or heard",
        ),
        sa.Column("observed", sa.String(16), nullable=False, comment="in_person or recording"),
        *(sa.Column(item, sa.SmallInteger, nullable=False) for item in _ITEMS),
        sa.Column(
            "feedback", sa.Text, nullable=True, comment="the reviewer's words to the clinician"
        ),
        *(
            sa.CheckConstraint(f"{item} BETWEEN 0 AND 4", name=f"ck_peer_reviews_{item}")
            for item in _ITEMS
        ),
        comment="Observer OPTION-5 scores of a consultation, by a colleague",
    )
    op.create_index("ix_peer_reviews_clinician", "peer_reviews", ["clinician"])
    op.create_index("ix_peer_reviews_site", "peer_reviews", ["site"])


def downgrade() -> None:
    op.drop_index("ix_peer_reviews_site", "peer_reviews")
    op.drop_index("ix_peer_reviews_clinician", "peer_reviews")
    op.drop_table("peer_reviews")
    op.drop_index("ix_training_completions_site_clinician", "training_completions")
    op.drop_table("training_completions")
