"""Reading files: formats, encodings, dialects, cell values, bundled samples."""

from segmentation.reading.samples import SAMPLES
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
    "SAMPLES",
    "TableInfo",
    "TableRead",
)
