"""Value ahead on a CDNOW-sized log: import, behaviour and model fit times.

The log: 25,000 customers, about 70,000 purchase lines over 18 months, made by
the MBG/NBD and Gamma-Gamma stories (each customer buys at a gamma-distributed
Poisson rate, may leave after each purchase, spends around a gamma-distributed
mean), as text cells like ``read_table`` gives them. Times, each in a fresh
process so imports are cold: importing ``lifetimes``; ``behaviour_of_log``; and
``value_ahead`` (MBG/NBD + Gamma-Gamma fit and the per-customer figures).

Run: ``.venv/bin/python bench/bench_value_ahead.py [--customers 25000]``.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

_STEP = """
import sys, time
start = time.perf_counter()
import lifetimes  # noqa: F401
imported = time.perf_counter()
import segmentation as sg
from segmentation.behaviour import behaviour_of_log, value_ahead
log = sg.read_table(sys.argv[1])
begin = time.perf_counter()
made = behaviour_of_log(log, customer="customer", date="day", amount="amount",
                        invoice="order")
middle = time.perf_counter()
ahead = value_ahead(made.table)
end = time.perf_counter()
print(f"{imported - start:.2f} {middle - begin:.2f} {end - middle:.2f} "
      f"{len(log)} {len(made.table)} {ahead.fitted}")
"""


def make_log(customers: int, seed: int = 0) -> pd.DataFrame:
    """Make a purchase log of ``customers`` customers from the models' stories."""
    rng = np.random.default_rng(seed)
    rate = rng.gamma(0.5, 1 / 60, customers)
    leave = rng.beta(0.7, 3.0, customers)
    scale = rng.gamma(4.0, 1 / 60, customers)
    joined = rng.integers(0, 90, customers)
    rows = []
    for i in range(customers):
        t = 0.0
        while True:
            day = pd.Timestamp("2023-01-01") + pd.Timedelta(days=int(joined[i] + t))
            spend = rng.gamma(6.0, 1 / scale[i])
            rows.append((f"K{i:06d}", f"O{len(rows):07d}", f"{day:%Y-%m-%d}", spend))
            if rng.random() < leave[i]:
                break
            t += rng.exponential(1 / rate[i])
            if joined[i] + t >= 545:
                break
    frame = pd.DataFrame(rows, columns=["customer", "order", "day", "amount"])
    frame["amount"] = frame["amount"].round(2).astype(str)
    return frame


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--customers", type=int, default=25_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "log.csv"
        make_log(args.customers).to_csv(path, index=False)
        done = subprocess.run(
            [sys.executable, "-c", _STEP, str(path)],
            capture_output=True,
            text=True,
            check=True,
        )
    imported, behaviour, fit, lines, customers, fitted = done.stdout.split()
    head = ("lines", "customers", "import lifetimes (s)", "behaviour (s)", "fit (s)")
    print("| " + " | ".join((*head, "fitted")) + " |")
    print("|---|---|---|---|---|---|")
    print(
        f"| {int(lines):,} | {int(customers):,} | {imported} | {behaviour} | {fit} "
        f"| {fitted} |"
    )


if __name__ == "__main__":
    main()
