"""Petitions to the electors: creation and moderation, signing with e-mail confirmation,
counts by state that survive surges, comments, sharing, abuse control, delivery and privacy.

Layers: :mod:`~electoral.petitions.domain` (pure rules), :mod:`~electoral.petitions.db`
(SQLAlchemy tables, engine, Alembic upgrade), :mod:`~electoral.petitions.service` (use cases,
one transaction each), :mod:`~electoral.petitions.mail` and :mod:`~electoral.petitions.worker`
(outbox and sender), :mod:`~electoral.petitions.export` (CSV, PDF). The web and command-line
layers call :class:`~electoral.petitions.service.PetitionService` only.

This package imports SQLAlchemy; the core of electoral never imports it.
"""

from __future__ import annotations
