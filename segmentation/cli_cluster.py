"""The ``sweep`` and ``fit`` subcommands of the ``segmentation`` command.

``sweep`` measures every k and recommends one; ``fit`` segments a customer table and
writes every input row, in input order, with its original text, then ``segment``
(0 = the largest segment; -1 = unassigned) and ``segment_name``. Until segments are
named by the profile step, ``segment_name`` is ``Segment N`` for segment N (and
``Unassigned`` for -1): a neutral label, not a description.
"""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from segmentation import algorithms, metrics
from segmentation.errors import InputError
from segmentation.io import read_table
from segmentation.model import SegmentationModel
from segmentation.recipe import Recipe
from segmentation.recommend import recommend_k
from segmentation.schema import infer_schema

__all__ = ["add_parsers", "parse_ks", "segment_names", "write_labelled"]

#: Columns ``fit`` appends to the input's.
ADDED = ("segment", "segment_name")


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
    """Add ``sweep`` and ``fit`` to the command's subparsers."""
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
    fit.add_argument("--k", type=int, help="number of segments")
    fit.add_argument("--model", help="also save the fitted model to this file")
    fit.add_argument("--save-recipe", help="also save the recipe as JSON")
    fit.add_argument("-o", "--output", required=True, help="CSV file to write")
    fit.set_defaults(run=_fit)


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
        if recipe.transactions is not None:
            raise InputError(
                f"{recipe_file} takes behaviour from a transaction log, which the "
                "fit command does not read yet; use the app."
            )
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
    name = Path(args.file).name
    frame = read_table(args.file, sheet=args.sheet)
    recipe = _recipe(args, frame, k=args.k)
    if recipe.k is None and recipe.algorithm != "hdbscan":
        raise InputError(f"fit needs --k, the number of segments ({recipe.algorithm}).")
    try:
        model = SegmentationModel(recipe).fit(frame)
    except InputError as exc:
        raise InputError(f"{name}: {exc}") from None
    replaced = [c for c in ADDED if c in frame.columns]
    write_labelled(frame.drop(columns=replaced), model.labels_, args.output)
    if args.model:
        model.save(args.model)
    if args.save_recipe:
        _write_text(args.save_recipe, recipe.to_json() + "\n")
    sizes = pd.Series(model.labels_).value_counts().sort_index()
    print(f"Wrote {len(frame):,} rows to {args.output}: {model.n_segments_} segments.")
    print(
        "Sizes: "
        + ", ".join(
            f"{name} {n:,}"
            for name, n in zip(segment_names(sizes.index), sizes, strict=True)
        )
    )
    if replaced:
        print(f"Replaced the file's own {' and '.join(replaced)} column(s).")
    for note in model.notes_:
        print(f"Note: {note}")
    return 0


def segment_names(labels: np.ndarray | pd.Index) -> list[str]:
    """Default segment names: ``Segment N`` for N >= 0, ``Unassigned`` for -1.

    Examples
    --------
    >>> segment_names([0, 2, -1])
    ['Segment 0', 'Segment 2', 'Unassigned']
    """
    return [f"Segment {int(v)}" if v >= 0 else "Unassigned" for v in labels]


def write_labelled(frame: pd.DataFrame, labels: np.ndarray, path: str | Path) -> None:
    """Write the table as read, cell text unchanged, plus ``segment``/``segment_name``.

    Every original column is written as text; empty cells stay empty. Values are
    quoted only when the file needs quotes (a comma, quote or line break in some
    cell or header); then, as Arrow's CSV writer does, every text value is.

    Examples
    --------
    >>> import tempfile, os
    >>> out = os.path.join(tempfile.mkdtemp(), "out.csv")
    >>> df = pd.DataFrame({"id": ["007", None], "spend": ["58138", "1.50"]})
    >>> write_labelled(df, np.array([1, -1]), out)
    >>> print(open(out).read().strip())
    id,spend,segment,segment_name
    007,58138,1,Segment 1
    ,1.50,-1,Unassigned
    """
    labels = np.asarray(labels, dtype=np.int64)
    arrays = [_text(frame[c]) if frame[c].ndim == 1 else None for c in frame.columns]
    names = [str(c) for c in frame.columns]
    if any(a is None for a in arrays):
        raise InputError("The table repeats a column name; rename it first.")
    present = np.unique(labels)
    lookup = dict(zip(present.tolist(), segment_names(present), strict=True))
    arrays += [
        pa.array(labels),
        pa.array([lookup[v] for v in labels.tolist()], type=pa.string()),
    ]
    names += list(ADDED)
    table = pa.Table.from_arrays(arrays, names=names)
    quoting = "needed" if _needs_quotes(arrays, names) else "none"
    options = pacsv.WriteOptions(quoting_style=quoting, quoting_header=quoting)
    try:
        pacsv.write_csv(table, str(path), write_options=options)
    except (OSError, pa.ArrowInvalid) as exc:
        raise InputError(f"{path}: cannot write ({exc}).") from None


def _text(values: pd.Series) -> pa.Array:
    if not pd.api.types.is_string_dtype(values):
        values = values.astype("str").where(values.notna())
    return pa.array(values, type=pa.string(), from_pandas=True)


def _needs_quotes(arrays: list[pa.Array], names: list[str]) -> bool:
    special = '[,"\r\n]'
    if any(any(ch in name for ch in ',"\r\n') for name in names):
        return True
    return any(
        pa.types.is_string(a.type)
        and pc.any(pc.match_substring_regex(a, special)).as_py()
        for a in arrays
    )


def _write_text(path: str, text: str) -> None:
    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{path}: cannot write ({exc.strerror or exc}).") from None
