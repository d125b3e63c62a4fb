"""Value, churn risk and expected value per segment, from the table's role columns.

The profile describes the recipe's features; the figures here come from three
**role columns** of the same table, used whether or not they were features (an
analyst segmenting on demographics still wants revenue per segment). Column names
are split into words with :func:`segmentation.schema.vocabulary.name_tokens` and matched
as follows (first match wins; the id column is never a role column):

- **value**: the behaviour column ``monetary`` (or ``tx_monetary``) from a
  transaction log; else a numeric column with a word in :data:`VALUE_WORDS`
  (spend, revenue, sales, monetary, amount, CLV, LTV, ...) or both ``lifetime``
  and ``value``, and no word in :data:`NOT_TOTAL_WORDS` (score, avg, per, rate,
  ...: a spending *score* or an *average* order value is not money earned). Among
  several, a name with ``total``, ``lifetime`` or ``net`` comes first, then the
  column order.
- **recency** (days): ``recency_days``; else a numeric column named ``recency``,
  or ``days`` / ``since`` with ``last``, ``purchase`` or ``order``; else a date
  column named like ``last purchase`` / ``last order`` / ``last seen``, turned
  into days before the reference day.
- **frequency**: ``frequency``; else a numeric column named ``orders``,
  ``purchases``, ``transactions``, ``invoices``, ``frequency``, or ``order`` /
  ``purchase`` with ``count`` or ``number`` (not an average, a value or a gap).
- **tenure** (days, for expected value only): ``tenure_days``; else a numeric
  ``tenure`` column; else a date column named like ``signup``, ``registered``,
  ``joined``, ``created``, ``first purchase`` or ``customer since``, in days
  before the reference day.

Dates count back from the profile's reference day. Figures (per segment;
customers missing a figure are skipped, never dropped):

- ``revenue_share``: the segment's sum of the value column over everyone's sum;
  ``value_index`` = ``revenue_share`` / ``customer_share`` (above 1: worth more
  than its head count).
- **Churn risk**: per customer, the mean of the percentile rank of recency
  (longer ago = riskier) and 1 - the percentile rank of frequency (fewer orders =
  riskier), or the recency rank alone when there is no frequency column; a
  segment's ``churn_risk`` is its customers' mean, and its ``churn_level`` is
  ``high`` from :data:`CHURN_HIGH`, ``medium`` from :data:`CHURN_MEDIUM`, else
  ``low``. Percentile ranks give tied values their average rank.
- **Expected value** over the next 12 months, per customer: the yearly run rate,
  value / max(tenure, :data:`MIN_TENURE_DAYS`) x 365 (negative net value counts
  as 0), times the chance the customer is still active,
  exp(-recency / (2 x gap)) with gap = tenure / frequency, the customer's usual
  number of days between orders. A first purchase is not a yearly rate, hence
  the floor of a year of tenure. When the table holds a transaction log's
  behaviour and its models fit (:mod:`segmentation.describe.ahead`), expected
  value is the models' over the recipe's horizon instead, beside the chance
  still active (``p_alive``); the notes say which.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from segmentation.behaviour.value_ahead import ValueAhead
from segmentation.recipe import EDITABLE_MEASURES
from segmentation.schema.vocabulary import (
    COUNT_WORDS,
    COUNTED_EVENT_WORDS,
    FREQUENCY_WORDS,
    LAST_DATE_EVENT_WORDS,
    NOT_FREQUENCY_WORDS,
    NOT_RECENCY_WORDS,
    NOT_TOTAL_WORDS,
    RATE_WORDS,
    RECENCY_EVENT_WORDS,
    START_NAMES,
    START_WORDS,
    SUBSET_COUNT_WORDS,
    TOTAL_WORDS,
    VALUE_WORDS,
    name_tokens,
    names_a_product_line,
)

__all__ = (
    "CHURN_HIGH",
    "CHURN_MEDIUM",
    "CHURN_NOTE_STARTS",
    "MIN_TENURE_DAYS",
    "RoleColumns",
    "MEASURES",
    "churn_level",
    "column_measures",
    "customer_figures",
    "find_role_columns",
    "role_candidates",
    "value_notes",
    "value_table",
)

#: A segment's churn level is high from this mean churn risk...
CHURN_HIGH = 0.65
#: ... and medium from this one (low below). A customer's risk is an average of
#: percentile ranks, so a segment picked at random sits near 0.5: medium means
#: distinctly riskier than the average customer, not merely average.
CHURN_MEDIUM = 0.55
#: How the notes on churn risk begin (an observed churn outcome replaces them).
CHURN_NOTE_STARTS = ("Churn risk is", "No recency column was found")
#: Expected value counts at least this much tenure when annualising value.
MIN_TENURE_DAYS = 365


#: Columns named by product lines that make a value (fewer may be anything).
MIN_PRODUCT_LINES = 3
#: Share of whole numbers from which a column counts something (orders, not a
#: 0-1 purchase-frequency score or an amount).
WHOLE_SHARE = 0.95


@dataclass(frozen=True, slots=True)
class RoleColumns:
    """The columns that give value, recency, frequency and tenure (None if none).

    Attributes
    ----------
    value, recency, frequency, tenure : str or None
        Column names in the table.
    recency_from_date, tenure_from_date : bool
        True when the column is a date turned into days before the reference day.
    value_columns : tuple of str
        The columns whose sum is the value: the value column alone, or, when the
        table has no total but several spend columns (one per product line),
        all of them; ``value`` then names their sum (``"A + B + C"``).
    frequency_columns : tuple of str
        The same for frequency: one count, or the purchase counts per channel
        (``NumWebPurchases + NumStorePurchases``; counts of a subset of purchases,
        such as deals, are left out).
    """

    value: str | None = None
    recency: str | None = None
    frequency: str | None = None
    tenure: str | None = None
    recency_from_date: bool = False
    tenure_from_date: bool = False
    value_columns: tuple[str, ...] = ()
    frequency_columns: tuple[str, ...] = ()


def _is_value(tokens: set[str]) -> bool:
    named = bool(tokens & VALUE_WORDS) or {"lifetime", "value"} <= tokens
    return named and not tokens & NOT_TOTAL_WORDS


def _is_value_rate(tokens: set[str]) -> bool:
    rate = tokens & RATE_WORDS
    return bool(rate) and _is_value(tokens - rate)


def _product_lines(
    table: pd.DataFrame, skip: set[str]
) -> tuple[str | None, tuple[str, ...]]:
    """Three or more non-negative columns named by product lines, as one sum."""
    lines = tuple(
        str(name)
        for name in table.columns
        if name not in skip
        and names_a_product_line(str(name))
        and _has_kind(table[name], "numeric")
        and not (table[name].dropna() < 0).any()
    )
    if len(lines) < MIN_PRODUCT_LINES:
        return None, ()
    return " + ".join(lines), lines


def _is_recency(tokens: set[str]) -> bool:
    if tokens & NOT_RECENCY_WORDS:
        return False
    if "recency" in tokens:
        return True
    return bool(tokens & {"days", "since"}) and bool(tokens & RECENCY_EVENT_WORDS)


def _is_last_date(tokens: set[str]) -> bool:
    return ("last" in tokens or "latest" in tokens) and bool(
        tokens & LAST_DATE_EVENT_WORDS
    )


def _is_frequency(tokens: set[str]) -> bool:
    if tokens & NOT_FREQUENCY_WORDS:
        return False
    return bool(tokens & FREQUENCY_WORDS) or (
        bool(tokens & COUNTED_EVENT_WORDS) and bool(tokens & COUNT_WORDS)
    )


def _is_start_date(tokens: set[str]) -> bool:
    if tokens in START_NAMES:
        return True
    return bool(tokens & START_WORDS) and not tokens & {"last", "latest"}


_RULES = (_is_value, _is_value_rate, _is_recency, _is_last_date, _is_frequency)


def role_candidates(columns: list[str]) -> list[str]:
    """Columns whose names could make them a role column (types not checked).

    Examples
    --------
    >>> role_candidates(["age", "total_spend", "orders", "signup_date", "avg_order"])
    ['total_spend', 'orders', 'signup_date']
    """
    out = []
    for name in columns:
        tokens = set(name_tokens(name))
        if (
            any(rule(tokens) for rule in _RULES)
            or tokens & (START_WORDS | {"tenure"})
            or names_a_product_line(name)
        ):
            out.append(name)
    return out


def _has_kind(values: pd.Series, kind: str) -> bool:
    """Whether a column holds dates, numbers, or counts (whole numbers)."""
    if kind == "datetime":
        return pd.api.types.is_datetime64_any_dtype(values.dtype)
    numeric = pd.api.types.is_numeric_dtype(values.dtype) and not (
        pd.api.types.is_bool_dtype(values.dtype)
    )
    if kind != "count" or not numeric:
        return numeric
    known = values.dropna().astype("float64")
    return bool(len(known)) and float((known == known.round()).mean()) >= WHOLE_SHARE


def find_role_columns(
    table: pd.DataFrame,
    id_column: str | None = None,
    measures: Mapping[str, tuple[str, ...]] | None = None,
) -> RoleColumns:
    """Find the value, recency, frequency and tenure columns of a typed table.

    Parameters
    ----------
    table : pandas.DataFrame
        Typed: numbers as numbers, dates as datetime64.
    id_column : str, optional
        Never a role column.
    measures : mapping, optional
        The analyst's choices (a recipe's ``measures``): measure -> columns,
        over the inferred ones. Value and frequency may be several columns
        (summed); recency and tenure one column of days or dates. A measure
        mapped to no column is left out. Columns the table lacks are ignored.

    Returns
    -------
    RoleColumns

    Examples
    --------
    >>> t = pd.DataFrame({"orders": [3.0], "total_spend": [90.0],
    ...                   "recency_days": [5.0], "spending_score": [40.0]})
    >>> r = find_role_columns(t)
    >>> r.value, r.recency, r.frequency, r.tenure
    ('total_spend', 'recency_days', 'orders', None)
    """
    skip = {id_column} if id_column else set()

    def candidates(exact: tuple[str, ...], rule, kind: str) -> tuple[list, list]:
        names = [n for n in exact if n in table.columns] + list(table.columns)
        found = [
            name
            for name in dict.fromkeys(names)
            if name not in skip
            and _has_kind(table[name], kind)
            and (name in exact or rule(set(name_tokens(name))))
        ]
        exact_or_total = [
            n for n in found if n in exact or set(name_tokens(n)) & TOTAL_WORDS
        ]
        return exact_or_total, found

    def pick(exact: tuple[str, ...], rule, kind: str) -> str | None:
        exact_or_total, found = candidates(exact, rule, kind)
        return (exact_or_total or found or [None])[0]

    def summed(
        exact: tuple[str, ...], rule, kind: str
    ) -> tuple[str | None, tuple[str, ...]]:
        """One column (an exact name or a total), else the sum of several."""
        totals, found = candidates(exact, rule, kind)
        lines = [n for n in found if not set(name_tokens(n)) & SUBSET_COUNT_WORDS]
        totals = [n for n in totals if not set(name_tokens(n)) & SUBSET_COUNT_WORDS]
        if len(totals) > 1 and not set(totals) & set(exact):
            lines = totals  # a total per line (day, evening, night): their sum
        elif totals or len(lines) < 2:
            first = (totals or lines or found or [None])[0]
            return first, (first,) if first else ()
        return " + ".join(lines), tuple(lines)

    value, parts = summed(("monetary", "tx_monetary"), _is_value, "numeric")
    if value is None:  # an average spend (per month, per visit) is the next best
        value, parts = summed((), _is_value_rate, "numeric")
    if value is None:  # spend per product line, named by the line only
        value, parts = _product_lines(table, skip)
    frequency, counts = summed(("frequency", "tx_frequency"), _is_frequency, "count")
    recency = pick(("recency_days", "tx_recency_days"), _is_recency, "numeric")
    recency_from_date = recency is None
    if recency_from_date:
        recency = pick(("last_purchase",), _is_last_date, "datetime")
    tenure = pick(("tenure_days", "tx_tenure_days"), {"tenure"}.issubset, "numeric")
    tenure_from_date = tenure is None
    if tenure_from_date:
        tenure = pick(("first_purchase",), _is_start_date, "datetime")
    found = RoleColumns(
        value,
        recency,
        frequency,
        tenure,
        recency_from_date and recency is not None,
        tenure_from_date and tenure is not None,
        parts,
        counts,
    )
    return _with_choices(found, table, skip, measures or {})


def _with_choices(
    found: RoleColumns,
    table: pd.DataFrame,
    skip: set[str],
    measures: Mapping[str, tuple[str, ...]],
) -> RoleColumns:
    """Put the analyst's measures over the inferred ones."""
    changes: dict[str, object] = {}
    for measure, columns in measures.items():
        chosen = tuple(c for c in columns if c in table.columns and c not in skip)
        if measure in ("value", "frequency"):
            changes[measure] = " + ".join(chosen) or None
            changes[f"{measure}_columns"] = chosen
        elif measure in ("recency", "tenure"):
            column = chosen[0] if chosen else None
            changes[measure] = column
            changes[f"{measure}_from_date"] = column is not None and _has_kind(
                table[column], "datetime"
            )
    return replace(found, **changes)


