"""channel_mix() and suggest_messages(): channel evidence and messages per segment."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from shared_data import MALL

import segmentation as sg
from segmentation.errors import InputError
from segmentation.messaging.channel_advice import NO_EVIDENCE, advise_channel
from segmentation.messaging.channels import (
    CHANNEL_COLUMNS,
    MEAN_LEVEL,
    OPTED_IN,
    OPTED_OUT,
)
from segmentation.messaging.suggest import MESSAGE_COLUMNS, OBJECTIVES
from segmentation.reading.samples import SAMPLES
from segmentation.recipe import Feature, Recipe

PLANTED = SAMPLES["customers"].planted_columns


def _sentences(text: str) -> int:
    return len(re.findall(r"[.!?](?:\s|$)", text))


def _close(text: str, value: float) -> bool:
    """Say whether a printed figure ("3,574", "4.9", "0.98") rounds ``value``."""
    decimals = len(text.split(".")[1]) if "." in text else 0
    return abs(float(text.replace(",", "")) - value) <= 0.5 * 10**-decimals + 1e-9


# ------------------------------------------------------------ channel_mix, by hand


def _row(mix: pd.DataFrame, **match) -> pd.Series:
    rows = mix
    for key, value in match.items():
        rows = rows[rows[key] == value]
    assert len(rows) == 1, match
    return rows.iloc[0]


def test_channel_mix_on_a_hand_made_frame():
    df = pd.DataFrame(
        {
            "age": ["30", "40", "50", "60", "30", "40", "50", "60"],
            "preferred_channel": [
                "Email", "Email", "SMS", "None", "none", "Opted out", "Email", "",
            ],
            "email_opt_in": ["yes", "no", "yes", "yes", "no", "no", "yes", "yes"],
            "device": ["Mobile", "Mobile", "Desktop", "Desktop"] * 2,
            "email_opens_30d": ["4", "2", "0", "1", "0", "0", "6", ""],
            "sales_channel": ["Web", "App"] * 4,
        }
    )  # fmt: skip
    labels = [0, 0, 0, 0, 1, 1, 1, -1]
    mix = sg.channel_mix(df, labels)
    assert list(mix.columns) == list(CHANNEL_COLUMNS)
    assert set(mix["column"]) == {
        "preferred_channel",
        "email_opt_in",
        "device",
        "email_opens_30d",
    }
    assert mix["segment"].drop_duplicates().tolist() == [0, 1, -1]
    # Preferred channel. Segment 0 (rows 0-3): Email, Email, SMS, None -> Email 2/4,
    # SMS 1/4, opted out 1/4. Segment 1 (rows 4-6): none, Opted out, Email ->
    # opted out 2/3, Email 1/3. Overall (8 rows): Email 3/8, SMS 1/8, opted out
    # 3/8 (None, none, Opted out), missing 1/8 (the empty cell, not an opt-out).
    email0 = _row(mix, segment=0, column="preferred_channel", level="Email")
    assert (email0["share"], email0["overall"]) == (0.5, 0.375)
    assert email0["lift"] == pytest.approx(0.5 / 0.375)
    assert email0["channel"] == "Email"
    out1 = _row(mix, segment=1, column="preferred_channel", level=OPTED_OUT)
    assert out1["share"] == pytest.approx(2 / 3)
    assert out1["overall"] == 0.375
    assert out1["lift"] == pytest.approx((2 / 3) / 0.375)
    missing = _row(mix, segment=-1, column="preferred_channel", level="(missing)")
    assert (missing["share"], missing["overall"]) == (1.0, 0.125)
    levels = mix[(mix["segment"] == 0) & (mix["column"] == "preferred_channel")]
    assert levels["level"].tolist() == ["Email", "SMS", OPTED_OUT, "(missing)"]
    # E-mail consent: segment 0 says yes 3 times in 4, segment 1 once in 3;
    # overall 5 in 8.
    opt0 = _row(mix, segment=0, column="email_opt_in")
    assert (opt0["level"], opt0["channel"], opt0["share"]) == (OPTED_IN, "Email", 0.75)
    assert opt0["overall"] == 0.625 and opt0["lift"] == pytest.approx(1.2)
    assert _row(mix, segment=1, column="email_opt_in")["share"] == pytest.approx(1 / 3)
    # Device: rows 4-6 are Mobile, Mobile, Desktop -> Desktop 1/3 (overall 4/8).
    desktop1 = _row(mix, segment=1, column="device", level="Desktop")
    assert desktop1["share"] == pytest.approx(1 / 3) and desktop1["overall"] == 0.5
    assert desktop1["channel"] == "Email"
    assert _row(mix, segment=1, column="device", level="Mobile")["channel"] == "SMS"
    # Opens: segment 0 (4+2+0+1)/4 = 1.75, segment 1 (0+0+6)/3 = 2; overall the 7
    # known cells, 13/7; row 7 is blank, so segment -1 has no mean.
    opens0 = _row(mix, segment=0, column="email_opens_30d")
    assert opens0["level"] == MEAN_LEVEL and opens0["channel"] == "Email"
    assert opens0["share"] == 1.75 and opens0["overall"] == pytest.approx(13 / 7)
    assert opens0["lift"] == pytest.approx(1.75 / (13 / 7))
    assert _row(mix, segment=1, column="email_opens_30d")["share"] == 2.0
    assert np.isnan(_row(mix, segment=-1, column="email_opens_30d")["share"])


def test_channel_advice_leads_with_a_large_opt_out():
    df = pd.DataFrame(
        {"preferred_channel": ["None", "None", "Email", "SMS", "Email", "Email"]}
    )
    mix = sg.channel_mix(df, [0, 0, 0, 0, 1, 1])
    # Segment 0: 2 of 4 opted out; of the rest, SMS (1/4 vs 1/6 overall, lift 1.5)
    # is over-represented and Email (1/4 vs 3/6, lift 0.5) is not.
    advice = advise_channel(mix[mix["segment"] == 0])
    assert advice.opted_out == 0.5 and advice.channel == "SMS"
    assert advice.text.startswith("50% opted out of marketing: exclude them;")
    assert "reach the rest by SMS (25% prefer it vs 17% overall)" in advice.text
    # Segment 1: all Email (2/2 vs 3/6), nobody opted out.
    assert advise_channel(mix[mix["segment"] == 1]).text == (
        "Email: 100% prefer it vs 50% overall"
    )
    assert advise_channel(mix.iloc[0:0]).text == NO_EVIDENCE


def test_consent_columns_count_opt_outs_and_inverted_names():
    df = pd.DataFrame(
        {
            "marketing_consent": ["Yes", "Yes", "No", "Yes"],
            "sms_opt_out": ["true", "false", "false", "false"],
        }
    )
    mix = sg.channel_mix(df, [0, 0, 1, 1])
    # Marketing as a whole: segment 1 said no once in 2 -> opted out 0.5 (overall
    # 1/4); segment 0 opted in fully (overall 3/4).
    assert (
        _row(mix, segment=1, column="marketing_consent", level=OPTED_OUT)["share"]
        == 0.5
    )
    assert (
        _row(mix, segment=0, column="marketing_consent", level=OPTED_IN)["overall"]
        == 0.75
    )
    # sms_opt_out counts the other way round: "true" is an opt-out, so segment 0
    # is opted in to SMS 1 in 2 and segment 1 2 in 2.
    sms = mix[mix["column"] == "sms_opt_out"]
    assert sms["level"].unique().tolist() == [OPTED_IN]
    assert sms["channel"].unique().tolist() == ["SMS"]
    assert sms["share"].tolist() == [0.5, 1.0]
    assert advise_channel(mix[mix["segment"] == 1]).text.startswith(
        "50% opted out of marketing: exclude them; reach the rest by SMS"
    )


def test_channel_mix_rejects_bad_labels_and_finds_nothing_quietly():
    df = pd.DataFrame({"age": [1, 2, 3]})
    with pytest.raises(InputError):
        sg.channel_mix(df, [0, 1])
    with pytest.raises(InputError):
        sg.channel_mix(df.iloc[0:0], [])
    empty = sg.channel_mix(df, [0, 1, 1])
    assert empty.empty and list(empty.columns) == list(CHANNEL_COLUMNS)


# --------------------------------------------------- suggest_messages, by hand


def test_objectives_and_money_on_a_hand_made_profile():
    # spend_usd 900, 800 | 100, 90 | 80, 70 (total 2,040); orders 20, 18 | 4, 3 |
    # 1, 1; recency 5, 8 | 300, 250 | 2, 3.
    # Recency ranks (of 6): 2->1, 3->2, 5->3, 8->4, 250->5, 300->6; order ranks:
    # 1, 1 -> 1.5 each, 3->3, 4->4, 18->5, 20->6. Churn risk per customer is
    # mean(recency rank, 1 - order rank) / 6:
    #   segment 0: (0.5 + 0) / 2, (0.667 + 0.167) / 2 -> mean 0.33, low;
    #   segment 1: (1 + 0.333) / 2, (0.833 + 0.5) / 2 -> 0.67, high;
    #   segment 2: (0.167 + 0.75) / 2, (0.333 + 0.75) / 2 -> 0.50, medium.
    # Value index: 1,700/2,040 x 3 = 2.50; 190/2,040 x 3 = 0.28; 150/2,040 x 3.
    # So 0 is reward (index >= 1.5, low risk), 1 win back (high risk, index >=
    # 0.25), 2 onboard (1 order on average, recency ranks 0.25 <= 0.5).
    df = pd.DataFrame(
        {
            "spend_usd": [900.0, 800, 100, 90, 80, 70],
            "recency_days": [5.0, 8, 300, 250, 2, 3],
            "orders": [20.0, 18, 4, 3, 1, 1],
        }
    )
    recipe = Recipe(
        features=(Feature("spend_usd", "numeric"), Feature("orders", "numeric"))
    )
    messages = sg.suggest_messages(sg.profile(df, [0, 0, 1, 1, 2, 2], recipe))
    assert messages["objective"].tolist() == ["reward", "win back", "onboard"]
    reward, win_back, _ = messages["rationale"]
    assert "churn risk low (0.33)" in reward and "value index 2.50" in reward
    assert "churn risk high (0.67)" in win_back and "value index 0.28" in win_back
    # Value per order: 1,700 / 38 = 44.7 vs 2,040 / 47 = 43.4 overall; the name
    # says dollars, so amounts carry "$". Threshold: 44.7 x 1.2 = 53.7 -> $55.
    assert "value per order $45 vs $43 overall" in reward
    assert "$55" in messages.loc[0, "body"] and "$55" in messages.loc[0, "offer"]
    assert messages.loc[0, "tone"] == "warm and exclusive"


def test_channel_from_profile_features_when_no_channel_table():
    # Segment 0: 5 of 5 prefer Email (overall 5/10); segment 1: 3 SMS and 2 None
    # (opted out 2/5; SMS 3/5 vs 3/10 overall).
    df = pd.DataFrame(
        {
            "preferred_channel": ["Email"] * 5 + ["SMS"] * 3 + ["None"] * 2,
            "age": [30, 32, 31, 29, 33, 60, 62, 61, 59, 63],
        }
    )
    recipe = Recipe(
        features=(
            Feature("preferred_channel", "categorical"),
            Feature("age", "numeric"),
        )
    )
    messages = sg.suggest_messages(sg.profile(df, [0] * 5 + [1] * 5, recipe))
    assert messages.loc[0, "channel"] == "Email: 100% prefer it vs 50% overall"
    assert messages.loc[1, "channel"] == (
        "40% opted out of marketing: exclude them; reach the rest by SMS "
        "(60% prefer it vs 30% overall)"
    )


def test_bad_channel_table_and_given_names():
    df = pd.DataFrame({"age": [20, 22, 60, 62]})
    p = sg.profile(df, [0, 0, 1, 1], Recipe(features=(Feature("age", "numeric"),)))
    with pytest.raises(InputError, match="channel_mix"):
        sg.suggest_messages(p, channels=pd.DataFrame({"segment": [0]}))
    messages = sg.suggest_messages(p, {1: "Seniors"})
    assert messages["segment_name"].tolist() == [sg.segment_names(p)[0], "Seniors"]
    assert messages.loc[0, "channel"] == NO_EVIDENCE


# ------------------------------------------------------------------ sample data


@pytest.fixture(scope="module")
def customers() -> pd.DataFrame:
    return sg.read_table(SAMPLES["customers"].path)


@pytest.fixture(scope="module")
def planted(customers):
    recipe = Recipe.from_schema(sg.infer_schema(customers), columns=PLANTED, k=5)
    labels = sg.SegmentationModel(recipe).fit(customers).labels_
    p = sg.profile(customers, labels, recipe)
    channels = sg.channel_mix(customers, labels)
    return labels, p, channels, sg.suggest_messages(p, channels=channels)


def _means(customers: pd.DataFrame, labels, column: str) -> pd.Series:
    return customers[column].astype(float).groupby(np.asarray(labels)).mean()


def test_sample_channel_columns_are_found(planted):
    _, _, channels, _ = planted
    assert list(dict.fromkeys(channels["column"])) == [
        "web_visits_30d",
        "email_opens_30d",
        "device",
        "os",
        "preferred_channel",
    ]


def test_sample_objectives_follow_the_planted_segments(customers, planted):
    labels, p, _, messages = planted
    by_segment = messages.set_index("segment")
    lapsed = int(_means(customers, labels, "recency_days").idxmax())
    newest = int(_means(customers, labels, "orders").idxmin())
    low_risk = p.value[p.value["churn_level"] == "low"]
    champions = int(low_risk["value_index"].idxmax())
    bargain = int(_means(customers, labels, "campaign_responses").idxmax())
    assert by_segment.at[lapsed, "objective"] == "win back"
    assert by_segment.at[champions, "objective"] == "reward"
    assert by_segment.at[newest, "objective"] == "onboard"
    assert by_segment.at[bargain, "tone"] == "value-focused"
    assert list(messages.columns) == list(MESSAGE_COLUMNS)
    assert messages["segment"].tolist() == p.segments
    assert set(messages["objective"]) <= set(OBJECTIVES)


def test_sample_copy_is_distinct_and_within_limits(planted):
    *_, messages = planted
    assert messages["subject"].is_unique and messages["body"].is_unique
    assert messages["offer"].is_unique
    assert (messages["subject"].str.len() <= 60).all()
    assert (messages["cta"].str.split().str.len() <= 5).all()
    assert messages["body"].map(_sentences).between(2, 4).all()
    # The value column is total_spend: no currency is assumed.
    assert (
        not messages[["offer", "body", "rationale"]].stack().str.contains(r"\$").any()
    )


def test_sample_rationale_quotes_the_profile(customers, planted):
    labels, p, _, messages = planted
    recency = _means(customers, labels, "recency_days")
    overall_recency = customers["recency_days"].astype(float).mean()
    spend = customers["total_spend"].astype(float).groupby(labels).sum()
    orders = customers["orders"].astype(float).groupby(labels).sum()
    for row in messages.itertuples():
        value = p.value.loc[row.segment]
        shares = re.search(r"(\d+)% of customers, (\d+)% of revenue", row.rationale)
        assert abs(int(shares[1]) - 100 * value["customer_share"]) <= 0.5
        assert abs(int(shares[2]) - 100 * value["revenue_share"]) <= 0.5
        index = re.search(r"value index (\d+\.\d+)\)", row.rationale)[1]
        assert _close(index, value["value_index"])
        level, risk = re.search(
            r"churn risk (\w+) \((\d\.\d+)\)", row.rationale
        ).groups()
        assert level == value["churn_level"] and _close(risk, value["churn_risk"])
        seen = re.search(r"Recency days (\S+) vs (\S+) overall", row.rationale)
        assert _close(seen[1], recency[row.segment])
        assert _close(seen[2], overall_recency)
        per_order = re.search(r"value per order (\S+) vs", row.rationale)[1]
        assert _close(per_order, spend[row.segment] / orders[row.segment])


def test_sample_lapsed_channel_names_the_opted_out_share(customers, planted):
    labels, _, _, messages = planted
    lapsed = int(_means(customers, labels, "recency_days").idxmax())
    in_segment = customers.loc[np.asarray(labels) == lapsed, "preferred_channel"]
    opted_out = (in_segment == "None").mean()  # the text "None" = opted out
    text = messages.set_index("segment").at[lapsed, "channel"]
    found = re.match(
        r"(\d+)% opted out of marketing: exclude them; reach the rest by", text
    )
    assert found is not None, text
    assert abs(int(found[1]) - 100 * opted_out) <= 0.5
    assert opted_out > 0.5  # the planted lapsed segment: 58% opted out


def test_sample_messages_are_deterministic(customers, planted):
    labels, p, channels, messages = planted
    again = sg.suggest_messages(
        sg.profile(customers, labels, sg.Recipe.from_schema(
            sg.infer_schema(customers), columns=PLANTED, k=5
        )),
        channels=sg.channel_mix(customers, labels),
    )  # fmt: skip
    pd.testing.assert_frame_equal(again, messages)


# ---------------------------------------------------- no value or recency column


@pytest.fixture(scope="module")
def mall():
    assert MALL.is_file(), f"{MALL} is missing (../shared/datasets)"
    frame = sg.read_table(MALL)
    recipe = Recipe.from_schema(sg.infer_schema(frame), k=5)
    labels = sg.SegmentationModel(recipe).fit(frame).labels_.copy()
    labels[[0, 1, 2]] = -1  # three rows left out of every segment
    return frame, labels, recipe


def _mall_messages(mall) -> pd.DataFrame:
    frame, labels, recipe = mall
    p = sg.profile(frame, labels, recipe)
    return sg.suggest_messages(p, channels=sg.channel_mix(frame, labels))


def test_mall_messages_state_the_missing_evidence(mall):
    frame, labels, _ = mall
    messages = _mall_messages(mall)
    assigned = messages[messages["segment"] != -1]
    assert len(assigned) == 5 and set(assigned["objective"]) <= set(OBJECTIVES)
    for text in assigned["rationale"]:
        assert "no value column" in text and "no recency column" in text
    assert (assigned["channel"] == NO_EVIDENCE).all()
    assert assigned["subject"].is_unique and assigned["body"].is_unique
    # The segment that spends most (by the spending score) is rewarded, and its
    # rationale quotes that mean.
    score = frame["Spending Score (1-100)"].astype(float).groupby(labels).mean()
    top = int(score.drop(-1).idxmax())
    row = messages.set_index("segment").loc[top]
    assert row["objective"] == "reward"
    quoted = re.search(r"Spending Score \(1-100\) (\S+) vs", row["rationale"])[1]
    assert _close(quoted, score[top])


def test_mall_unassigned_rows_get_no_message_and_runs_agree(mall):
    first, second = _mall_messages(mall), _mall_messages(mall)
    pd.testing.assert_frame_equal(first, second)
    last = first.iloc[-1]
    assert last["segment"] == -1 and last["objective"] == "none"
    assert last["subject"] == "" and last["channel"] == ""
    assert "3 customers" in last["body"] and "no segment" in last["body"]


def test_segments_cut_on_demographics_are_not_all_told_to_retain():
    # Demographic segments sit near the average churn risk (0.5): "medium" must
    # mean riskier than the average customer, or every segment would get "retain".
    frame = sg.read_table(SAMPLES["customers"].path)
    columns = ("age", "gender", "education", "country")
    recipe = Recipe.from_schema(sg.infer_schema(frame), columns=columns, k=10)
    labels = sg.SegmentationModel(recipe).fit(frame).labels_
    found = sg.profile(frame, labels, recipe)
    messages = sg.suggest_messages(found, channels=sg.channel_mix(frame, labels))
    assert messages["objective"].nunique() >= 2
    risk = found.value["churn_risk"]
    for _, row in messages.iterrows():
        if row["objective"] == "retain":
            assert risk[row["segment"]] >= 0.55


def test_churn_risk_that_hardly_differs_does_not_decide_the_objective():
    # Same recency and orders in both segments (so the same churn risk, 0.5 apart
    # from ties), very different spend: value decides, and the rationale says why.
    recency = [10.0, 40.0, 90.0, 200.0] * 2
    orders = [8.0, 4.0, 2.0, 1.0] * 2
    spend = [900.0, 950.0, 1000.0, 1100.0, 60.0, 70.0, 80.0, 90.0]
    df = pd.DataFrame({"recency_days": recency, "orders": orders, "total_spend": spend})
    recipe = Recipe(features=(Feature("total_spend", "numeric"),))
    found = sg.profile(df, [0, 0, 0, 0, 1, 1, 1, 1], recipe)
    risks = found.value["churn_risk"]
    assert abs(risks[0] - risks[1]) < 0.1
    messages = sg.suggest_messages(found).set_index("segment")
    assert messages.loc[0, "objective"] == "reward"  # value index about 1.8
    assert not set(messages["objective"]) & {"retain", "win back"}
    assert "barely differs" in messages.loc[0, "rationale"]
