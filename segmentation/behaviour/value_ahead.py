"""Value ahead: the chance each customer is still active and what they will spend.

A purchase log says what customers have spent; marketers decide on what they will
spend. :func:`value_ahead` fits the two standard models of non-contractual buying
to the per-customer behaviour of a log (:func:`segmentation.behaviour.behaviour_of_log`)
with the ``lifetimes`` library:

- **MBG/NBD** (Batislam, Denizel & Filiztekin 2007), the BG/NBD model of Fader,
  Hardie & Lee (2005) with a chance of leaving after the first purchase too: how
  often each customer buys while active and how likely they are to have left.
  Plain BG/NBD gives every one-time buyer a 100% chance of being active however
  long ago they bought; in a retail log a third of the customers buy once, so the
  modified form is used.
- **Gamma-Gamma** (Fader, Hardie & Lee 2005): each customer's spend per purchase,
  their own average pulled toward the population's by how few purchases it rests on.

Per customer: ``p_alive`` (chance still active on the as-of day),
``expected_purchases`` over the horizon (default 365 days) and ``expected_value``
(expected purchases x expected spend per purchase; not discounted). One-time buyers
get the models' answer too. What the models see: a repeat purchase is each invoice
after the first (``frequency - 1``), time is in days, from a customer's first
purchase (``tenure_days``) and to the last (``tenure_days - recency_days``); spend
per purchase is the net ``avg_order_value`` over a customer's ``frequency``
purchases (returns netted, as in the behaviour table), modelled on the customers
with two purchases or more.

When the log cannot carry a fit (too few repeat buyers, no convergence, a fit whose
repeat purchases over the observed days stray from the log's by more than half)
the result says so in one sentence and has no figures: the product then ranks by
past value. A fit off by more than a tenth is used, and its note says it is
rough.
"""

from __future__ import annotations

import contextlib
import io
import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from segmentation.choices import DEFAULT_HORIZON_DAYS

__all__ = (
    "DEFAULT_HORIZON_DAYS",
    "MIN_REPEAT_BUYERS",
    "VALUE_AHEAD_COLUMNS",
    "ValueAhead",
    "value_ahead",
)

#: The columns :func:`value_ahead` gives, in order.
VALUE_AHEAD_COLUMNS = ("p_alive", "expected_purchases", "expected_value")
#: Customers with a second purchase needed before repeat buying is modelled.
MIN_REPEAT_BUYERS = 30
#: How far the fitted model's repeat purchases over the observed days may stray
#: from the log's own before the fit is not used (a share of the log's)...
REPRODUCED_WITHIN = 0.5
#: ... and from which the note says the figures rank better than they count.
ROUGH_FIT = 0.1


@dataclass(frozen=True, slots=True)
class ValueAhead:
    """The models' figures per customer, or why there are none.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per row of the behaviour table, same index, columns
        :data:`VALUE_AHEAD_COLUMNS`; all missing when ``fitted`` is False.
    fitted : bool
        Whether the purchase model was fitted and trusted.
    note : str
        One sentence: what was fitted on how many customers, or why nothing was.
    horizon_days : int
        The days ahead ``expected_purchases`` and ``expected_value`` count over.
    parameters : tuple of (str, float)
        The fitted parameters (``r``, ``alpha``, ``a``, ``b``, then ``p``, ``q``,
        ``v`` when spend was modelled), empty when not fitted.
    spend_modelled : bool
        Whether the Gamma-Gamma spend model was fitted; when not, spend per
        purchase is each customer's own net average (the note says why).
    """

    table: pd.DataFrame
    fitted: bool
    note: str
    horizon_days: int
    parameters: tuple[tuple[str, float], ...] = ()
    spend_modelled: bool = False


