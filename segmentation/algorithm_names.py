"""The names of the clustering algorithms, without importing them.

:mod:`segmentation.cluster.algorithms` fits them (and imports scikit-learn to do so);
the command line offers these names as choices before anything is fitted, so they live
here, where reading them costs nothing.
"""

from __future__ import annotations

__all__ = ("ALGORITHMS", "FINDS_K")

#: The algorithms :class:`segmentation.cluster.segmenter.Segmenter` knows.
ALGORITHMS = ("kmeans", "gmm", "ward", "hdbscan")
#: Algorithms that choose the number of segments from the data (they take no k).
FINDS_K = frozenset({"hdbscan"})
