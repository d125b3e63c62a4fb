"""Choices the analyst makes by name, kept light (no pandas) for the command line.

The command line offers them in ``--help`` without importing the library; the
library validates against the same tuples.
"""

__all__ = ("BUSINESSES", "EDITABLE_MEASURES")

#: The kinds of business the messages can speak to, the default first.
BUSINESSES = ("retail", "subscription", "financial", "b2b")
#: The measures an analyst can set to columns (value and frequency may be a sum).
EDITABLE_MEASURES = ("value", "frequency", "recency", "tenure")
