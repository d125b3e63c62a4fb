"""Look-alikes found where the answer is known.

In the bundled sample, a third of the planted Champions (customers_truth.csv) are
the seeds; the other Champions, never shown to the model as such, must rank at
the top of everyone else. The AUC of those hidden Champions among the non-seeds
is the measure (reported in the note); a column of noise as the only feature
must give about 0.5.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import roc_auc_score

import segmentation as sg
from segmentation.campaigns import MIN_SEEDS, lookalike
from segmentation.errors import InputError

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "sample_data"


@pytest.fixture(scope="module")
def sample():
    frame = sg.read_table(SAMPLE / "customers.csv")
    truth = sg.read_table(SAMPLE / "customers_truth.csv")
    return frame, sg.infer_schema(frame), truth


@pytest.fixture(scope="module")
def champions(sample):
    frame, schema, truth = sample
    champ = (truth["planted_segment"] == "Champions").to_numpy()
    rng = np.random.default_rng(3)
    seeds = champ & (rng.random(len(champ)) < 1 / 3)
    made = lookalike(
        frame, frame.loc[seeds, "customer_id"], id_column="customer_id",
        schema=schema,
    )  # fmt: skip
    return made, champ, seeds


def test_hidden_champions_rank_at_the_top(champions):
    made, champ, seeds = champions
    scores = made.scores
    others = ~seeds
    hidden = champ[others]
    auc = roc_auc_score(hidden, scores["lookalike_score"][others])
    assert auc >= 0.95, auc
    top = scores[others].nsmallest(int(hidden.sum()), "lookalike_rank")
    precision = champ[top.index].mean()
    assert precision >= 0.8, precision
    assert made.auc >= 0.85


def test_every_row_in_order_with_ranks_for_non_seeds_only(sample, champions):
    frame, _, _ = sample
    made, _, seeds = champions
    scores = made.scores
    assert list(scores.index) == list(frame.index)
    assert scores["is_seed"].tolist() == seeds.astype(int).tolist()
    assert scores["lookalike_rank"][seeds].isna().all()
    ranks = scores["lookalike_rank"][~seeds].astype(int)
    assert sorted(ranks) == list(range(1, int((~seeds).sum()) + 1))
    ordered = scores[~seeds].sort_values("lookalike_rank")["lookalike_score"]
    assert ordered.is_monotonic_decreasing
    assert scores["lookalike_score"].between(0, 1).all()
    assert "customer_id" not in made.features and "email" not in made.features


def test_noise_separates_nothing(sample):
    frame, _, _ = sample
    rng = np.random.default_rng(5)
    noisy = pd.DataFrame({
        "cid": [f"N{i}" for i in range(3000)],
        "noise": rng.normal(size=3000).round(4).astype(str),
    })  # fmt: skip
    schema = sg.infer_schema(noisy)
    made = lookalike(noisy, noisy["cid"][:300], id_column="cid", schema=schema)
    assert abs(made.auc - 0.5) < 0.06, made.auc


def test_too_few_seeds_get_a_sentence(sample):
    frame, schema, _ = sample
    with pytest.raises(InputError, match=f"at least {MIN_SEEDS} are needed"):
        lookalike(frame, ["C00001", "nobody"], id_column="customer_id", schema=schema)
    with pytest.raises(InputError):
        lookalike(
            frame, frame["customer_id"][:50], id_column="customer_id",
            schema=schema, features=["shoe_size"],
        )  # fmt: skip


def test_the_command_writes_every_row_with_its_text(sample, champions, tmp_path):
    import subprocess
    import sys

    frame, _, _ = sample
    made, _, seeds = champions
    seeds_file = tmp_path / "seeds.csv"
    frame.loc[seeds, ["customer_id"]].to_csv(seeds_file, index=False)
    out = tmp_path / "alike.csv"
    argv = [sys.executable, "-m", "segmentation", "lookalike",
            str(SAMPLE / "customers.csv"), "--seeds", str(seeds_file),
            "--id", "customer_id", "-o", str(out)]  # fmt: skip
    done = subprocess.run(argv, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert f"AUC of {made.auc:.2f}" in done.stderr
    written = pd.read_csv(out, dtype=str, keep_default_na=False)
    original = pd.read_csv(SAMPLE / "customers.csv", dtype=str, keep_default_na=False)
    pd.testing.assert_frame_equal(written[original.columns], original)
    assert list(written.columns[-3:]) == ["lookalike_score", "lookalike_rank",
                                          "is_seed"]  # fmt: skip
    assert (written["lookalike_rank"][seeds] == "").all()
    assert written["is_seed"].astype(int).sum() == seeds.sum()
    ranks = written["lookalike_rank"][~seeds].astype(int)
    assert ranks.tolist() == made.scores["lookalike_rank"][~seeds].tolist()
