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
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # SQLite changes a constraint by copying the table and dropping the old one; with foreign keys on,
            # that drop deletes (ON DELETE CASCADE) or refuses for every row pointing at it. The pragma only
            # works outside a transaction, so it is set before the migration's transaction begins.
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()
        try:
            with connection.begin():
                context.configure(
                    connection=connection,
                    target_metadata=target_metadata,
                    compare_type=True,
                    # SQLite cannot ALTER most things; batch mode copies the table instead
                    render_as_batch=sqlite,
                )
                context.run_migrations()
                if sqlite:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise RuntimeError(f"the upgrade would break {len(broken)} references: {broken[:5]}")
        finally:
            if sqlite:
                connection.exec_driver_sql("PRAGMA foreign_keys=ON")
                connection.commit()


run_migrations_online()
