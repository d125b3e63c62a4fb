"""Reading files: formats, encodings, dialects, cell values, bundled samples."""

from segmentation.reading.samples import SAMPLES
from segmentation.reading.table import (
    DEFAULT_MAX_BYTES,
    TableInfo,
    read_table,
    table_info,
)

__all__ = (
    "DEFAULT_MAX_BYTES",
    "read_table",
    "SAMPLES",
    "table_info",
    "TableInfo",
)
