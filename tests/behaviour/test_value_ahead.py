"""Value ahead: chance still active, expected purchases and value per customer.

The log is made here by the story the models tell (each customer buys at a
Poisson rate drawn from a gamma, may leave after each purchase with a chance drawn
from a beta, spends per purchase around a gamma-distributed mean), with known
parameters, and read through the same behaviour step as any log. The reference
figures come from a fit written here with scipy (the MBG/NBD and Gamma-Gamma
likelihoods and conditional expectations from the papers), not from the code
under test.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import optimize, special, stats

from segmentation.behaviour import behaviour_of_log
from segmentation.behaviour.value_ahead import VALUE_AHEAD_COLUMNS, value_ahead

TRUTH = {"r": 0.6, "alpha": 40.0, "a": 0.8, "b": 4.0, "p": 6.0, "q": 4.0, "v": 60.0}


def simulated_log(customers: int, seed: int = 7) -> pd.DataFrame:
    """Make a purchase log from the MBG/NBD and Gamma-Gamma stories."""
    rng = np.random.default_rng(seed)
    rate = rng.gamma(TRUTH["r"], 1 / TRUTH["alpha"], customers)
    leave = rng.beta(TRUTH["a"], TRUTH["b"], customers)
    scale = rng.gamma(TRUTH["q"], 1 / TRUTH["v"], customers)
    start = pd.Timestamp("2023-01-01")
    joined = rng.integers(0, 500, customers)  # first purchase day
    rows = []
    for i in range(customers):
        times = [0.0]
        while rng.random() > leave[i]:  # still active after this purchase
            times.append(times[-1] + rng.exponential(1 / rate[i]))
            if joined[i] + times[-1] >= 540:
                times.pop()
                break
        for n, t in enumerate(times):
            spend = rng.gamma(TRUTH["p"], 1 / scale[i])
            day = start + pd.Timedelta(days=int(joined[i] + t))
            rows.append((f"C{i:05d}", f"O{i:05d}-{n}", f"{day:%Y-%m-%d}", spend))
    return pd.DataFrame(rows, columns=["customer", "order", "day", "amount"])


@pytest.fixture(scope="module")
def behaviour() -> pd.DataFrame:
    log = simulated_log(6000)
    return behaviour_of_log(
        log,
        customer="customer",
        date="day",
        amount="amount",
        invoice="order",
        as_of="2024-06-24",
    ).table


@pytest.fixture(scope="module")
def ahead(behaviour):
    return value_ahead(behaviour, horizon_days=365)


def _inputs(table: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    x = table["frequency"].to_numpy(float) - 1
    age = table["tenure_days"].to_numpy(float)
    last = np.where(x > 0, age - table["recency_days"].to_numpy(float), 0.0)
    return x, last, age


def mbg_log_likelihood(params, x, last, age) -> float:
    """Sum the MBG/NBD log-likelihood (Batislam et al. 2007, eq. 6)."""
    r, alpha, a, b = np.exp(params)
    head = (
        special.gammaln(r + x)
        - special.gammaln(r)
        + r * np.log(alpha)
        + special.betaln(a, b + x + 1)
        - special.betaln(a, b)
    )
    first = -(r + x) * np.log(alpha + age)
    second = np.log(a / (b + x)) - (r + x) * np.log(alpha + last)
    return float(np.sum(head + np.logaddexp(first, second)))


def mbg_fit(x, last, age) -> np.ndarray:
    """Fit by maximum likelihood with scipy."""
    found = optimize.minimize(
        lambda p: -mbg_log_likelihood(p, x, last, age),
        np.log([1.0, 10.0, 1.0, 1.0]),
        method="Nelder-Mead",
        options={"maxiter": 8000, "xatol": 1e-8, "fatol": 1e-8},
    )
    return np.exp(found.x)


def mbg_alive(params, x, last, age) -> np.ndarray:
    r, alpha, a, b = params
    return 1 / (1 + a / (b + x) * ((alpha + age) / (alpha + last)) ** (r + x))


def mbg_expected(params, t, x, last, age) -> np.ndarray:
    """E[purchases in (age, age + t]] given the history (Batislam et al., eq. 14)."""
    r, alpha, a, b = params
    z = t / (alpha + age + t)
    tail = ((alpha + age) / (alpha + age + t)) ** (r + x) * special.hyp2f1(
        r + x, b + x + 1, a + b + x, z
    )
    return (a + b + x) / (a - 1) * (1 - tail) * mbg_alive(params, x, last, age)


def test_figures_for_every_customer_one_time_buyers_included(behaviour, ahead):
    assert ahead.fitted, ahead.note
    assert list(ahead.table.columns) == list(VALUE_AHEAD_COLUMNS)
    assert ahead.table.index.equals(behaviour.index)
    assert ahead.table.notna().all().all()
    once = behaviour["frequency"].eq(1).to_numpy()
    assert once.sum() > 1000
    alive = ahead.table["p_alive"].to_numpy()
    assert (alive[once] < 1).all()  # MBG/NBD: one-time buyers may have left
    assert ((alive >= 0) & (alive <= 1)).all()
    assert "6,000 customers" in ahead.note or f"{len(behaviour):,}" in ahead.note


def test_fit_recovers_the_parameters_the_log_was_made_with(ahead):
    fitted = dict(ahead.parameters)
    # Purchase rate while active (r / alpha) and the chance of leaving after a
    # purchase (a / (a + b)): the figures the customers' story turns on.
    assert fitted["r"] / fitted["alpha"] == pytest.approx(
        TRUTH["r"] / TRUTH["alpha"], rel=0.2
    )
    truth_leave = TRUTH["a"] / (TRUTH["a"] + TRUTH["b"])
    assert fitted["a"] / (fitted["a"] + fitted["b"]) == pytest.approx(
        truth_leave, rel=0.3
    )
    # Mean spend per purchase in the population: p * v / (q - 1).
    mean_spend = TRUTH["p"] * TRUTH["v"] / (TRUTH["q"] - 1)
    assert fitted["p"] * fitted["v"] / (fitted["q"] - 1) == pytest.approx(
        mean_spend, rel=0.15
    )


def test_per_customer_figures_agree_with_an_independent_fit(behaviour, ahead):
    x, last, age = _inputs(behaviour)
    params = mbg_fit(x, last, age)
    alive = mbg_alive(params, x, last, age)
    expected = mbg_expected(params, 365, x, last, age)
    ours = ahead.table
    assert stats.spearmanr(ours["p_alive"], alive).statistic > 0.995
    assert np.abs(ours["p_alive"] - alive).max() < 0.03
    assert stats.spearmanr(ours["expected_purchases"], expected).statistic > 0.995
    assert ours["expected_purchases"].sum() == pytest.approx(expected.sum(), rel=0.02)


def test_expected_value_is_purchases_times_a_shrunk_average(behaviour, ahead):
    # Gamma-Gamma, fitted here on repeat buyers: E[spend | n, mean] is a weighted
    # mix of the customer's mean and the population's (Fader, Hardie & Lee 2005).
    n = behaviour["frequency"].to_numpy(float)
    mean = behaviour["avg_order_value"].to_numpy(float)
    used = n >= 2

    def log_likelihood(log_params):
        p, q, v = np.exp(log_params)
        k, m = n[used], mean[used]
        return -np.sum(
            special.gammaln(p * k + q)
            - special.gammaln(p * k)
            - special.gammaln(q)
            + q * np.log(v)
            + (p * k - 1) * np.log(m)
            + p * k * np.log(k)
            - (p * k + q) * np.log(k * m + v)
        )

    p, q, v = np.exp(optimize.minimize(log_likelihood, np.log([1, 2, 10])).x)
    spend = (v + n * mean) * p / (p * n + q - 1)
    value = ahead.table["expected_value"].to_numpy()
    reference = ahead.table["expected_purchases"].to_numpy() * spend
    assert stats.spearmanr(value, reference).statistic > 0.99
    assert value.sum() == pytest.approx(reference.sum(), rel=0.02)
    # A one-time buyer's spend is pulled toward the population mean.
    once = n == 1
    population = p * v / (q - 1)
    ratio = ahead.table["expected_value"] / ahead.table["expected_purchases"]
    assert np.all(
        np.abs(ratio[once] - population) <= np.abs(mean[once] - population) + 1e-6
    )


def test_too_few_repeat_buyers_gives_one_sentence_and_no_figures():
    table = pd.DataFrame(
        {
            "frequency": [1] * 40 + [2] * 5,
            "recency_days": np.arange(45) + 1,
            "tenure_days": np.arange(45) + 30,
            "avg_order_value": 20.0,
        }
    )
    found = value_ahead(table)
    assert not found.fitted
    assert found.table.isna().all().all() and len(found.table) == 45
    assert "Only 5 customer(s) bought more than once" in found.note
    assert "past value is used" in found.note
    assert found.note.count(". ") == 0  # one sentence


def test_a_fit_that_cannot_be_trusted_falls_back(behaviour):
    # Everyone bought twice on the same day: no time between purchases to read a
    # rate from; whatever the optimiser ends on, it is not used.
    table = behaviour.assign(
        frequency=2, recency_days=behaviour["tenure_days"], avg_order_value=10.0
    )
    found = value_ahead(table)
    assert not found.fitted, found.note
    assert "past value is used" in found.note


def test_bad_arguments_are_refused(behaviour):
    with pytest.raises(ValueError, match="at least one day"):
        value_ahead(behaviour, horizon_days=0)
    with pytest.raises(ValueError, match="lacks tenure_days"):
        value_ahead(behaviour.drop(columns="tenure_days"))
