"""``segmentation fit``: segment a customer table and write it with its segments.

It goes through the same steps as the app: :mod:`segmentation.workflow` prepares
and fits, :func:`segmentation.describe.step.describe` names the segments (and writes
the summary and messages when asked), and
:func:`segmentation.export.step.labelled_output` builds the file, so a recipe saved
from the app's Export page writes the same rows, segments, names and A/B groups
here. Every input row is written, in input order, with its original text, then
``segment`` (0 = the largest segment; -1 = unassigned) and ``segment_name`` (and
``ab_group`` with ``--holdout``).

Without ``--k`` (or with ``--k auto``) an algorithm that takes k uses the
recommended one: the sweep the app's Tune page runs
(:func:`segmentation.cluster.recommend.recommend_for_matrix`), said on stderr with its
reason.

A recipe whose behaviour comes from a transaction log needs that log:
``--transactions TX_FILE``. Behaviour is then computed and joined by
:mod:`segmentation.workflow`, as in the app, so the same labels come out.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from segmentation.choices import BUSINESSES, EDITABLE_MEASURES, VALUE_BASES
from segmentation.cli import options
from segmentation.cluster import algorithm

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

    from segmentation.recipe import Recipe


__all__ = ("add_parser", "run")


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Add ``fit`` to the command's subparsers."""
    fit = commands.add_parser(
        "fit", help="segment a customer table and write it with its segments"
    )
    fit.add_argument("file", help="the customer table")
    options.add_feature_options(fit, required=False)
    fit.add_argument("--recipe", help="a recipe JSON file (from the app's Export)")
    options.add_transactions_option(fit)
    fit.add_argument(
        "--k",
        type=options.k_or_auto,
        metavar="N|auto",
        help="number of segments; 'auto' (the default when the recipe has none) "
        "uses the recommended k, as the app's Tune page does",
    )
    fit.add_argument(
        "--holdout",
        type=options.share,
        metavar="SHARE",
        help="hold out this share (0-0.9) of every segment as an A/B control "
        "group; adds the column ab_group (treatment/control)",
    )
    fit.add_argument(
        "--sample",
        type=options.positive_int,
        metavar="N",
        help="fit on a seeded random sample of N rows, then label every row with "
        "the fitted model (for tables too large to cluster at once)",
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
    fit.add_argument(
        "--business",
        choices=BUSINESSES,
        help="the kind of business the messages speak to (plan, account, order "
        "words); guessed from the column names when not given",
    )
    fit.add_argument(
        "--value-basis",
        choices=VALUE_BASES,
        help="what 'high value' rests on: the customers' expected value ahead "
        "(from the transaction log's models; the default with a log) or their "
        "past value",
    )
    options.add_horizon_option(fit)
    fit.add_argument(
        "--measure",
        action="append",
        type=options.measure_choice,
        default=[],
        metavar="MEASURE=COL[+COL]",
        help=f"set a measure ({', '.join(EDITABLE_MEASURES)}) to a column, "
        "value and frequency to a sum of columns (value=MntWines+MntMeat), the "
        "contact measures to any columns (consent=email_opt_in+sms_opt_in); "
        "'MEASURE=' leaves it out; repeat for several",
    )
    fit.add_argument(
        "--label",
        action="append",
        type=options.column_label,
        default=[],
        metavar="COL=LABEL",
        help="a readable label for a column in traits and names (or for a "
        "summed measure, by its sum: 'Fresh + Milk=Fresh spend') "
        "(MntWines='Wine spend'); repeat for several",
    )
    fit.add_argument("-o", "--output", required=True, help="CSV file to write")
    options.add_neutralise_option(fit)
    fit.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Run ``segmentation fit``: segment, name, write.

    Parameters
    ----------
    args : argparse.Namespace
        The parsed command line.

    Returns
    -------
    int
        The exit status, 0.
    """
    from segmentation import export, workflow
    from segmentation.cli import support
    from segmentation.describe import describe, messages, summary_table, wide_table
    from segmentation.export import final_names, labelled_output
    from segmentation.model import SegmentationModel
    from segmentation.reading import read_table_with_info

    read = read_table_with_info(args.file, sheet=args.sheet)
    frame, decimal = read.frame, read.info.decimal
    given = args.k if isinstance(args.k, int) else None
    if not args.transactions:  # else behaviour columns come from the log
        _check_named_columns(args, frame.columns)
    recipe = _with_options(support.recipe_from_args(args, read, k=given), args)
    source = Path(args.recipe).name if args.recipe else "a --features run"
    log = support.transaction_log(args, recipe, source)
    with support.about_files(args):
        rows = _sample(frame, args.sample, recipe.seed)
        fitting = workflow.prepare_for(
            frame if rows is None else frame.iloc[rows].reset_index(drop=True),
            recipe,
            transactions=log.frame if log else None,
            decimal=decimal,
            log_decimal=log.info.decimal if log else ".",
        )
        _check_named_columns(args, frame.columns, fitting.table.columns)
        if algorithm(recipe.algorithm).takes_k and (
            args.k == options.AUTO or recipe.k is None
        ):
            recipe = recipe.replace(k=_recommended_k(fitting.matrix, recipe))
        model = SegmentationModel(recipe).fit_prepared(fitting, frame.columns)
        prepared = fitting
        if rows is not None:
            prepared = workflow.extend(
                fitting,
                frame,
                recipe,
                transactions=log.frame if log else None,
                log_decimal=log.info.decimal if log else ".",
            )
            model.labels_ = model.segmenter_.predict(prepared.matrix)
            model.notes_ += (_sample_note(len(rows), len(frame)),)
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
    table = labelled_output(
        frame, model.labels_, recipe, names, typed=prepared.table, decimal=decimal
    )
    neutralise = recipe.neutralise_formulas
    written_like = export.csv_options_like(read.info)
    export.write_csv(table, args.output, neutralise=neutralise, **written_like)
    if args.summary:
        summary = summary_table(described, names)
        data = export.frame_csv_bytes(summary, neutralise=neutralise)
        support.write_bytes(args.summary, data)
    if args.messages:
        data = export.frame_csv_bytes(messages(described, names), neutralise=neutralise)
        support.write_bytes(args.messages, data)
        business = described.business
        print(
            f"Messages speak to a {business.kind} business ({business.reason}); "
            "change it with --business.",
            file=sys.stderr,
        )
    if args.model:
        model.recipe = recipe
        model.save(args.model)
    if args.save_recipe:
        support.write_text(args.save_recipe, recipe.to_json() + "\n")
    replaced = export.replaced_columns(frame.columns, table)
    support.report_written(
        table, args.output, model.n_segments_, model.notes_, replaced
    )
    support.warn_log_match(frame, recipe, log)
    for warning in described.warnings:
        print(f"Warning: {warning.text}")
    return 0


def _with_options(recipe: Recipe, args: argparse.Namespace) -> Recipe:
    """Apply the command line's business, value basis, horizon, measures, labels."""
    changes = {
        "business": args.business,
        "value_basis": args.value_basis,
        "horizon_days": args.horizon_days,
    }
    recipe = recipe.replace(**{k: v for k, v in changes.items() if v})
    if args.measure or args.label:
        recipe = recipe.replace(
            measures=tuple({**dict(recipe.measures), **dict(args.measure)}.items()),
            labels=tuple({**dict(recipe.labels), **dict(args.label)}.items()),
        )
    return recipe


def _sample(frame: pd.DataFrame, size: int | None, seed: int) -> np.ndarray | None:
    """Sorted positions of the seeded sample to fit on; None to fit on every row."""
    from segmentation.cluster import sample_rows

    if size is None or size >= len(frame):
        return None
    return sample_rows(len(frame), size, seed)


def _sample_note(fitted: int, total: int) -> str:
    """Say that the segments were fitted on a sample and everyone labelled after.

    Examples
    --------
    >>> _sample_note(50_000, 2_000_000)[:60]
    'The segments were fitted on a seeded random sample of 50,000'
    """
    return (
        f"The segments were fitted on a seeded random sample of {fitted:,} of the "
        f"{total:,} rows (--sample) and numbered by their size in it; every row "
        "was then labelled by the fitted model."
    )


def _check_named_columns(args: argparse.Namespace, *tables: object) -> None:
    """Refuse a --measure or --label that names no column of the table."""
    from segmentation.errors import InputError

    known = {str(c) for columns in tables for c in columns}
    named = [c for _, columns in args.measure for c in columns]
    for column, _ in args.label:  # a summed measure is labelled by its parts
        named += [part.strip() for part in column.split(" + ")]
    missing = [c for c in dict.fromkeys(named) if c not in known]
    if missing:
        raise InputError(
            "no column named "
            f"{', '.join(repr(c) for c in missing)} (from --measure or --label)."
        )


def _recommended_k(matrix: pd.DataFrame, recipe: Recipe) -> int:
    """Sweep the matrix as the app's Tune page does; say the k and why on stderr."""
    from segmentation.cluster import recommend_for_matrix

    k, reason = recommend_for_matrix(
        matrix,
        algorithm=recipe.algorithm,
        seed=recipe.seed,
        features=recipe.feature_names,
    )
    print(f"k = {k} (recommended: {_without_k(reason, k)})", file=sys.stderr)
    return k


def _without_k(reason: str, k: int) -> str:
    """Drop the ``k = N:`` the reason starts with, which the line says already.

    Examples
    --------
    >>> _without_k("k = 4: the highest silhouette (0.61).", 4)
    'the highest silhouette (0.61).'
    """
    head = f"k = {k}: "
    return reason[len(head) :] if reason.startswith(head) else reason
