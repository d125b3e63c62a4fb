"""The bundled example of segments over time: three snapshots of the sample's log.

The sample's log (``transactions.csv``) with its later stretch
(``transactions_later.csv``) runs to the end of 2026, with planted movement after
2026-06-30: some loyal customers stop buying, new ones arrive (see
sample_data/README.md). Segments of recency, frequency and value fitted as of
the first day label the customers as of each of :data:`EXAMPLE_DAYS`.
"""

from __future__ import annotations

import pandas as pd

from segmentation.model import SegmentationModel
from segmentation.monitor.snapshots import Snapshot, log_model, log_snapshot
from segmentation.reading import read_table
from segmentation.reading.samples import LATER_LOG, SAMPLES
from segmentation.recipe import TransactionMapping

__all__ = ("EXAMPLE_DAYS", "EXAMPLE_K", "EXAMPLE_MAPPING", "bundled_example")

#: The snapshot days: the sample's snapshot, then two quarter ends.
EXAMPLE_DAYS = ("2026-06-30", "2026-09-30", "2026-12-31")
#: The number of segments of the example's model.
EXAMPLE_K = 4
#: The columns of the bundled log.
EXAMPLE_MAPPING = TransactionMapping(
    "customer_id", "order_date", amount="amount", invoice="order_id"
)


def bundled_example() -> tuple[SegmentationModel, list[Snapshot]]:
    """Fit the example's model and take its three snapshots of the bundled log.

    Returns
    -------
    tuple of (SegmentationModel, list of Snapshot)
        The model (k-means on recency, frequency and value as of the first day)
        and a snapshot per day of :data:`EXAMPLE_DAYS`, earliest first.
    """
    log = pd.concat(
        [read_table(SAMPLES["transactions"].path), read_table(LATER_LOG)],
        ignore_index=True,
    )
    model = log_model(log, EXAMPLE_MAPPING, EXAMPLE_DAYS[0], k=EXAMPLE_K)
    return model, [log_snapshot(model, log, day) for day in EXAMPLE_DAYS]
