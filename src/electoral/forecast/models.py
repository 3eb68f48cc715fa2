"""Error models: how the contests' errors move together.

In every model a contest's ``sd`` is the whole standard deviation of its margin, so each
contest's own chance (its marginal probability) is the same under every model; the models
differ only in how the errors are correlated:

- ``independent``: each contest's error is its own;
- ``national``: one national factor of ``national_sd`` points shared by every contest, plus an
  independent part of ``sqrt(sd² - national_sd²)`` points;
- ``regional``: the national factor plus one factor per census region (``regional_sd`` points),
  plus an independent part of ``sqrt(sd² - national_sd² - regional_sd²)``;
- ``matrix:FILE``: a full correlation matrix (covariance ``D C D``, ``D`` the sds).

Tails: ``normal``, or ``t:DF`` (DF > 2), a multivariate Student t: the whole error vector is
scaled by ``sqrt((DF - 2) / W)``, ``W`` chi-square with DF degrees of freedom, shared by every
contest (a year whose polls miss everywhere by more than usual). The scaling keeps each sd the
standard deviation.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Final

import numpy as np
import numpy.typing as npt

from electoral.data._csv import csv_records
from electoral.errors import DataError, RuleInputError, UnknownRuleError
from electoral.forecast.contests import MAX_SD, Contests, Region

__all__ = [
    "DEFAULT_NATIONAL_SD",
    "DEFAULT_REGIONAL_SD",
    "Correlation",
    "ErrorModel",
    "ModelKind",
    "Structure",
    "parse_model",
    "parse_tails",
    "read_correlation",
    "structure",
]

DEFAULT_NATIONAL_SD: Final = 3.0
"""Points of each contest's sd shared nationally by default (correlation 0.36 at sd 5)."""
DEFAULT_REGIONAL_SD: Final = 2.0
"""Points shared within a census region by default (correlation 0.52 within a region at sd 5)."""
PSD_TOLERANCE: Final = 1e-9


class ModelKind(StrEnum):
    """The error models, by their stable ids."""

    INDEPENDENT = "independent"
    NATIONAL = "national"
    REGIONAL = "regional"
    MATRIX = "matrix"


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class Correlation:
    """A correlation matrix over named contests, validated symmetric positive semi-definite."""

    labels: tuple[str, ...]
    values: npt.NDArray[np.float64]
    source: str


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class ErrorModel:
    """An error model: its kind, the factor sizes in points, the matrix, the tails."""

    kind: ModelKind = ModelKind.INDEPENDENT
    national_sd: float = 0.0
    regional_sd: float = 0.0
    correlation: Correlation | None = None
    df: float | None = None
    """Degrees of freedom of the t tails; ``None`` for normal tails."""

    @property
    def id(self) -> str:
        base = f"matrix:{self.correlation.source}" if self.correlation else self.kind.value
        return base + (f" t:{self.df:g}" if self.df else "")

    @property
    def has_factors(self) -> bool:
        """Whether exact computation applies (independent or factor structure)."""
        return self.kind is not ModelKind.MATRIX


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class Structure:
    """A model applied to contests, as arrays: margin = mu + scale * (loadings' F + idio * e),
    ``F`` standard normal factors, ``e`` independent standard normals, ``scale`` 1 or the t
    mixing scale; for a matrix model margin = mu + scale * (chol @ e)."""

    mu: npt.NDArray[np.float64]
    idio: npt.NDArray[np.float64]
    loadings: npt.NDArray[np.float64]
    """Shape (factors, contests): the national row first, then one row per region."""
    national: float
    regional: float
    region: npt.NDArray[np.intp]
    """Each contest's region index (0-3), for the nested quadrature."""
    chol: npt.NDArray[np.float64] | None = None
    df: float | None = None
    electors: npt.NDArray[np.int64] = field(default_factory=lambda: np.zeros(0, np.int64))


def parse_tails(text: str) -> float | None:
    """``normal`` or ``t:DF`` (DF > 2) as degrees of freedom (``None``: normal).

    Raises:
        RuleInputError: anything else.
    """
    spec = text.strip().lower()
    if spec == "normal":
        return None
    kind, _, df = spec.partition(":")
    try:
        value = float(df)
    except ValueError:
        value = math.nan
    if kind != "t" or not value > 2 or not math.isfinite(value):
        raise RuleInputError(f"--tails {text!r}: expected 'normal' or 't:DF' with DF > 2")
    return value


def parse_model(
    spec: str,
    *,
    national_sd: float = DEFAULT_NATIONAL_SD,
    regional_sd: float = DEFAULT_REGIONAL_SD,
    tails: str = "normal",
) -> ErrorModel:
    """An error model from its id: ``independent``, ``national``, ``regional`` or
    ``matrix:FILE``.

    Raises:
        UnknownRuleError: unknown model id.
        RuleInputError: factor sizes negative or over :data:`~electoral.forecast.contests.MAX_SD`,
            or bad tails.
        DataError: a malformed matrix file.
    """
    df = parse_tails(tails)
    for name, value in (("--national-sd", national_sd), ("--regional-sd", regional_sd)):
        if not 0 <= value <= MAX_SD:
            raise RuleInputError(
                f"{name} {value:g}: expected a non-negative number of points, at most {MAX_SD:g}"
            )
    kind_text, _, file = spec.partition(":")
    try:
        kind = ModelKind(kind_text.strip().lower())
    except ValueError:
        known = [k.value for k in ModelKind if k is not ModelKind.MATRIX] + ["matrix:FILE"]
        raise UnknownRuleError("error model", spec, known) from None
    if kind is ModelKind.MATRIX:
        if not file:
            raise RuleInputError(f"--model {spec!r}: expected matrix:FILE")
        return ErrorModel(kind=kind, correlation=read_correlation(file), df=df)
    return ErrorModel(
        kind=kind,
        national_sd=national_sd if kind is not ModelKind.INDEPENDENT else 0.0,
        regional_sd=regional_sd if kind is ModelKind.REGIONAL else 0.0,
        df=df,
    )


