"""The pure rules: transitions, targets, deadlines, normalisation, milestones."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from electoral.data import default_record
from electoral.petitions.domain import (
    TRANSITIONS,
    CommentStatus,
    PetitionStatus,
    SignatureStatus,
    TargetKind,
    check_transition,
    clean_text,
    default_deadline,
    elector_meeting_date,
    electors_targeted,
    milestones_crossed,
    normalise_email,
    parse_milestones,
    parse_target,
    validate_ref,
    validate_zip,
)
from electoral.petitions.errors import InvalidInputError, TransitionError
from electoral.states import State

PAIRS = [
    (enum(a), enum(b))
    for enum in (PetitionStatus, SignatureStatus, CommentStatus)
    for a, b in itertools.product(enum, enum)
    if a != b
]


@pytest.mark.parametrize(("current", "wanted"), PAIRS, ids=lambda s: s.value)
def test_every_transition_is_allowed_or_refused_as_the_table_says(current, wanted):
    if wanted.value in TRANSITIONS[type(current)][current.value]:
        check_transition(current, wanted)
    else:
        with pytest.raises(TransitionError):
            check_transition(current, wanted)


def test_the_lifecycles_as_the_issue_states_them():
    allowed = TRANSITIONS[PetitionStatus]
    assert allowed["pending"] == {"open", "rejected"}
    assert allowed["open"] == {"closed"}
    assert allowed["closed"] == {"delivered"}
    assert not allowed["rejected"]
    assert not allowed["delivered"]
    assert not TRANSITIONS[SignatureStatus]["fraudulent"]


def test_slate_of_trump_2016_is_304_electors_state_by_state():
    target = parse_target("slate:2016:Trump")
    assert target.kind is TargetKind.SLATE
    assert target.candidate == "Donald Trump"
    electors = electors_targeted(target)
    assert sum(electors.values()) == 304
    assert electors[State.TX] == 36  # two of Texas's 38 electors voted otherwise
    assert electors[State.ME] == 1


def test_states_and_all_targets():
    assert parse_target("pa, MI,pa").states == (State.PA, State.MI)
    assert sum(electors_targeted(parse_target("all")).values()) == 538
    assert electors_targeted(parse_target("PA,MI")) == {State.PA: 19, State.MI: 15}


@pytest.mark.parametrize("text", ["PA,XX", "slate:2016", "slate:2017:Trump", "slate:2016:Nobody"])
def test_bad_targets_name_the_field(text):
    with pytest.raises(InvalidInputError, match="target"):
        parse_target(text)


def test_meeting_date_reproduces_the_record_since_the_ecra():
    for year in default_record().years:
        if year >= 2024:
            assert elector_meeting_date(year) == default_record().election(year).meeting_date


@given(st.integers(min_value=2024, max_value=2400))
def test_meeting_is_a_tuesday_between_the_15th_and_21st(year):
    """The first Tuesday after the second Wednesday falls on December 14-20 (8-14 + 6)."""
    day = elector_meeting_date(year)
    assert day.weekday() == 1
    assert day.month == 12
    assert 14 <= day.day <= 20


def test_default_deadline():
    slate = parse_target("slate:2016:Trump")
    assert default_deadline(slate, dt.date(2016, 11, 9)) == dt.date(2016, 12, 19)
    everyone = parse_target("all")
    assert default_deadline(everyone, dt.date(2024, 11, 6)) == dt.date(2024, 12, 17)
    assert default_deadline(everyone, dt.date(2024, 12, 18)) == dt.date(2028, 12, 19)
    assert default_deadline(everyone, dt.date(2026, 11, 23)) == dt.date(2028, 12, 19)


@pytest.mark.parametrize(
    ("typed", "normalised"),
    [
        ("Jane.Doe@Example.ORG", "jane.doe@example.org"),
        ("jane+petitions@example.org", "jane@example.org"),
        ("j.a.n.e@gmail.com", "jane@gmail.com"),
        ("Jane@GoogleMail.com", "jane@gmail.com"),
    ],
)
def test_email_normalisation(typed, normalised):
    email = normalise_email(typed)
    assert email.normalised == normalised
    assert email.digest == normalise_email(normalised).digest


@pytest.mark.parametrize("bad", ["", "no-at-sign", "a@", "@b.org", "a" * 600 + "@x.org"])
def test_bad_addresses(bad):
    with pytest.raises(InvalidInputError, match="email"):
        normalise_email(bad)


def test_zip_ref_and_text():
    assert validate_zip(" 02139 ") == "02139"
    assert validate_zip("021391234") == "02139"
    for bad in ("2139", "ABCDE", "02139-12", "1" * 100):
        with pytest.raises(InvalidInputError, match="zip"):
            validate_zip(bad)
    assert validate_ref("facebook.abc_1-2") == "facebook.abc_1-2"
    with pytest.raises(InvalidInputError):
        validate_ref("a b")
    assert clean_text("  Cafe\u0301  ", "name", 10) == "Café"
    with pytest.raises(InvalidInputError, match="control"):
        clean_text("a\x00b", "name", 10)
    with pytest.raises(InvalidInputError, match="control"):
        clean_text("two\nlines", "name", 10)
    assert clean_text("two\r\nlines", "text", 20, multiline=True) == "two\nlines"


def test_milestones():
    assert parse_milestones("100000, 1000,1000") == (1000, 100000)
    assert milestones_crossed((1000, 100000), 99_999) == (1000,)
    with pytest.raises(InvalidInputError):
        parse_milestones("0")
    with pytest.raises(InvalidInputError):
        parse_milestones("many")


UNICODE_DIGITS = ["١٩١٠٤", "１９１０４", "𝟏𝟗𝟏𝟎𝟒", "۱۹۱۰۴", "१९१०४", "1910٤"]


@pytest.mark.parametrize("zip_code", UNICODE_DIGITS)
def test_zip_codes_are_ascii_digits_only(zip_code):
    """Arabic-Indic, full-width, mathematical and Devanagari digits are digits to ``\\d`` but
    no ZIP code (finding 9: one such signature crashed the PDF export of its petition)."""
    with pytest.raises(InvalidInputError, match="zip"):
        validate_zip(zip_code)


@given(st.text(max_size=12))
def test_every_accepted_zip_code_is_five_ascii_digits(text):
    """Invariant: whatever is accepted comes back as five characters of 0-9."""
    try:
        found = validate_zip(text)
    except InvalidInputError:
        return
    assert len(found) == 5
    assert set(found) <= set("0123456789")
