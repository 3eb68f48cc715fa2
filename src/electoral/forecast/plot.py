"""A picture of a forecast: the electoral-vote histogram and the "snake" of contests ordered by
margin. Needs matplotlib (the ``[plot]`` extra), imported only when a plot is drawn."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from electoral.errors import RuleInputError
from electoral.forecast.contests import Contests
from electoral.forecast.results import Forecast

__all__ = ["check_plot_path", "plot_forecast"]

COLORS = ("#2166ac", "#b2182b")
"""The first and the second candidate."""


def check_plot_path(path: str | Path) -> Path:
    """``path`` if a plot can be written there: a ``.png`` or ``.svg`` file in a folder that
    exists (it is not created), so that a long forecast is not run for a picture that cannot
    be saved.

    Raises:
        RuleInputError: another file extension, a folder that does not exist, or a folder
            where the path is.
    """
    path = Path(path)
    if path.suffix.lower() not in (".png", ".svg"):
        raise RuleInputError(f"--plot {path.name}: expected a .png or .svg file")
    folder = path.parent
    if not folder.is_dir():
        raise RuleInputError(f"--plot {path}: the folder {folder} does not exist (not created)")
    if path.is_dir():
        raise RuleInputError(f"--plot {path}: is a folder; expected a .png or .svg file")
    return path


def plot_forecast(forecast: Forecast, contests: Contests, path: str | Path) -> Path:
    """Write the histogram and the snake to ``path`` (``.png`` or ``.svg``).

    Raises:
        RuleInputError: a path :func:`check_plot_path` refuses, a file that cannot be written,
            or matplotlib is not installed.
    """
    path = check_plot_path(path)
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise RuleInputError("--plot needs matplotlib: pip install 'electoral[plot]'") from None
    fig, (hist, snake) = plt.subplots(
        2, 1, figsize=(10, 6), gridspec_kw={"height_ratios": (3, 1)}, layout="constrained"
    )
    a, b = forecast.candidates
    ks = range(len(forecast.ev_distribution))
    colors = [COLORS[0] if k >= forecast.majority else COLORS[1] for k in ks]
    hist.bar(ks, forecast.ev_distribution, width=1.0, color=colors)
    hist.axvline(forecast.majority - 0.5, color="black", linewidth=0.8)
    hist.set_xlabel(f"Electoral votes for {a} (majority {forecast.majority})")
    hist.set_ylabel("Probability")
    hist.set_title(
        f"{a} {forecast.p_win[a]:.1%}, {b} {forecast.p_win[b]:.1%}, "
        f"no majority {forecast.p_no_majority:.1%} ({forecast.method}, {forecast.model})"
    )
    _snake(snake, contests)
    try:
        fig.savefig(path)
    except OSError as error:
        raise RuleInputError(f"--plot {path}: cannot write it: {error.strerror}") from None
    finally:
        plt.close(fig)
    return path


def _snake(ax: Any, contests: Contests) -> None:  # a matplotlib Axes
    """Contests from the first candidate's safest to the second's, widths by electors."""
    ordered = sorted(contests.contests, key=lambda c: -c.margin)
    left = 0
    for c in ordered:
        color = COLORS[0] if c.margin > 0 else COLORS[1]
        strength = min(1.0, 0.25 + abs(c.margin) / (3 * c.sd))
        ax.barh(0, c.electors, left=left, color=color, alpha=strength, edgecolor="white")
        if c.electors >= 10:
            ax.text(left + c.electors / 2, 0, c.id, ha="center", va="center", fontsize=7)
        left += c.electors
    ax.axvline(contests.majority, color="black", linewidth=0.8)
    ax.set_xlim(0, contests.electors)
    ax.set_yticks([])
    ax.set_xlabel("Contests ordered by margin (the snake); the line marks the majority")
