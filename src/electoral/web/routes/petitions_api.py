"""The petitions' JSON API under ``/api/petitions`` (see the petitions package)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fastapi import FastAPI

    from electoral.settings import Settings


def install(app: FastAPI, settings: Settings) -> None:
    """Add the petitions' routers, storage and exception handlers to ``app``."""
