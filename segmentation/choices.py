"""Choices the analyst makes by name, kept light (no pandas) for the command line.

The command line offers them in ``--help`` without importing the library; the
library validates against the same tuples.
"""

__all__ = (
    "BUSINESSES",
    "CONTACT_MEASURES",
    "DEFAULT_HORIZON_DAYS",
    "EDITABLE_MEASURES",
    "ROLE_MEASURES",
    "VALUE_BASES",
)

#: The kinds of business the messages can speak to, the default first.
BUSINESSES = ("retail", "subscription", "financial", "b2b")
#: What value, frequency, recency and tenure are read from (value and frequency
#: may be a sum of columns; recency and tenure are one column).
ROLE_MEASURES = ("value", "frequency", "recency", "tenure")
#: How customers can be reached: their preferred contact channel, their consent
#: to marketing, and engagement counts (any number of columns each).
CONTACT_MEASURES = ("channel", "consent", "engagement")
#: The measures an analyst can set to columns.
EDITABLE_MEASURES = ROLE_MEASURES + CONTACT_MEASURES
#: What "high value" and a message's objective rest on, the default first: the
#: customers' expected value ahead (from a transaction log's models) or their past
#: value.
VALUE_BASES = ("expected", "past")
#: Days ahead expected purchases and value count over, unless told.
DEFAULT_HORIZON_DAYS = 365
