"""Monte Carlo simulation under any error model: vectorised, chunked, threaded, reproducible.

Simulations run in chunks of :data:`CHUNK`; chunk ``j`` draws from its own generator, seeded by
the ``j``-th child of ``np.random.SeedSequence(seed)``, and the chunks' tallies are added in
chunk order, so a seed gives the same result bit for bit whatever the number of threads. NumPy
releases the GIL inside its array operations, so threads run the chunks in parallel.

Two kernels:

- **Margins** (any model, and whenever the tipping point, the popular vote or picks are asked
  for): margins = mu + scale * (factors + idio * e) or mu + scale * (L e), in float32; the
  electoral votes are a matrix-vector product of the wins with the electors (exact in float32,
  below 2^24). The tipping point sorts each simulation's contests by the winner's margin: the
  margins' float32 bits, made order-preserving as integers, carry the contest index in their
  low 6 bits, so one integer sort per row orders them (ties closer than about 1e-5 of the
  margin break arbitrarily).
- **Wins only** (electoral votes of factor models): a contest is won when its standard normal
  ``e`` exceeds a threshold set by the factors. ``e`` is drawn by inversion in two stages: one
  random byte (8 bits of a raw 64-bit draw) picks which of 256 equiprobable slices of the normal
  ``e`` lies in, which decides the contest unless the threshold falls in that same slice (1 time
  in 256); only then is the uniform drawn within the slice and compared with the normal CDF of
  the threshold (``e > t`` exactly when ``Φ⁻¹(u) > t``, that is ``u > Φ(t)``). This is exact
  inversion sampling, at a byte of randomness per contest instead of a normal deviate. The
  electoral votes are a float32 matrix-vector product of the wins with the electors (exact
  below 2^24), by ``einsum`` rather than BLAS so that no BLAS thread pool competes with the
  workers. Each worker reuses one set of chunk-sized arrays: fresh ones would be mapped and
  unmapped by the allocator every chunk, and the page faults serialise the threads.

float32 is used where its error (about 1e-7 of a margin) is far below the Monte Carlo error;
weights, probabilities and picks are float64.

Picks ("if A wins PA and GA"): under factor models the picked contests' idiosyncratic errors
are drawn from their truncated distributions given the factors and each simulation is weighted
by the probability of the picks given its factors (likelihood weighting: every simulation
counts, no floor on how unlikely the picks are); under a full matrix the simulations that
disagree with the picks are discarded. The effective sample size is reported.
"""

from __future__ import annotations

import math
import os
import queue
import secrets
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt

from electoral.errors import RuleInputError
from electoral.forecast._special import norm_cdf, norm_ppf, norm_sf
from electoral.forecast.contests import Contests
from electoral.forecast.models import ErrorModel, Structure, structure
from electoral.forecast.results import Forecast, House, check_picks, summarise

__all__ = ["CHUNK", "Progress", "simulate"]

CHUNK: Final = 4096
"""Simulations per chunk (fixed: the results depend on it)."""
SLICES: Final = 256

Progress = Callable[[int, int], None]
"""Called with (simulations done, simulations asked) as chunks finish."""

F32 = npt.NDArray[np.float32]
F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]
U8 = npt.NDArray[np.uint8]
Flags = npt.NDArray[np.bool_]


def _slice_edges() -> tuple[F32, F32]:
    """Lower and upper normal quantiles of the 256 equiprobable slices, rounded outwards to
    float32 so that a decision taken on them is never wrong."""
    edges = np.empty(SLICES + 1)
    edges[0], edges[-1] = -np.inf, np.inf
    edges[1:-1] = norm_ppf(np.arange(1, SLICES) / SLICES)
    lo = np.nextafter(edges[:-1].astype(np.float32), np.float32(-np.inf))
    hi = np.nextafter(edges[1:].astype(np.float32), np.float32(np.inf))
    return lo, hi


