"""The Segments page's sections: overview, names, value and risk, profile, details."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from segmentation import charts
from segmentation.describe import (
    Description,
    describe_name_basis,
    opportunities,
    outcome_sentence,
)
from segmentation.export import group_membership
from segmentation.labels import UNASSIGNED
from ui import keys, segments
from ui.segments import Run
from ui.widgets import md_escape

__all__ = (
    "show_details",
    "show_kept_groups",
    "show_names_editor",
    "show_opportunities",
    "show_outcomes",
    "show_overview",
    "show_profile",
    "show_value",
)


def show_overview(run: Run, described: Description) -> None:
    """Show the counts, and the warnings about segments too small or too alike."""
    labels = run.labels.labels
    cells = st.columns(4)
    cells[0].metric("Segments", f"{run.labels.n_segments}")
    cells[1].metric("Customers", f"{len(labels):,}")
    cells[2].metric("Algorithm", run.recipe.algorithm)
    unassigned = int((labels < 0).sum())
    if unassigned:
        cells[3].metric(UNASSIGNED, f"{unassigned:,}")
    for warning in described.warnings:
        st.warning(warning.text, icon=":material/warning:")


def show_names_editor(run: Run, described: Description) -> dict[int, str]:
    """Show the names table (generated names, editable); return the names in use."""
    st.subheader("Names")
    st.caption(
        "Each segment is named from what sets it apart. Type over a name to change "
        "it; the Export page and every download use these names. Clear a name to "
        "get the generated one back."
    )
    names = segments.names_for(run, described)
    sizes = described.profile.sizes
    table = pd.DataFrame(
        {
            "segment": [int(s) for s in sizes.index],
            "name": [names.get(int(s), str(s)) for s in sizes.index],
            "customers": sizes["size"].to_numpy(),
            "share": sizes["share"].to_numpy() * 100,
            "why": [
                describe_name_basis(described.profile, int(s)) for s in sizes.index
            ],
        }
    )
    edited = st.data_editor(
        table,
        hide_index=True,
        disabled=["segment", "customers", "share", "why"],
        key=keys.names_editor(run.labels.partition),
        column_config={
            "segment": st.column_config.NumberColumn("Segment", width="small"),
            "name": st.column_config.TextColumn(
                "Name", max_chars=segments.MAX_NAME, width="medium"
            ),
            "customers": st.column_config.NumberColumn("Customers", format="%d"),
            "share": st.column_config.NumberColumn("Share", format="%.1f%%"),
            "why": st.column_config.TextColumn("Why this name", width="large"),
        },
    )
    chosen = segments.clean_names(edited, described.names)
    if chosen != segments.edited_names(run.labels.partition):
        segments.set_names(run.labels.partition, chosen)
    names = {**described.names, **chosen}
    repeated = pd.Series(names).value_counts()
    for name in repeated[repeated > 1].index:
        st.warning(
            f"More than one segment is called {name!r}: the exports keep the "
            "segment numbers apart, but people reading them will not."
        )
    return names


def show_value(described: Description, names: dict[int, str]) -> None:
    """Share of customers against share of revenue, churn risk, value ahead."""
    st.subheader("Value and churn risk")
    found = described.profile
    value = found.value.copy()
    if found.value_column is None and value["churn_risk"].isna().all():
        st.info(
            "No spend or recency column was found, so value and churn risk cannot "
            "be measured. Add a transaction log on the Criteria page, or keep a "
            "spend column in the data."
        )
        return
    ahead = value["p_alive"].notna().any()
    days = f"{found.horizon_days:,} days"
    if ahead:
        _basis_picker(found.value_basis, found.horizon_days)
    on_expected = found.value_basis == "expected"
    labels = [charts.segment_label(int(s), names) for s in value.index]
    table = pd.DataFrame(
        {
            "segment": labels,
            "customers": value["customer_share"] * 100,
            "revenue": value["revenue_share"] * 100,
            "value index": value["value_index"],
            "churn risk": value["churn_risk"],
            "level": value["churn_level"],
            "expected value": value["expected_value"],
        }
    )
    if ahead:
        # Past and expected side by side, then the chance still active.
        table.insert(3, "expected share", value["expected_share"].to_numpy() * 100)
        table.insert(5, "expected index", value["expected_index"].to_numpy())
        table.insert(6, "still active", value["p_alive"].to_numpy() * 100)
        table["expected total"] = value["expected_total"].to_numpy()
    order = "expected index" if on_expected else "value index"
    table = table.sort_values(order, ascending=False, na_position="last")
    config = _value_columns(days if ahead else "12 months")
    chart = value["revenue_share"].notna().any()
    if ahead:  # a wide table: the whole width, the chart beneath
        st.dataframe(table, hide_index=True, column_config=config)
        if chart:
            st.columns([3, 2])[0].altair_chart(
                charts.value_share_chart(value, names), width="stretch"
            )
    else:
        left, right = st.columns([3, 2])
        left.dataframe(table, hide_index=True, column_config=config)
        if chart:
            right.altair_chart(charts.value_share_chart(value, names), width="stretch")
    for note in found.notes:
        st.caption(md_escape(note))
    show_opportunities(described, names)


def _basis_picker(chosen: str, horizon: int) -> None:
    """Let the analyst say what "high value" means, and how far ahead to look."""
    bases = {
        "expected": f"Expected value (next {horizon:,} days)",
        "past": "Past value",
    }
    left, right = st.columns([3, 1])
    right.number_input(
        "Days ahead",
        min_value=1,
        max_value=3650,
        value=horizon,
        step=30,
        key=keys.HORIZON_PICKER,
        on_change=segments.set_horizon,
        help="The horizon of expected purchases and expected value. The exported "
        "recipe keeps it.",
    )
    left.radio(
        "High value means",
        list(bases),
        index=list(bases).index(chosen),
        format_func=bases.get,
        horizontal=True,
        key=keys.VALUE_BASIS_PICKER,
        on_change=segments.set_value_basis,
        help="What the rewards and the opportunities rest on: what customers are "
        "expected to spend (from the transaction log's models) or what they have "
        "spent. The exported recipe keeps the choice.",
    )


def _value_columns(horizon: str) -> dict:
    percent = {"format": "%.1f%%"}
    return {
        "customers": st.column_config.NumberColumn("Customers", **percent),
        "revenue": st.column_config.NumberColumn("Revenue", **percent),
        "value index": st.column_config.NumberColumn(
            "Value index", format="%.2f", help="Revenue share / customer share."
        ),
        "churn risk": st.column_config.ProgressColumn(
            "Churn risk", min_value=0.0, max_value=1.0, format="%.2f"
        ),
        "expected value": st.column_config.NumberColumn(
            f"Expected value per customer ({horizon})", format="%,.0f"
        ),
        "still active": st.column_config.NumberColumn(
            "Still active",
            help="Mean chance a customer has not left (MBG/NBD model).",
            **percent,
        ),
        "expected total": st.column_config.NumberColumn(
            "Expected total", format="%,.0f"
        ),
        "expected share": st.column_config.NumberColumn(
            "Expected share", help="Share of everyone's expected value.", **percent
        ),
        "expected index": st.column_config.NumberColumn(
            "Expected index",
            format="%.2f",
            help="Expected share / customer share.",
        ),
    }


def show_opportunities(described: Description, names: dict[int, str]) -> None:
    """List the segments' opportunity hints, each with its figures."""
    hints = opportunities(described, names)
    if hints.empty:
        return
    st.markdown("**Opportunities**")
    lines = [
        f"- **{md_escape(charts.segment_label(int(row.segment), names))}**: "
        f"{md_escape(row.hint)}"
        for row in hints.itertuples()
    ]
    st.markdown("\n".join(lines))


