"""The Jinja2 templates of every page, in a module of their own so that the route modules and
the app factory (:mod:`electoral.web.app`, which sets their globals) both import them and
neither imports the other."""

# ruff: noqa: TID253

from __future__ import annotations

from pathlib import Path
from typing import Final

from fastapi.templating import Jinja2Templates

__all__ = ["TEMPLATES", "templates"]

TEMPLATES: Final = Path(__file__).parent / "templates"
templates = Jinja2Templates(directory=TEMPLATES)
