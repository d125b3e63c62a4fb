"""Benchmark every step at 10k, 100k and 1M customers, beside plain scripts.

One run, one table. Each step runs in a fresh subprocess (its peak memory,
ru_maxrss, is its own; the clock starts after the imports and after reading any
input that is not part of the step) beside a plain pandas + scikit-learn (or
umap-learn) script doing the same job. The plain scripts never import
``segmentation``.

Inputs, made once per size: the bundled customers resampled to N rows
(``bench_cluster.make_table``: behaviour jittered, fresh ids), a transaction log of
about 10 lines per customer (like ``bench_rfm.make_log``: invoices of 1-9 lines,
2% cancellations, 3% without customer id; every cell text, as ``read_table`` gives
it), and the prepared matrix of the six behavioural columns for the map.

- load: ``sg.read_table`` + ``sg.infer_schema`` + ``Schema.typed`` vs
  ``pd.read_csv(parse_dates=["signup_date"])``;
- behaviour: ``sg.customer_behaviour`` on the text log vs a pandas groupby (parse
  dates and numbers, net cancellations, recency, frequency, monetary, tenure,
  return rate: the plain script of ``bench_rfm.py``);
- sweep: ``sg.sweep`` at k = 2..10 on the six behavioural columns vs ``log1p`` +
  ``StandardScaler`` then ``KMeans`` and the three scikit-learn scores per k (as
  ``bench_cluster.py``; the plain script measures no stability, and its
  ``read_csv`` has typed the numbers before the clock, where ``sg.sweep`` types
  the text table inside it);
- fit: ``segmentation fit FILE --features <six> --k 5 -o OUT.csv`` vs the plain
  script of ``bench_cluster.py`` (read, scale, k-means, number by size, write);
- map: ``embed.project(matrix, method="umap", max_rows=10_000)`` vs
  ``umap.UMAP(random_state=0).fit_transform`` on the same 10,000-row sample. Both
  are warmed up first, outside the clock: ``embed.warm_up()``, and plain umap-learn
  on a tiny matrix with its approximate neighbours forced (pynndescent, which plain
  umap-learn uses from 4,096 rows on, compiles per process). Ours runs 200 epochs;
  umap-learn picks 500 for 10,000 rows or fewer;
- export: ``export.write_csv(labelled_table(frame, labels, names), path)`` vs
  ``frame.assign(segment=..., segment_name=...).to_csv(path, index=False)``.

Where both sides give a result in memory, its row count is checked to agree.

Run: ``.venv/bin/python bench/bench_all.py [--sizes 10000,100000,1000000]
[--steps load,behaviour,sweep,fit,map,export]``. Prints a markdown table and writes
it to ``bench/results_all.md``, where a partial run replaces only the rows it
measured.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
from plain_rfm import plain_rfm

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).resolve().parent / "results_all.md"
STEPS = ("load", "behaviour", "sweep", "fit", "map", "export")
MAP_ROWS = 10_000
TX = {
    "customer": "CustomerID",
    "date": "InvoiceDate",
    "quantity": "Quantity",
    "price": "UnitPrice",
    "invoice": "InvoiceNo",
}
NAMES = ("Loyal", "Big spenders", "New", "At risk", "Dormant")
HEADER = (
    "| customers | step | ours (s) | plain (s) | ratio | ours peak MB "
    "| plain peak MB |\n|---|---|---|---|---|---|---|"
)


# Inputs (a subprocess of their own) -------------------------------------------------


def make_log(customers: int, seed: int = 0) -> pd.DataFrame:
    """A text transaction log of about 10 lines per customer (2 invoices each).

    The layout of ``bench_rfm.make_log`` (invoices of 1-9 lines sorted by time over
    two years, 2% cancelled, 3% anonymous, every customer buying at least once),
    scaled to a customer count instead of a line count.
    """
    from bench_rfm import as_text

    rng = np.random.default_rng(seed)
    invoices = 2 * customers
    per_invoice = rng.integers(1, 10, invoices)
    weight = rng.gamma(0.7, 1.0, customers)
    buyer = rng.choice(customers, invoices, p=weight / weight.sum())
    buyer[rng.permutation(invoices)[:customers]] = np.arange(customers)
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
    typed = pd.DataFrame(
        {
            "InvoiceNo": pd.array(np.repeat(invoice_no, per_invoice), dtype="str"),
            "Quantity": quantity * sign,
            "InvoiceDate": np.repeat(start + seconds, per_invoice).astype(
                "datetime64[ns]"
            ),
            "UnitPrice": np.round(rng.gamma(2.0, 2.0, len(quantity)) + 0.1, 2),
            "CustomerID": pd.array(np.repeat(customer, per_invoice), dtype="str"),
        }
    )
    return as_text(typed)


def make_inputs(size: int, steps: list[str], folder: Path) -> tuple[str, ...]:
    """Write the inputs the chosen steps need for ``size`` customers.

    Returns the six behavioural columns of the bundled sample. Runs in a
    subprocess of its own: on Linux a child's ru_maxrss starts from its parent's
    peak, so the parent must stay small.
    """
    from bench_cluster import make_table

    from segmentation.reading.samples import SAMPLES

    six = tuple(SAMPLES["customers"].planted_columns)
    table = make_table(size, folder)  # customers_<size>.csv
    if "behaviour" in steps:
        make_log(size).to_parquet(folder / f"log_{size}.parquet")
    if "map" in steps:
        import segmentation as sg
        from segmentation import workflow
        from segmentation.cluster import embed

        frame = sg.read_table(table)
        schema = sg.infer_schema(frame[list(six)])
        recipe = sg.Recipe.from_schema(schema, columns=six)
        matrix = workflow.prepare(frame, schema, recipe).matrix.to_numpy(np.float64)
        np.save(folder / f"matrix_{size}.npy", matrix)
        np.save(folder / f"rows_{size}.npy", embed.sample_rows(size, max_rows=MAP_ROWS))
    return six


# Steps (child process): each returns (seconds, rows of its result or None) ----------


def ours(
    step: str, folder: Path, size: int, six: tuple[str, ...]
) -> tuple[float, int | None]:
    """Run one step with the product's own functions."""
    import segmentation as sg
    from segmentation import cli
    from segmentation.cluster import embed
    from segmentation.export import labelled as export

    table = folder / f"customers_{size}.csv"
    out = folder / f"out_{size}.csv"
    rows = None
    if step == "load":
        start = time.perf_counter()
        frame = sg.read_table(table)
        rows = len(sg.infer_schema(frame).typed(frame))
    elif step == "behaviour":
        log = pd.read_parquet(folder / f"log_{size}.parquet")
        start = time.perf_counter()
        rows = len(sg.customer_behaviour(log, **TX))
    elif step == "sweep":
        frame = sg.read_table(table)
        schema = sg.infer_schema(frame[list(six)])
        recipe = sg.Recipe.from_schema(schema, columns=six)
        start = time.perf_counter()
        rows = len(sg.sweep(frame, recipe, range(2, 11)).table)
    elif step == "fit":
        # The libraries fit uses, imported before the clock as the plain script
        # imports scikit-learn before its own.
        import segmentation.cli.fit  # noqa: F401
        import segmentation.describe.step  # noqa: F401
        import segmentation.model  # noqa: F401

        start = time.perf_counter()
        argv = ["fit", str(table), "--features", ",".join(six), "--k", "5"]
        if cli.main([*argv, "-o", str(out)]) != 0:
            raise RuntimeError("segmentation fit failed")
    elif step == "map":
        matrix = np.load(folder / f"matrix_{size}.npy")
        embed.warm_up()
        start = time.perf_counter()
        rows = len(embed.project(matrix, method="umap", max_rows=MAP_ROWS))
    elif step == "export":
        frame = sg.read_table(table)
        labels = np.random.default_rng(0).integers(0, len(NAMES), size)
        names = dict(enumerate(NAMES))
        start = time.perf_counter()
        labelled = export.labelled_table(frame, labels, names)
        export.write_csv(labelled, out)
        rows = len(labelled)
    return time.perf_counter() - start, rows


