"""What each segment is: profile, value, rules in words, names, checks.

Names load on first use, so a module of this package (the naming the messages
use, say) can be imported without the describe step, which itself uses the
messages.
"""

from __future__ import annotations

from types import MappingProxyType

from segmentation.lazy import lazy_exports

#: Where each public name lives: the module of this package defining it.
_EXPORTS = MappingProxyType(
    {
        "column_measures": "value",
        "compare_segments": "compare",
        "Comparison": "compare",
        "dominant_segment": "checks",
        "driving_column": "checks",
        "shape_warnings": "checks",
        "segment_warnings": "checks",
        "small_segments": "checks",
        "find_role_columns": "value",
        "RoleColumns": "value",
        "human_label": "segment_profile",
        "rule_mask": "explain",
        "rules_of": "explain",
        "segment_rules": "explain",
        "SegmentedTable": "inputs",
        "segmented_table": "inputs",
        "describe_name_basis": "naming",
        "segment_names": "naming",
        "outcome_sentence": "outcomes",
        "outcome_table": "outcomes",
        "Profile": "segment_profile",
        "profile": "segment_profile",
        "profile_of": "segment_profile",
        "key_features": "selection",
        "selection_profile": "selection",
        "Description": "step",
        "describe": "step",
        "messages": "step",
        "opportunities": "step",
        "table_value_ahead": "ahead",
        "summary_table": "step",
        "wide_table": "step",
    }
)

__all__ = (
    "column_measures",
    "compare_segments",
    "describe",
    "describe_name_basis",
    "key_features",
    "Description",
    "dominant_segment",
    "driving_column",
    "find_role_columns",
    "human_label",
    "messages",
    "opportunities",
    "outcome_sentence",
    "outcome_table",
    "Profile",
    "profile",
    "profile_of",
    "rule_mask",
    "Comparison",
    "RoleColumns",
    "rules_of",
    "segment_names",
    "segment_rules",
    "segmented_table",
    "selection_profile",
    "SegmentedTable",
    "segment_warnings",
    "shape_warnings",
    "small_segments",
    "summary_table",
    "table_value_ahead",
    "wide_table",
)

__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, __all__)
