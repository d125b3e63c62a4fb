"""The algorithm registry: what it says each algorithm can do is what it does."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from segmentation.cluster import REGISTRY, Segmenter, algorithm
from segmentation.errors import InputError

ROOT = Path(__file__).resolve().parents[2]


def blobs_with_outliers() -> np.ndarray:
    rng = np.random.default_rng(3)
    groups = [rng.normal(centre, 0.3, size=(150, 2)) for centre in ((0, 0), (6, 0))]
    far = np.array([[30.0, 30.0], [-30.0, 25.0], [25.0, -30.0]])
    return np.vstack([*groups, far])


@pytest.mark.parametrize("name", list(REGISTRY))
def test_each_algorithm_does_what_the_registry_says(name):
    spec = algorithm(name)
    x = blobs_with_outliers()
    three = Segmenter(name, 3, random_state=0).fit(x)
    five = Segmenter(name, 5, random_state=0).fit(x)
    if spec.finds_k:
        assert three.n_segments_ == five.n_segments_ == 2
    else:
        assert (three.n_segments_, five.n_segments_) == (3, 5)
    assert (three.inertia_ is not None) == spec.reports_inertia
    assert (three.bic_ is not None) == spec.reports_bic
    assert ((three.labels_ == -1).any()) == spec.marks_noise
    assert spec.takes_k != spec.finds_k


def test_an_unknown_name_lists_the_known_ones():
    with pytest.raises(InputError, match="use one of kmeans, gmm, ward, hdbscan"):
        Segmenter("dbscan", 3).fit(blobs_with_outliers())


def test_only_the_cluster_package_tests_algorithms_by_name():
    names = "|".join(REGISTRY)
    test = re.compile(rf"""(==|!=|\bin)\s*\(?["'](?:{names})["']""")
    offenders = []
    for folder in ("segmentation", "ui", "app_pages"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            if path.parent.name == "cluster":
                continue
            for number, line in enumerate(path.read_text().splitlines(), 1):
                if test.search(line):
                    offenders.append(f"{path.relative_to(ROOT)}:{number}: {line}")
    assert not offenders, "\n".join(offenders)
