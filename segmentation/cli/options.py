"""Options several subcommands share, and the types that read their values.

Only the standard library is imported here: the parser is built (and ``--help``
printed) without pandas or scikit-learn. A type that needs the library imports it
when it reads a value.
"""

from __future__ import annotations

import argparse
from datetime import date, datetime

from segmentation.choices import DEFAULT_HORIZON_DAYS, EDITABLE_MEASURES
from segmentation.cluster import ALGORITHMS

__all__ = (
    "AUTO",
    "add_feature_options",
    "add_neutralise_option",
    "add_sheet_option",
    "add_transactions_option",
    "column_label",
    "day",
    "k_or_auto",
    "measure_choice",
    "parse_ks",
    "share",
)

#: The value of ``fit --k`` that asks for the recommended number of segments.
AUTO = "auto"


def parse_ks(text: str) -> list[int]:
    """Read ``sweep --k``: ``2-10``, ``5`` or ``2,4,6``.

    Parameters
    ----------
    text : str
        The option's value.

    Returns
    -------
    list of int

    Raises
    ------
    argparse.ArgumentTypeError
        When the text is neither a range nor a list of whole numbers.

    Examples
    --------
    >>> parse_ks("2-5"), parse_ks("3,7"), parse_ks("4")
    ([2, 3, 4, 5], [3, 7], [4])
    """
    try:
        if "-" in text:
            low, high = (int(part) for part in text.split("-"))
            ks = list(range(low, high + 1))
        else:
            ks = [int(part) for part in text.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a k range like 2-10 or a list like 3,5,8"
        ) from None
    if not ks:
        raise argparse.ArgumentTypeError(f"the range {text!r} is empty")
    return ks


def measure_choice(text: str) -> tuple[str, tuple[str, ...]]:
    """Read ``fit --measure``: ``MEASURE=COL`` or ``MEASURE=A+B+C`` (a sum).

    Examples
    --------
    >>> measure_choice("value=MntWines+MntMeatProducts")
    ('value', ('MntWines', 'MntMeatProducts'))
    >>> measure_choice("recency=")
    ('recency', ())
    >>> measure_choice("spend")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: 'spend' is not MEASURE=COLUMN (or MEASURE=A+B)
    """
    name, sign, columns = text.partition("=")
    if not sign or name.strip().lower() not in EDITABLE_MEASURES:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not MEASURE=COLUMN (or MEASURE=A+B)"
        )
    parts = tuple(c.strip() for c in columns.split("+") if c.strip())
    return name.strip().lower(), parts


def column_label(text: str) -> tuple[str, str]:
    """Read ``fit --label``: ``COLUMN=Label`` (the first ``=`` splits).

    Examples
    --------
    >>> column_label("MntWines=Wine spend")
    ('MntWines', 'Wine spend')
    """
    column, sign, label = text.partition("=")
    if not sign or not column.strip() or not label.strip():
        raise argparse.ArgumentTypeError(f"{text!r} is not COLUMN=Label")
    return column.strip(), label.strip()


def k_or_auto(text: str) -> int | str:
    """Read ``fit --k``: a number of segments (2 or more) or ``auto``.

    Parameters
    ----------
    text : str
        The option's value.

    Returns
    -------
    int or str
        The number, or :data:`AUTO`.

    Raises
    ------
    argparse.ArgumentTypeError
        For anything else.

    Examples
    --------
    >>> k_or_auto("5"), k_or_auto(" Auto ")
    (5, 'auto')
    >>> k_or_auto("1")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: '1' is not a number of segments (2 or more) or 'auto'
    """
    cleaned = text.strip().lower()
    if cleaned == AUTO:
        return AUTO
    try:
        k = int(cleaned)
    except ValueError:
        k = 0
    if k < 2:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a number of segments (2 or more) or 'auto'"
        )
    return k


def day(text: str) -> date:
    """Read a ``YYYY-MM-DD`` day.

    Examples
    --------
    >>> day("2024-02-29")
    datetime.date(2024, 2, 29)
    """
    try:
        return datetime.strptime(text, "%Y-%m-%d").date()
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a date in YYYY-MM-DD form"
        ) from None


def share(text: str) -> float:
    """Read the share of each segment held out as a control group (0-0.9).

    Examples
    --------
    >>> share("0.2")
    0.2
    """
    from segmentation.errors import InputError
    from segmentation.export import check_control_share

    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a share like 0.2") from None
    try:
        return check_control_share(value)
    except InputError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def positive_int(text: str) -> int:
    """Read a whole number of 1 or more (argparse type).

    Examples
    --------
    >>> positive_int("4")
    4
    """
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(
            f"expected a whole number of 1 or more: {text}"
        )
    return value


def add_sheet_option(parser: argparse.ArgumentParser) -> None:
    """Add ``--sheet``, the Excel sheet to read."""
    parser.add_argument("--sheet", help="Excel sheet to read (default: the largest)")


def add_feature_options(parser: argparse.ArgumentParser, *, required: bool) -> None:
    """Add ``--features``, ``--algorithm``, ``--seed`` and ``--sheet``."""
    parser.add_argument(
        "--features",
        required=required,
        help="comma-separated columns; 'auto': behaviour to segment on, demographics "
        "and columns without structure to describe (said on stderr); 'all': every "
        "usable column",
    )
    parser.add_argument(
        "--algorithm",
        choices=ALGORITHMS,
        help="clustering algorithm (default kmeans)",
    )
    parser.add_argument("--seed", type=int, help="random seed (default 0)")
    add_sheet_option(parser)


def add_transactions_option(parser: argparse.ArgumentParser) -> None:
    """Add ``--transactions``, the log a recipe takes behaviour from."""
    parser.add_argument(
        "--transactions",
        metavar="TX_FILE",
        help="the transaction log, when the recipe takes behaviour from one",
    )


def add_horizon_option(parser: argparse.ArgumentParser) -> None:
    """Add ``--horizon-days``: the days ahead expected purchases and value count."""
    parser.add_argument(
        "--horizon-days",
        type=positive_int,
        metavar="N",
        help="days ahead expected purchases and value count over (default "
        f"{DEFAULT_HORIZON_DAYS})",
    )


def add_neutralise_option(parser: argparse.ArgumentParser) -> None:
    """Add ``--no-neutralise``: write formula-like cells as they are."""
    parser.add_argument(
        "--no-neutralise",
        dest="neutralise",
        action="store_false",
        help="write cells starting with = + - @ as they are (by default they get "
        "a leading ' so that spreadsheets do not run them as formulas)",
    )
