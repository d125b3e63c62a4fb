"""The Segments page's comparison: two segments, or one and everyone else.

Sizes, then every trait side by side with its test (see
:func:`segmentation.describe.compare_segments`), as a chart of the effects and a
table.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from segmentation import charts
from segmentation.describe import Comparison
from ui import cached_segments, keys
from ui.segments import Run

__all__ = ("show_comparison",)

EVERYONE = -2  # the picker's value for "everyone else" (no segment has it)


def show_comparison(run: Run, names: dict[int, str]) -> None:
    """Pick two groups and show them side by side with a test of each difference.

    Parameters
    ----------
    run : Run
        The current run.
    names : dict
        Segment names as the analyst left them.
    """
    st.subheader("Compare segments")
    segments = sorted(s for s in names if s >= 0)
    if len(segments) < 2:
        st.caption("One segment only: there is nothing to compare.")
        return
    left, right = st.columns(2)
    first = left.selectbox(
        "Segment",
        segments,
        format_func=lambda s: f"{s} · {names[s]}",
        key=keys.COMPARE_FIRST,
    )
    others = [EVERYONE, *(s for s in segments if s != first)]
    other = right.selectbox(
        "Against",
        others,
        format_func=lambda s: "Everyone else" if s == EVERYONE else f"{s} · {names[s]}",
        key=keys.COMPARE_SECOND,
    )
    if other == first:  # the first picker moved onto the second's choice
        other = EVERYONE
    found = cached_segments.comparison(
        run.labels.key,
        run.labels.recipe_json,
        int(first),
        None if other == EVERYONE else int(other),
        _table=run.data.prepared.table,
        _labels=run.labels.labels.to_numpy(),
        _schema=run.data.prepared.schema,
    )
    second = "Everyone else" if other == EVERYONE else f"{other} · {names[other]}"
    cells = st.columns(2)
    cells[0].metric(f"{first} · {names[first]}", _size(found, 0))
    cells[1].metric(second, _size(found, 1))
    if found.traits.empty:
        st.caption("No trait to compare.")
        return
    st.altair_chart(_chart(found, names[first], second), width="stretch")
    st.dataframe(_table(found), hide_index=True)
    st.caption(
        "Numbers: means and the Mann-Whitney U test; shares: the two-proportion "
        "z-test (yes/no) or the chi-square test (categories). p-values are "
        "Holm-adjusted for the number of traits; * marks a difference significant "
        "at 5%. Effect: the difference in standard deviations of everyone "
        "(numbers) or Cohen's h (shares)."
    )


def _size(found: Comparison, group: int) -> str:
    return f"{found.sizes[group]:,} ({found.shares[group]:.0%})"


def _chart(found: Comparison, first: str, second: str):
    traits = found.traits
    marked = traits["trait"] + traits["significant"].map({True: " *", False: ""})
    profile = pd.DataFrame(
        {
            "feature": marked,
            "difference": traits["effect"],
            "selection": [_value(r) for r in traits.itertuples(index=False)],
            "everyone": [_value(r, "second") for r in traits.itertuples(index=False)],
        }
    )
    return charts.selection_profile_chart(
        profile,
        title=f"{first} against {second}",
        axis_title="Effect (standard deviations; Cohen's h for shares)",
    )


def _value(row, which: str = "first") -> str:
    value = getattr(row, which)
    return f"{value:.0%}" if row.kind == "share" else f"{value:,.2f}"


def _table(found: Comparison) -> pd.DataFrame:
    traits = found.traits
    return pd.DataFrame(
        {
            "trait": traits["trait"],
            found.first: [_value(r) for r in traits.itertuples(index=False)],
            found.second: [_value(r, "second") for r in traits.itertuples(index=False)],
            "effect": traits["effect"].round(2),
            "test": traits["test"],
            "p (Holm)": traits["p_adjusted"].map(lambda p: f"{p:.3g}"),
            "significant": traits["significant"],
        }
    )
