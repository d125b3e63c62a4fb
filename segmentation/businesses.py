"""The kinds of business the messages can speak to (a light module: no pandas).

Kept apart from :mod:`segmentation.schema.business`, which guesses the kind, so
that the command line can offer the kinds without importing the library.
"""

__all__ = ("BUSINESSES",)

#: The kinds of business, the default first.
BUSINESSES = ("retail", "subscription", "financial", "b2b")
