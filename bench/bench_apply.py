"""Benchmark ``segmentation apply`` at 1M, 3M and 10M rows: time and peak memory.

A customer table of ten columns (id, age, income, orders, spend, recency, web
visits, channel, country, signup date; about 75 bytes a row, so 10M rows is a
750 MB CSV) is generated in chunks, and a model is fitted on its first 50,000 rows
(``segmentation fit --model``, k = 5 on four numbers and the channel). Each run is
a fresh process; "peak MB" is the largest resident size of any process of the run
(for Dask: the client, the scheduler or a worker, whichever was largest).

- streaming: ``segmentation apply MODEL FILE -o OUT.csv`` (the local engine);
- whole table: the path before streaming, in one process: ``read_table_with_info``,
  ``model.predict``, ``applied_output``, ``write_csv`` (not above 500 MB, the
  whole-file reader's limit);
- plain chunked: ``pd.read_csv(chunksize=200_000, dtype=str)``, a scikit-learn
  pipeline fitted on the same 50,000 rows (log1p + StandardScaler, one-hot,
  k-means) predicting each chunk, ``to_csv`` appending; no typing of currency or
  missing tokens, no formula neutralisation, no original-text guarantee beyond
  ``dtype=str``;
- dask: ``segmentation apply ... --engine dask --workers 2`` (a local cluster of two
  worker processes, started by the command and included in its time).

Run: ``.venv/bin/python bench/bench_apply.py [--sizes 1000000,3000000,10000000]
[--sides streaming,whole,plain,dask]``. Prints a markdown table.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

ROOT = Path(__file__).resolve().parents[1]
FEATURES = "orders,total_spend,recency_days,web_visits_30d,preferred_channel"
WHOLE_LIMIT = 500 * 1024 * 1024

#: Runs a command, then prints its wall time and its largest process's peak RSS.
MEASURE = r"""
import json, resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
elapsed = time.perf_counter() - start
if done.returncode:
    sys.exit(done.stderr)
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(json.dumps({"seconds": elapsed, "peak_mb": peak}))
"""

WHOLE = r"""
import sys
from segmentation import export
from segmentation.model import SegmentationModel
from segmentation.reading import read_table_with_info
model = SegmentationModel.load(sys.argv[1])
frame, info = read_table_with_info(sys.argv[2])
labels = model.predict(frame)
table = export.applied_output(frame, labels, model.recipe)
export.write_csv(table, sys.argv[3], **export.csv_options_like(info))
"""

PLAIN = r"""
import sys
import numpy as np, pandas as pd
from sklearn.cluster import KMeans
from sklearn.compose import ColumnTransformer
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer, OneHotEncoder, StandardScaler
numbers = ["orders", "total_spend", "recency_days", "web_visits_30d"]
prepare = ColumnTransformer([
    ("n", make_pipeline(FunctionTransformer(np.log1p), StandardScaler()), numbers),
    ("c", OneHotEncoder(handle_unknown="ignore"), ["preferred_channel"]),
])
def typed(df):
    out = df.copy()
    out[numbers] = out[numbers].astype(float)
    return out
train = typed(pd.read_csv(sys.argv[1], nrows=50_000, dtype=str))
pipeline = make_pipeline(prepare, KMeans(5, n_init="auto", random_state=0)).fit(train)
first = True
for chunk in pd.read_csv(sys.argv[1], chunksize=200_000, dtype=str,
                         keep_default_na=False):
    chunk["segment"] = pipeline.predict(typed(chunk))
    chunk.to_csv(sys.argv[2], mode="w" if first else "a", header=first, index=False)
    first = False
