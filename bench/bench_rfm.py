"""Benchmark ``customer_behaviour`` on a synthetic 5M-line transaction log.

The log looks like a web shop's export (the UCI Online Retail layout): about
200,000 customers and 1,000,000 invoices of 1-9 lines each, sorted by time over two
years; 2% of invoices are cancellations (``C...``, negative quantities) and 3% of
invoices have no customer id. Amount = Quantity x UnitPrice.

Two inputs are timed, each beside a plain hand-written pandas script doing the same
work (drop lines without customer, net cancellations, purchases = positive lines on
non-``C`` invoices, distinct invoices, first/last purchase, recency in days):

- typed: ids and invoices as ``str``, dates ``datetime64``, numbers numeric;
- text:  every cell text, as :func:`segmentation.read_table` returns it (the plain
         script parses with ``pd.to_datetime(format=...)`` and ``pd.to_numeric``).

Each figure is the median of ``--repeat`` runs. The two results are checked to
agree before anything is printed.

Run: ``.venv/bin/python bench/bench_rfm.py [--lines 5000000] [--repeat 3]``.
Writes a markdown table to stdout.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from plain_rfm import plain_rfm

from segmentation.behaviour.transactions import behaviour_of_log

COLUMNS = {
    "customer": "CustomerID",
    "date": "InvoiceDate",
    "quantity": "Quantity",
    "price": "UnitPrice",
    "invoice": "InvoiceNo",
}


def make_log(lines: int, seed: int = 0) -> pd.DataFrame:
    """A typed transaction log of about ``lines`` lines."""
    rng = np.random.default_rng(seed)
    invoices = lines // 5
    customers = max(1, invoices // 5)
    per_invoice = rng.integers(1, 10, invoices)
    weight = rng.gamma(0.7, 1.0, customers)  # a few heavy buyers, many light ones
    buyer = rng.choice(customers, invoices, p=weight / weight.sum())
    buyer[rng.permutation(invoices)[:customers]] = np.arange(customers)  # all buy
    start = np.datetime64("2023-01-01T00:00:00", "s")
    seconds = np.sort(rng.integers(0, 2 * 365 * 86_400, invoices))
    cancelled = rng.random(invoices) < 0.02
    anonymous = rng.random(invoices) < 0.03
    number = np.char.add("5", np.arange(invoices).astype(str))
    invoice_no = np.where(cancelled, np.char.add("C", number), number)
    ids = np.char.add("C", np.char.zfill(np.arange(1, customers + 1).astype(str), 7))
    customer = np.where(anonymous, None, ids[buyer].astype(object))
    quantity = rng.integers(1, 25, per_invoice.sum())
    sign = np.repeat(np.where(cancelled, -1, 1), per_invoice)
    price = np.round(rng.gamma(2.0, 2.0, len(quantity)) + 0.1, 2)
    return pd.DataFrame(
        {
            "InvoiceNo": pd.array(np.repeat(invoice_no, per_invoice), dtype="str"),
            "Quantity": quantity * sign,
            "InvoiceDate": np.repeat(start + seconds, per_invoice).astype(
                "datetime64[ns]"
            ),
            "UnitPrice": price,
            "CustomerID": pd.array(np.repeat(customer, per_invoice), dtype="str"),
        }
    )


def as_text(typed: pd.DataFrame) -> pd.DataFrame:
    """The same log with every cell as text, as ``read_table`` would give it."""
    out = {}
    for name, values in typed.items():
        arrow = pa.array(values)
        if pa.types.is_timestamp(arrow.type):
            arrow = pc.strftime(pc.cast(arrow, pa.timestamp("s")), "%Y-%m-%d %H:%M:%S")
        out[name] = pd.array(pc.cast(arrow, pa.string()), dtype="str")
    return pd.DataFrame(out)


def plain(tx: pd.DataFrame, as_of: pd.Timestamp, parse: bool) -> pd.DataFrame:
    """A hand-written pandas version of the same computation."""
    df = tx[tx["CustomerID"].notna()]
    when = df["InvoiceDate"]
    quantity, price = df["Quantity"], df["UnitPrice"]
    if parse:
        when = pd.to_datetime(when, format="%Y-%m-%d %H:%M:%S")
        quantity, price = pd.to_numeric(quantity), pd.to_numeric(price)
    df = pd.DataFrame(
        {
            "customer": df["CustomerID"],
            "invoice": df["InvoiceNo"],
            "when": when,
            "amount": quantity * price,
        }
    )
    return plain_rfm(df, as_of)


def median_seconds(run: Callable[[], object], repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def check(ours: pd.DataFrame, reference: pd.DataFrame) -> None:
    ours = ours.set_index("CustomerID")
    reference = reference.loc[ours.index]
    assert len(ours) == len(reference)
    assert (ours["frequency"].to_numpy() == reference["frequency"].to_numpy()).all()
    assert (ours["recency_days"].to_numpy() == reference["recency_days"]).all()
    assert np.allclose(ours["monetary"], reference["monetary"], atol=0.005)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lines", type=int, default=5_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    typed = make_log(args.lines)
    text = as_text(typed)
    customers = typed["CustomerID"].nunique()
    print(f"{len(typed):,} lines, {customers:,} customers\n")
    print("| input | customer_behaviour (s) | plain pandas (s) | ratio |")
    print("|---|---|---|---|")
    for label, frame, parse in (("typed", typed, False), ("text", text, True)):
        ours_s, ours = median_seconds(
            lambda f=frame: behaviour_of_log(f, **COLUMNS), args.repeat
        )
        as_of = ours.report.as_of
        ours = ours.table
        plain_s, reference = median_seconds(
            lambda f=frame, p=parse, a=as_of: plain(f, a, p), args.repeat
        )
        check(ours, reference)
        ratio = ours_s / plain_s
        print(f"| {label} | {ours_s:.2f} | {plain_s:.2f} | {ratio:.2f}x |", flush=True)


if __name__ == "__main__":
    main()
