"""Label one part of a large table with a saved model: what every engine runs.

The local streaming engine (:mod:`segmentation.scale.local`) runs
:meth:`Labeller.label` on each chunk of a file; the Dask engine
(:mod:`segmentation.scale.dask_engine`) on each partition, on whichever worker
holds it. A :class:`Labeller` is built once: the model, and the transaction log's
behaviour computed once when the model's recipe reads a log. It pickles, so Dask
ships it to its workers with the graph.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from segmentation import workflow
from segmentation.behaviour.log_match import MatchCount, MatchTally, join_refusal
from segmentation.errors import InputError
from segmentation.export.step import applied_names, applied_output
from segmentation.model import SegmentationModel
from segmentation.reading.stream import TableStream
from segmentation.reading.table import TableRead

__all__ = ("Labeller", "SegmentSizes", "log_refusal", "log_tally", "part_counts")


@dataclass(frozen=True, slots=True)
class Labeller:
    """A fitted model ready to label parts of a table.

    Attributes
    ----------
    model : SegmentationModel
        Fitted or loaded.
    behaviour_table : DataFrame or None
        The transaction log's behaviour, one row per customer, when the model's
        recipe reads a log.
    """

    model: SegmentationModel
    behaviour_table: pd.DataFrame | None = None

    @classmethod
    def for_model(
        cls, model: SegmentationModel, log: TableRead | None = None
    ) -> Labeller:
        """Build the labeller, computing the log's behaviour once.

        Parameters
        ----------
        model : SegmentationModel
            Fitted or loaded.
        log : TableRead, optional
            The transaction log as read, when the model's recipe reads one.
        """
        mapping = model.recipe.transactions
        if mapping is None or log is None:
            return cls(model)
        found = workflow.behaviour(log.frame, mapping, decimal=log.info.decimal)
        return cls(model, found.table)

    def check_columns(self, columns: tuple[str, ...] | list[str], name: str) -> None:
        """Refuse a table that lacks a column the model reads, before any work.

        ``name`` is the table's file name, for the message.

        Raises
        ------
        InputError
            Naming the missing columns.
        """
        missing = [n for n in self.model.schema_.names if n not in set(columns)]
        if missing:
            raise InputError(
                f"{name} lacks the model's column(s): " + ", ".join(missing) + "."
            )

    def label(self, chunk: pd.DataFrame, first_row: int = 1) -> pd.DataFrame:
        """Label one part of a table: its rows as read, then the added columns.

        Parameters
        ----------
        chunk : DataFrame
            Rows of the table as read (text cells), in file order.
        first_row : int, default 1
            The 1-based number of the chunk's first row in its file.

        Returns
        -------
        DataFrame
            :func:`~segmentation.export.step.applied_output` of the chunk: what
            ``segmentation apply`` writes for these rows.
        """
        labels = self.model.predict(
            chunk, behaviour_table=self.behaviour_table, check_match=False
        )
        return applied_output(chunk, labels, self.model.recipe, first_row=first_row)

    def possible_names(self) -> list[str]:
        """Every segment name a labelled row can carry (for the writer's choices)."""
        labels = np.arange(-1, self.model.n_segments_)
        return list(applied_names(self.model.recipe, labels).values())


def part_counts(labelled: pd.DataFrame) -> pd.Series:
    """Rows per (segment, segment name) of one labelled part."""
    return labelled[["segment", "segment_name"]].value_counts(sort=False)


@dataclass(slots=True)
class SegmentSizes:
    """Rows per segment, added up over labelled parts.

    Examples
    --------
    >>> sizes = SegmentSizes()
    >>> sizes.add(pd.DataFrame({"segment": [1, 0, 1], "segment_name": ["B", "A", "B"]}))
    >>> sizes.add(pd.DataFrame({"segment": [1], "segment_name": ["B"]}))
    >>> sizes.rows, sizes.listed()
    (4, [('A', 1), ('B', 3)])
    """

    counts: Counter = field(default_factory=Counter)
    names: dict = field(default_factory=dict)
    rows: int = 0

    def add(self, labelled: pd.DataFrame) -> None:
        """Count one labelled part."""
        self.add_counts(part_counts(labelled))

    def add_counts(self, counts: pd.Series) -> None:
        """Add one part's :func:`part_counts`."""
        for (segment, name), size in counts.items():
            self.counts[int(segment)] += int(size)
            self.names[int(segment)] = str(name)
            self.rows += int(size)

    def listed(self) -> list[tuple[str, int]]:
        """Return (name, rows) by segment number."""
        return [(self.names[s], self.counts[s]) for s in sorted(self.counts)]


def log_tally(labeller: Labeller) -> MatchTally | None:
    """Start counting the table's match with the labeller's log (None: no log)."""
    mapping = labeller.model.recipe.transactions
    if labeller.behaviour_table is None or mapping is None:
        return None
    return MatchTally(labeller.behaviour_table[mapping.customer])


def log_refusal(labeller: Labeller, match: MatchCount, stream: TableStream) -> str:
    """Say why the log cannot be joined, with the table's first ids as examples."""
    recipe = labeller.model.recipe
    key = recipe.transactions.customer
    first = next(stream.chunks())[recipe.id_column]
    return join_refusal(
        match, recipe.id_column, key, first, labeller.behaviour_table[key]
    )
