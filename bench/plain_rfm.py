"""The hand-written pandas behaviour step the benchmarks compare against.

Pandas only (no ``segmentation`` import), so a plain side's timing and peak memory
carry none of the package's weight.
"""

from __future__ import annotations

import pandas as pd


def plain_rfm(lines: pd.DataFrame, as_of: pd.Timestamp) -> pd.DataFrame:
    """Recency, frequency, monetary, tenure and return rate with one groupby.

    Parameters
    ----------
    lines : pandas.DataFrame
        Typed lines with columns ``customer``, ``invoice``, ``when`` (datetime) and
        ``amount`` (float); cancellations are invoices starting with "C" or
        negative amounts.
    as_of : pandas.Timestamp
        The day recency and tenure count to.
    """
    cancel = lines["invoice"].str.startswith("C") | (lines["amount"] < 0)
    buys = lines[~cancel & (lines["amount"] > 0)]
    out = buys.groupby("customer").agg(
        frequency=("invoice", "nunique"),
        first=("when", "min"),
        last=("when", "max"),
        bought=("amount", "sum"),
    )
    out["monetary"] = lines.groupby("customer")["amount"].sum()
    out["recency_days"] = (as_of - out["last"].dt.normalize()).dt.days
    out["tenure_days"] = (as_of - out["first"].dt.normalize()).dt.days
    out["return_rate"] = (out["bought"] - out["monetary"]) / out["bought"]
    return out