_LO, _HI = _slice_edges()


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class _Plan:
    """Everything a chunk needs, shared read-only by the threads. Per-contest vectors are also
    tiled to (CHUNK, contests): NumPy runs same-shape operations about twice as fast as ones
    broadcasting a short row."""

    st: Structure
    mu: F32
    idio_t: F32
    lead_t: F32
    """-mu / idio, tiled: the winning threshold of e without factors."""
    national_t: F32 | None
    """-national loading / idio, tiled (threshold per unit of the national factor)."""
    regional: F32 | None
    """Regional loading / idio per contest (the sign is applied where used)."""
    region: npt.NDArray[np.intp]
    index_t: npt.NDArray[np.int32]
    chol_t: F32 | None
    electors: F32
    electors_i: npt.NDArray[np.int16]
    majority: int
    total: int
    share: F32 | None
    """Turnout share of each statewide contest (0 for districts), for the popular vote."""
    picks: dict[int, bool]
    tipping: bool
    bits: int
    fixed: tuple[U8, U8] | None
    """Constant thresholds (independent normal model): per contest, the slices above the first
    row's entry are won for sure, and those from the second row's entry up are undecided."""

    @property
    def wins_only(self) -> bool:
        """Whether only the electoral votes are asked for, of a factor model."""
        return not (self.tipping or self.share is not None or self.picks or self.chol_t is not None)


@dataclass(slots=True, kw_only=True)
class _Tally:
    ev: F64
    tipping: F64
    split: float = 0.0
    weight: float = 0.0
    weight2: float = 0.0

    def add(self, other: _Tally) -> None:
        self.ev += other.ev
        self.tipping += other.tipping
        self.split += other.split
        self.weight += other.weight
        self.weight2 += other.weight2


def _tile(row: npt.NDArray[np.float64]) -> F32:
    return np.tile(row.astype(np.float32), (CHUNK, 1))


def _fixed_slices(lead: F64) -> tuple[U8, U8]:
    """For constant thresholds: the last slice not won for sure (its lower edge is below the
    threshold) and the first slice not lost for sure (its upper edge is above it)."""
    thr = lead.astype(np.float32)
    first_win = np.searchsorted(_LO, thr, side="left")  # >= 1: _LO[0] is -inf
    first_maybe = np.searchsorted(_HI, thr, side="right")  # <= 255: _HI[-1] is +inf
    return (first_win - 1).astype(np.uint8), first_maybe.astype(np.uint8)


def _plan(
    contests: Contests, st: Structure, picks: dict[int, bool], tipping: bool, popular: bool
) -> _Plan:
    share = None
    if popular and contests.has_turnout:
        turnout = np.array(
            [0 if c.is_district else (c.turnout or 0) for c in contests.contests], dtype=np.float64
        )
        share = (turnout / turnout.sum()).astype(np.float32)
    factor = st.chol is None
    idio = st.idio if factor else np.ones_like(st.mu)
    lead = -st.mu / idio
    fixed = None
    if factor and st.df is None and len(st.loadings) == 0:
        fixed = _fixed_slices(lead)
    return _Plan(
        st=st,
        mu=st.mu.astype(np.float32),
        idio_t=_tile(idio),
        lead_t=_tile(lead),
        national_t=_tile(-st.national / idio) if factor and st.national > 0 else None,
        regional=(st.regional / idio).astype(np.float32) if factor and st.regional > 0 else None,
        region=st.region,
        index_t=np.tile(np.arange(len(st.mu), dtype=np.int32), (CHUNK, 1)),
        chol_t=None if st.chol is None else np.ascontiguousarray(st.chol.T, dtype=np.float32),
        electors=st.electors.astype(np.float32),
        electors_i=st.electors.astype(np.int16),
        majority=contests.majority,
        total=contests.electors,
        share=share,
        picks=picks,
        tipping=tipping,
        bits=max(1, math.ceil(math.log2(len(st.mu)))),
        fixed=fixed,
    )


def _scale(plan: _Plan, rng: np.random.Generator, n: int) -> F32 | None:
    """The t-tails scale sqrt((df - 2) / W) of each simulation (``None``: normal tails)."""
    if plan.st.df is None:
        return None
    w = rng.chisquare(plan.st.df, n)
    return np.sqrt((plan.st.df - 2) / w).astype(np.float32)


def _factor_threshold(plan: _Plan, rng: np.random.Generator, n: int) -> F32 | None:
    """Minus the factors' part of each margin over idio, shape (n, contests), or ``None``
    without factors (factor draws: national, then the four regions)."""
    if plan.national_t is None and plan.regional is None:
        return None
    k = (plan.national_t is not None) + (4 if plan.regional is not None else 0)
    f = rng.standard_normal((n, k), dtype=np.float32)
    out = np.zeros((n, len(plan.mu)), dtype=np.float32)
    if plan.national_t is not None:
        np.multiply(f[:, :1], plan.national_t[:n], out=out)
    if plan.regional is not None:
        out -= np.take(f[:, k - 4 :], plan.region, axis=1) * plan.regional
    return out


