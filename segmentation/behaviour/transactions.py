"""Per-customer behaviour from a transaction log: recency, frequency, monetary, more.

:func:`customer_behaviour` turns transaction lines (one purchase, return or
cancellation each) into one row per customer. Column names are parameters, never
assumed; :func:`segmentation.behaviour.log_columns.suggest_transaction_columns` guesses
them from a schema. Scores and named segments are in
:mod:`segmentation.behaviour.rfm`.

Definitions
-----------
- A **purchase** is a line with a positive amount whose invoice does not start
  with ``"C"``. Returns and cancellations (a negative amount, or an invoice
  starting with ``"C"``) are netted into ``monetary`` and never count as
  purchases. Zero-amount lines count in neither.
- ``recency_days``: calendar days from the date of the last purchase to the date of
  ``as_of``; ``as_of`` defaults to the day after the last transaction date in the
  log (so the latest buyers have recency 1). A given ``as_of`` takes the customers
  as they stood that day: lines dated on or after it are left out (a series of
  month ends gives snapshots of one log).
- ``frequency``: distinct invoices with a purchase, or, with no invoice column,
  distinct purchase timestamps. A purchase line without an invoice counts by its
  timestamp.
- ``monetary``: sum of every line's amount, net of returns and cancellations.
- ``tenure_days``: calendar days from the first purchase to ``as_of``.
- ``avg_order_value``: ``monetary / frequency`` (net value per purchase).
- ``mean_days_between_purchases``: calendar days from the first to the last
  purchase divided by ``frequency - 1``; missing for one-time buyers.
- ``return_rate``: returned value / purchased value, where purchased value is the
  sum of purchase lines and returned value is minus the sum of every other line
  (so ``monetary = purchased * (1 - return_rate)``). 0 means nothing came back,
  1 that everything did; above 1 when returns exceed purchases in the log (goods
  bought before the log starts).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import numpy as np
import pandas as pd

from segmentation.behaviour.report import (
    BehaviourReport,
    behaviour_sentences,
)
from segmentation.errors import InputError
from segmentation.reading import values as parse

__all__ = (
    "BEHAVIOUR_COLUMNS",
    "BehaviourReport",
    "JOINED_PREFIX",
    "Behaviour",
    "behaviour_of_log",
    "behaviour_sentences",
    "customer_behaviour",
)

#: The columns :func:`customer_behaviour` adds after the customer column, in order.
BEHAVIOUR_COLUMNS = (
    "recency_days",
    "frequency",
    "monetary",
    "tenure_days",
    "avg_order_value",
    "mean_days_between_purchases",
    "return_rate",
    "first_purchase",
    "last_purchase",
)
#: How a behaviour column is renamed when joined to a customer table that has a
#: column of the same name (``tx_recency_days``).
JOINED_PREFIX = "tx_"
_DAY_US = 86_400 * 1_000_000


@dataclass(frozen=True, slots=True)
class Behaviour:
    """The per-customer behaviour of a log and the report of how it was made.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per customer (see :func:`behaviour_of_log`).
    report : BehaviourReport
        What the step read, used and left out.
    """

    table: pd.DataFrame
    report: BehaviourReport


def behaviour_of_log(
    tx: pd.DataFrame,
    *,
    customer: str,
    date: str,
    amount: str | None = None,
    quantity: str | None = None,
    price: str | None = None,
    invoice: str | None = None,
    as_of: str | datetime.date | None = None,
    decimal: str = ".",
) -> Behaviour:
    """Summarise a transaction log into one row per customer, with a report.

    Parameters
    ----------
    tx : pandas.DataFrame
        Transaction lines, as :func:`segmentation.read_table` returns them (text
        cells) or already typed (numbers, datetimes).
    customer, date : str
        The customer-id and date (or timestamp) columns.
    amount : str, optional
        The line amount; or give ``quantity`` and ``price`` instead.
    quantity, price : str, optional
        Line amount = quantity x price, when there is no amount column.
    invoice : str, optional
        Invoice or order number: frequency counts distinct invoices, and invoices
        starting with ``"C"`` are cancellations.
    as_of : str, date or Timestamp, optional
        The day recency counts to; by default the day after the last transaction
        date. Only its date counts. Lines dated on or after it are left out (and
        counted in the report).
    decimal : {".", ","}, default "."
        How the log's amounts write their decimals: the ``info.decimal`` of
        :func:`segmentation.read_table_with_info`.

    Returns
    -------
    Behaviour
        ``table``: one row per customer with a purchase, ordered by id text: the
        customer column (ids as text, unchanged) and :data:`BEHAVIOUR_COLUMNS`
        (see the module notes). ``report``: a :class:`BehaviourReport` of what was
        read, used and left out.

    Raises
    ------
    InputError
        A mapped column is absent, more than half its values cannot be read,
        ``as_of`` is not a date, or no usable line is dated before it.

    Examples
    --------
    >>> tx = pd.DataFrame({
    ...     "cust": ["007", "007", "007", "12"],
    ...     "inv": ["A1", "A2", "CA2", "B1"],
    ...     "day": ["2024-03-01", "2024-03-05", "2024-03-06", "2024-03-09"],
    ...     "spend": ["10.00", "30.00", "-5.00", "8.50"],
    ... })
    >>> b = behaviour_of_log(tx, customer="cust", date="day", amount="spend",
    ...                      invoice="inv")
    >>> b.report.lines_used, b.report.return_lines
    (4, 1)
    >>> b.table[["cust", "recency_days", "frequency", "monetary", "return_rate"]]
      cust  recency_days  frequency  monetary  return_rate
    0  007             5          2      35.0        0.125
    1   12             1          1       8.5        0.000
    """
    amount_columns = _check_columns(
        tx, customer, date, amount, quantity, price, invoice
    )
    lines = len(tx)
    if not lines:
        raise InputError("The transaction table has no rows.")
    codes, ids = _codes(tx[customer])
    has_customer = codes >= 0
    when = _dates(tx[date], date)
    value = _amounts(
        tx, amount_columns, "amount" if amount else "quantity x price", decimal
    )
    date_ok, value_ok = ~np.isnat(when), ~np.isnan(value)
    used = has_customer & date_ok & value_ok
    if not used.any():
        raise InputError(
            f"No line has a customer id ({customer}), a date ({date}) and an amount."
        )
    day = when.view("i8") // _DAY_US
    as_of_day = _as_of_day(as_of, day[date_ok])
    later = used & (day >= as_of_day)
    if not (used & ~later).any():
        first = pd.Timestamp(int(day[used].min()) * _DAY_US, unit="us")
        raise InputError(
            f"No transaction is dated before as_of {_day_text(as_of_day)}; the "
            f"log starts on {first:%Y-%m-%d}."
        )
    used &= ~later
    cancelled = value < 0
    inv_codes = None
    if invoice is not None:
        inv_codes, inv_text = _codes(tx[invoice])
        starts_c = inv_text.str.startswith("C").to_numpy(dtype=bool)
        cancelled |= np.append(starts_c, False)[inv_codes]  # code -1: no invoice
    purchase = used & ~cancelled & (value > 0)
    table, dropped = _aggregate(
        codes, ids, when, value, used, purchase, inv_codes, as_of_day
    )
    table.insert(0, customer, table.pop("id"))
    bad_date = has_customer & ~date_ok
    report = BehaviourReport(
        lines_read=lines,
        lines_used=int(used.sum()),
        lines_without_customer=int((~has_customer).sum()),
        value_without_customer=float(np.nansum(value[~has_customer])),
        lines_bad_date=int(bad_date.sum()),
        lines_bad_amount=int((has_customer & date_ok & ~value_ok).sum()),
        return_lines=int((used & cancelled).sum()),
        customers=len(table),
        customers_without_purchase=dropped[0],
        value_without_purchase=dropped[1],
        as_of=pd.Timestamp(as_of_day * _DAY_US, unit="us"),
        as_of_given=as_of is not None,
        date_column=date,
        amount_columns=amount_columns,
        lines_after_as_of=int(later.sum()),
    )
    return Behaviour(table, report)


def customer_behaviour(
    tx: pd.DataFrame,
    *,
    customer: str,
    date: str,
    amount: str | None = None,
    quantity: str | None = None,
    price: str | None = None,
    invoice: str | None = None,
    as_of: str | datetime.date | None = None,
    decimal: str = ".",
) -> pd.DataFrame:
    """Summarise a transaction log into one row per customer.

    The table of :func:`behaviour_of_log` (same parameters), without its report.

    Returns
    -------
    pandas.DataFrame
        One row per customer with a purchase (see :func:`behaviour_of_log`).
    """
    return behaviour_of_log(
        tx,
        customer=customer,
        date=date,
        amount=amount,
        quantity=quantity,
        price=price,
        invoice=invoice,
        as_of=as_of,
        decimal=decimal,
    ).table


def _check_columns(
    tx: pd.DataFrame,
    customer: str,
    date: str,
    amount: str | None,
    quantity: str | None,
    price: str | None,
    invoice: str | None,
) -> tuple[str, ...]:
    if amount is not None and (quantity is not None or price is not None):
        raise InputError("Give an amount column, or quantity and price; not both.")
    if amount is None and (quantity is None or price is None):
        raise InputError("Give an amount column, or both quantity and price columns.")
    roles = {
        "customer": customer,
        "date": date,
        "amount": amount,
        "quantity": quantity,
        "price": price,
        "invoice": invoice,
    }
    names = [str(c) for c in tx.columns]
    for role, column in roles.items():
        if column is not None and column not in tx.columns:
            shown = ", ".join(names[:30]) + (", ..." if len(names) > 30 else "")
            raise InputError(
                f"No column {column!r} (the {role} column) in the transactions; "
                f"columns are: {shown}."
            )
    if customer in BEHAVIOUR_COLUMNS:
        raise InputError(
            f"The customer column is called {customer!r}, like an output column; "
            "rename it first."
        )
    return (amount,) if amount is not None else (quantity, price)


def _runs(values: pd.Series) -> np.ndarray | None:
    """Line -> number of its run of equal adjacent values; None if runs are short.

    Lines of one invoice sit together in real logs and share customer, invoice and
    timestamp, so work done once per run instead of once per line is the same.
    """
    arrow = getattr(values.array, "_pa_array", None)
    if arrow is not None:
        import pyarrow.compute as pc

        whole = arrow.combine_chunks() if hasattr(arrow, "combine_chunks") else arrow
        same = pc.equal(whole.slice(1), whole.slice(0, len(whole) - 1))
        changed = ~pc.fill_null(same, False).to_numpy(zero_copy_only=False)
    elif isinstance(values.dtype, np.dtype):
        raw = values.to_numpy()
        changed = np.asarray(raw[1:] != raw[:-1], dtype=bool)
    else:
        return None
    if not len(changed) or changed.mean() > 0.6:
        return None
    return np.concatenate(([0], np.cumsum(changed)))


def _run_heads(run: np.ndarray) -> np.ndarray:
    return np.flatnonzero(np.diff(run, prepend=-1))


def _run_codes(values: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """Factorize, hashing only the first line of each run of equal values."""
    run = _runs(values)
    if run is None:
        codes, uniques = pd.factorize(values)
        return codes.astype(np.int64), uniques
    codes, uniques = pd.factorize(values.iloc[_run_heads(run)])
    return codes.astype(np.int64)[run], uniques


def _codes(values: pd.Series) -> tuple[np.ndarray, pd.Series]:
    """Integer codes per line (-1 = missing or blank) and each code's id text."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        codes, uniques = values.cat.codes.to_numpy(np.int64), values.cat.categories
    else:
        codes, uniques = _run_codes(values)
    if pd.api.types.is_string_dtype(uniques):  # distinct texts: nothing to merge
        text = pd.Series(uniques, dtype="str")
    else:  # 12346.0 -> "12346"; 1 and 1.0 become one customer
        text = pd.Series(_id_text(uniques), dtype="str")
        merged, first = pd.factorize(text)
        codes = np.append(merged, -1)[codes]
        text = pd.Series(first, dtype="str")
    missing = text.str.strip().str.lower().isin(parse.MISSING_TOKENS).to_numpy()
    codes = np.where(np.append(missing, True)[codes], -1, codes)
    return codes, text