def _summed(table: pd.DataFrame, parts: tuple[str, ...], name: str | None) -> pd.Series:
    """Sum the parts (NaN only where all are missing); one column as it is."""
    parts = parts or ((name,) if name else ())
    if len(parts) > 1:
        frame = pd.concat([table[c].astype("float64") for c in parts], axis=1)
        return frame.sum(axis=1, min_count=1)
    return _days(table, parts[0] if parts else None, None)


#: What a column can measure about a customer (``column_measures``).
MEASURES = EDITABLE_MEASURES


def column_measures(
    table: pd.DataFrame,
    id_column: str | None = None,
    measures: Mapping[str, tuple[str, ...]] | None = None,
) -> dict[str, str]:
    """Say what each column measures, where it measures one of :data:`MEASURES`.

    Value, frequency, recency and tenure are the columns :func:`find_role_columns`
    uses (every part of a summed value or frequency); channel, consent and
    engagement are the columns the messages take as channel evidence (see
    :func:`segmentation.messaging.channels.find_channel_columns`: a preferred or
    contact channel, an opt-in or opt-out, opens, clicks, visits on a channel).

    Parameters
    ----------
    table : pandas.DataFrame
        Typed, one row per customer.
    id_column : str, optional
        Never a measure.
    measures : mapping, optional
        The analyst's choices (a recipe's ``measures``) over the inferred ones.

    Returns
    -------
    dict of str to str
        Column name to measure; columns that measure none of them are left out.

    Examples
    --------
    >>> t = pd.DataFrame({"MntWines": [1.0], "MntFruits": [2.0], "Recency": [3.0],
    ...                   "NumWebVisitsMonth": [4.0], "email_opt_in": ["yes"],
    ...                   "preferred_contact_method": ["SMS"], "Age": [40.0]})
    >>> column_measures(t)  # doctest: +NORMALIZE_WHITESPACE
    {'MntWines': 'value', 'MntFruits': 'value', 'Recency': 'recency',
     'NumWebVisitsMonth': 'engagement', 'email_opt_in': 'consent',
     'preferred_contact_method': 'channel'}
    """
    from segmentation.messaging.channels import contact_columns

    roles = find_role_columns(table, id_column, measures)
    found: dict[str, str] = {}
    for measure, names in (
        ("value", roles.value_columns),
        ("frequency", roles.frequency_columns),
        ("recency", (roles.recency,)),
        ("tenure", (roles.tenure,)),
    ):
        found |= {name: measure for name in names if name}
    columns = [c for c in table.columns if c not in found and c != id_column]
    for measure, names in contact_columns(columns, measures).items():
        found |= dict.fromkeys(names, measure)
    order = {name: i for i, name in enumerate(table.columns)}
    return dict(sorted(found.items(), key=lambda item: order[item[0]]))


