"""``segmentation sweep``: metrics for each number of segments, and a recommended k.

The recommendation is :func:`segmentation.cluster.recommend.recommend_k`'s, the one the
app's Tune page shows; ``--json`` prints ``{"recommended_k", "reason", "rows"}``
with one row per k (null where a metric is not defined).
"""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path

from segmentation.cli import options

__all__ = ("add_parser", "run")


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Add ``sweep`` to the command's subparsers."""
    sweep = commands.add_parser(
        "sweep", help="metrics for each number of segments, and a recommended k"
    )
    sweep.add_argument("file", help="the customer table")
    options.add_feature_options(sweep, required=True)
    sweep.add_argument(
        "--k", type=options.parse_ks, default=list(range(2, 11)), help="k to try (2-10)"
    )
    sweep.add_argument("--json", action="store_true", help="print JSON")
    sweep.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Run ``segmentation sweep``: print the metrics per k and the recommendation.

    Parameters
    ----------
    args : argparse.Namespace
        The parsed command line.

    Returns
    -------
    int
        The exit status, 0.
    """
    from segmentation import cluster
    from segmentation.cli import support
    from segmentation.cluster import recommend_k
    from segmentation.errors import InputError
    from segmentation.reading import read_table_with_info

    read = read_table_with_info(args.file, sheet=args.sheet)
    recipe = support.recipe_from_args(args, read)
    try:
        result = cluster.sweep(read.frame, recipe, args.k, decimal=read.info.decimal)
        table = result.table
    except InputError as exc:
        raise InputError(f"{Path(args.file).name}: {exc}") from None
    k, reason = recommend_k(table)
    if args.json:
        rows = [
            {
                **{
                    key: _plain(row[key], integer=key == "k") for key in cluster.METRICS
                },
                "largest_share": _plain(row["largest_share"]),
                "driven_by": row["driven_by"],
            }
            for row in table.to_dict("records")
        ]
        payload = {"recommended_k": k, "reason": reason, "rows": rows}
        print(json.dumps(payload, indent=2, ensure_ascii=False))
        return 0
    shown = table.copy()
    numbers = [*cluster.METRICS[1:], "largest_share"]
    shown[numbers] = shown[numbers].round(3)
    print(shown.to_string(index=False, na_rep="-"))
    print(f"\nRecommended: {reason}")
    for note in result.notes:
        print(f"  - {note}")
    return 0


def _plain(value: object, *, integer: bool = False) -> float | int | None:
    """Return a metric as JSON has it: None for a missing one.

    Examples
    --------
    >>> _plain(float("nan")), _plain(3.0, integer=True), _plain(0.5)
    (None, 3, 0.5)
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return int(value) if integer else float(value)