def plain(
    step: str, folder: Path, size: int, six: tuple[str, ...]
) -> tuple[float, int | None]:
    """Run one step as a plain pandas + scikit-learn (or umap-learn) script."""

    def scaled(df: pd.DataFrame) -> np.ndarray:
        from sklearn.preprocessing import StandardScaler

        x = df[list(six)].astype(float)
        return StandardScaler().fit_transform(np.log1p(x.fillna(x.median())))

    table = folder / f"customers_{size}.csv"
    out = folder / f"out_{size}.csv"
    rows = None
    if step == "load":
        start = time.perf_counter()
        rows = len(pd.read_csv(table, parse_dates=["signup_date"]))
    elif step == "behaviour":
        log = pd.read_parquet(folder / f"log_{size}.parquet")
        start = time.perf_counter()
        rows = len(plain_behaviour(log))
    elif step == "sweep":
        from sklearn.cluster import KMeans
        from sklearn.metrics import (
            calinski_harabasz_score,
            davies_bouldin_score,
            silhouette_score,
        )

        df = pd.read_csv(table)
        start = time.perf_counter()
        x = scaled(df)
        for k in range(2, 11):
            labels = KMeans(k, n_init="auto", random_state=0).fit_predict(x)
            silhouette_score(x, labels, sample_size=5000, random_state=0)
            calinski_harabasz_score(x, labels)
            davies_bouldin_score(x, labels)
        rows = 9
    elif step == "fit":
        from sklearn.cluster import KMeans

        start = time.perf_counter()
        df = pd.read_csv(table, dtype=str, keep_default_na=False)
        labels = KMeans(5, n_init="auto", random_state=0).fit_predict(scaled(df))
        order = pd.Series(labels).value_counts().index
        rank = pd.Series(np.arange(len(order)), index=order)
        df["segment"] = rank[labels].to_numpy()
        df["segment_name"] = "Segment " + df["segment"].astype(str)
        df.to_csv(out, index=False)
    elif step == "map":
        import umap

        matrix = np.load(folder / f"matrix_{size}.npy")
        sample = np.load(folder / f"rows_{size}.npy")
        tiny = np.random.default_rng(0).normal(size=(200, matrix.shape[1]))
        umap.UMAP(random_state=0, force_approximation_algorithm=True).fit_transform(
            tiny.astype(np.float32)
        )
        start = time.perf_counter()
        values = matrix[sample].astype(np.float32)
        rows = len(umap.UMAP(random_state=0).fit_transform(values))
    elif step == "export":
        df = pd.read_csv(table, dtype=str, keep_default_na=False)
        labels = np.random.default_rng(0).integers(0, len(NAMES), size)
        start = time.perf_counter()
        names = np.array(NAMES, dtype=object)[labels]
        labelled = df.assign(segment=labels, segment_name=names)
        labelled.to_csv(out, index=False)
        rows = len(labelled)
    return time.perf_counter() - start, rows


