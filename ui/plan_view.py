"""The test planner beside the Export page's holdout switch.

How many customers a test of the campaign needs to see a given lift at a
baseline rate (power 0.8, two-sided 5%), and per segment whether the chosen
control share is enough, or the smallest that would be
(:func:`segmentation.campaigns.plan_segments`).
"""

from __future__ import annotations

import streamlit as st

from segmentation.campaigns import customers_needed, plan_segments
from segmentation.errors import InputError
from ui import keys

__all__ = ("planner",)


def planner(sizes: dict[str, int], share: float) -> None:
    """Show the customers a test needs and which segments are big enough.

    Parameters
    ----------
    sizes : dict
        Segment label (number and name) -> customers.
    share : float
        The control share chosen.
    """
    with st.expander("Plan the test: is each segment big enough?"):
        left, right = st.columns(2)
        baseline = left.number_input(
            "Response rate without the campaign (%)",
            min_value=0.1, max_value=99.0, value=10.0, step=0.5,
            key=keys.PLAN_BASELINE,
        )  # fmt: skip
        lift = right.number_input(
            "Lift to detect (percentage points)",
            min_value=0.1, max_value=50.0, value=2.0, step=0.5, key=keys.PLAN_LIFT,
        )  # fmt: skip
        try:
            treated, control = customers_needed(
                baseline / 100, lift / 100, control_share=share
            )
            plan = plan_segments(sizes, baseline / 100, lift / 100, control_share=share)
        except InputError as exc:
            st.error(str(exc))
            return
        st.caption(
            f"To see a lift of {lift:g} points on a {baseline:g}% response rate (80% "
            f"power, two-sided 5%) with {share:.0%} held out, a segment needs "
            f"{treated + control:,} customers: {treated:,} sent, {control:,} held "
            "out."
        )
        shown = plan.assign(
            power=(plan["power"] * 100).round(0),
            smallest_control_share=plan["smallest_control_share"] * 100,
        )
        st.dataframe(
            shown,
            hide_index=True,
            width="stretch",
            column_config={
                "power": st.column_config.NumberColumn("Power (%)", format="%d"),
                "smallest_control_share": st.column_config.NumberColumn(
                    "Smallest control share that is enough (%)", format="%d"
                ),
                "enough": st.column_config.CheckboxColumn("Enough"),
            },
        )
        small = plan[plan["smallest_control_share"].isna()]["segment"].tolist()
        if small:
            st.warning(
                "Too small to see that lift at any control share up to 50%: "
                + ", ".join(small)
                + ". Test them together, or look for a larger lift."
            )
