"""Rule-based segments: conditions, one segment per customer, overlap."""

from segmentation.rules.conditions import (
    EVERYONE_ELSE,
    OPS,
    Condition,
    RuleSegment,
    evaluate_rules,
    rule_column_names,
)
from segmentation.rules.summary import (
    assign_rule_segment,
    describe_rule,
    rule_overlap,
    rule_summary,
)

__all__ = (
    "assign_rule_segment",
    "Condition",
    "describe_rule",
    "evaluate_rules",
    "EVERYONE_ELSE",
    "OPS",
    "rule_column_names",
    "rule_overlap",
    "rule_summary",
    "RuleSegment",
)