def _threshold(plan: _Plan, rng: np.random.Generator, n: int) -> tuple[F32, F32 | None]:
    """The value e must exceed for the first candidate to win each contest, and the t scale:
    margin = scale * idio * (e - threshold)."""
    scale = _scale(plan, rng, n)
    thr = _factor_threshold(plan, rng, n)
    lead = plan.lead_t[:n] if scale is None else plan.lead_t[:n] / scale[:, None]
    if thr is None:
        return lead, scale
    thr += lead
    return thr, scale


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class _Workspace:
    """One worker's chunk-sized arrays for the wins-only kernel, reused from chunk to chunk."""

    thr: F32
    edge: F32
    slot: npt.NDArray[np.intp]
    wins: Flags
    maybe: Flags
    won: F32
    ev: F32

    @classmethod
    def new(cls, rows: int, contests: int) -> _Workspace:
        shape = (rows, contests)
        return cls(
            thr=np.empty(shape, np.float32),
            edge=np.empty(shape, np.float32),
            slot=np.empty(shape, np.intp),
            wins=np.empty(shape, np.bool_),
            maybe=np.empty(shape, np.bool_),
            won=np.empty(shape, np.float32),
            ev=np.empty(rows, np.float32),
        )


def _threshold_into(plan: _Plan, rng: np.random.Generator, ws: _Workspace, n: int) -> F32:
    """:func:`_threshold` (the same draws), computed in the workspace."""
    scale = _scale(plan, rng, n)
    k = (plan.national_t is not None) + (4 if plan.regional is not None else 0)
    f = rng.standard_normal((n, k), dtype=np.float32)
    thr, tmp = ws.thr[:n], ws.edge[:n]
    lead = plan.lead_t[:n]
    if scale is not None:
        lead = np.divide(lead, scale[:, None], out=tmp)
    if plan.national_t is not None:
        np.multiply(f[:, :1], plan.national_t[:n], out=thr)
        thr += lead
    else:
        np.copyto(thr, lead)
    if plan.regional is not None:
        np.take(f[:, k - 4 :], plan.region, axis=1, out=tmp, mode="clip")
        tmp *= plan.regional
        thr -= tmp
    return thr


def _flagged(flags: Flags) -> I64:
    """Positions of the True entries of a flat, mostly False mask, looked for 8 at a time."""
    whole = flags.size - flags.size % 8
    words = np.flatnonzero(flags[:whole].view(np.uint64) != 0)
    spots = (words[:, None] * 8 + np.arange(8)).ravel()
    spots = np.concatenate((spots, np.arange(whole, flags.size)))
    return np.asarray(spots[flags[spots]], dtype=np.int64)


