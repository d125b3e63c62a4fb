"""``segmentation inspect``: roles, families, missing values and warnings of a table.

``--json`` prints ``{"file", "rows", "columns": [{"name", "dtype", "role",
"family", "missing", "unique", "warnings"}], "warnings"}``.
"""

from __future__ import annotations

import argparse
import json

from segmentation.cli import options

__all__ = ("add_parser", "run")


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Add ``inspect`` to the command's subparsers."""
    inspect = commands.add_parser(
        "inspect", help="roles, families, missing values and warnings of a table"
    )
    inspect.add_argument("file", help="CSV, TSV, TXT, gzip CSV, .xlsx or .parquet")
    inspect.add_argument(
        "--json", action="store_true", help="print JSON instead of a table"
    )
    options.add_sheet_option(inspect)
    inspect.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Run ``segmentation inspect``: print what each column is, and its warnings.

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

    from segmentation.io import read_table, table_info
    from segmentation.schema import infer_schema

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
