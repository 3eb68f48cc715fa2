"""The 50 states and the District of Columbia, with the facts of their membership in the Union.

Admission dates are those of the acts or proclamations of admission (the thirteen original states:
the date each ratified the Constitution). DC takes part in presidential elections from 1964 under
the 23rd Amendment (ratified 1961).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from electoral.errors import UnknownStateError

__all__ = ["STATE_INFO", "State", "StateInfo", "parse_state", "states_in_union"]


class State(StrEnum):
    """A state, or DC, by its postal code."""

    AL = "AL"
    AK = "AK"
    AZ = "AZ"
    AR = "AR"
    CA = "CA"
    CO = "CO"
    CT = "CT"
    DE = "DE"
    DC = "DC"
    FL = "FL"
    GA = "GA"
    HI = "HI"
    ID = "ID"
    IL = "IL"
    IN = "IN"
    IA = "IA"
    KS = "KS"
    KY = "KY"
    LA = "LA"
    ME = "ME"
    MD = "MD"
    MA = "MA"
    MI = "MI"
    MN = "MN"
    MS = "MS"
    MO = "MO"
    MT = "MT"
    NE = "NE"
    NV = "NV"
    NH = "NH"
    NJ = "NJ"
    NM = "NM"
    NY = "NY"
    NC = "NC"
    ND = "ND"
    OH = "OH"
    OK = "OK"
    OR = "OR"
    PA = "PA"
    RI = "RI"
    SC = "SC"
    SD = "SD"
    TN = "TN"
    TX = "TX"
    UT = "UT"
    VT = "VT"
    VA = "VA"
    WA = "WA"
    WV = "WV"
    WI = "WI"
    WY = "WY"


@dataclass(frozen=True, slots=True, kw_only=True)
class StateInfo:
    """A state's name, FIPS code and the date it joined the Union (DC: the 23rd Amendment)."""

    state: State
    name: str
    fips: str
    admitted: dt.date


def _info(code: str, name: str, fips: str, admitted: str) -> StateInfo:
    return StateInfo(
        state=State(code), name=name, fips=fips, admitted=dt.date.fromisoformat(admitted)
    )


STATE_INFO: Final[dict[State, StateInfo]] = {
    info.state: info
    for info in (
        _info("AL", "Alabama", "01", "1819-12-14"),
        _info("AK", "Alaska", "02", "1959-01-03"),
        _info("AZ", "Arizona", "04", "1912-02-14"),
        _info("AR", "Arkansas", "05", "1836-06-15"),
        _info("CA", "California", "06", "1850-09-09"),
        _info("CO", "Colorado", "08", "1876-08-01"),
        _info("CT", "Connecticut", "09", "1788-01-09"),
        _info("DE", "Delaware", "10", "1787-12-07"),
        _info("DC", "District of Columbia", "11", "1961-03-29"),
        _info("FL", "Florida", "12", "1845-03-03"),
        _info("GA", "Georgia", "13", "1788-01-02"),
        _info("HI", "Hawaii", "15", "1959-08-21"),
        _info("ID", "Idaho", "16", "1890-07-03"),
        _info("IL", "Illinois", "17", "1818-12-03"),
        _info("IN", "Indiana", "18", "1816-12-11"),
        _info("IA", "Iowa", "19", "1846-12-28"),
        _info("KS", "Kansas", "20", "1861-01-29"),
        _info("KY", "Kentucky", "21", "1792-06-01"),
        _info("LA", "Louisiana", "22", "1812-04-30"),
        _info("ME", "Maine", "23", "1820-03-15"),
        _info("MD", "Maryland", "24", "1788-04-28"),
        _info("MA", "Massachusetts", "25", "1788-02-06"),
        _info("MI", "Michigan", "26", "1837-01-26"),
        _info("MN", "Minnesota", "27", "1858-05-11"),
        _info("MS", "Mississippi", "28", "1817-12-10"),
        _info("MO", "Missouri", "29", "1821-08-10"),
        _info("MT", "Montana", "30", "1889-11-08"),
        _info("NE", "Nebraska", "31", "1867-03-01"),
        _info("NV", "Nevada", "32", "1864-10-31"),
        _info("NH", "New Hampshire", "33", "1788-06-21"),
        _info("NJ", "New Jersey", "34", "1787-12-18"),
        _info("NM", "New Mexico", "35", "1912-01-06"),
        _info("NY", "New York", "36", "1788-07-26"),
        _info("NC", "North Carolina", "37", "1789-11-21"),
        _info("ND", "North Dakota", "38", "1889-11-02"),
        _info("OH", "Ohio", "39", "1803-03-01"),
        _info("OK", "Oklahoma", "40", "1907-11-16"),
        _info("OR", "Oregon", "41", "1859-02-14"),
        _info("PA", "Pennsylvania", "42", "1787-12-12"),
        _info("RI", "Rhode Island", "44", "1790-05-29"),
        _info("SC", "South Carolina", "45", "1788-05-23"),
        _info("SD", "South Dakota", "46", "1889-11-02"),
        _info("TN", "Tennessee", "47", "1796-06-01"),
        _info("TX", "Texas", "48", "1845-12-29"),
        _info("UT", "Utah", "49", "1896-01-04"),
        _info("VT", "Vermont", "50", "1791-03-04"),
        _info("VA", "Virginia", "51", "1788-06-25"),
        _info("WA", "Washington", "53", "1889-11-11"),
        _info("WV", "West Virginia", "54", "1863-06-20"),
        _info("WI", "Wisconsin", "55", "1848-05-29"),
        _info("WY", "Wyoming", "56", "1890-07-10"),
    )
}


def states_in_union(day: dt.date) -> int:
    """The states in the Union on ``day``, each with one vote when the House chooses a
    president (12th Amendment: "a majority of all the states shall be necessary to a choice")
    and two senators (art. I, § 3, cl. 1); DC has neither.

    >>> states_in_union(dt.date(1825, 2, 9)), states_in_union(dt.date(2025, 1, 6))
    (24, 50)
    """
    return sum(1 for s, info in STATE_INFO.items() if s is not State.DC and info.admitted <= day)


def parse_state(code: str) -> State:
    """Return the :class:`State` for a postal code, in any case.

    >>> parse_state("pa")
    <State.PA: 'PA'>

    Raises:
        UnknownStateError: the code is not one of the 50 states and DC.
    """
    try:
        return State(code.strip().upper())
    except ValueError:
        raise UnknownStateError(code) from None
