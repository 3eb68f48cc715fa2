"""Laws binding presidential electors: years pinned to the statute histories that date them.

The sources are listed in data/notes/binding_laws.md; `enacted` is the first presidential
election a law governed (an "in force by" year where the notes say so).
"""

from __future__ import annotations

import pytest

from electoral.data import default_record
from electoral.model import Law
from electoral.states import State

RECORD = default_record()


def _law(state: State, year: int) -> Law | None:
    law = RECORD.law_in_force(state, year)
    return law.law if law else None


def _years(state: State) -> list[tuple[int | None, Law]]:
    return [(b.enacted, b.law) for b in RECORD.laws_of(state)]


# al-code: Ala. Code § 17-14-31 history "Acts 1975, 3rd Ex. Sess., No. 138, p. 370, §2; Act
# 2003-311 ...; §17-19-2": the elector's consent-and-vote statement dates from the 1975 act.
def test_alabama_pledge_from_1976():
    assert (_law(State.AL, 1972), _law(State.AL, 1976)) == (None, Law.PLEDGE)


# hrs: Haw. Rev. Stat. § 14-28 ("party vote") history "[L 1970, c 26, pt of §2; am L 1981, c 100
# ...; am L 2023, c 114, §6]"; the 2023 act (UFPEA) voids a deviant vote from 2024.
def test_hawaii_pledge_from_1972_then_cancel_replace_from_2024():
    assert _years(State.HI) == [(1972, Law.PLEDGE), (2024, Law.CANCEL_REPLACE)]
    assert _law(State.HI, 2016) is Law.PLEDGE  # the 2016 vote for Sanders was counted


# md-elec-law: Md. Election Law § 8-505, "Added as Art. 33, § 8-505, by Acts 1998, c. 585, § 2,
# eff. Jan. 1, 1999": first election under that text 2000 (an "in force by" year).
# me-rs: Me. tit. 21-A § 805, "PL 1985, c. 161, §6 (NEW)" (recodification): in force by 1988.
@pytest.mark.parametrize(
    ("state", "year"), [(State.MD, 2000), (State.ME, 1988), (State.FL, 2000), (State.MA, 2000)]
)
def test_in_force_by_years(state, year):
    first = RECORD.laws_of(state)[0]
    assert (first.enacted, first.law) == (year, Law.PLEDGE)
    assert _law(state, year - 4) is None


# de-sb57-2023: Delaware SB 57 (UFPEA, 84 Del. Laws c. 44) signed 2023-06-09, effective at once.
# dc-code: D.C. Code § 1-1001.08(g)(3)-(4), added by D.C. Law 23-192 or 24-342 (2021/2023).
@pytest.mark.parametrize("state", [State.DE, State.DC])
def test_cancel_replace_from_2024(state):
    assert (_law(state, 2020), _law(state, 2024)) == (Law.PLEDGE, Law.CANCEL_REPLACE)


# dc-law-24-342: D.C. Law 24-342 (Elections Modernization Amendment Act of 2022), § 3(f)(3), added
# § 1-1001.08(g)(3)-(4) (ballot not accepted, office vacated, substitute from the party's list),
# effective 2023-04-06; the Council's codified text of Oct. 2021 (after D.C. Law 23-192) lacks them.
def test_dc_vacate_and_replace_is_dc_law_24_342_from_2024():
    law = RECORD.law_in_force(State.DC, 2024)
    assert law is not None
    assert (law.enacted, law.law, law.source) == (2024, Law.CANCEL_REPLACE, "dc-law-24-342")
    assert "24-342" in law.citation
    assert _law(State.DC, 2020) is Law.PLEDGE  # the oath alone, as FairVote Oct. 2019 counts DC


# fairvote-2008: FairVote c. 2008 lists DE (15 Del C §4303), DC (§1-1312(g)), NE (§32-714), NV
# (NRS §298.050), OR (ORS §248.355) and WI (Wis Stat §7.75) as binding. No enactment year was found
# for any of them (four passes), so 2008 is an "in force by" year, not the year of enactment.
@pytest.mark.parametrize("state", [State.DE, State.DC, State.NE, State.NV, State.OR, State.WI])
def test_pledge_in_force_by_2008(state):
    first = RECORD.laws_of(state)[0]
    assert (first.enacted, first.law, first.source) == (2008, Law.PLEDGE, "fairvote-2008")
    assert _law(state, 2008) is Law.PLEDGE


# The 2024 totals after these rows: 15 pledge (Colorado by its text), 3 penalty, 14
# cancel-replace states (Wikipedia's "14 states void"), and DC.
def test_2024_counts():
    laws = [_law(s, 2024) for s in {b.state for b in RECORD.binding_laws}]
    counts = {k: laws.count(k) for k in (Law.PLEDGE, Law.PENALTY, Law.CANCEL_REPLACE)}
    assert counts == {Law.PLEDGE: 15, Law.PENALTY: 3, Law.CANCEL_REPLACE: 15}  # 15 = 14 + DC


def test_colorado_is_classified_by_its_text():
    """Colo. Rev. Stat. § 1-4-304(5) directs the vote and states no sanction, voiding or removal:
    a pledge in every year, though the Secretary of State removed Micheal Baca in 2016 (Baca v.
    Colo. Dept. of State, 935 F.3d 887 (10th Cir. 2019), reversed 591 U.S. 655 (2020))."""
    assert _years(State.CO) == [(1984, Law.PLEDGE)]
    law = RECORD.law_in_force(State.CO, 2016)
    assert law is not None
    assert "no penalty" in law.notes
    assert "591 U.S. 655" in law.notes