def plain_behaviour(tx: pd.DataFrame) -> pd.DataFrame:
    """Recency, frequency, monetary (and tenure, return rate) with a groupby."""
    when = pd.to_datetime(tx["InvoiceDate"], format="%Y-%m-%d %H:%M:%S")
    as_of = when.max().normalize() + pd.Timedelta(days=1)
    amount = pd.to_numeric(tx["Quantity"]) * pd.to_numeric(tx["UnitPrice"])
    known = tx["CustomerID"].notna()
    df = pd.DataFrame(
        {
            "customer": tx["CustomerID"],
            "invoice": tx["InvoiceNo"],
            "when": when,
            "amount": amount,
        }
    )[known]
    return plain_rfm(df, as_of)


def child(side: str, step: str, folder: str, size: str, six: str) -> None:
    """Entry point of one subprocess: run the step and print JSON."""
    import warnings

    warnings.simplefilter("ignore")
    run = ours if side == "ours" else plain
    seconds, rows = run(step, Path(folder), int(size), tuple(six.split(",")))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "peak_mb": peak, "rows": rows}))


# The table --------------------------------------------------------------------------


def subprocess_json(*args: str) -> object:
    """Run this script with ``args`` in a fresh process; its last line, as JSON."""
    command = [sys.executable, __file__, *args]
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure(
    side: str, step: str, folder: Path, size: int, six: tuple[str, ...]
) -> dict:
    """Run one side of one step in a fresh subprocess."""
    args = ["--child", side, step, str(folder), str(size), ",".join(six)]
    return subprocess_json(*args)


