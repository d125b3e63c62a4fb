"""What the per-customer behaviour step read, used and left out.

The step is :func:`segmentation.behaviour.transactions.customer_behaviour`.

The step returns the report beside the behaviour table
(:class:`segmentation.behaviour.transactions.Behaviour`); the app and the CLI show
it as sentences.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

__all__ = ("BehaviourReport", "behaviour_sentences")


@dataclass(frozen=True, slots=True)
class BehaviourReport:
    """What :func:`customer_behaviour` read, used and left out.

    The line counts add up: ``lines_read = lines_used + lines_without_customer +
    lines_bad_date + lines_bad_amount`` (a line is counted under the first reason
    that applies, in that order).

    Attributes
    ----------
    lines_read : int
    lines_used : int
        Lines with a customer, a date and an amount.
    lines_without_customer : int
        Missing or blank customer id: they cannot belong to anyone.
    value_without_customer : float
        Net amount of those lines (where the amount could be read).
    lines_bad_date, lines_bad_amount : int
        Missing or unreadable date / amount on lines that have a customer.
    return_lines : int
        Used lines netted as returns or cancellations.
    customers : int
        Rows in the table: customers with at least one purchase.
    customers_without_purchase : int
        Customers with only returns, cancellations or zero-value lines; left out.
    value_without_purchase : float
        Net amount of those customers' lines.
    as_of : pandas.Timestamp
        The day recency and tenure count to (midnight).
    as_of_given : bool
        False when ``as_of`` was the default (the day after the last transaction).
    date_column : str
    amount_columns : tuple of str
    lines_after_as_of : int
        Readable lines dated on or after a given ``as_of``: the customer base is
        taken as it stood that day.
    """

    lines_read: int
    lines_used: int
    lines_without_customer: int
    value_without_customer: float
    lines_bad_date: int
    lines_bad_amount: int
    return_lines: int
    customers: int
    customers_without_purchase: int
    value_without_purchase: float
    as_of: pd.Timestamp
    as_of_given: bool
    date_column: str = "date"
    amount_columns: tuple[str, ...] = ("amount",)
    lines_after_as_of: int = 0

    def sentences(self) -> list[str]:
        """Return the report as short sentences (see :func:`behaviour_sentences`)."""
        how = "given" if self.as_of_given else "the day after the last line"
        amount = " x ".join(self.amount_columns)
        out = [
            f"{_n(self.customers, 'customer')}, from {self.lines_used:,} of "
            f"{_n(self.lines_read, 'line')}, as of {self.as_of:%Y-%m-%d} ({how}).",
        ]
        if self.return_lines:
            out.append(
                f"Netted {_n(self.return_lines, 'return or cancellation line')} into "
                "monetary (not counted as purchases)."
            )
        if self.lines_without_customer:
            out.append(
                f"Left out {_n(self.lines_without_customer, 'line')} without a "
                f"customer id (net value {self.value_without_customer:,.2f})."
            )
        for count, what in (
            (self.lines_bad_date, f"date ({self.date_column})"),
            (self.lines_bad_amount, f"amount ({amount})"),
        ):
            if count:
                out.append(
                    f"Left out {_n(count, 'line')} with a missing or unreadable {what}."
                )
        if self.lines_after_as_of:
            out.append(
                f"Left out {_n(self.lines_after_as_of, 'line')} dated on or after "
                f"{self.as_of:%Y-%m-%d}: the customers as they stood that day."
            )
        if self.customers_without_purchase:
            out.append(
                f"Left out {_n(self.customers_without_purchase, 'customer')} with only "
                "returns, cancellations or zero-value lines (net value "
                f"{self.value_without_purchase:,.2f})."
            )
        return out


def _n(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def behaviour_sentences(report: BehaviourReport) -> list[str]:
    """Say in sentences what :func:`customer_behaviour` used and left out.

    Parameters
    ----------
    report : BehaviourReport
        The report of :func:`segmentation.behaviour.transactions.behaviour_of_log`.

    Returns
    -------
    list of str
        One sentence per thing worth saying (see :meth:`BehaviourReport.sentences`).

    Examples
    --------
    >>> from segmentation.behaviour.transactions import behaviour_of_log
    >>> tx = pd.DataFrame({"cust": ["01", "01", None], "when": ["2024-01-02"] * 3,
    ...                    "spend": ["10", "-4", "7"]})
    >>> made = behaviour_of_log(tx, customer="cust", date="when", amount="spend")
    >>> for line in behaviour_sentences(made.report):
    ...     print(line)
    1 customer, from 2 of 3 lines, as of 2024-01-03 (the day after the last line).
    Netted 1 return or cancellation line into monetary (not counted as purchases).
    Left out 1 line without a customer id (net value 7.00).
    """
    return report.sentences()
