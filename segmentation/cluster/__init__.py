"""Clustering: algorithms, segments by size, the k sweep, the map."""

from segmentation.cluster.algorithms import count_distinct_rows
from segmentation.cluster.embed import project, start_warm_up_thread
from segmentation.cluster.k_sweep import METRICS, segment_stability, sweep, sweep_matrix
from segmentation.cluster.recommend import K_RANGE, recommend_for_matrix, recommend_k
from segmentation.cluster.segmenter import ALGORITHMS, Segmenter, number_by_size

__all__ = (
    "ALGORITHMS",
    "count_distinct_rows",
    "K_RANGE",
    "METRICS",
    "number_by_size",
    "project",
    "recommend_for_matrix",
    "recommend_k",
    "segment_stability",
    "Segmenter",
    "start_warm_up_thread",
    "sweep",
    "sweep_matrix",
)
