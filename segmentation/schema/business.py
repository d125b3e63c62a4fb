"""Guess the kind of business a customer table comes from, by its column names.

The kind chooses the words of the suggested messages: a telecom's subscribers
hear about their plan, a bank's customers about their account, a company buyer
about its account and volume terms, a shop's customers about orders and new
arrivals. The guess is a vote of the column names (see
:data:`segmentation.schema.vocabulary.BUSINESS_WORDS`); the analyst can change it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from segmentation.choices import BUSINESSES
from segmentation.errors import InputError
from segmentation.schema.vocabulary import BUSINESS_WORDS, name_tokens

__all__ = (
    "BUSINESSES",
    "BusinessGuess",
    "business_of",
    "check_business",
    "guess_business",
)


@dataclass(frozen=True)
class BusinessGuess:
    """A guessed kind of business and the column names that gave it.

    Attributes
    ----------
    kind : str
        One of :data:`BUSINESSES`.
    evidence : tuple of str
        The columns whose names voted for it (empty: the default).
    chosen : bool
        True when the analyst set the kind (no guess).
    """

    kind: str
    evidence: tuple[str, ...] = ()
    chosen: bool = False

    @property
    def reason(self) -> str:
        """Say where the kind comes from, as a phrase."""
        if self.chosen:
            return "as chosen"
        if not self.evidence:
            return "no column name points elsewhere"
        shown = ", ".join(self.evidence[:4])
        more = f" and {len(self.evidence) - 4} more" if len(self.evidence) > 4 else ""
        return f"from the columns {shown}{more}"

    @property
    def text(self) -> str:
        """Say the kind and where it comes from."""
        return f"{self.kind} ({self.reason})"


def guess_business(columns: Iterable[object]) -> BusinessGuess:
    """Guess the kind of business from the column names.

    Parameters
    ----------
    columns : iterable
        The table's column names.

    Returns
    -------
    BusinessGuess
        The kind with the most distinct words among the column names (ten
        columns all saying "purchases" are one word); retail on a tie or
        without any.

    Examples
    --------
    >>> guess_business(["customerID", "tenure", "Contract", "MonthlyCharges"]).kind
    'subscription'
    >>> guess_business(["CustomerId", "Balance", "NumOfProducts", "HasCrCard"]).kind
    'financial'
    >>> guess_business(["id", "age"]).text
    'retail (no column name points elsewhere)'
    """
    votes: dict[str, list[str]] = {kind: [] for kind in BUSINESSES}
    words: dict[str, set[str]] = {kind: set() for kind in BUSINESSES}
    for column in columns:
        tokens = set(name_tokens(str(column)))
        for kind in BUSINESSES:
            if found := tokens & BUSINESS_WORDS[kind]:
                votes[kind].append(str(column))
                words[kind] |= found
    best = max(BUSINESSES, key=lambda kind: (len(words[kind]), kind == "retail"))
    return BusinessGuess(best, tuple(votes[best]))


def business_of(chosen: str | None, columns: Iterable[object]) -> BusinessGuess:
    """Return the analyst's kind of business when set, else the guess from columns.

    Examples
    --------
    >>> business_of("b2b", ["tenure"]).text
    'b2b (as chosen)'
    """
    if chosen is not None:
        return BusinessGuess(check_business(chosen) or "retail", chosen=True)
    return guess_business(columns)


def check_business(kind: str | None) -> str | None:
    """Return a kind of business if it is known (None passes); else InputError."""
    if kind is None or kind in BUSINESSES:
        return kind
    raise InputError(
        f"Unknown kind of business {kind!r}; use one of {', '.join(BUSINESSES)}."
    )
