"""Alembic environment: runs on the connection that ``collaborate.database`` hands over.

The migrations run inside the caller's transaction (which holds the migration lock), so two
processes starting at once never both create the tables.
"""

from __future__ import annotations

from alembic import context

from collaborate._tables import metadata

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
