"""``segmentation compare``: who moved where between two labelled snapshots.

Two files written by ``fit`` or ``apply`` (or the app's export) are matched on
the customer id (``--id``; by default the id column inferred from the earlier
file): stayed, moved, new and gone customers, the migration matrix, segment sizes
before and after, drift per column (PSI) and a verdict. ``--json`` prints
``{"matched", "new", "gone", "moved", "stayed", "matrix": [{"from", "to",
"customers"}], "sizes": [{"segment", "before", "after"}], "drift": [{"column",
"psi"}], "verdict"}``; ``-o`` writes the matrix as CSV.
"""

from __future__ import annotations

import argparse
import json

from segmentation.cli import options

__all__ = ("add_parser", "run")


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Add ``compare`` to the command's subparsers."""
    compare = commands.add_parser(
        "compare", help="who moved where between two labelled snapshots, and drift"
    )
    compare.add_argument("before", help="the earlier labelled file")
    compare.add_argument("after", help="the later labelled file")
    compare.add_argument("--id", help="the customer id column (default: inferred)")
    compare.add_argument("--json", action="store_true", help="print JSON")
    compare.add_argument("-o", "--output", help="write the migration matrix (CSV)")
    options.add_sheet_option(compare)
    compare.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Run ``segmentation compare``: print the migration, sizes, drift and verdict.

    Parameters
    ----------
    args : argparse.Namespace
        The parsed command line.

    Returns
    -------
    int
        The exit status, 0.
    """
    from segmentation import export
    from segmentation.errors import InputError
    from segmentation.monitor import compare_snapshots
    from segmentation.reading import read_table
    from segmentation.schema import infer_schema

    before = read_table(args.before, sheet=args.sheet)
    after = read_table(args.after, sheet=args.sheet)
    id_column = args.id
    if id_column is None:
        ids = infer_schema(before.drop(columns=["segment"], errors="ignore")).with_role(
            "id"
        )
        if not ids:
            raise InputError(
                "No customer id column was found in the earlier file; name it "
                "with --id."
            )
        id_column = ids[0]
    found = compare_snapshots(before, after, id_column)
    if args.output:
        with open(args.output, "wb") as handle:
            handle.write(export.frame_csv_bytes(found.matrix))
    if args.json:
        print(json.dumps(_payload(found), indent=2, ensure_ascii=False))
        return 0
    print(
        f"Matched {found.matched:,} customers on {id_column}: {found.stayed:,} stayed, "
        f"{found.moved:,} moved; {found.new:,} new, {found.gone:,} gone."
    )
    for row in found.sizes.itertuples(index=False):
        print(
            f"Segment {row.segment}: {row.before:,} ({row.before_share:.0%}) -> "
            f"{row.after:,} ({row.after_share:.0%})"
        )
    for row in found.drift.head(5).itertuples(index=False):
        print(f"Drift {row.column}: PSI {row.psi:.3f} ({row.level})")
    print(f"Verdict: {found.verdict}")
    return 0


def _payload(found) -> dict:
    return {
        "matched": found.matched,
        "new": found.new,
        "gone": found.gone,
        "moved": found.moved,
        "stayed": found.stayed,
        "matrix": [
            {"from": r["from"], "to": r["to"], "customers": int(r["customers"])}
            for r in found.matrix.to_dict("records")
        ],
        "sizes": [
            {"segment": r.segment, "before": int(r.before), "after": int(r.after)}
            for r in found.sizes.itertuples(index=False)
        ],
        "drift": [
            {"column": r.column, "psi": round(float(r.psi), 6)}
            for r in found.drift.itertuples(index=False)
        ],
        "verdict": found.verdict,
    }
