"""What the app keeps in session state: datasets, exclusions, Tune choices, labels.

Frozen records, so a value read from ``st.session_state`` cannot be changed in
place; ``ui.state`` stores and returns them.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import pandas as pd

from segmentation.reading import TableInfo

__all__ = ("DataChoices", "Dataset", "Exclusions", "SegmentLabels", "TuneChoice")


@dataclass(frozen=True, slots=True)
class Dataset:
    """A loaded table and where it came from.

    Attributes
    ----------
    name : str
        File name, or the sample's title.
    source : str
        ``"sample"`` or ``"upload"``.
    digest : str
        SHA-256 of the file's bytes: the cache key for everything derived from it.
    frame : pandas.DataFrame
        The table as read, every cell as text.
    info : TableInfo
        How it was read: format, dialect, decimal mark, the reader's warnings.
    """

    name: str
    source: str
    digest: str
    frame: pd.DataFrame
    info: TableInfo

    @property
    def rows(self) -> int:
        """Number of data rows."""
        return len(self.frame)

    @property
    def columns(self) -> int:
        """Number of columns."""
        return len(self.frame.columns)

    @property
    def decimal(self) -> str:
        """How the file's numbers write their decimals (``"."`` or ``","``)."""
        return self.info.decimal

    def preview(self, rows: int) -> pd.DataFrame:
        """Return the first ``rows`` rows.

        Parameters
        ----------
        rows : int
            How many rows to show.

        Returns
        -------
        pandas.DataFrame
            A copy of the head of the table.
        """
        return self.frame.head(rows).copy()


@dataclass(frozen=True, slots=True)
class DataChoices:
    """The analyst's measures and column labels for one loaded file.

    Attributes
    ----------
    digest : str
        The file they were made for (another file starts without them).
    measures : tuple of (measure, columns)
        Measures set to other columns than the inferred ones (a recipe's).
    labels : tuple of (column, label)
        Labels changed from the ones made from the names (a recipe's).
    """

    digest: str
    measures: tuple[tuple[str, tuple[str, ...]], ...] = ()
    labels: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Exclusions:
    """What the analyst took out of the features on the Criteria page.

    Exclusions rather than selections are kept, so columns that appear later (a
    transaction log adds behaviour columns) are offered and chosen by default.

    Attributes
    ----------
    families : tuple of str
        Criteria families left out.
    columns : tuple of str
        Columns left out.
    kept_families, kept_columns : tuple of str
        Families and columns that describe the segments by default (see
        :func:`segmentation.features.defaults.default_criteria`) and that the
        analyst chose to segment on.
    """

    families: tuple[str, ...] = ()
    columns: tuple[str, ...] = ()
    kept_families: tuple[str, ...] = ()
    kept_columns: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class TuneChoice:
    """The Tune page's choices, and the feature matrix they were made for.

    Attributes
    ----------
    matrix_key : str
        Content key of the feature matrix (data digests and the recipe's features
        and preprocessing); a new matrix starts again from the recommended k.
    algorithm : str
        The clustering algorithm.
    k : int or None
        The number of segments the analyst chose; None follows the recommendation.
    seed : int
        Random seed of the clustering.
    """

    matrix_key: str
    algorithm: str = "kmeans"
    k: int | None = None
    seed: int = 0


@dataclass(frozen=True, slots=True)
class SegmentLabels:
    """The segment of every customer, as the Tune page last computed it.

    Attributes
    ----------
    key : str
        Content key of the labels: the matrix key, algorithm, k and seed. Two equal
        keys mean the same labels.
    matrix_key : str
        Content key of the feature matrix the labels were computed on.
    recipe_json : str
        The full recipe (algorithm, k and seed included) that gives these labels.
    labels : pandas.Series
        One integer per row of the table to segment, same index; 0 is the largest
        segment, -1 means unassigned (HDBSCAN noise).
    """

    key: str
    matrix_key: str
    recipe_json: str
    labels: pd.Series

    @property
    def partition(self) -> str:
        """Key of who is in which segment only: equal for equal segments.

        Segment names are kept under it, so a change that leaves every customer
        in the same numbered segment (a log added, another seed) keeps them.
        """
        values = self.labels.to_numpy(dtype="int64")
        return hashlib.sha256(values.tobytes()).hexdigest()[:32]

    @property
    def n_segments(self) -> int:
        """Number of segments, the unassigned customers not counted."""
        return int(self.labels[self.labels >= 0].nunique())
