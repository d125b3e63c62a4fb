"""``segmentation results``: a campaign's results per segment against the control.

A labelled file (``fit``/``apply`` output or the app's export, with ``segment``
and ``ab_group``) is joined on ``--id`` with a results file (``--outcome``: 0/1 or
yes/no; ``--revenue`` optional; its own ``ab_group``, when it has one, says who
actually got the campaign). Labelled customers missing from the results count as
no outcome (``--missing no_outcome``, the default) or are left out
(``--missing leave_out``); the output says which. ``--json`` prints
``{"segments": [{"segment", "segment_name", "treatment_n", "control_n",
"treatment_rate", "control_rate", "lift", "lift_low", "lift_high", "p_value",
"p_adjusted", "significant", "verdict", ...}], "overall": {...}, "notes": [...]}``
(rates and lifts as fractions); ``-o`` writes the per-segment table as CSV.
"""

from __future__ import annotations

import argparse
import json
import math

from segmentation.cli import options

__all__ = ("add_parser", "run")


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Add ``results`` to the command's subparsers."""
    results = commands.add_parser(
        "results", help="a campaign's results per segment against the control group"
    )
    results.add_argument("labelled", help="the labelled file (segment, ab_group)")
    results.add_argument("results", help="the campaign's results file")
    results.add_argument("--id", required=True, help="the customer id column")
    results.add_argument("--outcome", required=True, help="0/1 or yes/no column")
    results.add_argument("--revenue", help="revenue per customer column")
    results.add_argument(
        "--missing",
        choices=("no_outcome", "leave_out"),
        default="no_outcome",
        help="labelled customers not in the results: no outcome (default) or left out",
    )
    results.add_argument("--json", action="store_true", help="print JSON")
    results.add_argument("-o", "--output", help="write the per-segment table (CSV)")
    options.add_sheet_option(results)
    results.set_defaults(run=run)


def _plain(value: object) -> object:
    """Return a JSON value: numbers as floats or ints, NaN as null."""
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def run(args: argparse.Namespace) -> int:
    """Run ``segmentation results``: print the lift per segment and overall.

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
    from segmentation.campaigns import campaign_results
    from segmentation.reading import read_table

    labelled = read_table(args.labelled, sheet=args.sheet)
    outcomes = read_table(args.results, sheet=args.sheet)
    found = campaign_results(
        labelled,
        outcomes,
        id_column=args.id,
        outcome=args.outcome,
        revenue=args.revenue,
        missing=args.missing,
    )
    if args.output:
        with open(args.output, "wb") as handle:
            handle.write(export.frame_csv_bytes(found.segments))
    if args.json:
        payload = {
            "segments": [
                {k: _plain(v) for k, v in row.items()}
                for row in found.segments.to_dict("records")
            ],
            "overall": {k: _plain(v) for k, v in found.overall.items()},
            "notes": list(found.notes),
        }
        print(json.dumps(payload, indent=2, ensure_ascii=False))
        return 0
    for note in found.notes:
        print(note)
    for row in [*found.segments.to_dict("records"), found.overall]:
        who = (
            f"Segment {row['segment']}" + (f" ({row['segment_name']})"
                                           if row.get("segment_name") else "")
            if "segment" in row
            else "Everyone"
        )  # fmt: skip
        print(
            f"{who}: treatment {row['treatment_rate']:.1%} of "
            f"{row['treatment_n']:,}, control {row['control_rate']:.1%} of "
            f"{row['control_n']:,}; lift {row['lift']:+.1%} (95% interval "
            f"{row['lift_low']:+.1%} to {row['lift_high']:+.1%}), p = "
            f"{row['p_value']:.3g}"
            + (f", Holm-adjusted {row['p_adjusted']:.3g}" if "segment" in row else "")
            + f": {row['verdict']}."
        )
    return 0