def show_outcomes(described: Description, names: dict[int, str]) -> None:
    """Each outcome's rate per segment beside everyone's (nothing without one)."""
    outcomes = described.profile.outcomes
    if outcomes is None or outcomes.empty:
        return
    st.subheader("Outcomes")
    st.caption(
        "Columns that record a result, not segmented on: how often it happened in "
        "each segment, against everyone."
    )
    for name, rows in outcomes.groupby("outcome", sort=False):
        level = rows["level"].iloc[0]
        table = pd.DataFrame(
            {
                "segment": [
                    charts.segment_label(int(s), names) for s in rows["segment"]
                ],
                "rate": rows["rate"].to_numpy() * 100,
                "overall": rows["overall_rate"].to_numpy() * 100,
                "lift": rows["lift"].to_numpy(),
                "customers": rows["count"].to_numpy(),
            }
        )
        st.markdown(f"**{md_escape(f'{name} = {level}')}**")
        st.dataframe(
            table,
            hide_index=True,
            column_config={
                "rate": st.column_config.ProgressColumn(
                    "Rate", min_value=0.0, max_value=100.0, format="%.1f%%"
                ),
                "overall": st.column_config.NumberColumn("Overall", format="%.1f%%"),
                "lift": st.column_config.NumberColumn(
                    "Lift", format="%.2f", help="Segment rate / overall rate."
                ),
                "customers": st.column_config.NumberColumn(
                    f"Customers with {name} = {level}", format="%,d"
                ),
            },
        )


