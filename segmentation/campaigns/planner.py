"""Before a campaign: how many customers a test needs to see a given lift.

For a baseline outcome rate and the lift the campaign should bring (in rate
points), the customers a two-sided test at ``alpha`` detects with ``power`` need,
split between treatment and control by the control share (statsmodels' power of
the two-sample z-test on Cohen's h). Per segment: whether it is big enough at the
chosen control share, and the smallest control share that would do.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import pandas as pd
from statsmodels.stats.power import NormalIndPower
from statsmodels.stats.proportion import proportion_effectsize

from segmentation.errors import InputError

__all__ = ("CONTROL_SHARES", "customers_needed", "plan_segments")

#: The control shares the planner tries, smallest first.
CONTROL_SHARES = tuple(round(s, 2) for s in np.arange(0.05, 0.51, 0.05))


def _effect(baseline: float, lift: float) -> float:
    if not 0 < baseline < 1:
        raise InputError(f"The baseline rate must be between 0 and 1, not {baseline}.")
    if lift == 0 or not 0 < baseline + lift < 1:
        raise InputError(
            f"A lift of {lift:+.1%} on a {baseline:.1%} baseline is not a rate "
            "between 0% and 100% apart from the baseline."
        )
    return abs(float(proportion_effectsize(baseline + lift, baseline)))


def customers_needed(
    baseline: float,
    lift: float,
    *,
    control_share: float = 0.2,
    power: float = 0.8,
    alpha: float = 0.05,
) -> tuple[int, int]:
    """Return the treatment and control customers a test needs.

    Parameters
    ----------
    baseline : float
        The outcome rate without the campaign (0 to 1).
    lift : float
        The change in rate to detect (e.g. 0.02 for two points).
    control_share : float, default 0.2
        The share held out as control.
    power, alpha : float
        The chance to detect the lift, and the two-sided significance level.

    Returns
    -------
    tuple of (int, int)
        Treatment and control customers, rounded up.

    Examples
    --------
    >>> customers_needed(0.10, 0.02, control_share=0.5)
    (3835, 3835)
    """
    if not 0 < control_share < 1:
        raise InputError("The control share must be between 0 and 1.")
    ratio = control_share / (1 - control_share)
    treated = NormalIndPower().solve_power(
        effect_size=_effect(baseline, lift), alpha=alpha, power=power, ratio=ratio
    )
    return math.ceil(treated), math.ceil(treated * ratio)


def _power(effect: float, size: int, share: float, alpha: float) -> float:
    treated = size * (1 - share)
    if treated < 2 or size * share < 2:
        return 0.0
    return float(
        NormalIndPower().power(
            effect_size=effect, nobs1=treated, alpha=alpha, ratio=share / (1 - share)
        )
    )


def plan_segments(
    sizes: Mapping[str, int],
    baseline: float,
    lift: float,
    *,
    control_share: float = 0.2,
    power: float = 0.8,
    alpha: float = 0.05,
) -> pd.DataFrame:
    """Say per segment whether a test of the campaign can see the lift.

    Parameters
    ----------
    sizes : mapping
        Segment -> its customers.
    baseline, lift, control_share, power, alpha
        As for :func:`customers_needed`.

    Returns
    -------
    pandas.DataFrame
        ``segment``, ``customers``, ``needed`` (treatment plus control at the
        control share), ``power`` (the chance to see the lift at that share),
        ``enough``, ``smallest_control_share`` (of :data:`CONTROL_SHARES`; empty
        when none is enough: the segment is too small).
    """
    treated, control = customers_needed(
        baseline, lift, control_share=control_share, power=power, alpha=alpha
    )
    effect = _effect(baseline, lift)
    rows = []
    for segment, size in sizes.items():
        reached = _power(effect, int(size), control_share, alpha)
        smallest = next(
            (s for s in CONTROL_SHARES if _power(effect, int(size), s, alpha) >= power),
            None,
        )
        rows.append(
            {
                "segment": segment,
                "customers": int(size),
                "needed": treated + control,
                "power": reached,
                "enough": reached >= power,
                "smallest_control_share": smallest,
            }
        )
    return pd.DataFrame(rows)