def _days(
    table: pd.DataFrame, name: str | None, reference: pd.Timestamp | None
) -> pd.Series:
    """Take a column as float (a date as days before ``reference``); NaN if none."""
    if name is None:
        return pd.Series(np.nan, index=table.index)
    values = table[name]
    if not pd.api.types.is_datetime64_any_dtype(values.dtype):
        return values.astype("float64")
    if reference is None:
        return pd.Series(np.nan, index=table.index)
    return (reference - values) / pd.Timedelta(days=1)


def customer_figures(
    table: pd.DataFrame,
    roles: RoleColumns,
    reference: pd.Timestamp | None,
    ahead: ValueAhead | None = None,
) -> pd.DataFrame:
    """Per customer: value, recency, frequency, tenure, churn risk, expected value.

    With a fitted ``ahead`` (:func:`segmentation.describe.ahead.table_value_ahead`)
    expected value and ``p_alive`` (chance still active) are the models'; without
    one, expected value is the run-rate estimate of the module notes and
    ``p_alive`` is missing.

    Parameters
    ----------
    table : pandas.DataFrame
        Typed, one row per customer.
    roles : RoleColumns
    reference : pandas.Timestamp or None
        The day dates count back from (needed when a role column is a date).
    ahead : ValueAhead, optional
        Value ahead per customer, same index as ``table``.

    Returns
    -------
    pandas.DataFrame
        Same index as ``table``; NaN where a figure cannot be computed.

    Examples
    --------
    >>> t = pd.DataFrame({"recency_days": [10.0, 30.0, 20.0],
    ...                   "orders": [5.0, 1.0, 5.0]})
    >>> roles = find_role_columns(t)
    >>> customer_figures(t, roles, None)["churn_risk"].round(3).tolist()
    [0.25, 0.833, 0.417]
    """
    columns = {"recency": roles.recency, "tenure": roles.tenure}
    out = pd.DataFrame(
        {key: _days(table, name, reference) for key, name in columns.items()},
        index=table.index,
    )
    out.insert(0, "value", _summed(table, roles.value_columns, roles.value))
    out.insert(2, "frequency", _summed(table, roles.frequency_columns, roles.frequency))
    parts = [out["recency"].rank(pct=True)]
    if roles.frequency:
        parts.append(1 - out["frequency"].rank(pct=True))
    risk = pd.concat(parts, axis=1).mean(axis=1)
    out["churn_risk"] = risk if roles.recency else np.nan
    if ahead is not None and ahead.fitted:
        out["expected_value"] = ahead.table["expected_value"]
        out["p_alive"] = ahead.table["p_alive"]
    else:
        out["expected_value"] = _expected_value(out)
        out["p_alive"] = np.nan
    return out


