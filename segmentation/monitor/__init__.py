"""Segments over time: snapshots, who moved where between them, drift, when to refit."""

from segmentation.monitor.drift import PSI_MAJOR, PSI_MODERATE, drift_table, psi
from segmentation.monitor.example import EXAMPLE_DAYS, EXAMPLE_K, bundled_example
from segmentation.monitor.migration import (
    GONE,
    NEW,
    QUALITY_DROP,
    SHARE_SHIFT,
    Migration,
    compare_snapshots,
)
from segmentation.monitor.snapshots import (
    RFM_FEATURES,
    Snapshot,
    log_model,
    log_snapshot,
    quarter_ends,
    quarter_ends_before,
    segment_drift,
    size_history,
    snapshot_names,
)

__all__ = (
    "EXAMPLE_DAYS",
    "EXAMPLE_K",
    "GONE",
    "NEW",
    "PSI_MAJOR",
    "PSI_MODERATE",
    "QUALITY_DROP",
    "RFM_FEATURES",
    "SHARE_SHIFT",
    "Migration",
    "Snapshot",
    "bundled_example",
    "compare_snapshots",
    "drift_table",
    "log_model",
    "log_snapshot",
    "psi",
    "quarter_ends",
    "quarter_ends_before",
    "segment_drift",
    "size_history",
    "snapshot_names",
)
