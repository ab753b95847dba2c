"""The database tables, for queries. The migrations in ``migrations/versions`` create them.

Reports read :data:`cells`, running sums per clinician, site, aid, month, mode and respondent
kept up to date in the transaction that stores each response, so a dashboard over a million
responses sums a few thousand rows rather than scanning a million.

Nothing here identifies a patient. A response carries no reference to the link it came from, so
the answers cannot be joined back to whoever was sent the link; the link keeps only a hash of
its token. Training records and peer reviews (revision 0002) name clinicians, sites and reviewers
by code, never by name, and carry nothing about the patient.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Index,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Table,
    Text,
)

from collaborate.instrument import ITEM_IDS

__all__ = [
    "CELL_KEY",
    "accounts",
    "cells",
    "decisions",
    "links",
    "metadata",
    "peer_reviews",
    "responses",
    "sessions",
    "sign_in_failures",
    "training",
]

metadata = MetaData()

#: Lengths shared by the tables and the checks on input (see ``collaborate.codes``).
CODE_LENGTH = 32
SLUG_LENGTH = 100
OPTION_LENGTH = 60
FEEDBACK_LENGTH = 2000
#: OPTION-5's items; storage has one column per item under these names (revision 0002).
OBSERVER_ITEM_IDS: tuple[str, ...] = ("item_1", "item_2", "item_3", "item_4", "item_5")

links = Table(
    "feedback_links",
    metadata,
    Column("token_hash", String(64), primary_key=True, comment="SHA-256 of the token, in hex"),
    Column("clinician", String(CODE_LENGTH), nullable=False),
    Column("site", String(CODE_LENGTH), nullable=False),
    Column("aid", String(SLUG_LENGTH), nullable=False),
    Column("consultation_date", Date, nullable=False),
    Column("respondent", String(16), nullable=False),
    Column("scale_max", SmallInteger, nullable=False),
    Column("created_at", DateTime, nullable=False, comment="UTC"),
    Column("expires_at", DateTime, nullable=False, comment="UTC"),
    Column("answered_at", DateTime, nullable=True, comment="UTC; set once, when answered"),
    Column("submission_id", String(64), nullable=True, comment="the answered form's nonce"),
)

responses = Table(
    "feedback_responses",
    metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True),
    Column("clinician", String(CODE_LENGTH), nullable=False),
    Column("site", String(CODE_LENGTH), nullable=False),
    Column("aid", String(SLUG_LENGTH), nullable=False),
    Column("consultation_date", Date, nullable=False),
    Column("month", String(7), nullable=False, comment="YYYY-MM of the consultation"),
    Column("respondent", String(16), nullable=False),
    Column("scale_max", SmallInteger, nullable=False),
    Column("mode", String(16), nullable=False),
    *(Column(item, SmallInteger, nullable=True, comment="NULL: not answered") for item in ITEM_IDS),
    CheckConstraint("scale_max IN (4, 9)", name="ck_feedback_responses_scale"),
    *(
        CheckConstraint(f"{item} BETWEEN 0 AND scale_max", name=f"ck_feedback_responses_{item}")
        for item in ITEM_IDS
    ),
    Index("ix_feedback_responses_month", "month"),
)

#: The columns that name a cell of :data:`cells`.
CELL_KEY = ("scale_max", "clinician", "site", "aid", "month", "mode", "respondent")

cells = Table(
    "feedback_cells",
    metadata,
    Column("scale_max", SmallInteger, primary_key=True),
    Column("clinician", String(CODE_LENGTH), primary_key=True),
    Column("site", String(CODE_LENGTH), primary_key=True),
    Column("aid", String(SLUG_LENGTH), primary_key=True),
    Column("month", String(7), primary_key=True),
    Column("mode", String(16), primary_key=True),
    Column("respondent", String(16), primary_key=True),
    Column("responses", BigInteger, nullable=False),
    Column("complete", BigInteger, nullable=False),
    Column("top", BigInteger, nullable=False, comment="complete, with the top point on all items"),
    Column("total_sum", BigInteger, nullable=False, comment="sum of complete item totals"),
    Column("total_squares", BigInteger, nullable=False, comment="sum of their squares"),
    comment="Running sums of feedback_responses per cell, kept in the same transaction",
)

decisions = Table(
    "feedback_decisions",
    metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True),
    Column("aid", String(SLUG_LENGTH), nullable=False),
    Column("option", String(OPTION_LENGTH), nullable=True, comment="NULL: not decided yet"),
    Column("site", String(CODE_LENGTH), nullable=False),
    Column("clinician", String(CODE_LENGTH), nullable=False),
    Column("decision_date", Date, nullable=False),
    Column("month", String(7), nullable=False, comment="YYYY-MM of the decision"),
    Index("ix_feedback_decisions_aid_month", "aid", "month"),
)

accounts = Table(
    "feedback_accounts",
    metadata,
    Column("username", String(64), primary_key=True),
    Column("password_hash", String(256), nullable=False, comment="argon2id, with its salt"),
    Column("updated_at", DateTime, nullable=False, comment="UTC"),
)

training = Table(
    "training_completions",
    metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True),
    Column("clinician", String(CODE_LENGTH), nullable=False),
    Column("site", String(CODE_LENGTH), nullable=False),
    Column("module", String(SLUG_LENGTH), nullable=False, comment="general, or an aid's slug"),
    Column("completed_on", Date, nullable=False),
    Column("score", Integer, nullable=False),
    Column("out_of", Integer, nullable=False),
    CheckConstraint("out_of > 0", name="ck_training_completions_out_of"),
    CheckConstraint("score BETWEEN 0 AND out_of", name="ck_training_completions_score"),
    Index("ix_training_completions_site_clinician", "site", "clinician"),
    comment="One row per completed module or self-check; a retake adds a row",
)

peer_reviews = Table(
    "peer_reviews",
    metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True),
    Column("reviewer", String(CODE_LENGTH), nullable=False),
    Column("clinician", String(CODE_LENGTH), nullable=False),
    Column("site", String(CODE_LENGTH), nullable=False),
    Column("review_date", Date, nullable=False, comment="the consultation observed or heard"),
    Column("observed", String(16), nullable=False, comment="in_person or recording"),
    *(Column(item, SmallInteger, nullable=False) for item in OBSERVER_ITEM_IDS),
    Column("feedback", Text, nullable=True, comment="the reviewer's words to the clinician"),
    *(
        CheckConstraint(f"{item} BETWEEN 0 AND 4", name=f"ck_peer_reviews_{item}")
        for item in OBSERVER_ITEM_IDS
    ),
    Index("ix_peer_reviews_clinician", "clinician"),
    Index("ix_peer_reviews_site", "site"),
    comment="Observer OPTION-5 scores of a consultation, by a colleague",
)

sessions = Table(
    "feedback_sessions",
    metadata,
    Column("token_hash", String(64), primary_key=True, comment="SHA-256 of the cookie, in hex"),
    Column("username", String(64), nullable=False),
    Column("created_at", DateTime, nullable=False, comment="UTC"),
    Column("expires_at", DateTime, nullable=False, comment="UTC"),
    comment="Evaluators signed in with a local account; shared by every server process",
)

sign_in_failures = Table(
    "feedback_sign_in_failures",
    metadata,
    Column("subject", String(80), primary_key=True, comment="account:NAME or client:ADDRESS"),
    Column("failures", Integer, nullable=False, comment="wrong passwords in a row"),
    Column("last_failure_at", DateTime, nullable=False, comment="UTC"),
    Column("locked_until", DateTime, nullable=True, comment="UTC; no sign-in before this"),
)
