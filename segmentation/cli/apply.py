"""``segmentation apply``: label a customer table with a saved model.

Every input row is written, in input order, with its original text, then
``segment`` and ``segment_name`` (the names saved with the model; ``Segment N``
for a segment it did not name). A model whose recipe takes behaviour from a
transaction log needs that log: ``--transactions TX_FILE``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from segmentation.cli import options

__all__ = ("add_parser", "run")


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Add ``apply`` to the command's subparsers."""
    apply = commands.add_parser(
        "apply", help="label a customer table with a saved model"
    )
    apply.add_argument("model", help="a model file saved by fit --model or the app")
    apply.add_argument("file", help="the customer table")
    options.add_transactions_option(apply)
    options.add_sheet_option(apply)
    apply.add_argument("-o", "--output", required=True, help="CSV file to write")
    options.add_neutralise_option(apply)
    apply.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Run ``segmentation apply``: label a new table with a saved model.

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
    from segmentation.cli import support
    from segmentation.model import SegmentationModel
    from segmentation.reading import read_table_with_info

    model = SegmentationModel.load(args.model)
    read = read_table_with_info(args.file, sheet=args.sheet)
    frame = read.frame
    log = support.transaction_log(args, model.recipe, Path(args.model).name)
    with support.about_files(args):
        labels = model.predict(
            frame,
            transactions=log.frame if log else None,
            log_decimal=log.info.decimal if log else ".",
        )
    table = export.applied_output(frame, labels, model.recipe)
    neutralise = model.recipe.neutralise_formulas and args.neutralise
    written_like = export.csv_options_like(read.info)
    export.write_csv(table, args.output, neutralise=neutralise, **written_like)
    replaced = export.replaced_columns(frame.columns, table)
    support.report_written(table, args.output, model.n_segments_, (), replaced)
    support.warn_log_match(frame, model.recipe, log)
    return 0