def _expected_value(figures: pd.DataFrame) -> pd.Series:
    tenure = figures["tenure"].clip(lower=0)
    rate = figures["value"].clip(lower=0) / tenure.clip(lower=MIN_TENURE_DAYS) * 365
    frequency = figures["frequency"].where(figures["frequency"] > 0)
    gap = (tenure / frequency).clip(lower=1)
    active = np.exp(-figures["recency"].clip(lower=0) / (2 * gap))
    return rate * active


def churn_level(risk: float) -> str:
    """``high``, ``medium``, ``low`` or ``unknown`` (NaN) for a churn risk.

    Examples
    --------
    >>> [churn_level(x) for x in (0.8, 0.6, 0.5, float("nan"))]
    ['high', 'medium', 'low', 'unknown']
    """
    if pd.isna(risk):
        return "unknown"
    if risk >= CHURN_HIGH:
        return "high"
    return "medium" if risk >= CHURN_MEDIUM else "low"


def value_table(
    figures: pd.DataFrame, labels: pd.Series, segments: list[int]
) -> pd.DataFrame:
    """One row per segment: shares, value index, churn risk, expected value.

    Expected value comes as the mean per customer (``expected_value``), the
    segment's total (``expected_total``), its share of everyone's
    (``expected_share``) and that share over the customer share
    (``expected_index``); ``p_alive`` is the segment's mean chance still active
    (missing without the models). Also the segment means of the customers'
    percentile ranks of recency, frequency, value and tenure (0-1; 0.5 is the
    middle), which naming reads.

    Parameters
    ----------
    figures : pandas.DataFrame
        From :func:`customer_figures`.
    labels : pandas.Series
        Segment of each row, same index.
    segments : list of int
        The segments, in display order.
    """
    total = len(labels)
    grouped = figures.groupby(labels.to_numpy())
    sizes = labels.value_counts().reindex(segments).to_numpy(dtype="float64")
    value_sum = grouped["value"].sum(min_count=1).reindex(segments)
    overall_value = figures["value"].sum(min_count=1)
    if not overall_value > 0:
        overall_value = np.nan
    out = pd.DataFrame(index=pd.Index(segments, name="segment"))
    out["customer_share"] = sizes / total
    out["revenue_share"] = value_sum / overall_value
    out["revenue_per_customer"] = grouped["value"].mean().reindex(segments)
    out["value_index"] = out["revenue_share"] / out["customer_share"]
    out["churn_risk"] = grouped["churn_risk"].mean().reindex(segments)
    out["churn_level"] = [churn_level(x) for x in out["churn_risk"]]
    out["expected_value"] = grouped["expected_value"].mean().reindex(segments)
    out["p_alive"] = grouped["p_alive"].mean().reindex(segments)
    expected_sum = grouped["expected_value"].sum(min_count=1).reindex(segments)
    overall_expected = figures["expected_value"].sum(min_count=1)
    if not overall_expected > 0:
        overall_expected = np.nan
    out["expected_total"] = expected_sum
    out["expected_share"] = expected_sum / overall_expected
    out["expected_index"] = out["expected_share"] / out["customer_share"]
    for name in ("recency", "frequency", "value", "tenure"):
        ranks = figures[name].rank(pct=True)
        out[f"{name}_percentile"] = ranks.groupby(labels.to_numpy()).mean()
    return out


