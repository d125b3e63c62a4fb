"""``segmentation lookalike``: rank every customer by likeness to seed customers.

``--seeds`` is a file of the seed customers' ids (its ``--id`` column, else its
first column). The model compares customers on ``--features`` (``auto``: every
usable column, never ids, personal data, outcomes or free text; or ``A,B``).
Every input row is written in input order with its original text, then
``lookalike_score`` (0-1, higher is more alike), ``lookalike_rank`` (1 = most
alike among non-seeds; empty for seeds) and ``is_seed``. stderr says how many
seeds matched and how well the scores separate them (AUC, out of fold).
"""

from __future__ import annotations

import argparse
import sys

from segmentation.cli import options

__all__ = ("add_parser", "run")


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Add ``lookalike`` to the command's subparsers."""
    lookalike = commands.add_parser(
        "lookalike", help="rank every customer by likeness to seed customers"
    )
    lookalike.add_argument("file", help="the customer table")
    lookalike.add_argument("--seeds", required=True, help="file of seed customer ids")
    lookalike.add_argument("--id", required=True, help="the customer id column")
    lookalike.add_argument(
        "--features",
        default="auto",
        help="auto (every usable column) or a comma-separated list of columns",
    )
    lookalike.add_argument("--seed", type=int, default=0, help="random seed")
    lookalike.add_argument("-o", "--output", required=True, help="CSV file to write")
    options.add_sheet_option(lookalike)
    options.add_neutralise_option(lookalike)
    lookalike.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Run ``segmentation lookalike``: score, rank and write every row.

    Parameters
    ----------
    args : argparse.Namespace
        The parsed command line.

    Returns
    -------
    int
        The exit status, 0.
    """
    import pandas as pd

    from segmentation import export
    from segmentation.campaigns import lookalike
    from segmentation.reading import read_table, read_table_with_info
    from segmentation.schema import infer_schema

    read = read_table_with_info(args.file, sheet=args.sheet)
    frame = read.frame
    seeds = read_table(args.seeds)
    column = args.id if args.id in seeds.columns else seeds.columns[0]
    features = None
    if args.features.strip().lower() != "auto":
        features = [c.strip() for c in args.features.split(",") if c.strip()]
    found = lookalike(
        frame,
        seeds[column].dropna(),
        id_column=args.id,
        schema=infer_schema(frame, decimal=read.info.decimal),
        features=features,
        seed=args.seed,
    )
    own = [c for c in found.scores.columns if c in frame.columns]
    table = pd.concat([frame.drop(columns=own), found.scores], axis=1)
    table["lookalike_score"] = table["lookalike_score"].round(6)
    table["lookalike_rank"] = table["lookalike_rank"].astype("string")  # 7, not 7.0
    export.write_csv(
        table, args.output, neutralise=args.neutralise,
        **export.csv_options_like(read.info),
    )  # fmt: skip
    for note in found.notes:
        print(note, file=sys.stderr)
    print(
        f"Wrote {len(table):,} rows to {args.output}; the scores tell the seeds from "
        f"everyone else with an AUC of {found.auc:.2f} (0.5: not at all, 1: "
        f"perfectly), on {len(found.features)} columns.",
        file=sys.stderr,
    )
    return 0
