"""Settings of the service (web app, petitions, mail worker), read from the environment.

Only the service layers (``web``, ``petitions``) import this module; the core never does.

Environment variables:
    ELECTORAL_DATABASE_URL: SQLAlchemy URL (default: a SQLite file ``var/electoral.sqlite3`` in
        the working directory, so ``make run`` needs no server).
    ELECTORAL_SMTP_URL: ``smtp://host:port`` for outgoing mail (unset: mails go to the log).
    ELECTORAL_BASE_URL: the public address, for links in mails (default ``http://127.0.0.1:8000``).
    ELECTORAL_SECRET_KEY: key that signs the mailed links, CSRF tokens and moderator sessions
        (unset: a random key made on the first start and kept beside the SQLite database, or
        in the database; see :mod:`electoral.petitions.secret`).
    ELECTORAL_TRUSTED_PROXIES: comma-separated addresses or networks whose ``X-Forwarded-For``
        is trusted (default: none).
    ELECTORAL_MODERATOR_PASSWORD: password of the moderators' queue at /petitions/moderate
        (unset: moderation from the web is off).
    ELECTORAL_LOG_FORMAT: ``text`` (default: one readable line per event) or ``json`` (one
        JSON object per line, for a log collector).
    ELECTORAL_LOG_LEVEL: the lowest level logged (default ``INFO``).
    ELECTORAL_ACCESS_LOG: one line per request answered (default ``true``).
    ELECTORAL_CACHE_DIR: where the server keeps files it can rebuild, such as the ZIP code index
        (default: ``var/cache`` in the working directory).
"""

from __future__ import annotations

import ipaddress
from pathlib import Path
from typing import Literal

from pydantic import field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


def default_database_url() -> str:
    """A SQLite file in ``var/`` of the working directory (created on first use)."""
    return f"sqlite:///{Path('var') / 'electoral.sqlite3'}"


class Settings(BaseSettings):
    """The service's settings; see the module docstring for each variable."""

    model_config = SettingsConfigDict(env_prefix="ELECTORAL_", frozen=True)

    database_url: str = ""
    smtp_url: str | None = None
    base_url: str = "http://127.0.0.1:8000"
    secret_key: str = ""
    trusted_proxies: str = ""
    moderator_password: str = ""
    cache_dir: Path = Path("var") / "cache"
    log_format: Literal["text", "json"] = "text"
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    access_log: bool = True

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value

    @field_validator("database_url")
    @classmethod
    def _default_database(cls, value: str) -> str:
        return value or default_database_url()

    @property
    def trusted_networks(
        self,
    ) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
        """The trusted proxies as networks (a bare address is a /32 or /128)."""
        parts = [p.strip() for p in self.trusted_proxies.split(",") if p.strip()]
        return tuple(ipaddress.ip_network(p, strict=False) for p in parts)
