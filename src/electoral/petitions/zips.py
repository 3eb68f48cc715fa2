"""ZIP code -> state, offline, from the ``zipcodes`` package's table, indexed once per process.

The package itself scans its 42,000 records on every look-up; we build a dict the first time it
is needed (about half a second, at start-up if the app warms it) and then look up in O(1).
ZIP codes of territories and military post offices (PR, GU, AA ...) map to no state: their
residents have no electors.
"""

from __future__ import annotations

import functools

from electoral.states import State

__all__ = ["state_of_zip", "zip_index"]


@functools.cache
def zip_index() -> dict[str, State]:
    """Every five-digit ZIP code of the 50 states and DC, with its state."""
    import zipcodes  # type: ignore[import-untyped]

    codes = set(State)
    index: dict[str, State] = {}
    for row in zipcodes.list_all():
        if row["state"] in codes:
            index[row["zip_code"]] = State(row["state"])
    return index


def state_of_zip(zip_code: str) -> State | None:
    """The state of a five-digit ZIP code, or ``None`` when the table does not know it.

    >>> state_of_zip("19104")
    <State.PA: 'PA'>
    """
    return zip_index().get(zip_code)