def show_profile(described: Description, names: dict[int, str]) -> None:
    """Show the heatmap of segments x numeric features."""
    st.subheader("Profile")
    numeric = described.profile.numeric
    if numeric.empty:
        st.caption("No numeric features: see each segment's categories below.")
        return
    st.altair_chart(charts.profile_heatmap_chart(numeric, names), width="stretch")
    st.caption(
        "Colour: how far the segment's mean is from everyone's, in standard "
        "deviations (orange above, blue below). The number is the segment's mean."
    )


def show_details(described: Description, names: dict[int, str]) -> None:
    """Per segment: its traits, the rule that finds it, its top categories."""
    st.subheader("Each segment")
    found = described.profile
    shown = [s for s in found.segments]
    tabs = st.tabs([charts.segment_label(s, names) for s in shown])
    rules = described.rules.set_index("segment")
    for tab, segment in zip(tabs, shown, strict=True):
        with tab:
            size = found.sizes.loc[segment]
            st.markdown(
                f"**{md_escape(names.get(segment, str(segment)))}**: "
                f"{int(size['size']):,} customers ({size['share']:.1%})."
            )
            traits = found.traits[found.traits["segment"] == segment]
            if traits.empty:
                st.caption("Nothing sets this segment clearly apart.")
            for text in traits["text"]:
                st.markdown(f"- {md_escape(text)}")
            outcomes = found.outcomes
            if outcomes is not None and not outcomes.empty:
                own = outcomes[outcomes["segment"] == segment]
                for _, row in own.iterrows():
                    st.markdown(f"- {md_escape(outcome_sentence(row))}")
            if segment in rules.index:
                _show_rule(rules.loc[segment])
            levels = found.categorical[found.categorical["segment"] == segment]
            if not levels.empty:
                st.dataframe(
                    levels[["label", "level", "share", "overall_share", "lift"]],
                    hide_index=True,
                    column_config={
                        "label": "Feature",
                        "level": "Value",
                        "share": st.column_config.NumberColumn(
                            "In segment", format="percent"
                        ),
                        "overall_share": st.column_config.NumberColumn(
                            "Everyone", format="percent"
                        ),
                        "lift": st.column_config.NumberColumn("Lift", format="%.2f"),
                    },
                )


def _show_rule(rule: pd.Series) -> None:
    if pd.isna(rule["precision"]):
        return
    st.markdown(f"**In plain words:** {md_escape(str(rule['rule']))}.")
    st.caption(
        f"{rule['precision']:.0%} of the customers this rule finds are in the "
        f"segment (precision), and it finds {rule['coverage']:.0%} of the segment "
        f"(coverage): {int(rule['matches']):,} customers match."
    )


def show_kept_groups(run: Run, names: dict[int, str]) -> None:
    """List the groups kept from the map: size and which segments they span.

    Parameters
    ----------
    run : Run
        The current run; its recipe holds the groups.
    names : dict
        Segment names as the analyst left them.
    """
    if not run.recipe.groups:
        return
    st.subheader("Kept groups")
    members = group_membership(run.source, run.recipe.id_column, run.recipe.groups)
    labels = run.labels.labels.to_numpy()
    rows = []
    for (name, _), column in zip(run.recipe.groups, members, strict=True):
        inside = members[column].astype(bool)
        mix = pd.Series(labels[inside]).value_counts()
        rows.append(
            {
                "group": name,
                "customers": int(inside.sum()),
                "share": f"{inside.mean():.1%}",
                "column": column,
                "segments": ", ".join(
                    f"{names.get(int(s), UNASSIGNED) if s >= 0 else UNASSIGNED} {n:,}"
                    for s, n in mix.items()
                ),
            }
        )
    st.dataframe(pd.DataFrame(rows), hide_index=True)
