"""Alembic environment: online migrations only, against the URL given in `Config.attributes`."""
from __future__ import annotations

from alembic import context
from sqlalchemy.pool import NullPool

from rehearse.storage.db import is_sqlite, make_engine
from rehearse.storage.models import Base


def run_migrations_online() -> None:
    url = context.config.attributes["url"]
    engine = make_engine(url, enforce_foreign_keys=False, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            context.configure(
                connection=connection,
                target_metadata=Base.metadata,
                render_as_batch=is_sqlite(url),
                compare_type=True,
            )
            with context.begin_transaction():
                context.run_migrations()
    finally:
        engine.dispose()


if context.is_offline_mode():
    raise SystemExit("Offline (--sql) migrations are not supported; run them against a database.")
run_migrations_online()