def row(size: int, step: str, mine: dict, theirs: dict) -> str:
    """One markdown line of the table."""
    ratio = mine["seconds"] / max(theirs["seconds"], 1e-9)
    cells = [f"{size:,}", step, f"{mine['seconds']:.2f}", f"{theirs['seconds']:.2f}"]
    cells += [f"{ratio:.2f}x", f"{mine['peak_mb']:.0f}", f"{theirs['peak_mb']:.0f}"]
    return "| " + " | ".join(cells) + " |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--steps", default=",".join(STEPS))
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    steps = [s for s in args.steps.split(",") if s]
    unknown = sorted(set(steps) - set(STEPS))
    if unknown:
        parser.error(f"unknown step(s) {', '.join(unknown)}; use {', '.join(STEPS)}")
    os.environ.setdefault("NUMBA_CACHE_DIR", str(ROOT / ".cache" / "numba"))
    began = time.perf_counter()
    measured: dict[tuple[int, str], str] = {}
    print(HEADER, flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for size in sizes:
            inputs = ["--inputs", str(size), ",".join(steps), str(folder)]
            six = tuple(subprocess_json(*inputs))
            for step in (s for s in STEPS if s in steps):
                mine = measure("ours", step, folder, size, six)
                theirs = measure("plain", step, folder, size, six)
                if mine["rows"] != theirs["rows"]:
                    raise RuntimeError(
                        f"{step} at {size:,}: {mine['rows']} rows vs {theirs['rows']}"
                    )
                measured[size, step] = row(size, step, mine, theirs)
                print(measured[size, step], flush=True)
            for leftover in folder.iterdir():
                leftover.unlink()
    total = time.perf_counter() - began
    print(f"\nTotal {total:.0f} s (inputs included).")
    run = f"- {datetime.date.today().isoformat()}: `--sizes {args.sizes} --steps "
    save(measured, run + f"{','.join(steps)}`, {total:.0f} s")


def save(measured: dict[tuple[int, str], str], run: str) -> None:
    """Write the table to ``RESULTS``, keeping the rows this run did not measure."""
    rows, runs = {}, []
    if RESULTS.exists():
        for line in RESULTS.read_text().splitlines():
            cells = line.strip("| ").split(" | ")
            if line.startswith("- "):
                runs.append(line)
            elif line.startswith("| ") and cells[0].replace(",", "").isdigit():
                rows[int(cells[0].replace(",", "")), cells[1]] = line
    rows.update(measured)
    order = sorted(
        (key for key in rows if key[1] in STEPS),
        key=lambda key: (key[0], STEPS.index(key[1])),
    )
    RESULTS.write_text(
        "# `bench_all.py` results\n\nRuns (each replaces the rows it measured):\n\n"
        + "\n".join([*runs, run])
        + f"\n\n{HEADER}\n"
        + "\n".join(rows[key] for key in order)
        + "\n"
    )


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        child(*sys.argv[2:7])
    elif sys.argv[1:2] == ["--inputs"]:
        size, steps, folder = sys.argv[2:5]
        print(json.dumps(make_inputs(int(size), steps.split(","), Path(folder))))
    else:
        main()
