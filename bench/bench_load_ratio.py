"""Loading beside a bare ``pandas.read_csv(engine="pyarrow")``: the ratio at 10k-1M.

Ours is what every face does to a new table: ``read_table_with_info`` (format,
encoding and dialect sniffing, every cell kept as its text), ``infer_schema``
(roles, families, personal data from a 5,000-value sample of each column; missing
and distinct counts over every row) and ``Schema.typed`` (currency, percent,
thousands separators, missing tokens, dates in the detected format). The baseline
reads the same file with pandas' pyarrow engine and its own type guesses. The
table is ``bench_cluster.make_table`` (the bundled customers resampled, 23
columns). Each size runs ``--repeat`` alternating pairs in one process after a
warm-up read; the table gives the medians.

With ``--harder`` the same table is made harder to load the way real exports
are: the ids shuffled, every e-mail distinct, and a ``last_order_at`` time stamp
to the second (mostly distinct texts, which no per-distinct shortcut helps).

Run: ``.venv/bin/python bench/bench_load_ratio.py [--sizes 10000,100000,1000000]
[--repeat 3] [--harder]``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_cluster import make_table  # noqa: E402

import segmentation as sg  # noqa: E402
from segmentation.reading import read_table_with_info  # noqa: E402


def ours(path: Path) -> dict[str, float]:
    """Time the three steps of loading a table; seconds per step."""
    start = time.perf_counter()
    frame, info = read_table_with_info(path)
    read = time.perf_counter()
    schema = sg.infer_schema(frame, decimal=info.decimal)
    inferred = time.perf_counter()
    schema.typed(frame)
    typed = time.perf_counter()
    return {
        "read": read - start,
        "schema": inferred - read,
        "typed": typed - inferred,
        "total": typed - start,
    }


def plain(path: Path) -> float:
    """Time ``pd.read_csv(engine="pyarrow")``."""
    start = time.perf_counter()
    pd.read_csv(path, engine="pyarrow")
    return time.perf_counter() - start


def make_harder(path: Path) -> Path:
    """Rewrite the table with shuffled ids, distinct e-mails and time stamps."""
    table = pd.read_csv(path, dtype=str, keep_default_na=False, engine="pyarrow")
    rng = np.random.default_rng(7)
    order = rng.permutation(len(table))
    table["customer_id"] = table["customer_id"].to_numpy()[order]
    table["email"] = [f"u{i}.{rng.integers(10**6)}@example.com" for i in order]
    seconds = rng.integers(0, 3 * 365 * 86400, len(table)).astype("timedelta64[s]")
    stamps = np.datetime64("2023-01-01T00:00:00") + seconds
    table["last_order_at"] = pd.Series(stamps).dt.strftime("%Y-%m-%d %H:%M:%S")
    harder = path.with_name(f"harder_{path.name}")
    table.to_csv(harder, index=False)
    return harder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--harder", action="store_true", help=make_harder.__doc__)
    args = parser.parse_args()
    print("| rows | read | schema | typed | ours (s) | pyarrow read_csv (s) | ratio |")
    print("|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for size in (int(s) for s in args.sizes.split(",")):
            path = make_table(size, Path(tmp))
            if args.harder:
                path = make_harder(path)
            plain(path)  # the file in the page cache for both
            mine, theirs = [], []
            for _ in range(args.repeat):
                mine.append(ours(path))
                theirs.append(plain(path))
            median = {k: statistics.median(m[k] for m in mine) for k in mine[0]}
            base = statistics.median(theirs)
            cells = [f"{size:,}"] + [
                f"{median[k]:.2f}" for k in ("read", "schema", "typed", "total")
            ]
            cells += [f"{base:.2f}", f"{median['total'] / base:.1f}x"]
            print("| " + " | ".join(cells) + " |", flush=True)


if __name__ == "__main__":
    main()
