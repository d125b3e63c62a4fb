"""The ``segmentation`` command: the second face of the product, beside the app.

Every subcommand exits 0 on success and 2 on bad input or usage, with one line on
stderr that names the file or column and the problem; never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import NoReturn

import pandas as pd

from segmentation import cli_cluster, workflow
from segmentation.errors import InputError
from segmentation.io import read_table, table_info
from segmentation.recipe import TransactionMapping
from segmentation.rfm import behaviour_sentences
from segmentation.rfm_grid import rfm_segments
from segmentation.schema import infer_schema

__all__ = ("main",)

PROG = "segmentation"


class _Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors are one line on stderr, exit 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see '{PROG} --help')\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog=PROG, description="Customer segmentation for analysts.")
    commands = parser.add_subparsers(
        dest="command", required=True, metavar="COMMAND", parser_class=_Parser
    )
    inspect = commands.add_parser(
        "inspect", help="roles, families, missing values and warnings of a table"
    )
    inspect.add_argument("file", help="CSV, TSV, TXT, gzip CSV, .xlsx or .parquet")
    inspect.add_argument(
        "--json", action="store_true", help="print JSON instead of a table"
    )
    inspect.add_argument("--sheet", help="Excel sheet to read (default: the largest)")
    inspect.set_defaults(run=_inspect)
    _add_rfm(commands)
    cli_cluster.add_parsers(commands)
    return parser


def _add_rfm(commands: argparse._SubParsersAction) -> None:
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
        type=_day,
        metavar="YYYY-MM-DD",
        help="day recency counts to (default: the day after the last transaction)",
    )
    rfm.add_argument("-o", "--output", required=True, help="CSV file to write")
    rfm.add_argument("--sheet", help="Excel sheet to read (default: the largest)")
    rfm.set_defaults(run=_rfm)


def _day(text: str) -> date:
    try:
        return datetime.strptime(text, "%Y-%m-%d").date()
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a date in YYYY-MM-DD form"
        ) from None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit code.

    Parameters
    ----------
    argv : sequence of str, optional
        Arguments without the program name; ``sys.argv[1:]`` by default.

    Returns
    -------
    int
        0 on success, 2 on bad input or usage, 1 on an unexpected failure.
    """
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    try:
        return args.run(args)
    except InputError as exc:
        _fail(str(exc))
        return 2
    except BrokenPipeError:
        return 0
    except Exception as exc:  # noqa: BLE001 - the last guard before a traceback
        _fail(f"unexpected error ({type(exc).__name__}: {exc}); please report it.")
        return 1


def _fail(message: str) -> None:
    line = " ".join(message.split())
    print(f"{PROG}: {line}", file=sys.stderr)


def _inspect(args: argparse.Namespace) -> int:
    df = read_table(args.file, sheet=args.sheet)
    schema = infer_schema(df)
    info = table_info(df)
    file_warnings = list(info.warnings) if info else []
    columns = [
        {
            "name": c.name,
            "dtype": c.dtype,
            "role": c.role,
            "family": c.family,
            "missing": c.missing,
            "unique": c.unique,
            "warnings": list(c.warnings),
        }
        for c in schema.columns
    ]
    if args.json:
        payload = {
            "file": str(args.file),
            "rows": len(df),
            "columns": columns,
            "warnings": file_warnings,
        }
        print(json.dumps(payload, indent=2, ensure_ascii=False))
        return 0
    print(f"{args.file}: {len(df):,} rows x {len(df.columns):,} columns")
    if info and info.format == "csv":
        delimiter = {"\t": "tab", r"\s+": "whitespace"}.get(
            info.delimiter, info.delimiter
        )
        print(
            f"format: csv, encoding {info.encoding}, delimiter {delimiter!r}, "
            f"decimal {info.decimal!r}"
        )
    elif info:
        print(
            f"format: {info.format}" + (f", sheet {info.sheet!r}" if info.sheet else "")
        )
    table = pd.DataFrame(columns).drop(columns="warnings")
    table["family"] = table["family"].fillna("-")
    print()
    print(table.to_string(index=False))
    notes = file_warnings + [
        f"{c['name']}: {w}" for c in columns for w in c["warnings"]
    ]
    if notes:
        print("\nwarnings:")
        for note in notes:
            print(f"  - {note}")
    return 0


def _rfm(args: argparse.Namespace) -> int:
    if args.amount is None and (args.quantity is None or args.price is None):
        raise InputError("rfm needs --amount, or both --quantity and --price.")
    if args.amount is not None and (args.quantity or args.price):
        raise InputError("rfm takes --amount, or --quantity and --price; not both.")
    tx = read_table(args.file, sheet=args.sheet)
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
        behaviour = workflow.behaviour(tx, mapping)
    except InputError as exc:
        raise InputError(f"{Path(args.file).name}: {exc}") from None
    table = rfm_segments(behaviour)
    floats = table.select_dtypes("float").columns
    table[floats] = table[floats].round(6)  # 1180.48, not 1180.4800000000002
    try:
        table.to_csv(args.output, index=False, date_format="%Y-%m-%d %H:%M:%S")
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise InputError(f"{args.output}: cannot write ({reason}).") from None
    print(f"Wrote {len(table):,} customers to {args.output}.")
    for sentence in behaviour_sentences(behaviour):
        print(sentence)
    sizes = table["rfm_segment"].value_counts()
    print("Segments: " + ", ".join(f"{name} {n:,}" for name, n in sizes.items()))
    return 0