def value_ahead(
    behaviour: pd.DataFrame,
    *,
    horizon_days: int = DEFAULT_HORIZON_DAYS,
    min_repeat_buyers: int = MIN_REPEAT_BUYERS,
) -> ValueAhead:
    """Fit the purchase and spend models; give each customer's value ahead.

    Parameters
    ----------
    behaviour : pandas.DataFrame
        A behaviour table (:func:`segmentation.behaviour.behaviour_of_log`): it
        needs ``frequency``, ``recency_days``, ``tenure_days`` and
        ``avg_order_value``.
    horizon_days : int, default 365
        Days ahead to count expected purchases and value over.
    min_repeat_buyers : int, default 30
        Fewer customers with a second purchase than this: no fit.

    Returns
    -------
    ValueAhead

    Raises
    ------
    ValueError
        ``horizon_days`` below 1 or a needed column missing.
    """
    if int(horizon_days) < 1:
        raise ValueError(f"The horizon must be at least one day, not {horizon_days}.")
    missing = {"frequency", "recency_days", "tenure_days", "avg_order_value"}
    missing -= set(behaviour.columns)
    if missing:
        raise ValueError(f"The behaviour table lacks {', '.join(sorted(missing))}.")
    horizon = int(horizon_days)
    repeat, age, last = _model_inputs(behaviour)
    empty = pd.DataFrame(
        np.nan, index=behaviour.index, columns=list(VALUE_AHEAD_COLUMNS)
    )
    repeaters = int((repeat > 0).sum())
    if repeaters < min_repeat_buyers:
        return ValueAhead(
            empty,
            False,
            f"Only {repeaters:,} customer(s) bought more than once; a model of "
            f"repeat buying needs {min_repeat_buyers:,} or more, so value ahead is "
            "not estimated and past value is used.",
            horizon,
        )
    # Customers with the same (repeats, first to last, age) are one pattern to
    # the model: fitted once, weighted by their number, and figured once.
    patterns, inverse, counts = np.unique(
        np.column_stack([repeat, last, age]),
        axis=0,
        return_inverse=True,
        return_counts=True,
    )
    inverse = inverse.reshape(-1)
    x, t_x, t_age = patterns.T
    purchases, said = _fit_purchases(x, t_x, t_age, counts)
    if purchases is None:
        return ValueAhead(empty, False, said, horizon)
    with np.errstate(all="ignore"):
        alive = purchases.conditional_probability_alive(x, t_x, t_age)
        expected = purchases.conditional_expected_number_of_purchases_up_to_time(
            horizon, x, t_x, t_age
        )
    alive = np.asarray(alive, float)[inverse]
    expected = np.asarray(expected, float)[inverse]
    if not (np.isfinite(alive).all() and np.isfinite(expected).all()):
        return ValueAhead(
            empty,
            False,
            "The repeat-buying model gave no usable figures for some customers, "
            "so value ahead is not estimated and past value is used.",
            horizon,
        )
    spend, spend_note, spend_parameters = _spend_per_purchase(behaviour)
    table = pd.DataFrame(
        {
            "p_alive": np.clip(alive, 0.0, 1.0),
            "expected_purchases": expected,
            "expected_value": expected * spend,
        },
        index=behaviour.index,
    )
    parameters = tuple(
        (name, float(value)) for name, value in purchases.params_.items()
    )
    note = (
        f"Fitted on {len(behaviour):,} customers ({repeaters:,} bought more than "
        f"once): chance still active and purchases over the next {horizon:,} days "
        "from an MBG/NBD model, " + spend_note
    )
    if said:  # a rough fit: said at the end of the sentence
        note = note[:-1] + said
    return ValueAhead(
        table,
        True,
        note,
        horizon,
        parameters + spend_parameters,
        bool(spend_parameters),
    )


def _model_inputs(behaviour: pd.DataFrame) -> tuple[np.ndarray, ...]:
    """Give repeat purchases, days since the first purchase, first to last."""
    frequency = pd.to_numeric(behaviour["frequency"]).to_numpy(float)
    tenure = pd.to_numeric(behaviour["tenure_days"]).to_numpy(float)
    recency = pd.to_numeric(behaviour["recency_days"]).to_numpy(float)
    repeat = np.maximum(frequency - 1, 0)
    last = np.clip(tenure - recency, 0, None)
    return repeat, tenure, np.where(repeat > 0, last, 0.0)


