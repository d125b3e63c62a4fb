"""Clustering: the algorithm registry, segments by size, the k sweep, the map.

Names load on first use, so the registry (:mod:`segmentation.cluster.registry`)
can be read without importing scikit-learn or UMAP.
"""

from __future__ import annotations

from types import MappingProxyType

from segmentation.lazy import lazy_exports

#: Where each public name lives: the module of this package defining it.
_EXPORTS = MappingProxyType(
    {
        "ALGORITHMS": "registry",
        "Algorithm": "registry",
        "algorithm": "registry",
        "REGISTRY": "registry",
        "count_distinct_rows": "algorithms",
        "sample_rows": "algorithms",
        "project": "embed",
        "layout": "embed",
        "Layout": "embed",
        "start_warm_up_thread": "embed",
        "METRICS": "k_sweep",
        "SHAPE": "k_sweep",
        "segment_stability": "k_sweep",
        "sweep": "k_sweep",
        "sweep_matrix": "k_sweep",
        "SweepResult": "k_sweep",
        "K_RANGE": "recommend",
        "recommend_for_matrix": "recommend",
        "recommend_k": "recommend",
        "Segmenter": "segmenter",
        "number_by_size": "segmenter",
    }
)

__all__ = (
    "ALGORITHMS",
    "Algorithm",
    "algorithm",
    "count_distinct_rows",
    "K_RANGE",
    "layout",
    "Layout",
    "METRICS",
    "SHAPE",
    "number_by_size",
    "project",
    "recommend_for_matrix",
    "recommend_k",
    "REGISTRY",
    "sample_rows",
    "segment_stability",
    "Segmenter",
    "start_warm_up_thread",
    "sweep",
    "sweep_matrix",
    "SweepResult",
)

__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, __all__)
