"""The petitions on the web app: one :func:`install` for the service, the JSON API
(:mod:`.petitions_api`) and the pages (:mod:`.petition_public`, :mod:`.petition_creator`,
:mod:`.petition_moderator`), with the pages' CSRF protection, the moderators' sessions and the
exception handlers. Each of those modules is imported here and none imports this one.
"""

# ruff: noqa: TID253

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from electoral.web.csrf import Csrf
from electoral.web.routes import (
    petition_creator,
    petition_moderator,
    petition_public,
    petitions_api,
)

if TYPE_CHECKING:
    from fastapi import FastAPI

    from electoral.petitions.service import PetitionService
    from electoral.settings import Settings

__all__ = ["install", "install_pages"]


def install(app: FastAPI, settings: Settings, *, service: PetitionService | None = None) -> None:
    """Add the petitions' API and pages, storage and exception handlers to ``app``.

    The service (``app.state.petitions``) is built on the settings' database, whose schema is
    created or upgraded here, unless one is given (tests, or an app sharing an engine).
    """
    from electoral.petitions.service import PetitionService
    from electoral.petitions.zips import load_zip_index

    service = service or PetitionService.from_settings(settings, server=True)
    load_zip_index(settings.cache_dir)  # now, not on the first signature
    app.state.petitions = service
    app.include_router(petitions_api.api_router(service, settings))
    petitions_api.add_exception_handlers(app)
    install_pages(app, settings)


def install_pages(app: FastAPI, settings: Settings) -> None:
    """The pages' half of :func:`install` (for an app whose service is installed): their CSRF
    protection, the moderators' sessions and the pages, public, creator's and moderators'."""
    key: str = app.state.petitions.secret_key  # the key the service resolved, never a default
    app.state.csrf = Csrf(key, secure=urlsplit(settings.base_url).scheme == "https")
    petition_moderator.configure(app, settings, key)
    for pages in (petition_public, petition_creator, petition_moderator):
        app.include_router(pages.router)
