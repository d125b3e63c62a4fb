"""What each segment is: profile, value, rules in words, names, checks."""

from segmentation.describe.explain import rule_mask, segment_rules
from segmentation.describe.naming import describe_name_basis, segment_names
from segmentation.describe.segment_profile import Profile, profile
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
    "Description",
    "messages",
    "Profile",
    "profile",
    "rule_mask",
    "segment_names",
    "segment_rules",
    "summary_table",
    "wide_table",
)
