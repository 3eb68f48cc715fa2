"""Alembic environment: runs on the connection given by ``electoral.petitions.db.upgrade``
(``config.attributes["connection"]``) or on ``sqlalchemy.url``; batch mode for SQLite."""

from __future__ import annotations

from alembic import context

from electoral.petitions.db import Base, create_engine


def run_migrations() -> None:
    config = context.config
    connection = config.attributes.get("connection")
    if connection is None:
        engine = create_engine(config.get_main_option("sqlalchemy.url") or "")
        with engine.begin() as own:
            _run(own)
        engine.dispose()
    else:
        _run(connection)


def _run(connection: object) -> None:
    context.configure(
        connection=connection,  # type: ignore[arg-type]
        target_metadata=Base.metadata,
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


# Only when Alembic runs this file (pytest's doctest collection imports it too).
if getattr(context, "config", None) is not None:
    run_migrations()
