"""The analyst says which columns are the contact channel, consent and engagement.

Names alone miss many of them on real tables (the gym table's ``Phone`` flag is a
permission to call; ``Group_visits`` counts no channel); a recipe's measures
``channel``, ``consent`` and ``engagement`` set them, replace what the names say,
and reach the channel evidence the messages rest on.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import segmentation as sg
from segmentation import workflow
from segmentation.describe import column_measures, describe, messages
from segmentation.features import default_criteria
from segmentation.messaging.channels import OPTED_IN, channel_mix

GYM = Path(__file__).resolve().parents[1] / "customers" / "gym_membership_churn"


def test_a_chosen_measure_replaces_what_the_names_say():
    df = pd.DataFrame(
        {
            "email_opt_in": ["yes", "no", "yes", "no"],
            "callable": ["yes", "yes", "no", "no"],
            "logins": [1.0, 2.0, 8.0, 9.0],
        }
    )
    inferred = channel_mix(df, [0, 0, 1, 1])
    assert set(inferred["column"]) == {"email_opt_in"}
    chosen = channel_mix(
        df, [0, 0, 1, 1], measures={"consent": ("callable",), "engagement": ("logins",)}
    )
    assert set(chosen["column"]) == {"callable", "logins"}
    opted = chosen[(chosen["column"] == "callable") & (chosen["level"] == OPTED_IN)]
    assert opted.set_index("segment")["share"].to_dict() == {0: 1.0, 1: 0.0}
    logins = chosen[chosen["column"] == "logins"].set_index("segment")
    assert logins["share"].to_dict() == {0: 1.5, 1: 8.5}
    # No column at all: an empty choice silences the names too.
    assert channel_mix(df, [0, 0, 1, 1], measures={"consent": ()}).empty


def test_column_measures_follow_the_choices_on_the_gym_table():
    frame = sg.read_table(GYM / "data.csv")
    typed = sg.infer_schema(frame).typed(frame)
    assert "Phone" not in column_measures(typed)
    chosen = column_measures(
        typed, measures={"consent": ("Phone",), "engagement": ("Group_visits",)}
    )
    assert chosen["Phone"] == "consent"
    assert chosen["Group_visits"] == "engagement"


@pytest.fixture(scope="module")
def gym_run():
    read = sg.read_table_with_info(GYM / "data.csv")
    frame = read.frame
    schema = sg.infer_schema(frame, decimal=read.info.decimal)
    recipe = default_criteria(schema, schema.typed(frame)).recipe(schema, k=3)
    prepared = workflow.prepare_for(frame, recipe, decimal=read.info.decimal)
    labels = sg.SegmentationModel(recipe).fit_prepared(prepared, frame.columns).labels_
    table = sg.describe.wide_table(frame, prepared.table)
    return table, labels, recipe, schema, prepared


def test_the_gym_phone_permission_reaches_the_messages(gym_run):
    table, labels, recipe, schema, prepared = gym_run
    before = describe(table, labels, recipe, matrix=prepared.matrix, schema=schema)
    assert "Phone" not in set(before.channels["column"])
    chosen = recipe.replace(measures=(("consent", ("Phone",)),))
    after = describe(table, labels, chosen, matrix=prepared.matrix, schema=schema)
    rows = after.channels[after.channels["column"] == "Phone"]
    assert set(rows["level"]) == {OPTED_IN}
    phone = pd.to_numeric(table["Phone"])
    expected = phone.groupby(labels).mean().to_dict()
    assert rows.set_index("segment")["share"].to_dict() == pytest.approx(expected)
    said = messages(after, after.names)
    assert said["channel"].str.contains("Phone").any()