def _wins_only(plan: _Plan, rng: np.random.Generator, ws: _Workspace, n: int) -> I64:
    """Electoral votes of the first candidate by two-stage inversion (see the module doc)."""
    m = len(plan.mu)
    raw = rng.bit_generator.random_raw(-(-n * m // 8))
    slice_ = np.asarray(raw).view(np.uint8)[: n * m].reshape(n, m)
    wins, maybe = ws.wins[:n], ws.maybe[:n]
    if plan.fixed is not None:
        thr = plan.lead_t[:n]
        np.greater(slice_, plan.fixed[0], out=wins)
        np.greater_equal(slice_, plan.fixed[1], out=maybe)
    else:
        thr = _threshold_into(plan, rng, ws, n)
        slot, edge = ws.slot[:n], ws.edge[:n]
        np.copyto(slot, slice_)
        np.greater_equal(np.take(_LO, slot, out=edge, mode="clip"), thr, out=wins)
        np.greater(np.take(_HI, slot, out=edge, mode="clip"), thr, out=maybe)
    np.greater(maybe, wins, out=maybe)  # maybe and not won
    np.copyto(ws.won[:n], wins)
    ev = np.einsum("ij,j->i", ws.won[:n], plan.electors, out=ws.ev[:n]).astype(np.int64)
    unsure = _flagged(maybe.reshape(-1))
    if unsure.size:
        # e > t exactly when its uniform u = (slice + v) / SLICES exceeds Φ(t)
        u = (slice_.ravel()[unsure] + (1.0 - rng.random(unsure.size))) / SLICES
        won = unsure[u > norm_cdf(thr.ravel()[unsure].astype(np.float64))]
        ev += np.bincount(won // m, weights=plan.electors_i[won % m], minlength=n).astype(np.int64)
    return ev


def _picked(plan: _Plan, rng: np.random.Generator, e: F32, thr: F32) -> F64 | None:
    """Draw the picked contests' errors from their truncated laws given the factors; return
    each simulation's weight, the probability of the picks given its factors."""
    if not plan.picks:
        return None
    n = e.shape[0]
    weight = np.ones(n)
    for i, first in plan.picks.items():
        c = thr[:, i].astype(np.float64)  # the contest is won when e > c
        v = 1.0 - rng.random(n)
        if first:
            tail = norm_sf(c)
            e[:, i] = -norm_ppf(v * tail)
        else:
            tail = norm_cdf(c)
            e[:, i] = norm_ppf(v * tail)
        weight *= tail
    return weight


def _margins(plan: _Plan, rng: np.random.Generator, n: int) -> tuple[F32, F64 | None]:
    """Simulated margins (n, contests) and the weights of the picks (``None``: all 1)."""
    e = rng.standard_normal((n, len(plan.mu)), dtype=np.float32)
    if plan.chol_t is not None:
        scale = _scale(plan, rng, n)
        margins = e @ plan.chol_t
        if scale is not None:
            margins *= scale[:, None]
        margins += plan.mu
        if not plan.picks:
            return margins, None
        cols = list(plan.picks)
        wanted = np.array([plan.picks[i] for i in cols])
        return margins, np.all((margins[:, cols] > 0) == wanted, axis=1).astype(np.float64)
    thr, scale = _threshold(plan, rng, n)
    weight = _picked(plan, rng, e, thr)
    e -= thr
    e *= plan.idio_t[:n]
    if scale is not None:
        e *= scale[:, None]
    return e, weight


def _tipping_points(plan: _Plan, margins: F32, ev: I64) -> I64:
    """The tipping-point contest of each simulation (meaningless where no one has a majority).

    The float32 bits of a margin, with the magnitude bits flipped for negative numbers, sort as
    integers in the order of the margins, and flipping all bits reverses the order (the key of
    -margin): so after one xor the winner's margins sort ascending from the safest.
    """
    n = len(ev)
    keys = margins.view(np.int32).copy()
    sign = keys >> 31
    sign &= 0x7FFFFFFF
    keys ^= sign
    keys ^= np.where(ev >= plan.majority, np.int32(-1), np.int32(0))[:, None]
    keys &= -(1 << plan.bits)
    keys |= plan.index_t[:n]
    keys.sort(axis=1)
    keys &= (1 << plan.bits) - 1
    reached = np.cumsum(np.take(plan.electors_i, keys), axis=1, dtype=np.int16)
    first = (reached >= plan.majority).argmax(axis=1)
    return np.asarray(keys[np.arange(n), first], dtype=np.int64)


def _split(share: F32, plan: _Plan, margins: F32, ev: I64) -> npt.NDArray[np.bool_]:
    """Simulations where the popular-vote winner does not win a majority of the electors."""
    popular = margins @ share
    return ((ev >= plan.majority) & (popular < 0)) | (
        (plan.total - ev >= plan.majority) & (popular > 0)
    )


def _chunk(plan: _Plan, seed: np.random.SeedSequence, n: int, ws: _Workspace | None) -> _Tally:
    rng = np.random.Generator(np.random.SFC64(seed))
    tally = _Tally(ev=np.zeros(plan.total + 1), tipping=np.zeros(len(plan.mu)))
    if ws is not None:
        ev = _wins_only(plan, rng, ws, n)
        tally.ev += np.bincount(ev, minlength=plan.total + 1)
        tally.weight = tally.weight2 = float(n)
        return tally
    margins, weight = _margins(plan, rng, n)
    wins = (margins > 0).view(np.int8).astype(np.float32)
    ev = np.einsum("ij,j->i", wins, plan.electors).astype(np.int64)
    tally.ev += np.bincount(ev, weights=weight, minlength=plan.total + 1)
    tally.weight = float(n) if weight is None else float(weight.sum())
    tally.weight2 = float(n) if weight is None else float(weight @ weight)
    if plan.share is not None:
        split = _split(plan.share, plan, margins, ev)
        tally.split = float(split.sum()) if weight is None else float(weight[split].sum())
    if plan.tipping:
        decided = (ev >= plan.majority) | (plan.total - ev >= plan.majority)
        tip = _tipping_points(plan, margins, ev)[decided]
        w = None if weight is None else weight[decided]
        tally.tipping += np.bincount(tip, weights=w, minlength=len(plan.mu))
    return tally


def _run(plan: _Plan, seed: int, sims: int, threads: int, progress: Progress | None) -> _Tally:
    chunks = -(-sims // CHUNK)
    seeds = np.random.SeedSequence(seed).spawn(chunks)
    sizes = [min(CHUNK, sims - j * CHUNK) for j in range(chunks)]
    workers = max(1, min(threads, chunks))
    # at most `workers` chunks run at once, so a worker never waits for a workspace
    spare: queue.SimpleQueue[_Workspace | None] = queue.SimpleQueue()
    for _ in range(workers):
        spare.put(_Workspace.new(sizes[0], len(plan.mu)) if plan.wins_only else None)

    def work(seed: np.random.SeedSequence, size: int) -> _Tally:
        ws = spare.get()
        try:
            return _chunk(plan, seed, size, ws)
        finally:
            spare.put(ws)

    total = _Tally(ev=np.zeros(plan.total + 1), tipping=np.zeros(len(plan.mu)))
    done = 0
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for size, tally in zip(sizes, pool.map(work, seeds, sizes), strict=True):
            total.add(tally)
            done += size
            if progress is not None:
                progress(done, sims)
    return total


def _vpi(contests: Contests, tipping: F64) -> dict[str, float] | None:
    """P(tipping point) per voter, relative to all voters (the average voter has 1)."""
    if not contests.has_turnout or tipping.sum() == 0:
        return None
    turnout = np.array([c.turnout or 0 for c in contests.contests], dtype=np.float64)
    power = (tipping / turnout) / (tipping.sum() / turnout.sum())
    return dict(zip(contests.ids, (float(x) for x in power), strict=True))


def simulate(
    contests: Contests,
    model: ErrorModel,
    *,
    sims: int = 100_000,
    seed: int | None = None,
    threads: int | None = None,
    picks: Mapping[str, str] | None = None,
    house: House | None = None,
    tipping: bool = True,
    popular_vote: bool = True,
    progress: Progress | None = None,
) -> Forecast:
    """Simulate the election ``sims`` times.

    Args:
        contests: the contests and the two sides.
        model: any error model.
        sims: number of simulations.
        seed: the seed (default: fresh entropy); echoed in the result.
        threads: worker threads (default: the CPUs); the result does not depend on it.
        picks: outcomes to condition on, e.g. ``{"PA": "A", "GA": "A"}``.
        house: state delegations per side, for the contingent election.
        tipping: compute the tipping point and the voter power index (the costlier part).
        popular_vote: compute P(split) when every contest gives its turnout.
        progress: called with (done, asked) after each chunk.

    Raises:
        RuleInputError: sims not positive, a negative seed, fewer than one thread, unknown
            picks, or no simulation consistent with the picks.
    """
    if sims <= 0:
        raise RuleInputError(f"--sims {sims}: expected a positive number of simulations")
    if seed is not None and seed < 0:  # numpy's SeedSequence takes non-negative integers
        raise RuleInputError(f"--seed {seed}: expected a whole number >= 0")
    if threads is not None and threads < 1:
        raise RuleInputError(f"--threads {threads}: expected at least 1 thread")
    seed = secrets.randbits(63) if seed is None else seed
    st = structure(contests, model)
    plan = _plan(contests, st, check_picks(contests, picks), tipping, popular_vote)
    t = _run(plan, seed, sims, threads or os.cpu_count() or 1, progress)
    if not t.weight > 0:
        raise RuleInputError(
            f"picks {dict(picks or {})}: no simulation agrees with them; raise --sims "
            "or use a factor model (which weights instead of discarding)"
        )
    dist = t.ev / t.weight
    odds = summarise(dist, contests, house)
    tip = t.tipping / t.weight
    return Forecast(
        candidates=contests.candidates,
        contests=contests.ids,
        electors=contests.electors,
        majority=contests.majority,
        method="mc",
        model=model.id,
        sims=sims,
        seed=seed,
        ev_distribution=tuple(float(x) for x in dist),
        p_win=odds.p_win,
        p_tie=odds.p_tie,
        p_no_majority=odds.p_no_majority,
        p_president=odds.p_president,
        p_unresolved=odds.p_unresolved,
        house=odds.house,
        p_split=t.split / t.weight if plan.share is not None else None,
        tipping=dict(zip(contests.ids, (float(x) for x in tip), strict=True)) if tipping else None,
        vpi=_vpi(contests, tip) if tipping else None,
        picks=dict(picks or {}),
        p_picks=t.weight / sims if picks else None,
        effective_sims=t.weight**2 / t.weight2 if t.weight2 > 0 else 0.0,
    )
