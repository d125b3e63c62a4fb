"""Segment labels are checked once: every step refuses the same mistake alike."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from segmentation.describe import profile, segment_rules
from segmentation.errors import InputError
from segmentation.labels import UNASSIGNED, default_names, segment_labels
from segmentation.messaging import channel_mix
from segmentation.recipe import Feature, Recipe

TABLE = pd.DataFrame(
    {
        "age": [23.0, 35.0, 47.0, 52.0, 61.0, 29.0],
        "email_opt_in": ["yes", "no", "yes", "yes", "no", "yes"],
    }
)
RECIPE = Recipe(features=(Feature("age", "numeric", family="demographic"),))
STEPS = {
    "profile": lambda labels: profile(TABLE, labels, RECIPE),
    "segment_rules": lambda labels: segment_rules(TABLE, labels, RECIPE),
    "channel_mix": lambda labels: channel_mix(TABLE, labels),
}
BAD = {
    "too few": ([0, 1, 0], "3 segment labels for 6 rows"),
    "a fraction": ([0, 1, 0, 1, 0.5, 1], "whole numbers"),
    "below -1": ([0, 1, 0, 1, -2, 1], "whole numbers"),
    "text": (["a", "b", "a", "b", "a", "b"], "whole numbers"),
}


@pytest.mark.parametrize("step", STEPS)
@pytest.mark.parametrize("case", BAD)
def test_every_step_refuses_bad_labels_with_the_same_sentence(step, case):
    labels, words = BAD[case]
    with pytest.raises(InputError) as direct:
        segment_labels(labels, len(TABLE))
    with pytest.raises(InputError, match=words) as through_step:
        STEPS[step](np.asarray(labels))
    assert str(through_step.value) == str(direct.value)


def test_good_labels_come_back_as_integers_on_the_given_index():
    index = pd.Index(list("abcdef"))
    out = segment_labels(np.array([0.0, 1.0, -1.0, 1.0, 0.0, 2.0]), 6, index)
    assert out.dtype == "int64" and list(out.index) == list("abcdef")
    assert out.tolist() == [0, 1, -1, 1, 0, 2]
    assert default_names([1, -1]) == ["Segment 1", UNASSIGNED]
