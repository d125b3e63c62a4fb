"""Benchmark the customer map: PCA, UMAP cold and warm, and what warm-up buys.

Every case runs in a fresh subprocess (numba compiles per process), with numba's
disk cache pointed at a directory of the benchmark's own (``NUMBA_CACHE_DIR``):
empty for the "empty cache" case (the first run after an install), populated by an
earlier case otherwise.

Cold cases, on the bundled sample (5,000 customers, default recipe: every usable
column, 97 features):

- pca:          ``embed.project(method="pca")`` in a fresh process;
- umap-empty:   ``embed.project(method="umap")``, first run, empty numba cache;
- umap-cache:   the same with the numba cache populated;
- umap-warm:    ``embed.warm_up()`` first, then the map;
- server:       ``embed.start_warm_up_thread()`` then at once the PCA map in the
                main thread (the page's first render), then the UMAP map once the
                warm-up is done;
- plain-cold:   plain umap-learn, ``UMAP(random_state=0).fit_transform`` (its own
                pynndescent neighbours), fresh process, cache populated.

Warm cases (after a warm-up in the same process; median of ``--repeat`` runs):
ours seeded (the default: 200 epochs, ``random_state`` set, single-threaded),
ours with 500 epochs, ours unseeded (parallel, not reproducible), and plain
umap-learn seeded, on the sample, on 10,000 rows and on 100,000 rows (ours lays out
a 10,000-row sample of it; plain umap-learn runs on all rows only with ``--full``).
Bigger tables are the sample's rows resampled with a little noise.

Run: ``.venv/bin/python bench/bench_map.py [--repeat 3] [--full]``.
Writes markdown tables to stdout.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
STEP = r"""
import json, resource, statistics, sys, time, warnings
start = time.perf_counter()
warnings.simplefilter("ignore")
import numpy as np
import pandas as pd
from segmentation.cluster import embed
case, path, repeat = sys.argv[1], sys.argv[2], int(sys.argv[3])
X = pd.DataFrame(np.load(path))
out = {"import": time.perf_counter() - start}

def timed(fn, times=1):
    runs = []
    for _ in range(times):
        t = time.perf_counter()
        result = fn()
        runs.append(time.perf_counter() - t)
    return statistics.median(runs), result

def plain(values, seed=0):
    import umap
    model = umap.UMAP(random_state=seed, n_jobs=1 if seed is not None else -1)
    return model.fit_transform(values)

if case == "pca":
    out["map"], xy = timed(lambda: embed.project(X, method="pca"))
elif case in ("umap-empty", "umap-cache"):
    out["map"], xy = timed(lambda: embed.project(X))
elif case == "umap-warm":
    out["warm_up"] = embed.warm_up()
    out["map"], xy = timed(lambda: embed.project(X))
elif case == "server":
    t = time.perf_counter()
    thread = embed.start_warm_up_thread()
    out["pca_during_warm_up"], _ = timed(lambda: embed.project(X, method="pca"))
    thread.join()
    out["warm_up"] = time.perf_counter() - t
    out["map"], xy = timed(lambda: embed.project(X))
elif case == "plain-cold":
    values = X.to_numpy(np.float32)
    out["map"], coords = timed(lambda: plain(values))
    xy = pd.DataFrame(coords, columns=["x", "y"])
else:  # warm: ours and plain, after compiling both
    from segmentation.cluster.embed import _umap_layout
    rows = embed.sample_rows(len(X))
    values = np.ascontiguousarray(X.to_numpy(np.float32)[rows])
    embed.warm_up()
    out["ours"], xy = timed(lambda: embed.project(X), repeat)
    out["ours_500"], _ = timed(lambda: embed.project(X, n_epochs=500), repeat)
    unseeded = lambda: _umap_layout(values, seed=None, n_epochs=200)
    out["unseeded"], _ = timed(unseeded, repeat)
    if case == "warm" or case == "warm-full":
        full = X.to_numpy(np.float32) if case == "warm-full" else values
        plain(values[:5000])  # compiles the pynndescent path
        times = 1 if case == "warm-full" else repeat
        out["plain"], _ = timed(lambda: plain(full), times)
