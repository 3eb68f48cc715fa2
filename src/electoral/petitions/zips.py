"""ZIP code -> state, offline, from the ``zipcodes`` package's table, indexed once per process.

The package itself scans its 42,000 records on every look-up, and importing it decodes its
JSON (0.6 s); we build a dict once and then look up in O(1). A server keeps the built index in
a cache file (:func:`load_zip_index`, named after the package's version), so that a restarted
worker (after a crash, mid-surge) is ready in milliseconds instead of 0.7 s. ZIP codes of
territories and military post offices (PR, GU, AA ...) map to no state: their residents have no
electors.
"""

from __future__ import annotations

import os
import tempfile
from importlib.metadata import version
from pathlib import Path

from electoral.states import State

__all__ = ["load_zip_index", "state_of_zip", "zip_index"]

_index: dict[str, State] | None = None


def zip_index() -> dict[str, State]:
    """Every five-digit ZIP code of the 50 states and DC, with its state."""
    global _index  # noqa: PLW0603 (the process's one index)
    if _index is None:
        _index = _build()
    return _index


def _build() -> dict[str, State]:
    import zipcodes  # type: ignore[import-untyped]

    codes = set(State)
    return {
        row["zip_code"]: State(row["state"]) for row in zipcodes.list_all() if row["state"] in codes
    }


def load_zip_index(cache_dir: Path) -> dict[str, State]:
    """The index, read from ``cache_dir`` if an earlier process wrote it for this version of
    the package, else built and written there (atomically) for the next one. A cache file that
    does not read back as ZIP codes and states is rebuilt."""
    global _index  # noqa: PLW0603
    if _index is not None:
        return _index
    path = cache_dir / f"zip-states-{version('zipcodes')}.txt"
    try:
        _index = _read(path)
    except (OSError, ValueError):
        _index = _build()
        _write(path, _index)
    return _index


def _read(path: Path) -> dict[str, State]:
    index: dict[str, State] = {}
    for line in path.read_text(encoding="ascii").splitlines():
        zip_code, state = line[:5], line[5:]
        if not zip_code.isdigit() or len(line) != 7:  # noqa: PLR2004 (ZIP + state)
            raise ValueError(f"{path}: {line!r} is not a ZIP code and a state")
        index[zip_code] = State(state)
    if not index:
        raise ValueError(f"{path}: empty")
    return index


def _write(path: Path, index: dict[str, State]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(
            "w", encoding="ascii", dir=path.parent, delete=False, suffix=".tmp"
        ) as out:
            out.writelines(f"{z}{s.value}\n" for z, s in sorted(index.items()))
        os.replace(out.name, path)
    except OSError:
        pass  # a read-only place: the next process builds it again


def state_of_zip(zip_code: str) -> State | None:
    """The state of a five-digit ZIP code, or ``None`` when the table does not know it.

    >>> state_of_zip("19104")
    <State.PA: 'PA'>
    """
    return zip_index().get(zip_code)
