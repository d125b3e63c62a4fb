"""The typed customer table as the matrix that clustering works on."""

from segmentation.features.matrix import build

__all__ = ("build",)
