"""Benchmark loading and inspecting customer tables of 10k, 100k and 1M rows.

Each step runs in a fresh subprocess so its peak memory (ru_maxrss) is its own, and
is set beside a plain pandas step doing the nearest same work:

- read:    ``sg.read_table`` (sniffing, text kept)  vs ``pd.read_csv`` (C engine)
- schema:  ``sg.infer_schema``                      vs ``df.convert_dtypes()``-style
           plain type guessing with ``pd.to_numeric`` on every column
- typed:   ``Schema.typed`` (currency, dates, ...)  vs ``pd.read_csv(parse_dates=...)``
           (the schema is inferred before the clock starts)
- quality: ``sg.quality_report`` (given the schema) vs ``df.isna().sum()`` +
           ``df.nunique()`` + ``df.duplicated().sum()``

Run: ``.venv/bin/python bench/bench_load.py [--sizes 10000,100000,1000000]``.
Writes the table to stdout (markdown).
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

ROOT = Path(__file__).resolve().parents[1]
STEP = r"""
import json, resource, sys, time, warnings
import pandas as pd
import segmentation as sg
path, step = sys.argv[1], sys.argv[2]
warnings.simplefilter("ignore")
start = time.perf_counter()
if step == "read":
    sg.read_table(path)
elif step == "read_plain":
    pd.read_csv(path)
else:
    df = sg.read_table(path)
    schema = sg.infer_schema(df)
    plain = pd.read_csv(path)
    start = time.perf_counter()
    if step == "schema":
        sg.infer_schema(df)
    elif step == "schema_plain":
        for c in plain.columns:
            pd.to_numeric(plain[c], errors="coerce")
    elif step == "typed":
        schema.typed(df)
    elif step == "typed_plain":
        pd.read_csv(path, parse_dates=["signup_date"])
    elif step == "quality":
        sg.quality_report(df, schema)
    elif step == "quality_plain":
        plain.isna().sum()
        plain.nunique()
        plain.drop(columns="customer_id").duplicated().sum()
elapsed = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": elapsed, "peak_mb": peak}))
"""


def make_table(rows: int, folder: Path) -> Path:
    """Resample the bundled customers into ``rows`` rows with fresh ids."""
    base = pd.read_csv(
        ROOT / "sample_data" / "customers.csv",
        dtype=str,
        keep_default_na=False,
        na_values=[""],
    )
    rng = np.random.default_rng(0)
    table = base.iloc[rng.integers(0, len(base), rows)].reset_index(drop=True)
    table["customer_id"] = [f"C{i:07d}" for i in range(1, rows + 1)]
    path = folder / f"customers_{rows}.csv"
    table.to_csv(path, index=False)
    return path


def run(path: Path, step: str) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", STEP, str(path), step],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    sizes = [int(s) for s in parser.parse_args().sizes.split(",")]
    print(
        "| rows | step | ours (s) | plain (s) | ratio | ours peak MB | plain peak MB |"
    )
    print("|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for rows in sizes:
            path = make_table(rows, Path(tmp))
            for step in ("read", "schema", "typed", "quality"):
                ours, plain = run(path, step), run(path, f"{step}_plain")
                ratio = ours["seconds"] / max(plain["seconds"], 1e-9)
                cells = [f"{rows:,}", step, f"{ours['seconds']:.2f}"]
                cells += [f"{plain['seconds']:.2f}", f"{ratio:.1f}x"]
                cells += [f"{ours['peak_mb']:.0f}", f"{plain['peak_mb']:.0f}"]
                print("| " + " | ".join(cells) + " |", flush=True)


if __name__ == "__main__":
    main()
