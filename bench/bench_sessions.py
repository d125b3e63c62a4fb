"""Benchmark the server's memory as browser sessions pile up: 1, then 5, then 10.

Starts ``streamlit run app.py`` and measures its resident memory (psutil when
installed, else ``VmRSS`` in ``/proc/<pid>/status``) at rest, before any browser
connects, then after 1, 5 and 10 sessions have each completed the whole flow:
Data (the bundled sample) -> Criteria -> Tune (until the recommendation) ->
Segments -> Export and the labelled CSV downloaded (5,000 rows checked). The
sessions of a step run at the same time, and every session stays open until the
end, so the server still holds its state when the next figure is read.

By default all sessions work on the same sample, so the caches keyed by content
(the table, the matrix, the k sweep, the map layouts) are filled by the first
session and shared after it: the first increment is the app's working set, the
later ones the cost of a session itself. With ``--distinct`` session *i* uploads
the sample without its last *i* rows instead, so no two sessions share a cached
step: every increment is a whole session's data and results, until a cache's entry
limit (8 for the feature matrix and the UMAP layouts) evicts the oldest entries.

Run: ``.venv/bin/python bench/bench_sessions.py [--steps 1,5,10] [--distinct]``,
with Debian's chromium installed. Writes a markdown table to stdout. The browser
part is the one in ``tests/browser/test_browser_sessions.py``.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from browser_support import app_process  # noqa: E402
from test_browser_sessions import (  # noqa: E402
    CUSTOMERS,
    Table,
    async_browser,
    new_session,
    run_flow,
)


def rss_mb(pid: int) -> float:
    """Resident memory of a process, in MB (2**20 bytes)."""
    try:
        import psutil
    except ImportError:
        status = Path(f"/proc/{pid}/status").read_text(encoding="ascii")
        kilobytes = next(
            line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:")
        )
        return int(kilobytes) / 1024
    return psutil.Process(pid).memory_info().rss / 2**20


def csv_rows(path: Path) -> int:
    with path.open(newline="", encoding="utf-8") as handle:
        return sum(1 for _ in csv.reader(handle)) - 1


def distinct_table(folder: Path, session: int) -> Table:
    """The sample without its last ``session`` rows, written under ``folder``."""
    lines = CUSTOMERS.read_text(encoding="utf-8").splitlines(keepends=True)
    path = folder / f"customers_{session}.csv"
    path.write_text("".join(lines[: len(lines) - session]), encoding="utf-8")
    return Table.read(path, ())


async def measure(
    url: str, pid: int, steps: list[int], folder: Path, distinct: bool
) -> list[tuple[int, float, float | None, float | None]]:
    """Return (sessions, RSS MB, MB per added session, wall s of the step)."""
    table: list[tuple[int, float, float | None, float | None]] = [
        (0, rss_mb(pid), None, None)
    ]
    async with async_browser() as browser:
        pages: list = []
        for target in steps:
            added = [await new_session(browser) for _ in range(target - len(pages))]
            start = time.monotonic()
            numbers = range(len(pages), target)
            tables = [distinct_table(folder, n) if distinct else None for n in numbers]
            flows = await asyncio.gather(
                *(
                    run_flow(page, url, folder / f"session_{n}", table)
                    for n, page, table in zip(numbers, added, tables, strict=True)
                )
            )
            wall = time.monotonic() - start
            expected = [5_000 if t is None else t.rows for t in tables]
            bad = [p for p, n in zip(flows, expected, strict=True) if csv_rows(p) != n]
            if bad:
                raise RuntimeError(f"labelled CSV without every row: {bad}")
            pages += added
            before_sessions, before_mb = table[-1][0], table[-1][1]
            now = rss_mb(pid)
            step = (now - before_mb) / (target - before_sessions)
            table.append((target, now, step, wall))
    return table


def markdown(table: list[tuple[int, float, float | None, float | None]]) -> str:
    header = ("sessions", "server RSS MB", "per-session increment MB", "flow wall s")
    lines = ["| " + " | ".join(header) + " |", "|---|---|---|---|"]
    for sessions, mb, step, wall in table:
        label = f"{sessions} (at rest)" if sessions == 0 else str(sessions)
        step_text = "" if step is None else f"{step:+.1f}"
        wall_text = "" if wall is None else f"{wall:.1f}"
        lines.append(f"| {label} | {mb:.0f} | {step_text} | {wall_text} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--steps",
        default="1,5,10",
        help="cumulative numbers of sessions, increasing (default 1,5,10)",
    )
    parser.add_argument(
        "--distinct",
        action="store_true",
        help="every session uploads its own table (no shared cache entries)",
    )
    args = parser.parse_args()
    steps = [int(part) for part in args.steps.split(",")]
    if steps != sorted(set(steps)) or steps[0] < 1:
        parser.error("--steps must be increasing positive numbers")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        with app_process(folder / "server.log") as (url, proc):
            table = asyncio.run(measure(url, proc.pid, steps, folder, args.distinct))
    print(markdown(table))
    print(
        "\nA step's sessions run at the same time; its wall time is from their "
        "first page load to the last downloaded CSV."
    )


if __name__ == "__main__":
    main()
