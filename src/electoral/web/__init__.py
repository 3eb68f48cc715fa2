"""The web app: FastAPI + Jinja2 pages, the interactive map, and the JSON API under ``/api/``."""

from __future__ import annotations
