"""``segmentation fit`` and ``segmentation apply``: segment a file, write it labelled.

Both go through the same steps as the app: :mod:`segmentation.workflow` prepares
and fits, :func:`segmentation.describe.describe` names the segments (and writes the
summary and messages when asked), and :func:`segmentation.export_run.labelled_output`
builds the file, so a recipe saved from the app's Export page writes the same rows,
segments, names and A/B groups here.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pandas as pd

from segmentation import export, log_match, workflow
from segmentation.describe import describe, messages, summary_table, wide_table
from segmentation.errors import InputError
from segmentation.export_run import final_names, labelled_output
from segmentation.io import read_table
from segmentation.model import SegmentationModel
from segmentation.recipe import Recipe
from segmentation.schema import infer_schema

__all__ = ("recipe_from_args", "run_apply", "run_fit")


def run_fit(args: argparse.Namespace) -> int:
    """Run ``segmentation fit``: segment, name, write; exit status 0."""
    frame = read_table(args.file, sheet=args.sheet)
    recipe = recipe_from_args(args, frame, k=args.k)
    if recipe.k is None and recipe.algorithm != "hdbscan":
        raise InputError(f"fit needs --k, the number of segments ({recipe.algorithm}).")
    source = Path(args.recipe).name if args.recipe else "a --features run"
    log = _transaction_log(args, recipe, source)
    with _about_files(args):
        prepared = workflow.prepare_for(frame, recipe, transactions=log)
        model = SegmentationModel(recipe).fit_prepared(prepared, frame.columns)
        described = describe(
            wide_table(frame, prepared.table),
            model.labels_,
            recipe,
            matrix=prepared.matrix,
            rules=bool(args.summary),
            channels=bool(args.messages),
        )
    names = final_names(described.names, recipe)
    recipe = recipe.replace(
        segment_names=tuple(sorted(names.items())),
        holdout=args.holdout if args.holdout is not None else recipe.holdout,
        neutralise_formulas=recipe.neutralise_formulas and args.neutralise,
    )
    table = labelled_output(frame, model.labels_, recipe, names, typed=prepared.table)
    neutralise = recipe.neutralise_formulas
    export.write_csv(table, args.output, neutralise=neutralise)
    if args.summary:
        summary = summary_table(described, names)
        _write_bytes(
            args.summary, export.frame_csv_bytes(summary, neutralise=neutralise)
        )
    if args.messages:
        text = export.frame_csv_bytes(messages(described, names), neutralise=neutralise)
        _write_bytes(args.messages, text)
    if args.model:
        model.recipe = recipe
        model.save(args.model)
    if args.save_recipe:
        _write_text(args.save_recipe, recipe.to_json() + "\n")
    _report(table, args.output, model.n_segments_, model.notes_)
    _warn_log_match(frame, recipe, log)
    for warning in described.warnings:
        print(f"Warning: {warning.text}")
    return 0


def run_apply(args: argparse.Namespace) -> int:
    """Run ``segmentation apply``: label a new table with a saved model."""
    model = SegmentationModel.load(args.model)
    frame = read_table(args.file, sheet=args.sheet)
    log = _transaction_log(args, model.recipe, Path(args.model).name)
    with _about_files(args):
        labels = model.predict(frame, transactions=log)
    names = _apply_names(model.recipe, labels)
    table = export.labelled_table(frame, labels, names)
    neutralise = model.recipe.neutralise_formulas and args.neutralise
    export.write_csv(table, args.output, neutralise=neutralise)
    _report(table, args.output, model.n_segments_, ())
    _warn_log_match(frame, model.recipe, log)
    return 0


def _warn_log_match(
    frame: pd.DataFrame, recipe: Recipe, log: pd.DataFrame | None
) -> None:
    """Warn when the log matched under half of the table's customers (or none)."""
    mapping = recipe.transactions
    if log is None or mapping is None or recipe.id_column not in frame.columns:
        return
    match = log_match.match_log(frame[recipe.id_column], log[mapping.customer])
    if match.level != "good":
        sentence = log_match.match_sentence(match, recipe.id_column, mapping.customer)
        print(f"Warning: {sentence}")


def _apply_names(recipe: Recipe, labels: np.ndarray) -> Mapping[int, str]:
    """Return the names saved with the model (default names for other segments)."""
    found = np.unique(labels)
    defaults = dict(zip(found, export.default_segment_names(found), strict=True))
    return {**{int(k): v for k, v in defaults.items()}, **recipe.names}


def recipe_from_args(
    args: argparse.Namespace, frame: pd.DataFrame, *, k: int | None = None
) -> Recipe:
    """Return the run's recipe: from ``--recipe`` or ``--features``, then options."""
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


def _write_bytes(path: str, data: bytes) -> None:
    try:
        Path(path).write_bytes(data)
    except OSError as exc:
        raise InputError(f"{path}: cannot write ({exc.strerror or exc}).") from None


def _write_text(path: str, text: str) -> None:
    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{path}: cannot write ({exc.strerror or exc}).") from None
