"""Reading files: formats, encodings, dialects, cell values, bundled samples."""

from segmentation.reading.samples import CAMPAIGN_RESULTS, LATER_LOG, SAMPLES
from segmentation.reading.table import (
    DEFAULT_MAX_BYTES,
    TableInfo,
    TableRead,
    read_table,
    read_table_with_info,
)

__all__ = (
    "DEFAULT_MAX_BYTES",
    "read_table",
    "read_table_with_info",
    "CAMPAIGN_RESULTS",
    "LATER_LOG",
    "SAMPLES",
    "TableInfo",
    "TableRead",
)