def _lifetimes():
    """Import lifetimes (its import sets a pandas option pandas 3 warns about)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import lifetimes
        from lifetimes.utils import ConvergenceError
    return lifetimes, ConvergenceError


def _fit_purchases(
    repeat: np.ndarray, last: np.ndarray, age: np.ndarray, weights: np.ndarray
) -> tuple[Any, str]:
    """Fit MBG/NBD; give the fitter and what to say of it.

    Returns
    -------
    tuple of (fitter or None, str)
        None and the sentence saying why the fit cannot be used; or the fitter
        and "" (a good fit) or the clause saying the fit is rough.
    """
    lifetimes, ConvergenceError = _lifetimes()
    fitter = lifetimes.ModifiedBetaGeoFitter(penalizer_coef=0.0)
    untrusted = (
        "The repeat-buying model did not settle on this log ({why}), so value "
        "ahead is not estimated and past value is used."
    )
    # lifetimes prints the optimiser's state before raising ConvergenceError.
    with contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            fitter.fit(repeat, last, age, weights=weights)
        except (ConvergenceError, ValueError, np.linalg.LinAlgError):
            return None, untrusted.format(why="no convergence")
    values = np.asarray(list(fitter.params_.values), float)
    if not np.isfinite(values).all() or (values <= 0).any():
        return None, untrusted.format(why="parameters out of range")
    # The fit's repeat purchases over each customer's observed days, and the log's.
    with np.errstate(all="ignore"):
        by_age = fitter.expected_number_of_purchases_up_to_time(age)
    modelled = float(np.sum(by_age * weights))
    observed = float(np.sum(repeat * weights))
    off = abs(modelled - observed)
    if not np.isfinite(modelled) or off > REPRODUCED_WITHIN * observed:
        return None, untrusted.format(why=_calibration(modelled, observed))
    if off > ROUGH_FIT * observed:
        return fitter, (
            f"; the fit is rough ({_calibration(modelled, observed)}): read the "
            "figures as a ranking more than as amounts."
        )
    return fitter, ""


def _calibration(modelled: float, observed: float) -> str:
    return (
        f"it gives {modelled:,.0f} repeat purchases over the observed days where "
        f"the log has {observed:,.0f}"
    )


def _spend_per_purchase(
    behaviour: pd.DataFrame,
) -> tuple[np.ndarray, str, tuple[tuple[str, float], ...]]:
    """Give the expected spend per purchase per customer, how, and the parameters.

    The Gamma-Gamma model reads each customer's purchases (``frequency``) and
    their net average (``avg_order_value``); it is fitted on the customers with
    two purchases or more and a positive average, and gives everyone with a
    positive average their own figure pulled toward the population's (one-time
    buyers most). Customers whose returns cancel their purchases get the
    population's average.
    """
    lifetimes, ConvergenceError = _lifetimes()
    count = pd.to_numeric(behaviour["frequency"]).to_numpy(float)
    average = pd.to_numeric(behaviour["avg_order_value"]).to_numpy(float)
    positive = np.isfinite(average) & (average > 0) & (count >= 1)
    usable = positive & (count >= 2)
    own = np.where(positive, average, 0.0)
    fallback = "spend per purchase from each customer's own net average ({why})."
    if usable.sum() < MIN_REPEAT_BUYERS:
        return own, fallback.format(why="too few repeat buyers to model it"), ()
    fitter = lifetimes.GammaGammaFitter(penalizer_coef=0.0)
    with contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            fitter.fit(count[usable], average[usable])
        except (ConvergenceError, ValueError, np.linalg.LinAlgError):
            return own, fallback.format(why="the spend model did not converge"), ()
    p, q, v = (float(fitter.params_[k]) for k in ("p", "q", "v"))
    if not all(np.isfinite((p, q, v))) or min(p, v) <= 0 or q <= 1:
        return own, fallback.format(why="the spend model's fit is out of range"), ()
    spend = np.asarray(
        fitter.conditional_expected_average_profit(
            np.where(positive, count, 0.0), np.where(positive, average, 1.0)
        ),
        float,
    )
    clause = "spend per purchase from a Gamma-Gamma model (not discounted)."
    return spend, clause, (("p", p), ("q", q), ("v", v))
