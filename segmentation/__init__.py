"""Segmentation Studio: customer segmentation for marketing analysts.

The library behind the app and the ``segmentation`` command. It never imports
streamlit.
"""

from segmentation.errors import InputError
from segmentation.io import DEFAULT_MAX_BYTES, TableInfo, read_table, table_info
from segmentation.schema import FAMILIES, ROLES, ColumnSchema, Schema, infer_schema

__all__ = [
    "DEFAULT_MAX_BYTES",
    "FAMILIES",
    "ROLES",
    "ColumnSchema",
    "InputError",
    "Schema",
    "TableInfo",
    "infer_schema",
    "read_table",
    "table_info",
]
__version__ = "0.1.0"
