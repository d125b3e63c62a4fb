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
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pandas as pd

from segmentation import algorithms, export, metrics
from segmentation.errors import InputError
from segmentation.io import read_table
from segmentation.model import SegmentationModel
from segmentation.recipe import Recipe
from segmentation.recommend import recommend_k
from segmentation.schema import infer_schema

__all__ = ["add_parsers", "parse_ks", "segment_names", "write_labelled"]


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
    fit.add_argument("-o", "--output", required=True, help="CSV file to write")
    _neutralise_option(fit)
    fit.set_defaults(run=_fit)
    apply = commands.add_parser(
        "apply", help="label a customer table with a saved model"
    )
    apply.add_argument("model", help="a model file saved by fit --model or the app")
    apply.add_argument("file", help="the customer table")
    _transactions_option(apply)
    apply.add_argument("--sheet", help="Excel sheet to read (default: the largest)")
    apply.add_argument("-o", "--output", required=True, help="CSV file to write")
    _neutralise_option(apply)
    apply.set_defaults(run=_apply)


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


def _recipe(
    args: argparse.Namespace, frame: pd.DataFrame, *, k: int | None = None
) -> Recipe:
    name = Path(args.file).name
    recipe_file = getattr(args, "recipe", None)
    if recipe_file and args.features:
        raise InputError("fit takes --features or --recipe, not both.")
    if recipe_file:
        try:
            text = Path(recipe_file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"{recipe_file}: cannot read ({exc}).") from None
        recipe = Recipe.from_json(text)
    elif not args.features:
        raise InputError("fit needs --features A,B,... (or auto) or --recipe R.json.")
    else:
        recipe = _recipe_from_features(args.features, frame, name)
    changes = {
        field: value
        for field, value in (
            ("algorithm", args.algorithm),
            ("seed", args.seed),
            ("k", k),
        )
        if value is not None
    }
    try:
        return recipe.replace(**changes)
    except InputError as exc:
        raise InputError(f"--k: {exc}") from None


def _recipe_from_features(features: str, frame: pd.DataFrame, name: str) -> Recipe:
    if features.strip().lower() == "auto":
        schema = infer_schema(frame)
        if not schema.feature_candidates():
            raise InputError(
                f"{name}: no column is fit to segment on (ids, personal data, free "
                "text and constant columns are left out)."
            )
        return Recipe.from_schema(schema)
    columns = [c.strip() for c in features.split(",") if c.strip()]
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        listed = ", ".join(repr(c) for c in missing)
        raise InputError(f"{name} has no column named {listed}.")
    try:
        return Recipe.from_schema(infer_schema(frame[columns]), columns=tuple(columns))
    except InputError as exc:
        raise InputError(f"{name}: {exc}") from None


def _sweep(args: argparse.Namespace) -> int:
    frame = read_table(args.file, sheet=args.sheet)
    recipe = _recipe(args, frame)
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


def _fit(args: argparse.Namespace) -> int:
    frame = read_table(args.file, sheet=args.sheet)
    recipe = _recipe(args, frame, k=args.k)
    if recipe.k is None and recipe.algorithm != "hdbscan":
        raise InputError(f"fit needs --k, the number of segments ({recipe.algorithm}).")
    source = Path(args.recipe).name if args.recipe else "a --features run"
    log = _transaction_log(args, recipe, source)
    with _about_files(args):
        model = SegmentationModel(recipe).fit(frame, transactions=log)
    groups = None
    if args.holdout is not None:
        groups = export.ab_split(model.labels_, args.holdout, seed=recipe.seed)
    table = export.labelled_table(frame, model.labels_, ab_groups=groups)
    export.write_csv(table, args.output, neutralise=args.neutralise)
    if args.model:
        model.save(args.model)
    if args.save_recipe:
        _write_text(args.save_recipe, recipe.to_json() + "\n")
    _report(table, args.output, model.n_segments_, model.notes_)
    return 0


def _apply(args: argparse.Namespace) -> int:
    model = SegmentationModel.load(args.model)
    frame = read_table(args.file, sheet=args.sheet)
    log = _transaction_log(args, model.recipe, Path(args.model).name)
    with _about_files(args):
        labels = model.predict(frame, transactions=log)
    table = export.labelled_table(frame, labels)
    export.write_csv(table, args.output, neutralise=args.neutralise)
    _report(table, args.output, model.n_segments_, ())
    return 0


def _transaction_log(
    args: argparse.Namespace, recipe: Recipe, source: str
) -> pd.DataFrame | None:
    """Read the log the recipe maps; InputError when it is missing or not wanted."""
    if recipe.transactions is None:
        if args.transactions:
            raise InputError(
                "--transactions is read only for a recipe that maps a transaction "
                f"log; {source} has none."
            )
        return None
    if not args.transactions:
        raise InputError(
            f"{source} takes behaviour from a transaction log; pass the log with "
            "--transactions TX_FILE."
        )
    return read_table(args.transactions)


@contextmanager
def _about_files(args: argparse.Namespace) -> Iterator[None]:
    """Prefix an InputError with the file(s) it is about."""
    try:
        yield
    except InputError as exc:
        names = [Path(args.file).name]
        if args.transactions:
            names.append(Path(args.transactions).name)
        raise InputError(f"{' with '.join(names)}: {exc}") from None


def _report(
    table: pd.DataFrame, output: str, n_segments: int, notes: tuple[str, ...]
) -> None:
    """Print what was written: rows, segment sizes, holdout, replaced columns."""
    print(f"Wrote {len(table):,} rows to {output}: {n_segments} segments.")
    sizes = table.groupby("segment", sort=True)["segment_name"].agg(["first", "size"])
    print("Sizes: " + ", ".join(f"{n} {c:,}" for n, c in sizes.itertuples(False)))
    if "ab_group" in table:
        control = int((table["ab_group"] == "control").sum())
        print(
            f"A/B holdout: {control:,} customers in the control group, "
            f"{len(table) - control:,} in treatment."
        )
    replaced = table.attrs.get("replaced", [])
    if replaced:
        print(f"Replaced the file's own {' and '.join(replaced)} column(s).")
    for note in notes:
        print(f"Note: {note}")


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


def _write_text(path: str, text: str) -> None:
    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{path}: cannot write ({exc.strerror or exc}).") from None
