"""Altair chart builders: pure functions from small tables to charts."""

from segmentation.charts.data import (
    distribution_chart,
    missing_share_chart,
    rfm_heatmap_chart,
    segment_size_chart,
)
from segmentation.charts.segments import (
    profile_heatmap_chart,
    segment_label,
    value_share_chart,
)
from segmentation.charts.tune import (
    BRUSH,
    metric_vs_k_chart,
    segment_map_chart,
    segment_sizes_chart,
    selection_profile_chart,
)

__all__ = (
    "BRUSH",
    "distribution_chart",
    "metric_vs_k_chart",
    "missing_share_chart",
    "profile_heatmap_chart",
    "rfm_heatmap_chart",
    "segment_label",
    "segment_map_chart",
    "segment_size_chart",
    "segment_sizes_chart",
    "selection_profile_chart",
    "value_share_chart",
)