"""


def make_table(rows: int, path: Path, chunk: int = 1_000_000) -> None:
    """Write ``rows`` synthetic customers to ``path`` in chunks (seeded)."""
    rng = np.random.default_rng(rows)
    channels = np.array(["Email", "SMS", "App", "Social", "Phone"])
    countries = np.array(["United States", "Canada", "United Kingdom", "Germany"])
    start = pd.Timestamp("2020-01-01").value // 86_400_000_000_000
    with pacsv.CSVWriter(path, _schema()) as writer:
        for first in range(0, rows, chunk):
            n = min(chunk, rows - first)
            ids = np.char.add(
                "C", np.char.zfill(np.arange(first, first + n).astype(str), 8)
            )
            orders = rng.poisson(6, n) + 1
            days = rng.integers(0, 2000, n) + start
            table = pa.table(
                {
                    "customer_id": ids,
                    "age": rng.integers(18, 90, n).astype(str),
                    "annual_income": (rng.lognormal(11, 0.5, n) // 100 * 100)
                    .astype(int)
                    .astype(str),
                    "orders": orders.astype(str),
                    "total_spend": np.char.mod(
                        "%.2f", orders * rng.lognormal(4, 0.6, n)
                    ),
                    "recency_days": rng.integers(1, 400, n).astype(str),
                    "web_visits_30d": rng.poisson(3, n).astype(str),
                    "preferred_channel": channels[rng.integers(0, 5, n)],
                    "country": countries[rng.integers(0, 4, n)],
                    "signup_date": np.datetime_as_string(days.astype("datetime64[D]")),
                },
                schema=_schema(),
            )
            writer.write_table(table)


def _schema() -> pa.Schema:
    names = (
        "customer_id age annual_income orders total_spend recency_days "
        "web_visits_30d preferred_channel country signup_date"
    ).split()
    return pa.schema([(name, pa.string()) for name in names])


def measure(*command: str) -> dict:
    """Run a command in a fresh process: wall seconds and peak MB."""
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, *command],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    if done.returncode:
        raise RuntimeError(f"{' '.join(command)} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def fit_model(table: Path, folder: Path) -> Path:
    """Fit the model on the table's first 50,000 rows (``segmentation fit``)."""
    train = folder / "train.csv"
    with open(table, encoding="utf-8") as source, open(train, "w") as out:
        for _, line in zip(range(50_001), source, strict=False):
            out.write(line)
    model = folder / "model.zip"
    command = [sys.executable, "-m", "segmentation", "fit", str(train)]
    command += ["--features", FEATURES, "--k", "5", "--seed", "0"]
    subprocess.run(
        [*command, "-o", str(folder / "fit.csv"), "--model", str(model)],
        check=True,
        capture_output=True,
        cwd=ROOT,
    )
    return model


def run_side(side: str, model: Path, table: Path, folder: Path) -> dict | None:
    """Measure one side on one table; None when it does not apply."""
    python = sys.executable
    out = folder / f"{side}.csv"
    if side == "streaming":
        return measure(
            python,
            "-m",
            "segmentation",
            "apply",
            str(model),
            str(table),
            "-o",
            str(out),
        )
    if side == "whole":
        if table.stat().st_size > WHOLE_LIMIT:
            return None
        return measure(python, "-c", WHOLE, str(model), str(table), str(out))
    if side == "plain":
        return measure(python, "-c", PLAIN, str(table), str(out))
    parts = folder / "dask_parts"
    return measure(
        python,
        "-m",
        "segmentation",
        "apply",
        str(model),
        str(table),
        "-o",
        str(parts),
        "--engine",
        "dask",
        "--workers",
        "2",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000000,3000000,10000000")
    parser.add_argument("--sides", default="streaming,whole,plain,dask")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    sides = args.sides.split(",")
    print("| rows | CSV MB | side | seconds | peak MB |")
    print("|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for size in sizes:
            table = folder / f"customers_{size}.csv"
            make_table(size, table)
            model = fit_model(table, folder)
            mb = table.stat().st_size / 2**20
            for side in sides:
                got = run_side(side, model, table, folder)
                if got is None:
                    cells = [
                        f"{size:,}",
                        f"{mb:,.0f}",
                        side,
                        "refused (over 500 MB)",
                        "",
                    ]
                else:
                    cells = [
                        f"{size:,}",
                        f"{mb:,.0f}",
                        side,
                        f"{got['seconds']:.1f}",
                        f"{got['peak_mb']:,.0f}",
                    ]
                print("| " + " | ".join(cells) + " |", flush=True)
                for stale in folder.glob("*.csv"):
                    if stale.name.startswith(("streaming", "whole", "plain")):
                        stale.unlink()
            table.unlink()


if __name__ == "__main__":
    main()
