"""The Campaigns page: the bundled campaign read against the current segments.

The bundled results record who got the campaign (their own ab_group); the page
joins them with the segments of the Tune page and must show, per segment, the
figures :func:`segmentation.campaigns.campaign_results` gives for the labelled
table the Export page writes. Results of other customers get one sentence.
"""

from __future__ import annotations

from app_support import APP, metric, swept, wait_until
from streamlit.testing.v1 import AppTest

from segmentation.campaigns import campaign_results
from segmentation.reading import read_table
from segmentation.reading.samples import CAMPAIGN_RESULTS
from ui import keys

CAMPAIGNS = "app_pages/campaigns.py"


def _tuned_campaigns() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=180)
    at.run()
    at.switch_page("app_pages/tune.py").run()
    wait_until(at, swept, "The k sweep")
    at.switch_page(CAMPAIGNS).run()
    assert not at.exception, at.exception
    return at


def test_the_bundled_campaign_is_read_per_segment():
    at = _tuned_campaigns()
    assert any(i.value.startswith("Load the campaign's results") for i in at.info)
    at.button(key=keys.CAMPAIGN_BUNDLED).click().run()
    assert not at.exception, at.exception
    assert at.selectbox(key=keys.CAMPAIGN_ID).value == "customer_id"
    assert at.selectbox(key=keys.CAMPAIGN_OUTCOME).value == "responded"
    at.selectbox(key=keys.CAMPAIGN_REVENUE).set_value("revenue").run()
    assert not at.error, [e.value for e in at.error]
    (table,) = [d.value for d in at.dataframe if "lift" in d.value.columns]
    results = read_table(CAMPAIGN_RESULTS)
    labelled = at.session_state[keys.SEGMENT_LABELS].labels
    frame = read_table(CAMPAIGN_RESULTS.parent / "customers.csv")[["customer_id"]]
    frame["segment"] = [str(v) for v in labelled]
    want = campaign_results(
        frame, results, id_column="customer_id", outcome="responded",
        revenue="revenue",
    )  # fmt: skip
    assert table["treatment_n"].tolist() == want.segments["treatment_n"].tolist()
    assert (
        table["lift"].round(6).tolist()
        == (want.segments["lift"] * 100).round(6).tolist()
    )
    assert table["verdict"].tolist() == want.segments["verdict"].tolist()
    assert metric(at, "Lift") == f"{want.overall['lift']:+.1%}"
    said = " ".join(c.value for c in at.caption)
    assert "treatment and control from the results file" in said


def test_results_of_other_customers_get_one_sentence():
    at = _tuned_campaigns()
    other = b"customer_id,responded,ab_group\nZ1,yes,treatment\nZ2,no,control\n"
    at.file_uploader(key=keys.CAMPAIGN_UPLOAD).upload("other.csv", other, "text/csv")
    at.run()
    assert not at.exception, at.exception
    (error,) = [e.value for e in at.error]
    assert error.startswith(
        "The campaign could not be read: None of the 5,000 labelled customers is "
        "in the results"
    )
    assert not any("lift" in d.value.columns for d in at.dataframe)


def test_look_alikes_of_a_segment():
    at = _tuned_campaigns()
    assert not at.exception, at.exception
    seeds = at.selectbox(key=keys.LOOKALIKE_SEEDS)
    assert seeds.options[-1] == "An uploaded list of ids"
    seeds.set_value(seeds.options[0]).run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    said = " ".join(c.value for c in at.caption)
    assert "The scores tell the seeds from everyone else with an AUC of" in said
    at.slider(key=keys.LOOKALIKE_TOP).set_value(100).run()
    (top,) = [d.value for d in at.dataframe if "lookalike_rank" in d.value.columns]
    assert top["lookalike_rank"].tolist() == list(range(1, 101))
    labels = at.session_state[keys.SEGMENT_LABELS].labels
    assert (top["segment"] != labels.value_counts().index[0]).all()  # non-seeds


def test_audience_files_of_the_current_segments():
    at = _tuned_campaigns()
    assert at.selectbox(key=keys.AUDIENCE_EMAIL).value == "email"
    assert at.selectbox(key=keys.AUDIENCE_PHONE).value is None
    assert not at.error, [e.value for e in at.error]
    (counts,) = [d.value for d in at.dataframe if "written" in d.value.columns]
    labels = at.session_state[keys.SEGMENT_LABELS].labels
    assert counts["customers"].tolist() == labels.value_counts().sort_index().tolist()
    assert counts["written"].sum() == 5_000  # every e-mail valid, no holdout
    assert counts["control"].sum() == 0
