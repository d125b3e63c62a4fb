"""The bundled sample data: a customer table and its transaction log.

The files live in ``sample_data/`` beside the package (see its README for the data
dictionary and how they were made).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

__all__ = ("CAMPAIGN_RESULTS", "LATER_LOG", "SAMPLE_DIR", "SAMPLES", "Sample")

SAMPLE_DIR = Path(__file__).resolve().parents[2] / "sample_data"
#: The six months of the log after the sample's snapshot, with planted movement
#: (segments over time; not a sample of its own).
LATER_LOG = SAMPLE_DIR / "transactions_later.csv"
#: One e-mail campaign's results for the sample's customers, with planted lifts.
CAMPAIGN_RESULTS = SAMPLE_DIR / "campaign_results.csv"


@dataclass(frozen=True, slots=True)
class Sample:
    """One bundled dataset.

    Attributes
    ----------
    name : str
        Short key, e.g. ``"customers"``.
    title : str
        What the app shows in its picker.
    path : pathlib.Path
        The file.
    description : str
        One sentence on what it holds.
    planted_columns : tuple of str
        The columns the planted segments differ on (empty when none are planted).
    planted_k : int or None
        How many segments were planted.
    """

    name: str
    title: str
    path: Path
    description: str
    planted_columns: tuple[str, ...] = ()
    planted_k: int | None = None


SAMPLES = MappingProxyType(
    {
        "customers": Sample(
            "customers",
            "Customers (5,000, all five criteria families)",
            SAMPLE_DIR / "customers.csv",
            "A customer table with demographic, geographic, psychographic, "
            "behavioural and technographic columns, and five planted segments.",
            planted_columns=(
                "orders",
                "total_spend",
                "recency_days",
                "web_visits_30d",
                "email_opens_30d",
                "campaign_responses",
            ),
            planted_k=5,
        ),
        "transactions": Sample(
            "transactions",
            "Transactions (the same customers' orders and returns)",
            SAMPLE_DIR / "transactions.csv",
            "The order log behind the customer table: one line per order or return.",
        ),
    }
)
