"""The matrix that clustering works on, and the criteria an expert starts from.

Segment on behaviour, describe with demographics and with categorical columns
that carry no structure (see :mod:`segmentation.features.defaults`).
"""

from segmentation.features.defaults import DefaultCriteria, default_criteria
from segmentation.features.matrix import build
from segmentation.features.structure import describe_only

__all__ = ("DefaultCriteria", "build", "default_criteria", "describe_only")
