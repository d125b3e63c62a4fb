"""What each segment is: profile, value, rules in words, names, checks."""

from segmentation.describe.explain import rule_mask, rules_of, segment_rules
from segmentation.describe.inputs import SegmentedTable, segmented_table
from segmentation.describe.naming import describe_name_basis, segment_names
from segmentation.describe.segment_profile import Profile, profile, profile_of
from segmentation.describe.selection import key_features, selection_profile
from segmentation.describe.step import (
    Description,
    describe,
    messages,
    summary_table,
    wide_table,
)

__all__ = (
    "describe",
    "describe_name_basis",
    "key_features",
    "Description",
    "messages",
    "Profile",
    "profile",
    "profile_of",
    "rule_mask",
    "rules_of",
    "segment_names",
    "segment_rules",
    "segmented_table",
    "selection_profile",
    "SegmentedTable",
    "summary_table",
    "wide_table",
)
