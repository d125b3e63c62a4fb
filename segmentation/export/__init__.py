"""The labelled customer list, spreadsheet-safe CSV, the A/B holdout."""

from segmentation.export.groups import group_column, group_ids, group_membership
from segmentation.export.holdout import MAX_CONTROL_SHARE, ab_split, check_control_share
from segmentation.export.labelled import (
    csv_options_like,
    frame_csv_bytes,
    labelled_table,
    neutralise_formulas,
    replaced_columns,
    to_csv_bytes,
    write_csv,
)
from segmentation.export.step import (
    applied_names,
    applied_output,
    final_names,
    labelled_output,
)

__all__ = (
    "ab_split",
    "applied_names",
    "applied_output",
    "check_control_share",
    "csv_options_like",
    "final_names",
    "frame_csv_bytes",
    "group_column",
    "group_ids",
    "group_membership",
    "labelled_output",
    "labelled_table",
    "MAX_CONTROL_SHARE",
    "neutralise_formulas",
    "replaced_columns",
    "to_csv_bytes",
    "write_csv",
)
