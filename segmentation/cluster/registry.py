"""The clustering algorithms the product offers, and what each one can do.

This is the one place that knows the algorithms by name. Everything else (the
segmenter, the k sweep, the stability measures, the workflow, the app's controls
and the CLI's choices) asks :func:`algorithm` what an algorithm can do instead of
testing its name.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

from segmentation.errors import InputError

__all__ = ("ALGORITHMS", "REGISTRY", "Algorithm", "algorithm")


@dataclass(frozen=True)
class Algorithm:
    """One clustering algorithm and its capabilities.

    Attributes
    ----------
    name : str
        The key used in recipes, the CLI and the app (``"kmeans"``).
    label : str
        How the app names it in a list ("Ward (hierarchical)").
    subject : str
        How a sentence names it, as its subject ("the Gaussian mixture").
    finds_k : bool
        Chooses the number of segments itself: takes no k and has no k sweep.
    marks_noise : bool
        May leave rows unassigned (segment -1).
    reports_inertia : bool
        The within-segment sum of squares is its own objective (shown in the sweep).
    reports_bic : bool
        Has a likelihood, so a BIC for each k.
    one_tree_for_every_k : bool
        One hierarchy is built once and cut at every k (the sweep reuses it).
    fit_rows : int or None
        Above this many rows it is fitted on a seeded sample and the other rows
        are labelled from the fit; None when it scales to any size.
    """

    name: str
    label: str
    subject: str
    finds_k: bool = False
    marks_noise: bool = False
    reports_inertia: bool = False
    reports_bic: bool = False
    one_tree_for_every_k: bool = False
    fit_rows: int | None = None

    @property
    def takes_k(self) -> bool:
        """Whether the analyst chooses the number of segments."""
        return not self.finds_k


#: Every algorithm, in the order the app and the CLI list them.
REGISTRY = MappingProxyType(
    {
        spec.name: spec
        for spec in (
            Algorithm(
                "kmeans",
                "k-means",
                "k-means",
                reports_inertia=True,
                fit_rows=1_000_000,
            ),
            Algorithm(
                "gmm",
                "Gaussian mixture",
                "the Gaussian mixture",
                reports_bic=True,
                fit_rows=50_000,
            ),
            Algorithm(
                "ward",
                "Ward (hierarchical)",
                "Ward",
                reports_inertia=True,
                one_tree_for_every_k=True,
                fit_rows=10_000,
            ),
            Algorithm(
                "hdbscan",
                "HDBSCAN (finds k itself)",
                "HDBSCAN",
                finds_k=True,
                marks_noise=True,
                fit_rows=10_000,
            ),
        )
    }
)
#: The algorithm names, in order.
ALGORITHMS = tuple(REGISTRY)


def algorithm(name: str) -> Algorithm:
    """Look up an algorithm by name.

    Parameters
    ----------
    name : str
        An algorithm name, e.g. ``"ward"``.

    Returns
    -------
    Algorithm

    Raises
    ------
    InputError
        For a name the product does not know, listing the ones it does.

    Examples
    --------
    >>> algorithm("hdbscan").finds_k
    True
    >>> algorithm("kmeans").fit_rows
    1000000
    >>> algorithm("dbscan")
    Traceback (most recent call last):
    ...
    segmentation.errors.InputError: Unknown algorithm 'dbscan'; use one of kmeans, \
gmm, ward, hdbscan.
    """
    try:
        return REGISTRY[name]
    except (KeyError, TypeError):
        raise InputError(
            f"Unknown algorithm {name!r}; use one of {', '.join(REGISTRY)}."
        ) from None
