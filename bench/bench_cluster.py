"""Benchmark the k sweep and the fit of customer tables, beside plain scripts.

Customers are the bundled sample resampled to the wanted size, with the six
behavioural columns jittered (so that rows are not copies of 5,000 originals), and
fresh zero-padded ids. Each step runs in a fresh subprocess (its peak memory,
ru_maxrss, is its own; the clock starts after the imports) beside a plain pandas +
scikit-learn script doing the same job:

- sweep: ``sg.sweep(df, recipe, range(2, 11))`` on the six behavioural columns
  (default preprocessing, k-means: silhouette on a 5,000-row sample, Calinski-
  Harabasz, Davies-Bouldin, inertia, stability over 5 bootstrap resamples) vs
  ``log1p`` + ``StandardScaler`` then, per k, ``KMeans(n_init="auto")`` and the
  three scores (silhouette with ``sample_size=5000``); the plain script measures no
  stability. The table is read before the clock starts.
- fit: ``segmentation fit FILE --features <six> --k 5 -o OUT.csv`` (through
  ``cli.main``: read, type, prepare, k-means, write every row with its original
  text and the segment columns) vs ``pd.read_csv(dtype=str)``, ``astype(float)``,
  ``log1p`` + ``StandardScaler``, ``KMeans(5, n_init="auto")``, segments numbered
  by size, ``to_csv``: the same output file.

Run: ``.venv/bin/python bench/bench_cluster.py [--sweep 10000,100000]
[--fit 100000,1000000]``. Prints a markdown table.
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

from segmentation.reading.samples import SAMPLES

ROOT = Path(__file__).resolve().parents[1]
SIX = list(SAMPLES["customers"].planted_columns)
STEP = r"""
import json, resource, sys, time, warnings
import numpy as np
import pandas as pd
from sklearn.cluster import KMeans
from sklearn.metrics import (calinski_harabasz_score, davies_bouldin_score,
                             silhouette_score)
from sklearn.preprocessing import StandardScaler
import segmentation as sg
from segmentation import cli
path, step, out = sys.argv[1], sys.argv[2], sys.argv[3]
SIX = sys.argv[4].split(",")
warnings.simplefilter("ignore")

def plain_matrix(df):
    x = df[SIX].astype(float)
    x = np.log1p(x.fillna(x.median()))
    return StandardScaler().fit_transform(x)

if step == "sweep":
    df = sg.read_table(path)
    recipe = sg.Recipe.from_schema(sg.infer_schema(df[SIX]), columns=tuple(SIX))
    start = time.perf_counter()
    sg.sweep(df, recipe, range(2, 11))
elif step == "sweep_plain":
    df = pd.read_csv(path)
    start = time.perf_counter()
    x = plain_matrix(df)
    for k in range(2, 11):
        labels = KMeans(k, n_init="auto", random_state=0).fit_predict(x)
        silhouette_score(x, labels, sample_size=5000, random_state=0)
        calinski_harabasz_score(x, labels)
        davies_bouldin_score(x, labels)
elif step == "fit":
    start = time.perf_counter()
    code = cli.main(["fit", path, "--features", ",".join(SIX), "--k", "5",
                     "-o", out])
    assert code == 0
elif step == "fit_plain":
    start = time.perf_counter()
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    labels = KMeans(5, n_init="auto", random_state=0).fit_predict(plain_matrix(df))
    order = pd.Series(labels).value_counts().index
    rank = pd.Series(np.arange(len(order)), index=order)
    df["segment"] = rank[labels].to_numpy()
    df["segment_name"] = "Segment " + df["segment"].astype(str)
    df.to_csv(out, index=False)
elapsed = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": elapsed, "peak_mb": peak}))
"""


def make_table(rows: int, folder: Path) -> Path:
    """Resample the bundled customers into ``rows`` rows, jittering behaviour."""
    base = pd.read_csv(
        ROOT / "sample_data" / "customers.csv",
        dtype=str,
        keep_default_na=False,
        na_values=[""],
    )
    rng = np.random.default_rng(0)
    table = base.iloc[rng.integers(0, len(base), rows)].reset_index(drop=True)
    table["customer_id"] = [f"C{i:07d}" for i in range(1, rows + 1)]
    for column, low in (
        ("orders", 1),
        ("recency_days", 1),
        ("web_visits_30d", 0),
        ("email_opens_30d", 0),
        ("campaign_responses", 0),
    ):
        values = table[column].astype(int) + rng.integers(-2, 3, rows)
        table[column] = np.maximum(values, low).astype(str)
    spend = table["total_spend"].astype(float) * rng.uniform(0.85, 1.15, rows)
    table["total_spend"] = np.char.mod("%.2f", spend.round(2).to_numpy())
    path = folder / f"customers_{rows}.csv"
    pacsv.write_csv(pa.Table.from_pandas(table, preserve_index=False), path)
    return path


def run(path: Path, step: str, out: Path) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", STEP, str(path), step, str(out), ",".join(SIX)],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sweep", default="10000,100000")
    parser.add_argument("--fit", default="100000,1000000")
    args = parser.parse_args()
    plan = [(int(n), "sweep") for n in args.sweep.split(",") if n]
    plan += [(int(n), "fit") for n in args.fit.split(",") if n]
    print(
        "| rows | step | ours (s) | plain (s) | ratio | ours peak MB | plain peak MB |"
    )
    print("|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        tables: dict[int, Path] = {}
        for rows, step in plan:
            if rows not in tables:
                tables[rows] = make_table(rows, Path(tmp))
            out = Path(tmp) / "out.csv"
            ours = run(tables[rows], step, out)
            plain = run(tables[rows], f"{step}_plain", out)
            ratio = ours["seconds"] / max(plain["seconds"], 1e-9)
            cells = [f"{rows:,}", step, f"{ours['seconds']:.2f}"]
            cells += [f"{plain['seconds']:.2f}", f"{ratio:.2f}x"]
            cells += [f"{ours['peak_mb']:.0f}", f"{plain['peak_mb']:.0f}"]
            print("| " + " | ".join(cells) + " |", flush=True)


if __name__ == "__main__":
    main()