def _id_text(uniques: pd.Index) -> list[str]:
    """Ids as text: ``"00017"`` stays, the float 12346.0 becomes ``"12346"``."""

    def one(v: object) -> str:
        if isinstance(v, float | np.floating) and np.isfinite(v) and v == int(v):
            return str(int(v))
        return str(v)

    return [one(v) for v in uniques.tolist()]


def _unreadable(
    raw: pd.Series, parsed_ok: np.ndarray, column: str, role: str, what: str
) -> None:
    bad = ~parsed_ok
    if bad.sum() * 2 <= len(raw):
        return
    present = bad & ~parse.missing_mask(raw).to_numpy()
    if not present.any():
        raise InputError(f"Column {column!r} (the {role} column) is empty.")
    example = raw.iloc[int(np.argmax(present))]
    raise InputError(
        f"Column {column!r} (the {role} column): {int(bad.sum()):,} of {len(raw):,} "
        f"values are not {what}, e.g. {str(example)!r}."
    )


def _dates(values: pd.Series, column: str) -> np.ndarray:
    """Datetime64[us] per line, NaT where missing or unreadable."""
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        parsed = values
        if getattr(parsed.dt, "tz", None) is not None:  # days on the local clock
            parsed = parsed.dt.tz_localize(None)
    else:
        sample = values.iloc[:: max(1, len(values) // 4000)]
        sample = sample[~parse.missing_mask(sample, numeric=True)].drop_duplicates()
        fmt = None
        if len(sample):
            fmt = parse.detect_date_format(sample, min_share=0.5, name=column)
        run = _runs(values)
        heads = values if run is None else values.iloc[_run_heads(run)]
        if fmt is None:
            parsed = pd.Series(pd.NaT, index=heads.index, dtype="datetime64[us]")
        else:
            parsed = parse.parse_dates(heads, fmt)
        if run is not None:
            parsed = pd.Series(parsed.to_numpy(dtype="datetime64[us]")[run])
    out = parsed.to_numpy(dtype="datetime64[us]")
    _unreadable(values, ~np.isnat(out), column, "date", "dates")
    return out


def _amounts(
    tx: pd.DataFrame, columns: tuple[str, ...], role: str, decimal: str
) -> np.ndarray:
    """Line amounts as float64 (NaN where unreadable): one column or a product."""
    out = np.ones(len(tx))
    for column in columns:
        values = tx[column]
        if pd.api.types.is_numeric_dtype(values.dtype):
            numbers = values.to_numpy(dtype="float64", na_value=np.nan)
            numbers = np.where(np.isfinite(numbers), numbers, np.nan)
        else:
            codes, uniques = pd.factorize(values)
            parsed = parse.parse_numbers(pd.Series(uniques.astype("str")), decimal)
            numbers = np.append(parsed.to_numpy(dtype="float64"), np.nan)[codes]
        _unreadable(values, ~np.isnan(numbers), column, role, "numbers")
        out = out * numbers
    return out


def _as_of_day(as_of: object, all_days: np.ndarray) -> int:
    """Return the as-of date as a day number (days since 1970-01-01)."""
    if as_of is None:
        if not len(all_days):
            raise InputError("No transaction line has a readable date.")
        return int(all_days.max()) + 1
    try:
        stamp = pd.Timestamp(as_of)
    except (ValueError, TypeError):
        raise InputError(f"as_of {as_of!r} is not a date; use YYYY-MM-DD.") from None
    if stamp is pd.NaT:
        raise InputError(f"as_of {as_of!r} is not a date; use YYYY-MM-DD.")
    stamp = stamp.tz_localize(None) if stamp.tzinfo is not None else stamp
    return (stamp.normalize() - pd.Timestamp(0)).days


def _day_text(day: int) -> str:
    return f"{pd.Timestamp(day * _DAY_US, unit='us'):%Y-%m-%d}"


def _distinct_counts(groups: np.ndarray, values: np.ndarray, n: int) -> np.ndarray:
    """Distinct ``values`` (non-negative int codes) within each of ``n`` groups."""
    if not len(values):
        return np.zeros(n, dtype=np.int64)
    width = int(values.max()) + 1
    if width <= 4 * len(values):  # fast path: each value within one group
        low = np.full(width, n, dtype=np.int64)
        high = np.full(width, -1, dtype=np.int64)
        np.minimum.at(low, values, groups)
        np.maximum.at(high, values, groups)
        seen = high >= 0
        if np.array_equal(low[seen], high[seen]):
            return np.bincount(high[seen], minlength=n)
    pairs = np.unique(groups * width + values)
    return np.bincount(pairs // width, minlength=n)


def _purchase_keys(
    when: np.ndarray, inv_codes: np.ndarray | None, purchase: np.ndarray
) -> np.ndarray:
    """Per purchase line: its invoice code, or a timestamp code without one."""
    stamps = when[purchase].view("i8")
    if inv_codes is None:
        return pd.factorize(stamps)[0].astype(np.int64)
    keys = inv_codes[purchase]
    loose = keys < 0
    if loose.any():
        keys = keys.copy()
        keys[loose] = inv_codes.max() + 1 + pd.factorize(stamps[loose])[0]
    return keys


def _aggregate(
    codes: np.ndarray,
    ids: pd.Series,
    when: np.ndarray,
    value: np.ndarray,
    used: np.ndarray,
    purchase: np.ndarray,
    inv_codes: np.ndarray | None,
    as_of_day: int,
) -> tuple[pd.DataFrame, tuple[int, float]]:
    n = len(ids)
    monetary = np.bincount(codes[used], weights=value[used], minlength=n)
    lines = np.bincount(codes[used], minlength=n)
    buyer = codes[purchase]
    bought = np.bincount(buyer, weights=value[purchase], minlength=n)
    frequency = _distinct_counts(buyer, _purchase_keys(when, inv_codes, purchase), n)
    stamps = when[purchase].view("i8")
    first = np.full(n, np.iinfo(np.int64).max)
    last = np.full(n, np.iinfo(np.int64).min)
    np.minimum.at(first, buyer, stamps)
    np.maximum.at(last, buyer, stamps)
    keep = frequency > 0
    orphans = (lines > 0) & ~keep
    dropped = (int(orphans.sum()), float(monetary[orphans].sum()))
    order = np.flatnonzero(keep)
    order = order[ids.iloc[order].argsort(kind="stable").to_numpy()]
    first, last, frequency = first[order], last[order], frequency[order]
    monetary, bought = monetary[order], bought[order]
    first_day, last_day = first // _DAY_US, last // _DAY_US
    with np.errstate(invalid="ignore", divide="ignore"):
        gaps = np.where(frequency > 1, (last_day - first_day) / (frequency - 1), np.nan)
    table = pd.DataFrame(
        {
            "id": ids.iloc[order].array,
            "recency_days": as_of_day - last_day,
            "frequency": frequency,
            "monetary": monetary,
            "tenure_days": as_of_day - first_day,
            "avg_order_value": monetary / frequency,
            "mean_days_between_purchases": gaps,
            "return_rate": (bought - monetary) / bought,
            "first_purchase": first.astype("datetime64[us]"),
            "last_purchase": last.astype("datetime64[us]"),
        }
    )
    return table, dropped
