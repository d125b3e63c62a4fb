"""Altair chart builders: pure functions from small tables to charts.

Every colour comes from :mod:`segmentation.charts.palette`.
"""

from segmentation.charts.campaigns import lift_chart
from segmentation.charts.data import (
    MAX_CHART_ROWS,
    distribution_chart,
    missing_share_chart,
    rfm_heatmap_chart,
    segment_size_chart,
)
from segmentation.charts.monitor import migration_chart, size_history_chart
from segmentation.charts.palette import OKABE_ITO, SEGMENT_COLOURS
from segmentation.charts.segments import (
    CLIP,
    profile_heatmap_chart,
    segment_label,
    value_share_chart,
)
from segmentation.charts.tune import (
    BRUSH,
    MAX_MAP_POINTS,
    metric_vs_k_chart,
    segment_map_chart,
    segment_sizes_chart,
    selection_profile_chart,
)

__all__ = (
    "BRUSH",
    "CLIP",
    "MAX_CHART_ROWS",
    "MAX_MAP_POINTS",
    "OKABE_ITO",
    "SEGMENT_COLOURS",
    "distribution_chart",
    "lift_chart",
    "metric_vs_k_chart",
    "migration_chart",
    "missing_share_chart",
    "profile_heatmap_chart",
    "rfm_heatmap_chart",
    "segment_label",
    "segment_map_chart",
    "segment_size_chart",
    "segment_sizes_chart",
    "selection_profile_chart",
    "size_history_chart",
    "value_share_chart",
)
