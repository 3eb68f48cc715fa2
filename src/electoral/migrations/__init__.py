"""Alembic migrations of the petition service's schema, shipped in the package so that
``electoral.petitions.db.upgrade()`` works from a wheel (``render_as_batch`` for SQLite)."""
