"""``segmentation inspect``: roles, families, missing values and warnings of a table.

The warnings are those of the file (how it was read), of the roles (ambiguous
dates, values that are not numbers) and the findings of the quality report
(:func:`segmentation.schema.quality.quality_report`, the one the app's Data page shows):
missing values, constant and near-constant columns, outliers, implausible values,
repeated ids, duplicate rows. A column's own findings go with the column, the
table's (duplicate rows) with the file's.

``--json`` prints ``{"file", "rows", "columns": [{"name", "dtype", "role",
"family", "missing", "unique", "warnings"}], "warnings"}``; the text view prints
the roles table, then the same sentences.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterable

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

    from segmentation.describe import column_measures
    from segmentation.reading import read_table_with_info
    from segmentation.schema import infer_schema, quality_report

    df, info = read_table_with_info(args.file, sheet=args.sheet)
    schema = infer_schema(df, decimal=info.decimal)
    file_warnings = list(info.warnings)
    report = quality_report(df, schema)
    ids = schema.with_role("id")
    typed = schema.typed(df)
    measures = column_measures(typed, ids[0] if ids else None)
    parts = [name for name, measure in measures.items() if measure == "value"]
    value = {"columns": list(parts), "how": "sum" if len(parts) > 1 else "column"}
    columns = [
        {
            "name": c.name,
            "dtype": c.dtype,
            "role": c.role,
            "family": c.family,
            "missing": c.missing,
            "unique": c.unique,
            "measure": measures.get(c.name),
            "placeholders": list(c.placeholders),
            "warnings": _merged(
                c.warnings,
                (f.message for f in report.findings if f.column == c.name),
                c.name,
            ),
        }
        for c in schema.columns
    ]
    file_warnings += [f.message for f in report.findings if f.column is None]
    if args.json:
        payload = {
            "file": str(args.file),
            "rows": len(df),
            "columns": columns,
            "value": value if parts else None,
            "warnings": file_warnings,
        }
        print(json.dumps(payload, indent=2, ensure_ascii=False))
        return 0
    print(f"{args.file}: {len(df):,} rows x {len(df.columns):,} columns")
    if info.format == "csv":
        delimiter = {"\t": "tab", r"\s+": "whitespace"}.get(
            info.delimiter, info.delimiter
        )
        print(
            f"format: csv, encoding {info.encoding}, delimiter {delimiter!r}, "
            f"decimal {info.decimal!r}"
        )
    else:
        print(
            f"format: {info.format}" + (f", sheet {info.sheet!r}" if info.sheet else "")
        )
    table = pd.DataFrame(columns).drop(columns="warnings")
    table["family"] = table["family"].fillna("-")
    table["measure"] = table["measure"].fillna("-")
    table = table.drop(columns="placeholders")
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


def _merged(own: Iterable[str], findings: Iterable[str], column: str) -> list[str]:
    """Return a column's warnings, then its findings, each sentence once.

    A finding starts with the column's name, which the column's list does not
    repeat.

    Examples
    --------
    >>> _merged(["Every value is missing."], ["plan: every value is missing."], "plan")
    ['Every value is missing.']
    >>> _merged([], ["plan: every value is the same ('a')."], "plan")
    ["Every value is the same ('a')."]
    """
    sentences: list[str] = []
    for text in (*own, *(_without_name(f, column) for f in findings)):
        if text.casefold() not in {s.casefold() for s in sentences}:
            sentences.append(text)
    return sentences


def _without_name(message: str, column: str) -> str:
    """Drop the ``column:`` a finding starts with; capitalise what is left."""
    head = f"{column}: "
    text = message[len(head) :] if message.startswith(head) else message
    return text[:1].upper() + text[1:]
