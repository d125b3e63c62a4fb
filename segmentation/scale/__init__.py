"""Labelling past one machine's memory: streamed locally, or on a Dask cluster."""

from segmentation.scale.commands import apply_commands
from segmentation.scale.dask_engine import (
    DEFAULT_BLOCKSIZE,
    OUTPUT_FORMATS,
    AppliedParts,
    apply_with_dask,
)
from segmentation.scale.labelling import Labeller, SegmentSizes, part_counts
from segmentation.scale.local import AppliedFile, apply_streaming

__all__ = (
    "DEFAULT_BLOCKSIZE",
    "OUTPUT_FORMATS",
    "AppliedFile",
    "AppliedParts",
    "Labeller",
    "SegmentSizes",
    "apply_commands",
    "apply_streaming",
    "apply_with_dask",
    "part_counts",
)
