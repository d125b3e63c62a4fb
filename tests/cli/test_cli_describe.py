"""``segmentation fit --summary --messages`` and names through recipes and models.

On the bundled customers with the six planted columns and k = 5. Figures are
checked against pandas computations on the written files themselves.
"""

import csv
from pathlib import Path

import pandas as pd
import pytest

from segmentation import cli
from segmentation.reading.samples import SAMPLES

CUSTOMERS = SAMPLES["customers"].path
SIX = ",".join(SAMPLES["customers"].planted_columns)
MESSAGE_COLUMNS = [
    "segment",
    "segment_name",
    "objective",
    "channel",
    "tone",
    "offer",
    "subject",
    "body",
    "cta",
    "rationale",
]


def _read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def fitted(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fit")
    paths = {n: folder / n for n in ("out.csv", "s.csv", "m.csv", "r.json", "m.zip")}
    code = cli.main(
        [
            "fit",
            str(CUSTOMERS),
            "--features",
            SIX,
            "--k",
            "5",
            "-o",
            str(paths["out.csv"]),
            "--summary",
            str(paths["s.csv"]),
            "--messages",
            str(paths["m.csv"]),
            "--save-recipe",
            str(paths["r.json"]),
            "--model",
            str(paths["m.zip"]),
        ]
    )
    assert code == 0
    return paths


def test_summary_has_one_row_per_segment_with_true_figures(fitted):
    out, summary = _read(fitted["out.csv"]), _read(fitted["s.csv"])
    assert list(summary.columns[:4]) == ["segment", "segment_name", "size", "share"]
    sizes = out["segment"].value_counts()
    assert summary["size"].astype(int).tolist() == [
        sizes[s] for s in summary["segment"]
    ]
    assert summary["size"].astype(int).sum() == 5_000
    # The mean spend per segment, recomputed from the labelled file.
    spend = out["total_spend"].astype(float).groupby(out["segment"]).mean()
    written = summary.set_index("segment")["mean_total_spend"].astype(float)
    pd.testing.assert_series_equal(
        written.sort_index(), spend.sort_index(), check_names=False
    )
    names = dict(zip(out["segment"], out["segment_name"], strict=True))
    assert summary.set_index("segment")["segment_name"].to_dict() == names
    assert {"rule", "rule_precision", "churn_level", "value_index"} <= set(summary)


def test_messages_have_the_design_columns_and_differ(fitted):
    with fitted["m.csv"].open(newline="", encoding="utf-8") as handle:
        header = next(csv.reader(handle))
    assert header == MESSAGE_COLUMNS
    messages = _read(fitted["m.csv"])
    assert len(messages) == 5 and messages["body"].nunique() == 5
    out = _read(fitted["out.csv"])
    recency = out["recency_days"].astype(float).groupby(out["segment"]).mean()
    lapsed = recency.idxmax()
    row = messages.set_index("segment").loc[lapsed]
    assert row["objective"] == "win back"
    assert f"Recency days {recency[lapsed]:.0f}" in row["rationale"]


def test_saved_recipe_and_model_write_the_same_file(fitted, tmp_path):
    again = tmp_path / "again.csv"
    command = ["fit", str(CUSTOMERS), "--recipe", str(fitted["r.json"]), "-o"]
    assert cli.main([*command, str(again)]) == 0
    assert again.read_bytes() == fitted["out.csv"].read_bytes()
    applied = tmp_path / "applied.csv"
    command = ["apply", str(fitted["m.zip"]), str(CUSTOMERS), "-o", str(applied)]
    assert cli.main(command) == 0
    assert applied.read_bytes() == fitted["out.csv"].read_bytes()


def test_recipe_names_and_holdout_are_used(fitted, tmp_path):
    recipe = fitted["r.json"].read_text().replace('"holdout": 0.0', '"holdout": 0.25')
    edited = tmp_path / "r.json"
    edited.write_text(recipe.replace('"0": "', '"0": "=Core ', 1))
    out = tmp_path / "o.csv"
    assert (
        cli.main(["fit", str(CUSTOMERS), "--recipe", str(edited), "-o", str(out)]) == 0
    )
    table = _read(out)
    first = table.loc[table["segment"] == "0", "segment_name"].iloc[0]
    assert first.startswith("'=Core ")  # the recipe's name, neutralised
    share = table.groupby("segment")["ab_group"].apply(
        lambda g: (g == "control").mean()
    )
    assert share.between(0.24, 0.26).all()
