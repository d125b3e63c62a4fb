"""``segmentation apply``: label a customer table with a saved model.

Every input row is written, in input order, with its original text, then
``segment`` and ``segment_name`` (the names saved with the model; ``Segment N``
for a segment it did not name). A model whose recipe takes behaviour from a
transaction log needs that log: ``--transactions TX_FILE``.

The local engine (the default) reads the table in chunks and writes each as it
goes, so memory stays flat whatever the file's size
(:func:`segmentation.scale.apply_streaming`). ``--engine dask`` runs the same
labelling on a Dask cluster (a local one, or ``--scheduler ADDRESS``) and writes
one file per partition into the output folder
(:func:`segmentation.scale.apply_with_dask`).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from segmentation.cli import options

__all__ = ("add_parser", "run")

ENGINES = ("local", "dask")


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Add ``apply`` to the command's subparsers."""
    apply = commands.add_parser(
        "apply", help="label a customer table with a saved model"
    )
    apply.add_argument("model", help="a model file saved by fit --model or the app")
    apply.add_argument("file", help="the customer table (CSV, gzip CSV, Parquet)")
    options.add_transactions_option(apply)
    options.add_sheet_option(apply)
    apply.add_argument(
        "-o",
        "--output",
        required=True,
        help="CSV file to write (with --engine dask: a folder of part files)",
    )
    options.add_neutralise_option(apply)
    engine = apply.add_argument_group("engine")
    engine.add_argument(
        "--engine",
        choices=ENGINES,
        default="local",
        help="local: stream the file on this machine (default); dask: a Dask cluster",
    )
    engine.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="with --engine dask: a running scheduler (tcp://host:8786); "
        "by default a local cluster is started",
    )
    engine.add_argument(
        "--workers",
        type=options.positive_int,
        metavar="N",
        help="with --engine dask and no scheduler: local worker processes (2)",
    )
    engine.add_argument(
        "--output-format",
        choices=("csv", "parquet"),
        default="csv",
        help="with --engine dask: the part files' format (csv)",
    )
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
    from segmentation import scale
    from segmentation.cli import support
    from segmentation.errors import InputError
    from segmentation.model import SegmentationModel

    if args.engine == "local" and (args.scheduler or args.workers):
        raise InputError("--scheduler and --workers go with --engine dask.")
    if args.engine == "local" and args.output_format != "csv":
        raise InputError("--output-format goes with --engine dask.")
    model = SegmentationModel.load(args.model)
    log = support.transaction_log(args, model.recipe, Path(args.model).name)
    labeller = scale.Labeller.for_model(model, log)
    neutralise = model.recipe.neutralise_formulas and args.neutralise
    if args.engine == "dask":
        parts = scale.apply_with_dask(
            labeller,
            args.file,
            args.output,
            scheduler=args.scheduler,
            workers=args.workers,
            output_format=args.output_format,
            neutralise=neutralise,
        )
        print(
            f"Wrote {parts.rows:,} rows in {len(parts.files)} part files to "
            f"{parts.folder} ({parts.workers} Dask workers): "
            f"{model.n_segments_} segments."
        )
        support.print_sizes(parts.sizes)
        if parts.match is not None:
            support.warn_match(parts.match, model.recipe)
        return 0
    applied = scale.apply_streaming(
        labeller, args.file, args.output, neutralise=neutralise, sheet=args.sheet
    )
    print(
        f"Wrote {applied.rows:,} rows to {args.output}: {model.n_segments_} segments."
    )
    support.print_sizes(applied.sizes)
    if applied.replaced:
        print(f"Replaced the file's own {' and '.join(applied.replaced)} column(s).")
    if applied.match is not None:
        support.warn_match(applied.match, model.recipe)
    return 0