def read_correlation(path: str | Path) -> Correlation:
    """A correlation matrix CSV: header ``contest,AL,AK,...``, then one row per contest in the
    same order, ones on the diagonal; it must be symmetric positive semi-definite.

    Raises:
        DataError: naming the file, line and field of the first problem.
    """
    path = Path(path)
    file = path.name
    table = [row for _, row in csv_records(path, file)]
    if not table or not table[0] or table[0][0].strip() != "contest":
        raise DataError(file, 1, "contest", "column missing; expected contest,<contest ids...>")
    labels = tuple(h.strip().upper() for h in table[0][1:])
    n = len(labels)
    if len(table) != n + 1:
        raise DataError(file, len(table), "contest", f"{len(table) - 1} rows for {n} columns")
    values = np.empty((n, n))
    for i, row in enumerate(table[1:]):
        line = i + 2
        if row[0].strip().upper() != labels[i] or len(row) != n + 1:
            raise DataError(file, line, "contest", f"expected row {labels[i]} with {n} values")
        for j, cell in enumerate(row[1:]):
            try:
                values[i, j] = float(cell)
            except ValueError:
                raise DataError(file, line, labels[j], f"{cell!r} is not a number") from None
    _check_correlation(values, labels, file)
    return Correlation(labels=labels, values=values, source=file)


def _check_correlation(values: npt.NDArray[np.float64], labels: tuple[str, ...], file: str) -> None:
    off = np.flatnonzero(np.abs(np.diag(values) - 1) > 1e-9)
    if off.size:
        k = int(off[0])
        raise DataError(file, k + 2, labels[k], f"diagonal {values[k, k]:g}, expected 1")
    asymmetric = np.abs(values - values.T) > 1e-9
    bad = np.argwhere(~np.isfinite(values) | (np.abs(values) > 1) | asymmetric)
    if bad.size:
        i, j = (int(k) for k in bad[0])
        raise DataError(
            file, i + 2, labels[j], f"{values[i, j]:g}: expected a symmetric matrix in [-1, 1]"
        )
    smallest = float(np.linalg.eigvalsh(values)[0])
    if smallest < -PSD_TOLERANCE:
        raise DataError(
            file, 1, "contest", f"not positive semi-definite (smallest eigenvalue {smallest:.3g})"
        )


def _cholesky(values: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """A factor L with L L' = values, for a semi-definite matrix too (via the eigenvectors)."""
    try:
        return np.asarray(np.linalg.cholesky(values), dtype=np.float64)
    except np.linalg.LinAlgError:
        w, v = np.linalg.eigh(values)
        return np.asarray(v * np.sqrt(np.clip(w, 0.0, None)), dtype=np.float64)


def structure(contests: Contests, model: ErrorModel) -> Structure:
    """Apply ``model`` to ``contests``.

    Raises:
        RuleInputError: the factors exceed a contest's sd, or the matrix does not list exactly
            the contests.
    """
    cs = contests.contests
    mu = np.array([c.margin for c in cs])
    sd = np.array([c.sd for c in cs])
    regions = list(Region)
    region = np.array([regions.index(c.region) for c in cs], dtype=np.intp)
    electors = np.array([c.electors for c in cs], dtype=np.int64)
    if model.correlation is not None:
        order = _align(model.correlation, contests.ids)
        corr = model.correlation.values[np.ix_(order, order)]
        chol = _cholesky(corr * np.outer(sd, sd))
        return Structure(
            mu=mu,
            idio=np.zeros_like(sd),
            loadings=np.zeros((0, len(cs))),
            national=0.0,
            regional=0.0,
            region=region,
            chol=chol,
            df=model.df,
            electors=electors,
        )
    shared = model.national_sd**2 + model.regional_sd**2
    too_small = [c for c in cs if not c.sd**2 > shared]
    if too_small:
        c = too_small[0]
        raise RuleInputError(
            f"contest {c.id}: sd {c.sd:g} is not above the shared error "
            f"(national {model.national_sd:g}, regional {model.regional_sd:g} points); "
            "expected national_sd² + regional_sd² < sd² for every contest"
        )
    loadings = [np.full(len(cs), model.national_sd)] if model.national_sd > 0 else []
    if model.regional_sd > 0:
        loadings += [np.where(region == r, model.regional_sd, 0.0) for r in range(len(regions))]
    return Structure(
        mu=mu,
        idio=np.sqrt(sd**2 - shared),
        loadings=np.array(loadings).reshape(len(loadings), len(cs)),
        national=model.national_sd,
        regional=model.regional_sd,
        region=region,
        df=model.df,
        electors=electors,
    )


def _align(correlation: Correlation, ids: tuple[str, ...]) -> list[int]:
    missing = [c for c in ids if c not in correlation.labels]
    extra = [c for c in correlation.labels if c not in ids]
    if missing or extra:
        what = f"lacks {', '.join(missing)}" if missing else f"has unknown {', '.join(extra)}"
        raise RuleInputError(
            f"correlation matrix {correlation.source} {what}: expected exactly the contests"
        )
    return [correlation.labels.index(c) for c in ids]
