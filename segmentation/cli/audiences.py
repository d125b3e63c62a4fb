"""``segmentation audiences``: per-segment files for ad and e-mail platforms.

From a labelled file (``fit``/``apply`` output or the app's export), one CSV per
segment in ``-o DIR`` (``audience_<segment>.csv``) with ``email_sha256``,
``phone_sha256``, ``segment`` and ``segment_name``: SHA-256 of the trimmed,
lower-cased e-mail and of the phone in E.164 form (``--country-code`` for numbers
written without one). The raw contacts are never written. The control group,
customers who opted out or whose consent is not recorded (``--consent``) and
rows without a valid e-mail or phone are left out; stdout counts them per
segment.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from segmentation.cli import options

__all__ = ("add_parser", "run")


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Add ``audiences`` to the command's subparsers."""
    made = commands.add_parser(
        "audiences", help="hashed per-segment audience files for ad and e-mail tools"
    )
    made.add_argument("labelled", help="the labelled file (segment, contacts)")
    made.add_argument("--email", help="the e-mail column")
    made.add_argument("--phone", help="the phone column")
    made.add_argument(
        "--country-code",
        type=int,
        help="calling code of phone numbers written without one (44, 1, 49...)",
    )
    made.add_argument("--consent", help="yes/no column: only yes is kept")
    made.add_argument("-o", "--output", required=True, help="folder to write into")
    options.add_sheet_option(made)
    made.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Run ``segmentation audiences``: write one hashed file per segment.

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
    from segmentation.campaigns import audience_file_name as file_name
    from segmentation.campaigns import audiences
    from segmentation.errors import InputError
    from segmentation.reading import read_table

    made = audiences(
        read_table(args.labelled, sheet=args.sheet),
        email=args.email,
        phone=args.phone,
        country_code=args.country_code,
        consent=args.consent,
    )
    folder = Path(args.output)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(
            f"The folder {folder} cannot be made: {exc.strerror}."
        ) from None
    written: dict[str, str] = {}
    for segment, table in made.files.items():
        name = file_name(segment)
        if name in written.values():  # two segments that read alike
            name = name.replace(".csv", f"_{len(written)}.csv")
        written[segment] = name
        export.write_csv(table, folder / name, neutralise=False)
    for row in made.counts.itertuples(index=False):
        name = f" ({row.segment_name})" if row.segment_name else ""
        print(
            f"Segment {row.segment}{name}: {row.written:,} of {row.customers:,} "
            f"written to {written[row.segment]}; left out {row.control:,} in the "
            f"control group, {row.opted_out:,} opted out, {row.no_consent:,} "
            f"without recorded consent, {row.no_contact:,} without a valid contact."
        )
    return 0
