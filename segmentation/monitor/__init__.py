"""Segments over time: who moved where between two labelled snapshots, and drift."""

from segmentation.monitor.drift import PSI_MAJOR, PSI_MODERATE, drift_table, psi
from segmentation.monitor.migration import (
    GONE,
    NEW,
    Migration,
    compare_snapshots,
)

__all__ = (
    "GONE",
    "NEW",
    "PSI_MAJOR",
    "PSI_MODERATE",
    "Migration",
    "compare_snapshots",
    "drift_table",
    "psi",
)
