"""Alembic environment: the engine comes from tracker.db; target metadata is every table model."""

from alembic import context
from sqlmodel import SQLModel

import feeds.models  # noqa: F401
import tracker.models  # noqa: F401  (registers the core tables)
import tracker.norms.models  # noqa: F401

config = context.config
target_metadata = SQLModel.metadata


def run_migrations_online() -> None:
    engine = config.attributes["engine"]
    with engine.begin() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            compare_type=True,
            # SQLite cannot ALTER most things; batch mode copies the table instead
            render_as_batch=connection.dialect.name == "sqlite",
        )
        context.run_migrations()


run_migrations_online()
