"""The service's logging, configured once as a server or worker starts (the library itself
never configures logging, and never prints).

``ELECTORAL_LOG_FORMAT=text`` writes one readable line per event to standard error;
``json`` writes one JSON object per line (``time``, ``level``, ``logger``, ``message``, and
``exc`` with the traceback), what log collectors (journald, Loki, CloudWatch) take as is.
uvicorn's access log goes through the same handler, one line per request answered.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import sys
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from electoral.settings import Settings

__all__ = ["JsonFormatter", "SecretPaths", "configure_logging"]

TEXT_FORMAT: Final = "%(asctime)s %(levelname)s %(name)s: %(message)s"
QUIET: Final = ("uvicorn.error", "alembic")
"""uvicorn's start-up chatter and alembic's plugin lines, kept at WARNING."""


class JsonFormatter(logging.Formatter):
    """One JSON object per line."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


class _Stderr(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever ``sys.stderr`` is when a record comes (not the stream of the moment
    it was configured, which a test runner or a daemoniser may since have closed)."""

    @property
    def stream(self) -> object:
        return sys.stderr

    @stream.setter
    def stream(self, _value: object) -> None:
        pass


def configure_logging(settings: Settings) -> None:
    """Send every logger's records at or above ``settings.log_level`` to standard error in
    ``settings.log_format``; idempotent (a second call replaces the handler)."""
    handler = _Stderr()
    if settings.log_format == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter(TEXT_FORMAT))
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "_electoral", False)]:
        root.removeHandler(old)
    handler._electoral = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(settings.log_level)
    for name in QUIET:
        logging.getLogger(name).setLevel(max(logging.WARNING, root.level))
    access = logging.getLogger("uvicorn.access")
    access.setLevel(logging.INFO if settings.access_log else logging.CRITICAL + 1)
    access.propagate = True
    access.handlers.clear()
    if not any(isinstance(f, SecretPaths) for f in access.filters):
        access.addFilter(SecretPaths())


SECRET_PATH: Final = re.compile(
    r"(/(?:confirm|manage|withdraw|unsubscribe|comment-link)/)[^/?#\s]+"
)
"""Path segments that are secrets: the tokens of mailed links (a manage link gives control of
a petition; a confirmation counts a signature)."""


class SecretPaths(logging.Filter):
    """Writes ``<token>`` in the access log where a mailed link's token was: whoever reads the
    logs must not be able to use the links."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) >= 3 and isinstance(args[2], str):  # noqa: PLR2004
            record.args = (*args[:2], SECRET_PATH.sub(r"\1<token>", args[2]), *args[3:])
        return True
