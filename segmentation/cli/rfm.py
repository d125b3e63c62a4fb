"""``segmentation rfm``: per-customer behaviour and RFM segments from a transaction log.

Writes the customer column (same name, values unchanged), recency_days,
frequency, monetary, the other behaviour columns, r_score, f_score, m_score and
rfm_segment (with ``--clv``: p_alive, expected_purchases and expected_value, left
empty with a sentence when the log cannot carry the models); then says what the
log gave, in sentences.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from segmentation.cli import options

__all__ = ("add_parser", "run")


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Add ``rfm`` to the command's subparsers."""
    rfm = commands.add_parser(
        "rfm",
        help="per-customer recency, frequency, monetary and RFM segments "
        "from a transaction log",
    )
    rfm.add_argument("file", help="the transaction log, one line per purchase/return")
    rfm.add_argument("--customer", required=True, help="customer id column")
    rfm.add_argument("--date", required=True, help="date or timestamp column")
    rfm.add_argument("--amount", help="line amount column")
    rfm.add_argument("--quantity", help="quantity column (with --price, no --amount)")
    rfm.add_argument("--price", help="unit price column (with --quantity)")
    rfm.add_argument("--invoice", help="invoice/order column; 'C...' = cancellation")
    rfm.add_argument(
        "--as-of",
        type=options.day,
        metavar="YYYY-MM-DD",
        help="the customers as they stood on this day: recency counts to it and "
        "lines dated on or after it are left out (default: the day after the last "
        "transaction)",
    )
    rfm.add_argument(
        "--clv",
        action="store_true",
        help="also write p_alive (chance still active), expected_purchases and "
        "expected_value over the horizon, from MBG/NBD and Gamma-Gamma models",
    )
    options.add_horizon_option(rfm)
    rfm.add_argument("-o", "--output", required=True, help="CSV file to write")
    options.add_sheet_option(rfm)
    rfm.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Run ``segmentation rfm``: behaviour per customer, scored and written.

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

    from segmentation import workflow
    from segmentation.behaviour import behaviour_sentences, rfm_segments
    from segmentation.errors import InputError
    from segmentation.reading import read_table_with_info
    from segmentation.recipe import TransactionMapping

    if args.amount is None and (args.quantity is None or args.price is None):
        raise InputError("rfm needs --amount, or both --quantity and --price.")
    if args.amount is not None and (args.quantity or args.price):
        raise InputError("rfm takes --amount, or --quantity and --price; not both.")
    tx, info = read_table_with_info(args.file, sheet=args.sheet)
    mapping = TransactionMapping(
        customer=args.customer,
        date=args.date,
        amount=args.amount,
        quantity=args.quantity,
        price=args.price,
        invoice=args.invoice,
        as_of=args.as_of.isoformat() if args.as_of else None,
    )
    try:
        made = workflow.behaviour(tx, mapping, decimal=info.decimal)
    except InputError as exc:
        raise InputError(f"{Path(args.file).name}: {exc}") from None
    if args.horizon_days and not args.clv:
        raise InputError("--horizon-days goes with --clv.")
    table = rfm_segments(made.table)
    ahead = None
    if args.clv:
        from segmentation.behaviour import value_ahead
        from segmentation.choices import DEFAULT_HORIZON_DAYS

        ahead = value_ahead(
            made.table, horizon_days=args.horizon_days or DEFAULT_HORIZON_DAYS
        )
        table = pd.concat([table, ahead.table], axis=1)
    floats = table.select_dtypes("float").columns
    table[floats] = table[floats].round(6)  # 1180.48, not 1180.4800000000002
    try:
        table.to_csv(args.output, index=False, date_format="%Y-%m-%d %H:%M:%S")
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise InputError(f"{args.output}: cannot write ({reason}).") from None
    print(f"Wrote {len(table):,} customers to {args.output}.")
    for sentence in behaviour_sentences(made.report):
        print(sentence)
    if ahead is not None:
        print(ahead.note)
    sizes = table["rfm_segment"].value_counts()
    print("Segments: " + ", ".join(f"{name} {n:,}" for name, n in sizes.items()))
    return 0
