"""A/B holdout: a control group of the same share inside every segment.

The control rows are chosen by a fixed integer hash, not a random-number stream, so
the same labels, share and seed give the same groups on any machine and release.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from segmentation.errors import InputError

__all__ = ("MAX_CONTROL_SHARE", "ab_split", "check_control_share")

#: The largest control share :func:`ab_split` accepts.
MAX_CONTROL_SHARE = 0.9
_MASK64 = (1 << 64) - 1


def check_control_share(share: float) -> float:
    """Return the control share as a float; InputError unless 0 <= share <= 0.9.

    Examples
    --------
    >>> check_control_share(0.2)
    0.2
    """
    try:
        value = float(share)
    except (TypeError, ValueError):
        value = math.nan
    if isinstance(share, bool) or not 0 <= value <= MAX_CONTROL_SHARE:
        raise InputError(
            f"The control share must be a number from 0 to {MAX_CONTROL_SHARE}, "
            f"not {share!r}."
        )
    return value


def ab_split(
    labels: np.ndarray | pd.Series, control_share: float, *, seed: int = 0
) -> pd.Series:
    """Split every segment into a treatment group and a control (holdout) group.

    Inside each segment (the unassigned, -1, included) of n rows, exactly
    ``round(n * control_share)`` rows (halves rounded up) are ``control``, the rest
    ``treatment``, so every segment is held out in the same proportion.

    Which rows: each row gets a 64-bit key from a fixed integer hash (splitmix64) of
    (seed, its segment label, its row position), and the rows of a segment with the
    smallest keys are the controls. So the choice depends only on the seed, the
    segment's label and its row positions: re-running gives the same groups, one
    segment's size never reshuffles another's, and no random-number stream (which
    may change between NumPy versions) is involved.

    Parameters
    ----------
    labels : array or Series of int
        Segment of each row.
    control_share : float
        Share of each segment held out, from 0 (everyone is treated) to 0.9.
    seed : int, default 0
        Another seed draws other control rows.

    Returns
    -------
    Series of str
        ``treatment`` or ``control`` per row, named ``ab_group`` (same index as
        ``labels`` when it is a Series).

    Raises
    ------
    InputError
        When ``control_share`` is not a number from 0 to 0.9.

    Examples
    --------
    >>> labels = np.array([0, 0, 0, 0, 1, 1, 1, -1])
    >>> groups = ab_split(labels, 0.5, seed=3)
    >>> [int((groups[labels == s] == "control").sum()) for s in (0, 1, -1)]
    [2, 2, 1]
    """
    share = check_control_share(control_share)
    index = labels.index if isinstance(labels, pd.Series) else None
    codes = np.asarray(labels).astype(np.int64).ravel()
    control = np.zeros(len(codes), dtype=bool)
    if share > 0 and len(codes):
        positions = np.arange(len(codes), dtype=np.uint64)
        keys = _row_keys(seed, codes, positions)
        order = np.lexsort((positions, keys, codes))  # by segment, then key
        sorted_codes = codes[order]
        starts = np.flatnonzero(np.r_[True, sorted_codes[1:] != sorted_codes[:-1]])
        sizes = np.diff(np.r_[starts, len(codes)])
        wanted = np.floor(sizes * share + 0.5 + 1e-9).astype(np.int64)
        rank = np.arange(len(codes)) - np.repeat(starts, sizes)
        control[order] = rank < np.repeat(wanted, sizes)
    groups = np.where(control, "control", "treatment")
    return pd.Series(groups, index=index, name="ab_group", dtype="str")


def _row_keys(seed: int, codes: np.ndarray, positions: np.ndarray) -> np.ndarray:
    seed_key = _splitmix64(np.array([int(seed) & _MASK64], dtype=np.uint64))
    label_key = _splitmix64(seed_key ^ codes.view(np.uint64))
    return _splitmix64(label_key ^ positions)


def _splitmix64(x: np.ndarray) -> np.ndarray:
    """Hash 64-bit integers with the splitmix64 finaliser (fixed, well mixed)."""
    with np.errstate(over="ignore"):
        z = x + np.uint64(0x9E3779B97F4A7C15)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return z ^ (z >> np.uint64(31))
