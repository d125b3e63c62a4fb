"""A campaign's results per segment, treatment against the held-out control group.

A labelled file (``segment``, ``ab_group`` as the export writes them) is joined on
the customer id with a results file (a 0/1 or yes/no outcome, optionally revenue).
Per segment and overall: the customers and the outcome rate of each group, the
lift (treatment rate minus control rate) with a 95% Newcombe interval, a two-sided
p-value of the pooled two-proportion z-test, Holm-adjusted p-values across the
segments, and a verdict in words. Revenue per customer and its lift (Welch's
interval and test) when a revenue column is given. The statistics are
statsmodels'.

Customers of the labelled file missing from the results have, by default, no
outcome (a results file often lists only who responded): outcome 0, revenue 0.
With ``missing="leave_out"`` they are left out. Either way the choice and the
count are stated in :attr:`CampaignResults.notes`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import (
    confint_proportions_2indep,
    proportions_ztest,
)
from statsmodels.stats.weightstats import CompareMeans, DescrStatsW

from segmentation.behaviour.log_match import id_text
from segmentation.errors import InputError
from segmentation.labels import segment_text_key
from segmentation.reading import values as parse

__all__ = (
    "ALPHA",
    "MIN_GROUP",
    "MISSING_POLICIES",
    "CampaignResults",
    "campaign_results",
)

#: Significance level of the tests, and 1 - the intervals' coverage.
ALPHA = 0.05
#: Fewer customers than this in the treatment or the control group of a segment:
#: "too few customers to tell".
MIN_GROUP = 30
#: What happens to labelled customers the results do not list.
MISSING_POLICIES = ("no_outcome", "leave_out")
_GROUPS = ("treatment", "control")


@dataclass(frozen=True, slots=True)
class CampaignResults:
    """A campaign's results per segment and overall.

    Attributes
    ----------
    segments : pandas.DataFrame
        One row per segment (as the labelled file writes it): ``segment``,
        ``segment_name``, ``treatment_n``, ``control_n``, ``treatment_rate``,
        ``control_rate``, ``lift``, ``lift_low``, ``lift_high``, ``p_value``,
        ``p_adjusted``, ``significant``, ``verdict``; with revenue also
        ``treatment_revenue``, ``control_revenue`` (per customer),
        ``revenue_lift``, ``revenue_low``, ``revenue_high``, ``revenue_p_value``.
        Rates and lifts are fractions.
    overall : dict
        The same figures for every customer (``p_adjusted`` is ``p_value``).
    notes : tuple of str
        What was matched, what was left out or counted as no outcome, and why.
    """

    segments: pd.DataFrame
    overall: dict
    notes: tuple[str, ...]


def _column(frame: pd.DataFrame, column: str, which: str) -> pd.Series:
    if column not in frame.columns:
        raise InputError(
            f"The {which} has no column {column!r}; it has "
            + ", ".join(map(str, frame.columns[:12]))
            + "."
        )
    return frame[column]


def _outcomes(values: pd.Series, column: str) -> pd.Series:
    flags = parse.parse_booleans(values)
    numbers = parse.parse_numbers(values.astype("string"))
    flags = flags.fillna(numbers.map({1.0: True, 0.0: False}).astype("boolean"))
    given = values.notna() & (values.astype("string").str.strip() != "")
    unread = given & flags.isna()
    if unread.sum() > 0.5 * max(int(given.sum()), 1):
        raise InputError(
            f"The outcome column {column!r} is not a 0/1 or yes/no column "
            f"(e.g. {values[unread].iloc[0]!r})."
        )
    return flags


def _verdict(row: dict) -> str:
    if row["too_few"]:
        return "too few customers to tell"
    if not row["significant"]:
        return "no evidence"
    return "worked" if row["lift"] > 0 else "worked against"


def _proportions(tx: int, tn: int, cx: int, cn: int) -> dict:
    out: dict = {
        "treatment_n": tn,
        "control_n": cn,
        "treatment_rate": tx / tn if tn else np.nan,
        "control_rate": cx / cn if cn else np.nan,
    }
    out["lift"] = out["treatment_rate"] - out["control_rate"]
    low = high = p = np.nan
    pooled = (tx + cx) / (tn + cn) if tn + cn else 0.0
    smaller = min(tn, cn)
    if tn and cn:
        low, high = confint_proportions_2indep(
            tx, tn, cx, cn, method="newcomb", compare="diff", alpha=ALPHA
        )
        if 0 < pooled < 1:
            p = float(proportions_ztest([tx, cx], [tn, cn])[1])
        else:
            p = 1.0  # no one or everyone: no difference to see
    out.update(lift_low=float(low), lift_high=float(high), p_value=p)
    out["too_few"] = (
        smaller < MIN_GROUP or pooled * smaller < 5 or (1 - pooled) * smaller < 5
    )
    return out


def _revenue(treated: np.ndarray, control: np.ndarray) -> dict:
    out = {
        "treatment_revenue": float(treated.mean()) if len(treated) else np.nan,
        "control_revenue": float(control.mean()) if len(control) else np.nan,
    }
    out["revenue_lift"] = out["treatment_revenue"] - out["control_revenue"]
    low = high = p = np.nan
    if len(treated) > 1 and len(control) > 1 and (treated.std() or control.std()):
        compare = CompareMeans(DescrStatsW(treated), DescrStatsW(control))
        low, high = compare.tconfint_diff(alpha=ALPHA, usevar="unequal")
        p = compare.ttest_ind(usevar="unequal")[1]
    out.update(revenue_low=float(low), revenue_high=float(high),
               revenue_p_value=float(p))  # fmt: skip
    return out


def campaign_results(
    labelled: pd.DataFrame,
    results: pd.DataFrame,
    *,
    id_column: str,
    outcome: str,
    revenue: str | None = None,
    missing: str = "no_outcome",
) -> CampaignResults:
    """Read a campaign's results per segment against the control group.

    Parameters
    ----------
    labelled : pandas.DataFrame
        The labelled file as read: the id column, ``segment``, ``ab_group``
        (``treatment`` or ``control``) and optionally ``segment_name``. A results
        file with its own ``ab_group`` (who actually got the campaign) wins.
    results : pandas.DataFrame
        The results as read: the id column, the outcome, optionally revenue and
        ``ab_group``.
    id_column : str
        The customer id column of both files.
    outcome : str
        The results' 0/1 (yes/no, true/false) column.
    revenue : str, optional
        The results' revenue per customer.
    missing : {"no_outcome", "leave_out"}, default "no_outcome"
        Labelled customers the results do not list: outcome 0 and revenue 0, or
        left out.

    Returns
    -------
    CampaignResults

    Raises
    ------
    InputError
        A column is absent, an id repeats, the outcome is not 0/1, or no
        customer is both in a group and in the results.

    Examples
    --------
    >>> labelled = pd.DataFrame({"id": [str(i) for i in range(400)],
    ...     "segment": ["0"] * 200 + ["1"] * 200,
    ...     "ab_group": (["treatment"] * 3 + ["control"]) * 100})
    >>> results = pd.DataFrame({"id": [str(i) for i in range(0, 400, 3)],
    ...                         "bought": "yes"})
    >>> made = campaign_results(labelled, results, id_column="id", outcome="bought")
    >>> made.segments[["segment", "treatment_n", "control_n"]].values.tolist()
    [['0', 150, 50], ['1', 150, 50]]
    """
    if missing not in MISSING_POLICIES:
        raise InputError(
            f"missing is {missing!r}; use one of {', '.join(MISSING_POLICIES)}."
        )
    frame, notes = _joined(labelled, results, id_column, outcome, revenue)
    frame = _settled(frame, missing, revenue is not None, notes)
    rows = []
    for segment, part in sorted(
        frame.groupby("segment", sort=False), key=lambda kv: segment_text_key(kv[0])
    ):
        rows.append(_row(part, revenue is not None) | {"segment": segment})
        name = part["segment_name"].dropna()
        rows[-1]["segment_name"] = str(name.iloc[0]) if len(name) else ""
    table = pd.DataFrame(rows)
    tested = table["p_value"].notna()
    table["p_adjusted"] = np.nan
    if tested.any():
        table.loc[tested, "p_adjusted"] = multipletests(
            table.loc[tested, "p_value"], alpha=ALPHA, method="holm"
        )[1]
    table["significant"] = table["p_adjusted"] < ALPHA
    table["verdict"] = [_verdict(r) for r in table.to_dict("records")]
    overall = _row(frame, revenue is not None)
    overall["p_adjusted"] = overall["p_value"]
    overall["significant"] = bool(overall["p_value"] < ALPHA)
    overall["verdict"] = _verdict(overall)
    overall.pop("too_few")
    order = ["segment", "segment_name", "treatment_n", "control_n",
             "treatment_rate", "control_rate", "lift", "lift_low", "lift_high",
             "p_value", "p_adjusted", "significant", "verdict"]  # fmt: skip
    if revenue is not None:
        order += ["treatment_revenue", "control_revenue", "revenue_lift",
                  "revenue_low", "revenue_high", "revenue_p_value"]  # fmt: skip
    return CampaignResults(table[order], overall, tuple(notes))


def _groups(
    labelled: pd.DataFrame, results: pd.DataFrame, ids: pd.Index, listed: pd.Series
) -> tuple[pd.Series, str]:
    """Return each labelled customer's group, and which file said it.

    A results file that records the groups says who actually got the campaign:
    it wins over the labelled file's holdout.
    """
    if "ab_group" in results.columns:  # who actually got the campaign
        groups = results["ab_group"].astype("string").str.strip().str.lower()
        by_id = pd.Series(groups.to_numpy(), index=listed.to_numpy())
        return by_id.reindex(ids), "the results file"
    if "ab_group" in labelled.columns:
        groups = labelled["ab_group"].astype("string").str.strip().str.lower()
        return pd.Series(groups.to_numpy(), index=ids), "the labelled file"
    raise InputError(
        "Neither file has an ab_group column: export the labelled file with a "
        "holdout (the Export page, or fit --holdout)."
    )


def _joined(
    labelled: pd.DataFrame,
    results: pd.DataFrame,
    id_column: str,
    outcome: str,
    revenue: str | None,
) -> tuple[pd.DataFrame, list[str]]:
    """Return one row per labelled customer: segment, group, outcome, revenue."""
    ids = id_text(_column(labelled, id_column, "labelled file"))
    segments = _column(labelled, "segment", "labelled file").astype("string")
    outcome_ids = id_text(_column(results, id_column, "results file"))
    for what, values in (("labelled", ids), ("results", outcome_ids)):
        if values.duplicated().any():
            first = values[values.duplicated()].iloc[0]
            raise InputError(f"The {what} file repeats the customer id {first!r}.")
    flags = _outcomes(_column(results, outcome, "results file"), outcome)
    index = pd.Index(ids.to_numpy())
    frame = pd.DataFrame({"segment": segments.str.strip().to_numpy()}, index=index)
    names = labelled.get("segment_name")
    frame["segment_name"] = (
        names.astype("string").to_numpy() if names is not None else pd.NA
    )
    frame["group"], source = _groups(labelled, results, index, outcome_ids)
    frame["listed"] = frame.index.isin(outcome_ids)
    if not frame["listed"].any():
        raise InputError(
            f"None of the {len(frame):,} labelled customers is in the results: "
            f"check that {id_column!r} holds the same ids in both files (e.g. "
            f"{ids.iloc[0]!r} and {outcome_ids.iloc[0]!r})."
        )
    by_id = pd.Index(outcome_ids.to_numpy())
    frame["outcome"] = pd.Series(flags.to_numpy(), index=by_id).reindex(index)
    if revenue is not None:
        amounts = parse.parse_numbers(
            _column(results, revenue, "results file").astype("string")
        )
        frame["revenue"] = pd.Series(amounts.to_numpy(), index=by_id).reindex(index)
    notes = [
        f"{int(frame['listed'].sum()):,} of the {len(frame):,} labelled customers "
        f"are in the results; treatment and control from {source}."
    ]
    extra = int((~by_id.isin(index)).sum())
    if extra:
        notes.append(
            f"{extra:,} customers of the results are not in the labelled file; "
            "left out."
        )
    return frame, notes


def _settled(
    frame: pd.DataFrame, missing: str, with_revenue: bool, notes: list[str]
) -> pd.DataFrame:
    """Apply the missing-customer policy; leave out what cannot count; say so."""
    absent = ~frame["listed"]
    unread = frame["listed"] & frame["outcome"].isna()
    if absent.any():
        how = "counted as no outcome (and no revenue)"
        if missing == "leave_out":
            how = "left out"
        notes.append(
            f"{int(absent.sum()):,} labelled customers are not in the results: {how}."
        )
    if missing == "no_outcome":
        frame = frame.assign(outcome=frame["outcome"].mask(absent, False))
        if with_revenue:
            frame.loc[absent, "revenue"] = 0.0
    else:
        frame = frame[~absent]
    if unread.any():
        notes.append(
            f"{int(unread.sum()):,} customers have no readable outcome: left out."
        )
        frame = frame[frame["outcome"].notna()]
    other = ~frame["group"].isin(_GROUPS)
    if other.any():
        notes.append(
            f"{int(other.sum()):,} customers are in no group (treatment or "
            "control): left out."
        )
        frame = frame[~other]
    if frame.empty:
        raise InputError("No customer is both in a group and in the results.")
    return frame.assign(outcome=frame["outcome"].astype(bool))


def _row(part: pd.DataFrame, with_revenue: bool) -> dict:
    treated = part[part["group"] == "treatment"]
    control = part[part["group"] == "control"]
    row = _proportions(
        int(treated["outcome"].sum()), len(treated),
        int(control["outcome"].sum()), len(control),
    )  # fmt: skip
    if with_revenue:
        row |= _revenue(
            treated["revenue"].fillna(0).to_numpy(dtype=float),
            control["revenue"].fillna(0).to_numpy(dtype=float),
        )
    return row