def value_notes(
    roles: RoleColumns,
    figures: pd.DataFrame,
    reference: pd.Timestamp | None,
    labels: Mapping[str, str] | None = None,
    ahead: ValueAhead | None = None,
) -> tuple[str, ...]:
    """Sentences saying how value, churn risk and expected value were computed.

    With ``ahead`` (the models' value ahead, fitted or not) its sentence comes
    in: how it was fitted, or why expected value falls back to the run rate.

    ``labels`` (column or sum -> label, a recipe's ``labels``) name a summed
    value in the note ("Value (total spend) is the sum of ...").
    """
    day = f"{reference:%Y-%m-%d}" if reference is not None else "the reference day"
    notes = []
    if len(roles.value_columns) > 1:
        named = (labels or {}).get(roles.value or "")
        notes.append(
            f"Value{f' ({named})' if named else ''} is the sum of "
            f"{', '.join(roles.value_columns)}: revenue share is a segment's "
            "total of it over everyone's, and value index is revenue share divided "
            "by customer share."
        )
    elif roles.value:
        notes.append(
            f"Value is {roles.value}: revenue share is a segment's total "
            f"{roles.value} over everyone's, and value index is revenue share "
            "divided by customer share."
        )
        if missing := int(figures["value"].isna().sum()):
            notes.append(
                f"{roles.value} is missing for {missing:,} "
                f"customer{'s' if missing > 1 else ''}: counted in customer share, "
                "they add nothing to revenue."
            )
    else:
        notes.append(
            "No value column was found (a numeric column named like spend, revenue, "
            "sales, amount, monetary, CLV or LTV, not a score or an average), so "
            "revenue share, value index and expected value are left empty."
        )
    if roles.recency:
        since = f" in days before {day}" if roles.recency_from_date else ""
        how = (
            f"the average of the percentile rank of {roles.recency}{since} (longer "
            f"ago is riskier) and 1 minus the percentile rank of {roles.frequency} "
            "(fewer is riskier)"
            if roles.frequency
            else f"the percentile rank of {roles.recency}{since} (longer ago is "
            "riskier; no frequency column was found)"
        )
        notes.append(
            f"Churn risk is the segment's mean of each customer's risk, {how}; high "
            f"from {CHURN_HIGH:.2f}, medium from {CHURN_MEDIUM:.2f}, low below."
        )
    else:
        notes.append(
            "No recency column was found (recency, days since the last purchase, "
            "or a last-purchase date), so churn risk is unknown."
        )
    if ahead is not None and ahead.fitted:
        notes.append(ahead.note)
        notes.append(
            f"Expected value is a customer's expected purchases over the next "
            f"{ahead.horizon_days:,} days times their expected spend per purchase; "
            "chance still active is the models' chance the customer has not left. "
            "Customers with no purchase in the log have neither."
        )
        return tuple(notes)
    if ahead is not None:
        notes.append(ahead.note)
    needs = {"value": roles.value, "frequency": roles.frequency}
    needs |= {"tenure": roles.tenure, "recency": roles.recency}
    absent = [name for name, column in needs.items() if column is None]
    if absent:
        notes.append(
            "Expected value needs value, frequency, tenure and recency columns; "
            f"no {' or '.join(absent)} column was found, so it is left empty."
        )
    else:
        tenure = (
            f"days from {roles.tenure} to {day}"
            if roles.tenure_from_date
            else roles.tenure
        )
        notes.append(
            "Expected value is a customer's next 12 months: "
            f"{roles.value} per year of tenure ({tenure}, counting at least "
            f"{MIN_TENURE_DAYS} days), times the chance of still being active, "
            f"exp(-recency / (2 x usual gap)), the usual gap being tenure / "
            f"{roles.frequency}; the segment figure is the mean per customer."
        )
    return tuple(notes)
