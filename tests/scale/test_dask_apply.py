"""``apply --engine dask``: the same labels for the same rows as the local engine.

Runs on real Dask clusters of worker processes: one started by the test and given
by address (as a team's scheduler would be), one started by the command itself.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
from distributed import LocalCluster

import segmentation as sg
import segmentation.cli as cli
from segmentation import export, scale
from segmentation.errors import InputError
from segmentation.model import SegmentationModel
from segmentation.recipe import Feature, Recipe, TransactionMapping

ROOT = Path(__file__).resolve().parents[2]
CUSTOMERS = ROOT / "sample_data" / "customers.csv"
#: About 700 KB of customers in partitions of 100 KB: seven or eight parts.
BLOCKSIZE = 100_000


@pytest.fixture(scope="module")
def model_file(tmp_path_factory) -> Path:
    customers = sg.read_table(CUSTOMERS)
    recipe = Recipe.from_schema(sg.infer_schema(customers), columns=(), k=4, seed=5)
    recipe = recipe.replace(
        features=(
            Feature("total_spend", "numeric", "behavioral"),
            Feature("recency_days", "numeric", "behavioral"),
            Feature("preferred_channel", "categorical", "behavioral"),
        ),
        segment_names=((1, "Lapsed"),),
        id_column="customer_id",
    )
    path = tmp_path_factory.mktemp("model") / "model.zip"
    SegmentationModel(recipe).fit(customers).save(path)
    return path


@pytest.fixture(scope="module")
def local_output(model_file, tmp_path_factory) -> pd.DataFrame:
    out = tmp_path_factory.mktemp("local") / "local.csv"
    assert cli.main(["apply", str(model_file), str(CUSTOMERS), "-o", str(out)]) == 0
    return pd.read_csv(out, dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def cluster():
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as running:
        yield running


def _parts(folder: Path, suffix: str) -> list[Path]:
    return sorted(folder.glob(f"part-*.{suffix}"))


def test_a_scheduler_by_address_gives_the_local_labels(
    model_file, local_output, cluster, tmp_path
):
    model = SegmentationModel.load(model_file)
    out = tmp_path / "parts"
    parts = scale.apply_with_dask(
        scale.Labeller.for_model(model),
        CUSTOMERS,
        out,
        scheduler=cluster.scheduler_address,
        blocksize=BLOCKSIZE,
    )
    files = _parts(out, "csv")
    assert len(files) == len(parts.files) >= 5 and parts.workers == 2
    together = pd.concat(
        [pd.read_csv(f, dtype=str, keep_default_na=False) for f in files],
        ignore_index=True,
    )
    pd.testing.assert_frame_equal(together, local_output)
    assert parts.rows == 5000
    assert dict(parts.sizes) == local_output["segment_name"].value_counts().to_dict()


def test_parquet_parts_hold_the_original_text_and_the_labels(
    model_file, local_output, cluster, tmp_path
):
    model = SegmentationModel.load(model_file)
    out = tmp_path / "parquet_parts"
    scale.apply_with_dask(
        scale.Labeller.for_model(model),
        CUSTOMERS,
        out,
        scheduler=cluster.scheduler_address,
        output_format="parquet",
        blocksize=BLOCKSIZE,
    )
    table = pd.concat(
        [pq.read_table(f).to_pandas() for f in _parts(out, "parquet")],
        ignore_index=True,
    )
    original = sg.read_table(CUSTOMERS)
    pd.testing.assert_frame_equal(
        table[original.columns].astype("str"), original, check_dtype=False
    )
    assert table["segment"].tolist() == local_output["segment"].astype(int).tolist()


def test_a_parquet_input_on_the_cluster_gives_the_local_labels(
    model_file, cluster, tmp_path
):
    customers = sg.read_table(CUSTOMERS)
    source = tmp_path / "customers.parquet"
    customers.to_parquet(source, row_group_size=700)
    model = SegmentationModel.load(model_file)
    local = tmp_path / "local.csv"
    scale.apply_streaming(scale.Labeller.for_model(model), source, local)
    out = tmp_path / "parts"
    scale.apply_with_dask(
        scale.Labeller.for_model(model),
        source,
        out,
        scheduler=cluster.scheduler_address,
    )
    labels = [
        int(row["segment"])
        for f in _parts(out, "csv")
        for row in csv.DictReader(open(f, encoding="utf-8"))
    ]
    expected = pd.read_csv(local, dtype=str)["segment"].astype(int).tolist()
    assert labels == expected


def test_the_command_starts_its_own_cluster(model_file, local_output, tmp_path, capsys):
    out = tmp_path / "parts"
    argv = ["apply", str(model_file), str(CUSTOMERS), "-o", str(out)]
    assert cli.main([*argv, "--engine", "dask", "--workers", "1"]) == 0
    printed = capsys.readouterr().out
    assert (
        "Wrote 5,000 rows in 1 part files" in printed and "(1 Dask workers)" in printed
    )
    written = pd.read_csv(out / "part-00000.csv", dtype=str, keep_default_na=False)
    pd.testing.assert_frame_equal(written, local_output)


def test_engine_options_without_the_engine_exit_2(model_file, tmp_path, capsys):
    argv = ["apply", str(model_file), str(CUSTOMERS), "-o", str(tmp_path / "x.csv")]
    assert cli.main([*argv, "--scheduler", "tcp://127.0.0.1:1"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--engine dask" in err


def test_an_unreachable_scheduler_is_one_sentence(model_file, tmp_path):
    model = SegmentationModel.load(model_file)
    with pytest.raises(InputError, match="No Dask scheduler answered"):
        scale.apply_with_dask(
            scale.Labeller.for_model(model),
            CUSTOMERS,
            tmp_path / "parts",
            scheduler="tcp://127.0.0.1:9",
        )


def test_quoted_line_breaks_give_the_rows_or_one_sentence(
    model_file, cluster, tmp_path
):
    """Dask documents that quoted line breaks may break its block split.

    Either the parts hold the rows the local engine writes, or the run stops with
    one sentence pointing to the local engine; never wrong rows.
    """
    customers = sg.read_table(CUSTOMERS)
    customers["first_name"] = customers["first_name"] + "\nsecond line"
    path = tmp_path / "breaks.csv"
    path.write_bytes(export.to_csv_bytes(customers, neutralise=False))
    model = SegmentationModel.load(model_file)
    local = tmp_path / "local.csv"
    scale.apply_streaming(scale.Labeller.for_model(model), path, local)
    out = tmp_path / "parts"
    try:
        scale.apply_with_dask(
            scale.Labeller.for_model(model),
            path,
            out,
            scheduler=cluster.scheduler_address,
            blocksize=BLOCKSIZE,
        )
    except InputError as exc:
        assert "local engine" in str(exc)
        return
    together = pd.concat(
        [pd.read_csv(f, dtype=str) for f in _parts(out, "csv")], ignore_index=True
    )
    pd.testing.assert_frame_equal(together, pd.read_csv(local, dtype=str))


def test_a_url_every_worker_reads_gives_the_local_labels(
    model_file, local_output, cluster, tmp_path
):
    model = SegmentationModel.load(model_file)
    out = tmp_path / "parts"
    scale.apply_with_dask(
        scale.Labeller.for_model(model),
        CUSTOMERS.as_uri(),
        out,
        scheduler=cluster.scheduler_address,
        blocksize=BLOCKSIZE,
    )
    together = pd.concat(
        [pd.read_csv(f, dtype=str, keep_default_na=False) for f in _parts(out, "csv")],
        ignore_index=True,
    )
    pd.testing.assert_frame_equal(together, local_output)


def test_the_log_match_is_summed_over_parts_and_a_poor_one_refused(cluster, tmp_path):
    customers = sg.read_table(CUSTOMERS)
    log = sg.read_table_with_info(ROOT / "sample_data" / "transactions.csv")
    mapping = TransactionMapping(
        customer="customer_id", date="order_date", amount="amount", invoice="order_id"
    )
    recipe = Recipe.from_schema(
        sg.infer_schema(customers), columns=(), transactions=mapping, k=3, seed=1
    ).replace(
        features=tuple(
            Feature(n, "numeric", "behavioral")
            for n in ("tx_recency_days", "frequency", "monetary")
        ),
        id_column="customer_id",
    )
    model = SegmentationModel(recipe).fit(customers, log.frame)
    labeller = scale.Labeller.for_model(model, log)
    # Every other customer, with every third one unknown to the log.
    part = customers.iloc[::2].copy()
    part.loc[part.index[::3], "customer_id"] = "X" + part["customer_id"]
    path = tmp_path / "part.csv"
    path.write_bytes(export.to_csv_bytes(part, neutralise=False))
    done = scale.apply_with_dask(
        labeller,
        path,
        tmp_path / "parts",
        scheduler=cluster.scheduler_address,
        blocksize=50_000,
    )
    assert len(done.files) >= 3
    whole = sg.workflow.log_match(part["customer_id"], log.frame, mapping)
    assert done.match == whole and done.match.rows_matched == 1666
    strangers = customers.assign(customer_id="X" + customers["customer_id"])
    path.write_bytes(export.to_csv_bytes(strangers, neutralise=False))
    out = tmp_path / "refused"
    with pytest.raises(InputError, match="0 of 5,000 customers"):
        scale.apply_with_dask(
            labeller,
            path,
            out,
            scheduler=cluster.scheduler_address,
            blocksize=BLOCKSIZE,
        )
    assert not list(out.glob("part-*"))
