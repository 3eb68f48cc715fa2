"""The app's routers: one module per area (pages, API, petitions)."""

from __future__ import annotations
