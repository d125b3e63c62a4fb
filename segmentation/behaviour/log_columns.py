"""Suggest which columns of a transaction log hold the customer, date, amount...

Used to pre-fill the column mapping of an uploaded log (the analyst can change
it): a best guess from each column's role and name words.
"""

from __future__ import annotations

from segmentation.schema.infer import Schema
from segmentation.schema.vocabulary import (
    CUSTOMER_WORDS,
    DATE_WORDS,
    ID_SUFFIXES,
    ID_WORDS,
    LINE_AMOUNT_WORDS,
    ORDER_WORDS,
    OTHER_DATE_WORDS,
    PRICE_WORDS,
    QUANTITY_WORDS,
    name_tokens,
)

__all__ = ("suggest_transaction_columns",)

#: Words of an id: a numeric order column must have one to be an order number.
_ID_LIKE = ID_WORDS | ID_SUFFIXES
_KEYS = ("customer", "date", "amount", "quantity", "price", "invoice")


def _customer_score(role: str, tokens: set[str]) -> int:
    if role in ("datetime", "pii", "boolean") or not tokens & CUSTOMER_WORDS:
        return 0
    return 2 + (role == "id")


def _date_score(role: str, tokens: set[str]) -> int:
    if role != "datetime":
        return 0
    named = bool(tokens & DATE_WORDS) + bool(tokens & ORDER_WORDS)
    return 2 + named - 2 * bool(tokens & OTHER_DATE_WORDS)


def _invoice_score(role: str, tokens: set[str]) -> int:
    if not tokens & ORDER_WORDS or role in ("datetime", "pii", "boolean"):
        return 0
    if role == "numeric" and not tokens & _ID_LIKE:
        return 0
    return 1 + (role == "id")


def _number_score(words: frozenset[str]):
    return lambda role, tokens: int(role == "numeric" and bool(tokens & words))


def suggest_transaction_columns(schema: Schema) -> dict[str, str | None]:
    """Guess which columns of a transaction log hold what, from roles and names.

    Parameters
    ----------
    schema : Schema
        From :func:`segmentation.infer_schema` on the transaction log.

    Returns
    -------
    dict
        Keys ``customer``, ``date``, ``amount``, ``quantity``, ``price``,
        ``invoice``; a column name or None. ``quantity`` and ``price`` are given
        only when there is no amount column, so the dict can be passed on as
        ``customer_behaviour(tx, **suggestion)``.

    Examples
    --------
    >>> import pandas as pd
    >>> from segmentation.schema.infer import infer_schema
    >>> tx = pd.DataFrame({
    ...     "InvoiceNo": ["536365", "536366", "C536367"],
    ...     "Quantity": ["6", "2", "-1"],
    ...     "InvoiceDate": ["2010-12-01 08:26:00"] * 3,
    ...     "UnitPrice": ["2.55", "3.39", "2.75"],
    ...     "CustomerID": ["17850", "17850", "13047"],
    ... })
    >>> suggest_transaction_columns(infer_schema(tx))  # doctest: +NORMALIZE_WHITESPACE
    {'customer': 'CustomerID', 'date': 'InvoiceDate', 'amount': None,
     'quantity': 'Quantity', 'price': 'UnitPrice', 'invoice': 'InvoiceNo'}
    """
    scorers = {
        "customer": _customer_score,
        "date": _date_score,
        "invoice": _invoice_score,
        "amount": _number_score(LINE_AMOUNT_WORDS),
        "quantity": _number_score(QUANTITY_WORDS),
        "price": _number_score(PRICE_WORDS),
    }
    found: dict[str, str | None] = {}
    for key, score in scorers.items():
        taken = set(found.values())
        scored = [
            (score(c.role, set(name_tokens(c.name))), c.name)
            for c in schema.columns
            if c.name not in taken
        ]
        best = max(scored, key=lambda pair: pair[0], default=(0, None))
        found[key] = best[1] if best[0] > 0 else None
    if found["amount"] is not None:
        found["quantity"] = found["price"] = None
    elif found["quantity"] is None:
        found["amount"], found["price"] = found["price"], None
    elif found["price"] is None:
        found["quantity"] = None
    return {key: found[key] for key in _KEYS}
