"""Questions asked of the Electoral College, answered from the record and the rules: could the
electors overturn a result (defection), popular/electoral splits, flips, the tipping point, the
minimum popular vote that can win, voting power, and reforms."""

from __future__ import annotations