out["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
out["shown"] = len(xy)
print(json.dumps({"result": out, "x": xy["x"].tolist(), "y": xy["y"].tolist()}))
"""


def sample_matrix() -> tuple[np.ndarray, np.ndarray]:
    """The bundled customers' feature matrix (default recipe) and planted labels."""
    sys.path.insert(0, str(ROOT))
    import segmentation as sg
    from segmentation import workflow

    frame = sg.read_table(ROOT / "sample_data" / "customers.csv")
    schema = sg.infer_schema(frame)
    matrix = workflow.prepare(frame, schema, sg.Recipe.from_schema(schema)).matrix
    truth = pd.read_csv(ROOT / "sample_data" / "customers_truth.csv")
    return matrix.to_numpy(np.float32), truth["planted_segment"].to_numpy()


def resample(matrix: np.ndarray, rows: int) -> np.ndarray:
    """``rows`` rows drawn from the matrix, with a little noise against duplicates."""
    rng = np.random.default_rng(0)
    picked = matrix[rng.integers(0, len(matrix), rows)]
    return (picked + rng.normal(scale=0.01, size=picked.shape)).astype(np.float32)


def run(case: str, path: Path, cache: Path, repeat: int) -> dict:
    env = {**os.environ, "NUMBA_CACHE_DIR": str(cache), "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", STEP, case, str(path), str(repeat)],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def separation(answer: dict, truth: np.ndarray) -> str:
    """Silhouette of the planted segments on the map (higher: clearer groups)."""
    from sklearn.metrics import silhouette_score

    xy = np.column_stack([answer["x"], answer["y"]])
    return f"{silhouette_score(xy, truth):.2f}"


def cell(result: dict, key: str) -> str:
    return f"{result[key]:.2f}" if key in result else ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--full", action="store_true", help="plain UMAP on 100k rows")
    args = parser.parse_args()
    matrix, truth = sample_matrix()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        sample = folder / "sample.npy"
        np.save(sample, matrix)
        cache = folder / "numba-cache"
        print(
            "| case (fresh process, 5,000 rows) | import s | warm-up s "
            "| PCA during warm-up s | map s | peak MB | planted silhouette |"
        )
        print("|---|---|---|---|---|---|---|")
        for case in (
            "pca",
            "umap-empty",
            "umap-cache",
            "umap-warm",
            "server",
            "plain-cold",
        ):
            answer = run(case, sample, cache, args.repeat)
            result = answer["result"]
            cells = [
                case,
                cell(result, "import"),
                cell(result, "warm_up"),
                cell(result, "pca_during_warm_up"),
                cell(result, "map"),
                f"{result['peak_mb']:.0f}",
                separation(answer, truth),
            ]
            print("| " + " | ".join(cells) + " |", flush=True)
        print()
        print(
            "| rows (warm) | shown | ours s | ours 500 epochs s | unseeded s "
            "| plain umap-learn s | peak MB |"
        )
        print("|---|---|---|---|---|---|---|")
        for rows in (5_000, 10_000, 100_000):
            path = sample if rows == 5_000 else folder / f"m{rows}.npy"
            if rows != 5_000:
                np.save(path, resample(matrix, rows))
            case = "warm-full" if rows == 100_000 and args.full else "warm"
            case = "warm-ours" if rows == 100_000 and not args.full else case
            result = run(case, path, cache, args.repeat)["result"]
            cells = [
                f"{rows:,}",
                f"{result['shown']:,}",
                cell(result, "ours"),
                cell(result, "ours_500"),
                cell(result, "unseeded"),
                cell(result, "plain"),
                f"{result['peak_mb']:.0f}",
            ]
            print("| " + " | ".join(cells) + " |", flush=True)


if __name__ == "__main__":
    main()
