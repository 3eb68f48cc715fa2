"""The record: every presidential election 1789-2024, as tables bundled with the package.

:func:`load_record` reads the tables (or a user's own directory of tables in the same schema),
validates them and returns a :class:`Record`. The schema and the sources of every table are
described in ``README.md`` beside the tables.
"""

from __future__ import annotations

from electoral.data.record import Record, default_record, load_record

__all__ = ["Record", "default_record", "load_record"]
