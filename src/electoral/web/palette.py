"""The map's colours: one hue per candidate, three shades by margin, text that stays readable.

The hues follow Okabe and Ito's palette for colour-blind readers (blue and vermillion first,
then bluish green, reddish purple, ochre, sky blue); the shades are light (margin under 5
points), middle (5 to 15) and dark (over 15). Every label is drawn in whichever of near-black
and white contrasts more with its fill; for these fills that is at least 4.5:1 (WCAG 2.1 AA).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

__all__ = [
    "BLANK",
    "DARK_TEXT",
    "Family",
    "Shade",
    "assign_families",
    "contrast",
    "shade_for",
    "text_on",
]

DARK_TEXT: Final = "#111111"
LIGHT_TEXT: Final = "#ffffff"
BLANK: Final = "#e4e4e4"
"""Fill of a place with no electors in the election (or none chosen yet in the builder)."""


class Shade(StrEnum):
    """How wide the winner's popular-vote margin was."""

    LEAN = "lean"
    """Under 5 points."""
    LIKELY = "likely"
    """5 to 15 points, or unknown (no statewide returns: legislatures, districts)."""
    SAFE = "safe"
    """Over 15 points."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Family:
    """A hue in three shades, light to dark."""

    name: str
    light: str
    middle: str
    dark: str

    def fill(self, shade: Shade) -> str:
        return {Shade.LEAN: self.light, Shade.LIKELY: self.middle, Shade.SAFE: self.dark}[shade]


BLUE = Family(name="blue", light="#a8c8ea", middle="#4a86c5", dark="#1f4e89")
VERMILLION = Family(name="vermillion", light="#f5bb9b", middle="#e06a2c", dark="#a33a0c")
OTHERS: Final[tuple[Family, ...]] = (
    Family(name="green", light="#a0d8c6", middle="#2a9d7c", dark="#00664f"),
    Family(name="purple", light="#e3c0da", middle="#b56aa3", dark="#7a3b6e"),
    Family(name="ochre", light="#efd98f", middle="#c99a06", dark="#7a5c00"),
    Family(name="sky", light="#b8dff0", middle="#56a9cf", dark="#1d6a87"),
)
GREY = Family(name="grey", light="#d0d0d0", middle="#8c8c8c", dark="#4a4a4a")
PARTY_FAMILIES: Final[dict[str, Family]] = {"Democratic": BLUE, "Republican": VERMILLION}


def assign_families(candidates: Iterable[str], party_of: Mapping[str, str]) -> dict[str, Family]:
    """A distinct hue for each candidate, in the order given (most electoral votes first):
    Democrats blue and Republicans vermillion by convention, the others in palette order; grey
    once the palette runs out."""
    free = [BLUE, VERMILLION, *OTHERS]
    chosen: dict[str, Family] = {}
    ordered = list(candidates)
    for candidate in ordered:  # conventional colours first, so no one else takes them
        family = PARTY_FAMILIES.get(party_of.get(candidate, ""))
        if family is not None and family in free:
            chosen[candidate] = family
            free.remove(family)
    for candidate in ordered:
        if candidate not in chosen:
            chosen[candidate] = free.pop(0) if free else GREY
    return {c: chosen[c] for c in ordered}


def shade_for(margin: float | None) -> Shade:
    """The shade for a margin in percentage points (``None``: no returns)."""
    if margin is None:
        return Shade.LIKELY
    if margin < 5:
        return Shade.LEAN
    return Shade.LIKELY if margin < 15 else Shade.SAFE


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    """WCAG 2.1 contrast ratio of two ``#rrggbb`` colours.

    >>> round(contrast("#ffffff", "#000000"), 1)
    21.0
    """
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def text_on(fill: str) -> str:
    """Near-black or white, whichever contrasts more with ``fill``."""
    return DARK_TEXT if contrast(fill, DARK_TEXT) >= contrast(fill, LIGHT_TEXT) else LIGHT_TEXT
