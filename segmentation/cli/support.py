"""What the subcommands share once they run: recipes, logs, files, reports.

Imported by the commands' ``run`` functions, never when the parser is built: it
imports pandas and the library.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

from segmentation import behaviour, workflow
from segmentation.errors import InputError
from segmentation.features import default_criteria
from segmentation.reading import TableRead, read_table_with_info
from segmentation.recipe import Recipe
from segmentation.schema import infer_schema, names_an_outcome

__all__ = (
    "about_files",
    "recipe_from_args",
    "report_written",
    "transaction_log",
    "warn_log_match",
    "write_bytes",
    "write_text",
)


def recipe_from_args(
    args: argparse.Namespace, table: TableRead, *, k: int | None = None
) -> Recipe:
    """Return the run's recipe: from ``--recipe`` or ``--features``, then options.

    Parameters
    ----------
    args : argparse.Namespace
        The parsed command line (``file``, ``features``, ``algorithm``, ``seed``
        and, for ``fit``, ``recipe``).
    table : TableRead
        The customer table as read, and how (its decimal mark).
    k : int, optional
        The number of segments, replacing the recipe's.

    Returns
    -------
    Recipe

    Raises
    ------
    InputError
        When the recipe cannot be read or names columns the table lacks.
    """
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
        recipe = _recipe_from_features(args.features, table, name)
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


def _recipe_from_features(features: str, table: TableRead, name: str) -> Recipe:
    frame, decimal = table.frame, table.info.decimal
    choice = features.strip().lower()
    if choice in ("auto", "all"):
        schema = infer_schema(frame, decimal=decimal)
        if not schema.feature_candidates():
            raise InputError(
                f"{name}: no column is fit to segment on (ids, personal data, free "
                "text and constant columns are left out)."
            )
        if choice == "all":
            return Recipe.from_schema(schema)
        chosen = default_criteria(schema, schema.typed(frame))
        for column, reason in chosen.reasons.items():
            print(f"{column} describes the segments: {reason}.", file=sys.stderr)
        return chosen.recipe(schema)
    columns = [c.strip() for c in features.split(",") if c.strip()]
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        listed = ", ".join(repr(c) for c in missing)
        raise InputError(f"{name} has no column named {listed}.")
    try:
        schema = infer_schema(frame[columns], decimal=decimal)
        named = [c for c in frame.columns if c not in columns and names_an_outcome(c)]
        outcomes = infer_schema(frame[named], decimal=decimal).with_role("outcome")
        return Recipe.from_schema(
            schema, columns=tuple(columns), outcomes=tuple(outcomes)
        )
    except InputError as exc:
        raise InputError(f"{name}: {exc}") from None


def transaction_log(
    args: argparse.Namespace, recipe: Recipe, source: str
) -> TableRead | None:
    """Read the log the recipe maps; InputError when it is missing or not wanted.

    Parameters
    ----------
    args : argparse.Namespace
        The parsed command line (``transactions``).
    recipe : Recipe
        The run's recipe.
    source : str
        Where the recipe came from, for the messages.

    Returns
    -------
    TableRead or None
        The log as read (with its decimal mark), or None when the recipe maps none.
    """
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
    return read_table_with_info(args.transactions)


@contextmanager
def about_files(args: argparse.Namespace) -> Iterator[None]:
    """Prefix an InputError with the file(s) it is about."""
    try:
        yield
    except InputError as exc:
        names = [Path(args.file).name]
        if getattr(args, "transactions", None):
            names.append(Path(args.transactions).name)
        raise InputError(f"{' with '.join(names)}: {exc}") from None


def warn_log_match(frame: pd.DataFrame, recipe: Recipe, log: TableRead | None) -> None:
    """Print a warning when the log matched under half of the table's customers.

    The count and the sentence are the ones the app's Criteria page shows
    (:func:`segmentation.workflow.log_match`,
    :func:`segmentation.behaviour.log_match.match_sentence`).
    """
    mapping = recipe.transactions
    if log is None or mapping is None or recipe.id_column not in frame.columns:
        return
    count = workflow.log_match(
        frame[recipe.id_column], log.frame, mapping, decimal=log.info.decimal
    )
    warn_match(count, recipe)


def warn_match(count: behaviour.MatchCount, recipe: Recipe) -> None:
    """Print the Criteria page's warning when a log's match is not good."""
    if count.level != "good" and recipe.transactions is not None:
        sentence = behaviour.match_sentence(
            count, str(recipe.id_column), recipe.transactions.customer
        )
        print(f"Warning: {sentence}")


def report_written(
    table: pd.DataFrame,
    output: str,
    n_segments: int,
    notes: tuple[str, ...],
    replaced: list[str],
) -> None:
    """Print what was written: rows, segment sizes, holdout, replaced columns."""
    print(f"Wrote {len(table):,} rows to {output}: {n_segments} segments.")
    sizes = table.groupby("segment", sort=True)["segment_name"].agg(["first", "size"])
    print_sizes(list(sizes.itertuples(index=False)))
    if "ab_group" in table:
        control = int((table["ab_group"] == "control").sum())
        print(
            f"A/B holdout: {control:,} customers in the control group, "
            f"{len(table) - control:,} in treatment."
        )
    if replaced:
        print(f"Replaced the file's own {' and '.join(replaced)} column(s).")
    for note in notes:
        print(f"Note: {note}")


def print_sizes(sizes: list[tuple[str, int]]) -> None:
    """Print the rows per segment: ``Sizes: Loyal 1,200, Lapsed 800``."""
    print("Sizes: " + ", ".join(f"{name} {count:,}" for name, count in sizes))


def write_bytes(path: str, data: bytes) -> None:
    """Write a file; InputError naming it when that fails."""
    try:
        Path(path).write_bytes(data)
    except OSError as exc:
        raise InputError(f"{path}: cannot write ({exc.strerror or exc}).") from None


def write_text(path: str, text: str) -> None:
    """Write a UTF-8 text file; InputError naming it when that fails."""
    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{path}: cannot write ({exc.strerror or exc}).") from None
