"""Segmentation Studio: customer segmentation for marketing analysts.

The library behind the app and the ``segmentation`` command. It never imports
streamlit.
"""

from segmentation import samples
from segmentation.channels import channel_mix
from segmentation.cluster import ALGORITHMS, Segmenter, number_by_size
from segmentation.errors import InputError
from segmentation.explain import rule_mask, segment_rules
from segmentation.export import (
    ab_split,
    frame_csv_bytes,
    labelled_table,
    neutralise_formulas,
    to_csv_bytes,
    write_csv,
)
from segmentation.io import DEFAULT_MAX_BYTES, TableInfo, read_table, table_info
from segmentation.log_columns import suggest_transaction_columns
from segmentation.messaging import suggest_messages
from segmentation.metrics import segment_stability, sweep
from segmentation.model import SegmentationModel
from segmentation.naming import describe_name_basis, segment_names
from segmentation.profile import Profile, profile
from segmentation.quality import Finding, QualityReport, quality_report
from segmentation.recipe import Feature, Preprocessing, Recipe, TransactionMapping
from segmentation.recommend import recommend_k
from segmentation.rfm import (
    BEHAVIOUR_COLUMNS,
    BehaviourReport,
    behaviour_report,
    behaviour_sentences,
    customer_behaviour,
)
from segmentation.rfm_grid import (
    DEFAULT_RFM_RULES,
    RFMRule,
    rfm_scores,
    rfm_segments,
)
from segmentation.rule_report import (
    assign_rule_segment,
    describe_rule,
    rule_overlap,
    rule_summary,
)
from segmentation.rules import Condition, RuleSegment, evaluate_rules
from segmentation.schema import FAMILIES, ROLES, ColumnSchema, Schema, infer_schema

__all__ = (
    "ab_split",
    "frame_csv_bytes",
    "labelled_table",
    "neutralise_formulas",
    "to_csv_bytes",
    "write_csv",
    "ALGORITHMS",
    "SegmentationModel",
    "Segmenter",
    "number_by_size",
    "Profile",
    "describe_name_basis",
    "profile",
    "segment_names",
    "channel_mix",
    "suggest_messages",
    "recommend_k",
    "segment_stability",
    "segment_rules",
    "rule_mask",
    "sweep",
    "BEHAVIOUR_COLUMNS",
    "BehaviourReport",
    "DEFAULT_RFM_RULES",
    "RFMRule",
    "behaviour_report",
    "behaviour_sentences",
    "customer_behaviour",
    "rfm_scores",
    "rfm_segments",
    "suggest_transaction_columns",
    "Condition",
    "Feature",
    "Preprocessing",
    "Recipe",
    "RuleSegment",
    "TransactionMapping",
    "assign_rule_segment",
    "describe_rule",
    "evaluate_rules",
    "rule_overlap",
    "rule_summary",
    "DEFAULT_MAX_BYTES",
    "FAMILIES",
    "ROLES",
    "ColumnSchema",
    "Finding",
    "InputError",
    "QualityReport",
    "Schema",
    "TableInfo",
    "infer_schema",
    "quality_report",
    "read_table",
    "samples",
    "table_info",
)
__version__ = "0.1.0"
