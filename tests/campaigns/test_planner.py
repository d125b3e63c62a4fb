"""The sample-size planner against the textbook formula, and per segment."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from segmentation.campaigns import customers_needed, plan_segments
from segmentation.errors import InputError


def _by_hand(baseline: float, lift: float, share: float) -> int:
    """Treatment customers: (z_a/2 + z_b)^2 (1 + 1/r) / h^2, r = control/treated."""
    h = 2 * np.arcsin(np.sqrt(baseline + lift)) - 2 * np.arcsin(np.sqrt(baseline))
    ratio = share / (1 - share)
    z = stats.norm.ppf(0.975) + stats.norm.ppf(0.8)
    return math.ceil(z**2 * (1 + 1 / ratio) / h**2)


@pytest.mark.parametrize(
    ("baseline", "lift", "share"),
    [(0.10, 0.02, 0.5), (0.05, 0.01, 0.2), (0.30, -0.05, 0.1), (0.02, 0.03, 0.3)],
)
def test_customers_needed_match_the_formula(baseline, lift, share):
    treated, control = customers_needed(baseline, lift, control_share=share)
    assert abs(treated - _by_hand(baseline, lift, share)) <= 1
    assert control == pytest.approx(treated * share / (1 - share), abs=1)


def test_each_segment_is_big_enough_or_says_what_would_do():
    treated, control = customers_needed(0.10, 0.03, control_share=0.2)
    sizes = {"0": 20_000, "1": treated + control + 50, "2": 4_000, "3": 300}
    plan = plan_segments(sizes, 0.10, 0.03, control_share=0.2).set_index("segment")
    assert plan.loc["0", "enough"] and plan.loc["1", "enough"]
    assert not plan.loc["2", "enough"] and not plan.loc["3", "enough"]
    assert plan.loc["0", "smallest_control_share"] <= 0.2
    # 4,000 customers: a larger control group than 20% gets there.
    assert 0.2 < plan.loc["2", "smallest_control_share"] <= 0.5
    assert np.isnan(plan.loc["3", "smallest_control_share"])  # too small
    assert (plan["needed"] == treated + control).all()
    assert plan.loc["1", "power"] >= 0.8 > plan.loc["2", "power"]


@pytest.mark.parametrize(("baseline", "lift"), [(0.0, 0.1), (0.5, 0.0), (0.9, 0.2)])
def test_impossible_rates_get_a_sentence(baseline, lift):
    with pytest.raises(InputError):
        customers_needed(baseline, lift)
