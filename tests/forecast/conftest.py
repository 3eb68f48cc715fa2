"""Small, explicit forecast inputs built from the bundled record."""

from __future__ import annotations

import pytest

from electoral.forecast import Contest, Contests, contests_from_election
from electoral.states import State

DISTRICTS = {
    "ME": [("ME", 7.0, 800_000), ("ME-1", 24.0, 420_000), ("ME-2", -9.0, 400_000)],
    "NE": [("NE", -20.0, 950_000), ("NE-1", -12.0, 320_000), ("NE-2", 4.5, 330_000),
           ("NE-3", -50.0, 300_000)],
}  # fmt: skip


def contest_rows(*, districts: bool = True, sd: float = 5.0) -> list[str]:
    """``contest,margin,sd,turnout`` lines for 2024 (Trump's lead); the districts of ME and NE
    from the record when it has their returns, else made up."""
    contests = contests_from_election(2024).contests
    has_districts = {c.state.value for c in contests if c.is_district}
    rows = ["contest,margin,sd,turnout"]
    for c in contests:
        if c.is_district and not districts:
            continue
        if districts and c.id in DISTRICTS and c.id not in has_districts:
            rows += [f"{i},{m},{sd},{t}" for i, m, t in DISTRICTS[c.id]]
        else:
            rows.append(f"{c.id},{c.margin:.2f},{sd},{c.turnout}")
    return rows


def write_contests(path, rows: list[str]):
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def small(margins: list[float], sds: list[float], electors: list[int], **kw) -> Contests:
    """A made-up race over the first states of the alphabet."""
    states = sorted(State, key=lambda s: s.value)
    contests = tuple(
        Contest(id=s.value, state=s, district=None, electors=e, margin=m, sd=d, **kw)
        for s, m, d, e in zip(states, margins, sds, electors, strict=False)
    )
    return Contests(contests=contests, candidates=("A", "B"), source="test")


@pytest.fixture(scope="session")
def race56(tmp_path_factory) -> Contests:
    from electoral.forecast import read_contests

    path = write_contests(tmp_path_factory.mktemp("fc") / "c56.csv", contest_rows())
    return read_contests(path)


@pytest.fixture(scope="session")
def race51() -> Contests:
    return contests_from_election(2024)
