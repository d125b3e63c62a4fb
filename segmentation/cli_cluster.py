"""The ``sweep``, ``fit`` and ``apply`` subcommands of the ``segmentation`` command.

``sweep`` measures every k and recommends one; ``fit`` segments a customer table and
``apply`` labels one with a saved model. Both write every input row, in input order,
with its original text, then ``segment`` (0 = the largest segment; -1 = unassigned)
and ``segment_name`` (and ``ab_group`` with ``fit --holdout``); see
:mod:`segmentation.export`. Until segments are named by the profile step,
``segment_name`` is ``Segment N`` for segment N (and ``Unassigned`` for -1): a
neutral label, not a description.

A recipe (or model) whose behaviour comes from a transaction log needs that log:
``--transactions TX_FILE``. Behaviour is then computed and joined by
:mod:`segmentation.workflow`, as in the app, so the same labels come out.
"""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path

import numpy as np
import pandas as pd

from segmentation import algorithms, cli_fit, export, metrics
from segmentation.errors import InputError
from segmentation.io import read_table
from segmentation.recommend import recommend_k

__all__ = ("add_parsers", "parse_ks", "segment_names", "write_labelled")


def parse_ks(text: str) -> list[int]:
    """Read ``--k``: ``2-10``, ``5`` or ``2,4,6``.

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


def add_parsers(commands: argparse._SubParsersAction) -> None:
    """Add ``sweep``, ``fit`` and ``apply`` to the command's subparsers."""
    sweep = commands.add_parser(
        "sweep", help="metrics for each number of segments, and a recommended k"
    )
    sweep.add_argument("file", help="the customer table")
    _feature_options(sweep, required=True)
    sweep.add_argument(
        "--k", type=parse_ks, default=list(range(2, 11)), help="k to try (2-10)"
    )
    sweep.add_argument("--json", action="store_true", help="print JSON")
    sweep.set_defaults(run=_sweep)
    fit = commands.add_parser(
        "fit", help="segment a customer table and write it with its segments"
    )
    fit.add_argument("file", help="the customer table")
    _feature_options(fit, required=False)
    fit.add_argument("--recipe", help="a recipe JSON file (from the app's Export)")
    _transactions_option(fit)
    fit.add_argument("--k", type=int, help="number of segments")
    fit.add_argument(
        "--holdout",
        type=_share,
        metavar="SHARE",
        help="hold out this share (0-0.9) of every segment as an A/B control "
        "group; adds the column ab_group (treatment/control)",
    )
    fit.add_argument("--model", help="also save the fitted model to this file")
    fit.add_argument("--save-recipe", help="also save the recipe as JSON")
    fit.add_argument(
        "--summary",
        metavar="S.csv",
        help="also write one row per segment: size, "
        "share, profile figures, value and churn risk, the rule in words",
    )
    fit.add_argument(
        "--messages",
        metavar="M.csv",
        help="also write the suggested message per "
        "segment (objective, channel, tone, offer, subject, body, cta, rationale)",
    )
    fit.add_argument("-o", "--output", required=True, help="CSV file to write")
    _neutralise_option(fit)
    fit.set_defaults(run=cli_fit.run_fit)
    apply = commands.add_parser(
        "apply", help="label a customer table with a saved model"
    )
    apply.add_argument("model", help="a model file saved by fit --model or the app")
    apply.add_argument("file", help="the customer table")
    _transactions_option(apply)
    apply.add_argument("--sheet", help="Excel sheet to read (default: the largest)")
    apply.add_argument("-o", "--output", required=True, help="CSV file to write")
    _neutralise_option(apply)
    apply.set_defaults(run=cli_fit.run_apply)


def _transactions_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--transactions",
        metavar="TX_FILE",
        help="the transaction log, when the recipe takes behaviour from one",
    )


def _neutralise_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--no-neutralise",
        dest="neutralise",
        action="store_false",
        help="write cells starting with = + - @ as they are (by default they get "
        "a leading ' so that spreadsheets do not run them as formulas)",
    )


def _share(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a share like 0.2") from None
    try:
        return export.check_control_share(value)
    except InputError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _feature_options(parser: argparse.ArgumentParser, *, required: bool) -> None:
    parser.add_argument(
        "--features",
        required=required,
        help="comma-separated columns, or 'auto' for every usable column",
    )
    parser.add_argument(
        "--algorithm",
        choices=algorithms.ALGORITHMS,
        help="clustering algorithm (default kmeans)",
    )
    parser.add_argument("--seed", type=int, help="random seed (default 0)")
    parser.add_argument("--sheet", help="Excel sheet to read (default: the largest)")


def _sweep(args: argparse.Namespace) -> int:
    frame = read_table(args.file, sheet=args.sheet)
    recipe = cli_fit.recipe_from_args(args, frame)
    try:
        table = metrics.sweep(frame, recipe, args.k)
    except InputError as exc:
        raise InputError(f"{Path(args.file).name}: {exc}") from None
    k, reason = recommend_k(table)
    if args.json:
        rows = [
            {
                key: _plain(value, integer=key == "k")
                for key, value in row.items()
                if key in metrics.METRICS
            }
            for row in table.to_dict("records")
        ]
        payload = {"recommended_k": k, "reason": reason, "rows": rows}
        print(json.dumps(payload, indent=2, ensure_ascii=False))
        return 0
    shown = table.copy()
    shown[list(metrics.METRICS[1:])] = shown[list(metrics.METRICS[1:])].round(3)
    print(shown.to_string(index=False, na_rep="-"))
    print(f"\nRecommended: {reason}")
    for note in table.attrs.get("notes", ()):
        print(f"  - {note}")
    return 0


def _plain(value: object, *, integer: bool = False) -> float | int | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return int(value) if integer else float(value)


def segment_names(labels: np.ndarray | pd.Index) -> list[str]:
    """Default segment names: ``Segment N`` for N >= 0, ``Unassigned`` for -1.

    Examples
    --------
    >>> segment_names([0, 2, -1])
    ['Segment 0', 'Segment 2', 'Unassigned']
    """
    return export.default_segment_names(labels)


def write_labelled(
    frame: pd.DataFrame,
    labels: np.ndarray,
    path: str | Path,
    *,
    ab_groups: pd.Series | None = None,
    neutralise: bool = True,
) -> list[str]:
    """Write the table as read, cell text unchanged, plus ``segment``/``segment_name``.

    See :func:`segmentation.export.labelled_table` and
    :func:`segmentation.export.write_csv`: every original column is written as text,
    empty cells stay empty, and text a spreadsheet would run as a formula gets a
    leading ``'`` unless ``neutralise`` is False.

    Returns
    -------
    list of str
        The file's own columns that the added ones replaced.

    Examples
    --------
    >>> import tempfile, os
    >>> out = os.path.join(tempfile.mkdtemp(), "out.csv")
    >>> df = pd.DataFrame({"id": ["007", None], "spend": ["58138", "1.50"]})
    >>> write_labelled(df, np.array([1, -1]), out)
    []
    >>> print(open(out).read().strip())
    id,spend,segment,segment_name
    007,58138,1,Segment 1
    ,1.50,-1,Unassigned
    """
    table = export.labelled_table(frame, labels, ab_groups=ab_groups)
    export.write_csv(table, path, neutralise=neutralise)
    return table.attrs["replaced"]
